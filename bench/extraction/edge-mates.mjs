#!/usr/bin/env node
// How stable are minutiae near their own print's edge on CLEAN re-impressions (issue 12, edge)?
// Every FVC2002 B image extracted (shipped parameters, or the JSON given), each kept minutia's
// distance d to its own mask's background or the image side (the minutia filter's measure,
// distanceToBackground, up to 64 px). For every genuine pair, both ways: the shipped matcher's
// best pairing gives a rigid least-squares fit (≥ 4 pairs); each minutia of the first print is
// moved into the second and counted as *visible* there when it lands inside the second's mask at
// least `borderDistance` from its edge (where the second print could show a minutia). Of the
// visible ones: the share with a *mate* (a minutia of the second print within 12 px and 30° of
// it after the fit) and the share *paired* by the best pairing. By d band. Then the impostor
// side (every `--impostor-step`th impostor pair): which bands the paired minutiae of an impostor's
// best pairing come from, against those of the genuine pairings (the ratio is how much more an
// impostor pairing leans on the band), and the extraction's quality per band.
//
//   node bench/extraction/edge-mates.mjs DATA_DIR ['{"PARAM":VALUE}'] [--impostor-step K]
//
// Figures in bench/RESULTS.md ("Minutiae at the print's edge").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
import { distanceToBackground } from '../../dist/extraction/segment-foreground.js';
import { compareTemplatesDetailed, prepareTemplate } from '../../dist/matching/index.js';

const args = process.argv.slice(2);
const stepAt = args.indexOf('--impostor-step');
const impostorStep = stepAt >= 0 ? Number(args.splice(stepAt, 2)[1]) : 9;
const [dataDir, changes = '{}'] = args;
if (!dataDir) {
  process.stderr.write("usage: edge-mates.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [--impostor-step K]\n");
  process.exit(2);
}
const params = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const BANDS = [8, 12, 16, 24, 32, 48, 64];
const bandOf = (d) => { let b = 0; while (b + 1 < BANDS.length && d >= BANDS[b + 1]) b++; return b; };
const label = (b) => (b + 1 < BANDS.length ? `${BANDS[b]}–${BANDS[b + 1]}` : `≥ ${BANDS[b]}`);
const nb = BANDS.length;
const zero = () => new Float64Array(nb);
const tot = { minutiae: zero(), visible: zero(), mated: zero(), paired: zero(), genuinePaired: zero(), impostorPaired: zero(), quality: BANDS.map(() => []) };
// the visible minutiae again by quality class (the extraction's quality already holds a border
// factor and the clarity and coherence that fall at the edge): does d say more than quality?
const QCLASS = [0, 30, 50, 70];
const qclassOf = (q) => { let c = 0; while (c + 1 < QCLASS.length && q >= QCLASS[c + 1]) c++; return c; };
const byQ = QCLASS.map(() => ({ visible: zero(), mated: zero() }));
// and by the distance to the print's own minutiae hull (all a matcher knows of the edge)
const byHull = { visible: zero(), mated: zero() };
const perSet = [];

for (const set of sets) {
  const prints = set.items.map((item) => {
    if (!item || !('image' in item)) return null;
    try {
      const analysis = analyzeFingerprint(item.image, params, NO_DEBUG);
      const t = extractFromAnalysis(item.image, analysis, params, NO_DEBUG);
      const { width, height } = analysis;
      const mask = analysis.mask.pixels;
      const d = t.minutiae.map((m) => distanceToBackground(mask, width, height, m.x, m.y, 64));
      return { t, mask, width, height, d, h: hullDistances(t.minutiae), P: prepareTemplate(t, MATCHING_PARAMETERS) };
    } catch {
      return null;
    }
  });
  const s = { minutiae: zero(), visible: zero(), mated: zero(), paired: zero() };
  for (const p of prints) if (p) p.d.forEach((d, i) => { const b = bandOf(d); s.minutiae[b]++; tot.minutiae[b]++; tot.quality[b].push(p.t.minutiae[i].quality); });
  let impostorIndex = 0;
  for (let a = 0; a < prints.length; a++) for (let b = a + 1; b < prints.length; b++) {
    const A = prints[a], B = prints[b];
    if (!A || !B) continue;
    const genuine = set.fingers[a] === set.fingers[b];
    if (!genuine && impostorIndex++ % impostorStep !== 0) continue;
    const { pairs } = compareTemplatesDetailed(A.P, B.P, MATCHING_PARAMETERS);
    const into = genuine ? tot.genuinePaired : tot.impostorPaired;
    for (const q of pairs) {
      into[bandOf(A.d[A.P.sourceIndex[q.probe]])]++;
      into[bandOf(B.d[B.P.sourceIndex[q.candidate]])]++;
    }
    if (!genuine || pairs.length < 4) continue;
    const ia = pairs.map((q) => A.P.sourceIndex[q.probe]), ib = pairs.map((q) => B.P.sourceIndex[q.candidate]);
    countMates(A, B, ia, ib, s);
    countMates(B, A, ib, ia, s);
  }
  for (const k of ['visible', 'mated', 'paired']) for (let b = 0; b < nb; b++) tot[k][b] += s[k][b];
  perSet.push({ set: set.label.replace(/.*\//, ''), ...s });
}

/** Minutiae of X moved into Y by the rigid fit of the paired (ix[k] ↔ iy[k]), counted by X's own band. */
function countMates(X, Y, ix, iy, s) {
  const fit = rigidFit(ix.map((i) => X.t.minutiae[i]), iy.map((i) => Y.t.minutiae[i]));
  const pairedX = new Set(ix);
  X.t.minutiae.forEach((m, i) => {
    const x = fit.cos * m.x - fit.sin * m.y + fit.tx, y = fit.sin * m.x + fit.cos * m.y + fit.ty;
    const xi = Math.round(x), yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= Y.width || yi >= Y.height || !Y.mask[yi * Y.width + xi]) return;
    if (distanceToBackground(Y.mask, Y.width, Y.height, xi, yi, 64) < params.borderDistance) return;
    const b = bandOf(X.d[i]);
    s.visible[b]++;
    if (pairedX.has(i)) s.paired[b]++;
    const qc = byQ[qclassOf(m.quality)], hb = bandOf(X.h[i] + 8);
    qc.visible[b]++;
    byHull.visible[hb]++;
    // template angles are counter-clockwise on screen (y down): a turn by θ in image coordinates
    // turns them by −θ
    const angle = m.angle - fit.theta;
    if (Y.t.minutiae.some((n) => (n.x - x) ** 2 + (n.y - y) ** 2 <= 144 && Math.abs(Math.atan2(Math.sin(n.angle - angle), Math.cos(n.angle - angle))) <= Math.PI / 6)) { s.mated[b]++; qc.mated[b]++; byHull.mated[hb]++; }
  });
}

/** Each point's distance (px) inside the convex hull of all the points (0 on it). */
function hullDistances(ms) {
  const pts = ms.map((m) => [m.x, m.y]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return ms.map(() => 0);
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = [], upper = [];
  for (const p of pts) { while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop(); lower.push(p); }
  for (const p of [...pts].reverse()) { while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop(); upper.push(p); }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  return ms.map((m) => {
    let best = Infinity;
    for (let k = 0; k < hull.length; k++) {
      const a = hull[k], b = hull[(k + 1) % hull.length];
      const ex = b[0] - a[0], ey = b[1] - a[1], len = Math.hypot(ex, ey) || 1;
      best = Math.min(best, Math.abs(((m.x - a[0]) * ey - (m.y - a[1]) * ex) / len));
    }
    return best;
  });
}

/** Least-squares rotation and translation taking points a onto b (image coordinates). */
function rigidFit(a, b) {
  const n = a.length;
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (let k = 0; k < n; k++) { ax += a[k].x; ay += a[k].y; bx += b[k].x; by += b[k].y; }
  ax /= n; ay /= n; bx /= n; by /= n;
  let sxx = 0, sxy = 0;
  for (let k = 0; k < n; k++) {
    const px = a[k].x - ax, py = a[k].y - ay, qx = b[k].x - bx, qy = b[k].y - by;
    sxx += px * qx + py * qy;
    sxy += px * qy - py * qx;
  }
  const theta = Math.atan2(sxy, sxx), cos = Math.cos(theta), sin = Math.sin(theta);
  return { theta, cos, sin, tx: bx - (cos * ax - sin * ay), ty: by - (sin * ax + cos * ay) };
}

const pct = (x, n) => (n > 0 ? ((100 * x) / n).toFixed(1) : '–');
const sum = (v) => v.reduce((x, y) => x + y, 0);
const median = (v) => { const s = [...v].sort((x, y) => x - y); return s.length ? s[s.length >> 1] : NaN; };
const gAll = sum(tot.genuinePaired), iAll = sum(tot.impostorPaired), mAll = sum(tot.minutiae);
console.log(`extraction ${changes}; impostor pairs every ${impostorStep}th`);
console.log('| d to own edge, px | minutiae (share) | median quality | visible in the mate | with a mate (12 px, 30°) | paired by the best pairing | share of genuine pairings\' minutiae | share of impostor pairings\' minutiae | impostor / genuine |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (let b = 0; b < nb; b++) {
  const g = tot.genuinePaired[b] / gAll, i = tot.impostorPaired[b] / iAll;
  console.log(`| ${label(b)} | ${tot.minutiae[b]} (${pct(tot.minutiae[b], mAll)} %) | ${median(tot.quality[b])} | ${tot.visible[b]} | ${pct(tot.mated[b], tot.visible[b])} % | ${pct(tot.paired[b], tot.visible[b])} % | ${pct(g, 1)} % | ${pct(i, 1)} % | ${(i / g).toFixed(2)} |`);
}
console.log('\nwith a mate (of visible) by d band and quality class:');
console.log(`| quality | ${BANDS.map((_, b) => label(b)).join(' | ')} |`);
QCLASS.forEach((q, c) => console.log(`| ${c + 1 < QCLASS.length ? `${q}–${QCLASS[c + 1]}` : `≥ ${q}`} | ${BANDS.map((_, b) => `${pct(byQ[c].mated[b], byQ[c].visible[b])} % (${byQ[c].visible[b]})`).join(' | ')} |`));
console.log('\nwith a mate (of visible) by distance to the own minutiae hull (px; the bands shifted by 8: 0–4, 4–8, 8–16, …):');
console.log(BANDS.map((_, b) => `${label(b)} − 8: ${pct(byHull.mated[b], byHull.visible[b])} % (${byHull.visible[b]})`).join('; '));
console.log('\nper set, with a mate / paired (of visible), by band:');
for (const s of perSet) console.log(`${s.set}: ${BANDS.map((_, b) => `${label(b)} ${pct(s.mated[b], s.visible[b])}/${pct(s.paired[b], s.visible[b])}`).join('; ')}`);
