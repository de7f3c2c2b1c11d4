#!/usr/bin/env node
// Why the orientation map (`orientationAgreementWeight`) loses genuine pairs (issue 12, mapfit):
// DB2 clean and the second phalanx. Every image of the four FVC2002 B sets is extracted with the
// shipped parameters (clean, or perturbed with the seeds paired-matching-option.mjs uses), every
// unordered pair scored by the shipped matcher with the map (compareTemplatesDetailed) and without
// its factor (the same prepared templates, weight 0). For each set, the genuine pairs the factor
// pushes below the FMR 0.1 % / 1 % thresholds (accepted without it at that FMR, rejected with it,
// each arm's threshold from its own impostors) are listed with their agreement g, their common
// cells, and where the disagreeing cells lie: distance to the nearest paired minutia, depth in the
// print (cells to the nearest cell without print, in either map), and, for the phalanx, whether the
// probe cell or its landing cell lies in the added rows (the crease and the second phalanx).
// The same cell statistics for all genuine and all impostor pairs give the baseline. Then post hoc
// variants of g (the factor recomputed here, nothing in the matcher changes): cells within R px of
// a paired minutia, Gaussian weights exp(−d²/2R²), a trimmed mean, the field free to turn by up to
// θ, cells of depth ≥ 2 only, the pairs' affine fit instead of the rigid one, and (phalanx) the
// oracle without the added rows; their mean EER and FNMR at FMR 0.1 % over the four sets.
//
//   node bench/matching/map-genuine-losses.mjs DATA_DIR [clean|KIND] [SEED] [--list N] [--with JSON]
//
// Figures in bench/RESULTS.md ("Why the orientation map costs the second phalanx and DB2 … (mapfit)").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplatesDetailed, computeErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const at = args.indexOf('--list');
const listN = at >= 0 ? Number(args.splice(at, 2)[1]) : 12;
// --with JSON: matching parameters changed in the arm with the map (e.g. '{"orientationAgreementLocal":64}',
// maplocal); the cells and the post hoc variants stay the rigid fit's, so the factor check then reports
// the option's departure from the rigid factor, not an error
const wi = args.indexOf('--with');
const withChange = wi >= 0 ? JSON.parse(args.splice(wi, 2)[1]) : {};
const [dataDir, kind = 'clean', seedText = '1'] = args;
if (!dataDir) {
  process.stderr.write('usage: map-genuine-losses.mjs DATA_DIR [clean|KIND] [SEED] [--list N]\n');
  process.exit(2);
}
const seed = Number(seedText);
const W = MATCHING_PARAMETERS.orientationAgreementWeight;
if (!(W > 0)) throw new Error('the shipped orientationAgreementWeight is 0: nothing to diagnose');
const on = { ...MATCHING_PARAMETERS, ...withChange }, off = { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 };
const D = `${dataDir}/fvc2002`;
const names = ['DB1', 'DB2', 'DB3', 'DB4'];
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

/** Chebyshev distance in cells from each cell with print to the nearest cell without (outside counts as without). */
function depthOf(map) {
  const { columns: w, rows: h, codes } = map;
  const depth = new Int16Array(w * h);
  for (let i = 0; i < w * h; i++) depth[i] = codes[i] === 0 ? 0 : 1000;
  // two chamfer passes with the 8-neighbourhood; the frame outside the map is depth 0
  const get = (x, y) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : depth[y * w + x]);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const i = y * w + x;
    if (depth[i] === 0) continue;
    depth[i] = Math.min(depth[i], get(x - 1, y) + 1, get(x - 1, y - 1) + 1, get(x, y - 1) + 1, get(x + 1, y - 1) + 1);
  }
  for (let y = h - 1; y >= 0; y--) for (let x = w - 1; x >= 0; x--) {
    const i = y * w + x;
    if (depth[i] === 0) continue;
    depth[i] = Math.min(depth[i], get(x + 1, y) + 1, get(x + 1, y + 1) + 1, get(x, y + 1) + 1, get(x - 1, y + 1) + 1);
  }
  return depth;
}

/**
 * The agreement's cells, as compare-orientation-maps.ts computes them (the same fit and landing),
 * with each cell's cos 2Δ, distance to the nearest paired probe minutia (prepared px), depth (min
 * of both maps), and whether the probe cell / its landing lies below the original image (phalanx).
 */
function cellsOf(P, C, pairs, hp, hc) {
  const inv = (T) => { const m = new Map(); for (let k = 0; k < T.count; k++) m.set(T.sourceIndex[k], k); return m; };
  const ip = inv(P), ic = inv(C);
  const pp = pairs.map((q) => [ip.get(q.probe), ic.get(q.candidate)]);
  const n = pp.length;
  if (n < 3) return null;
  let ax = 0, ay = 0, bx = 0, by = 0;
  for (const [p, c] of pp) { ax += P.x[p]; ay += P.y[p]; bx += C.x[c]; by += C.y[c]; }
  ax /= n; ay /= n; bx /= n; by /= n;
  let dot = 0, cross = 0;
  for (const [p, c] of pp) {
    const ux = P.x[p] - ax, uy = P.y[p] - ay, vx = C.x[c] - bx, vy = C.y[c] - by;
    dot += ux * vx + uy * vy; cross += ux * vy - uy * vx;
  }
  const rot = Math.atan2(cross, dot), cr = Math.cos(rot), sr = Math.sin(rot), c2r = Math.cos(2 * rot), s2r = Math.sin(2 * rot);
  const PO = P.orientation, CO = C.orientation;
  const { map, scale } = CO, side = map.cell / scale;
  const dp = PO.depth ?? (PO.depth = depthOf(PO.map)), dc = CO.depth ?? (CO.depth = depthOf(map));
  const out = [];
  for (let k = 0; k < PO.cells.length; k++) {
    const px = PO.centres[2 * k], py = PO.centres[2 * k + 1];
    const x = px - ax, y = py - ay;
    const lx = bx + cr * x - sr * y, ly = by + sr * x + cr * y;
    const u = Math.floor(lx / side), v = Math.floor(ly / side);
    if (u < 0 || v < 0 || u >= map.columns || v >= map.rows) continue;
    const j = v * map.columns + u;
    if (map.codes[j] === 0) continue;
    const i = PO.cells[k];
    const pc = PO.cos2[i] * c2r + PO.sin2[i] * s2r, ps = PO.sin2[i] * c2r - PO.cos2[i] * s2r;
    const cos = pc * CO.cos2[j] + ps * CO.sin2[j], sin = ps * CO.cos2[j] - pc * CO.sin2[j];
    let d = Infinity;
    for (const [p] of pp) d = Math.min(d, Math.hypot(P.x[p] - px, P.y[p] - py));
    out.push({ cos, sin, d, depth: Math.min(dp[i], dc[j]), below: (py > hp ? 1 : 0) + (ly > hc ? 2 : 0) });
  }
  // the same cells under the pairs' least-squares affine fit (shear and scale allowed): landing and
  // ridge direction carried by the fit's linear part A (a tangent t goes to A·t; the normal would go
  // to A⁻ᵀ·n, which stays perpendicular to A·t, so the two readings are the same)
  let suu = 0, suv = 0, svv = 0, sxu = 0, sxv = 0, syu = 0, syv = 0;
  for (const [p, c] of pp) {
    const u = P.x[p] - ax, v = P.y[p] - ay, X = C.x[c] - bx, Y = C.y[c] - by;
    suu += u * u; suv += u * v; svv += v * v; sxu += X * u; sxv += X * v; syu += Y * u; syv += Y * v;
  }
  const det = suu * svv - suv * suv;
  out.affine = [];
  if (Math.abs(det) > 1e-6) {
    const a11 = (sxu * svv - sxv * suv) / det, a12 = (sxv * suu - sxu * suv) / det;
    const a21 = (syu * svv - syv * suv) / det, a22 = (syv * suu - syu * suv) / det;
    for (let k = 0; k < PO.cells.length; k++) {
      const x = PO.centres[2 * k] - ax, y = PO.centres[2 * k + 1] - ay;
      const u = Math.floor((bx + a11 * x + a12 * y) / side), v = Math.floor((by + a21 * x + a22 * y) / side);
      if (u < 0 || v < 0 || u >= map.columns || v >= map.rows) continue;
      const j = v * map.columns + u;
      if (map.codes[j] === 0) continue;
      const i = PO.cells[k];
      // Template convention ψ (counter-clockwise on screen): the image-space vector (cos ψ, −sin ψ)
      const psi = Math.atan2(PO.sin2[i], PO.cos2[i]) / 2, psiC = Math.atan2(CO.sin2[j], CO.cos2[j]) / 2;
      const tx = Math.cos(psi), ty = -Math.sin(psi);
      const psiA = -Math.atan2(a21 * tx + a22 * ty, a11 * tx + a12 * ty);
      out.affine.push({ cos: Math.cos(2 * (psiA - psiC)) });
    }
  }
  return out;
}

const agreementOf = (cells) => (cells && cells.length >= 16 ? 0.5 + 0.5 * cells.reduce((a, c) => a + c.cos, 0) / cells.length : NaN);
const VARIANTS = {
  shipped: (cells) => agreementOf(cells),
  'R 64': (cells) => agreementOf(cells && cells.filter((c) => c.d <= 64)),
  'R 96': (cells) => agreementOf(cells && cells.filter((c) => c.d <= 96)),
  'R 128': (cells) => agreementOf(cells && cells.filter((c) => c.d <= 128)),
  'R 160': (cells) => agreementOf(cells && cells.filter((c) => c.d <= 160)),
  'gauss 48': (cells) => gauss(cells, 48),
  'gauss 64': (cells) => gauss(cells, 64),
  'gauss 80': (cells) => gauss(cells, 80),
  'gauss 96': (cells) => gauss(cells, 96),
  'gauss 128': (cells) => gauss(cells, 128),
  'trim 10 %': (cells) => trimmed(cells, 0.1),
  'trim 20 %': (cells) => trimmed(cells, 0.2),
  'trim 30 %': (cells) => trimmed(cells, 0.3),
  'turn ≤ 6°': (cells) => turned(cells, 6),
  'turn ≤ 10°': (cells) => turned(cells, 10),
  'turn ≤ 15°': (cells) => turned(cells, 15),
  'depth ≥ 2': (cells) => agreementOf(cells && cells.filter((c) => c.depth >= 2)),
  affine: (cells) => agreementOf(cells && cells.affine),
  'not below (oracle)': (cells) => agreementOf(cells && cells.filter((c) => c.below === 0)),
};
function gauss(cells, R) {
  if (!cells || cells.length < 16) return NaN;
  let s = 0, w = 0;
  for (const c of cells) { const k = Math.exp(-(c.d * c.d) / (2 * R * R)); s += k * c.cos; w += k; }
  return 0.5 + 0.5 * s / w;
}
/** The field may turn against the minutiae's fit by up to `deg`: ½ + ½ · max over |δ| ≤ deg of mean cos(2Δ − 2δ). */
function turned(cells, deg) {
  if (!cells || cells.length < 16) return NaN;
  let c = 0, s = 0;
  for (const x of cells) { c += x.cos; s += x.sin; }
  c /= cells.length; s /= cells.length;
  const r = Math.hypot(c, s), off = Math.max(0, Math.abs(Math.atan2(s, c)) - (2 * deg * Math.PI) / 180);
  return 0.5 + 0.5 * r * Math.cos(off);
}
function trimmed(cells, share) {
  if (!cells || cells.length < 16) return NaN;
  const v = cells.map((c) => c.cos).sort((a, b) => a - b);
  const drop = Math.floor(share * v.length);
  let s = 0;
  for (let k = drop; k < v.length; k++) s += v[k];
  return 0.5 + 0.5 * s / (v.length - drop);
}
const factor = (g) => Math.exp(-W * (1 - (Number.isNaN(g) ? 0.5 : g)));
/** The genuine score must exceed this to be accepted at FMR ≤ maxFmr (computeErrorRates' rule). */
function threshold(impostor, maxFmr) {
  const s = Float64Array.from(impostor).sort().reverse();
  const k = Math.floor(maxFmr * s.length + 1e-9);
  return k < s.length ? s[k] : -Infinity;
}

const pct = (v) => (100 * v).toFixed(2);
const transform = (k) => (kind === 'clean' ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image });
const variantEer = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, []]));
const report = { kind, seed: kind === 'clean' ? null : seed, weight: W, with: withChange, sets: {} };
const DIST_BINS = [0, 32, 64, 96, 128, 160, 224, Infinity];
for (let k = 0; k < sets.length; k++) {
  const set = sets[k];
  const templates = extractEvalSet(set, { parameters: EXTRACTION_PARAMETERS, ...transform(k) }).templates;
  const prepared = templates.map((t) => (t ? prepareTemplate(t, on) : null));
  const heights = set.items.map((item) => (item && 'image' in item ? item.image.height : Infinity));
  const rows = [];
  for (let a = 0; a < prepared.length; a++) {
    if (!prepared[a]) continue;
    for (let b = a + 1; b < prepared.length; b++) {
      const row = { a, b, genuine: set.fingers[a] === set.fingers[b], raw: 0, score: 0, cells: null };
      rows.push(row);
      if (!prepared[b]) continue;
      const P = prepared[a], C = prepared[b];
      const detail = compareTemplatesDetailed(P, C, on);
      row.score = detail.score;
      if (detail.score > 0) {
        row.raw = compareTemplatesDetailed(P, C, off).score;
        if (P.orientation && C.orientation) {
          // the original image's height in prepared pixels (phalanx: the rows below are added)
          row.cells = cellsOf(P, C, detail.pairs, heights[a] / P.orientation.scale, heights[b] / C.orientation.scale);
        }
      }
    }
  }
  // check: the cells reproduce the matcher's factor
  let worst = 0;
  for (const r of rows) if (r.raw > 0 && r.cells !== undefined) worst = Math.max(worst, Math.abs(r.raw * factor(agreementOf(r.cells)) - r.score) / r.raw);
  const gen = rows.filter((r) => r.genuine), imp = rows.filter((r) => !r.genuine);
  const out = { genuine: gen.length, impostor: imp.length, worstRelativeFactorMismatch: worst.toExponential(2), atFmr: {} };
  for (const maxFmr of [0.001, 0.01]) {
    const tOff = threshold(imp.map((r) => r.raw), maxFmr), tOn = threshold(imp.map((r) => r.score), maxFmr);
    const lost = gen.filter((r) => r.raw > tOff && !(r.score > tOn));
    const won = gen.filter((r) => !(r.raw > tOff) && r.score > tOn);
    const rejectedOff = gen.filter((r) => !(r.raw > tOff)).length, rejectedOn = gen.filter((r) => !(r.score > tOn)).length;
    out.atFmr[maxFmr] = {
      thresholdOff: +tOff.toFixed(2), thresholdOn: +tOn.toFixed(2),
      fnmrOff: pct(rejectedOff / gen.length), fnmrOn: pct(rejectedOn / gen.length), lost: lost.length, won: won.length,
      // how far the threshold moved against the scores' own fall: ratio of thresholds vs each lost pair's factor
      thresholdRatio: +(tOn / tOff).toFixed(3),
      lostPairs: lost.sort((x, y) => x.score / x.raw - y.score / y.raw).slice(0, listN).map((r) => describeRow(r, set, tOn)),
    };
  }
  out.cellsByDistance = binTable(gen, imp, (c) => binOf(c.d, DIST_BINS), DIST_BINS.slice(0, -1).map((v, i) => `${v}–${DIST_BINS[i + 1]}`));
  out.cellsByDepth = binTable(gen, imp, (c) => Math.min(c.depth, 4) - 1, ['1', '2', '3', '≥ 4']);
  if (kind === 'phalanx') out.cellsByPlace = binTable(gen, imp, (c) => c.below, ['both above', 'probe below', 'landing below', 'both below']);
  // the lost pairs' cells against all genuine cells
  const lost1000 = out.atFmr[0.001].lostPairs.length;
  out.lostCellsByDistance = lost1000 ? binTable(gen.filter((r) => r.raw > threshold(imp.map((x) => x.raw), 0.001) && !(r.score > threshold(imp.map((x) => x.score), 0.001))), [], (c) => binOf(c.d, DIST_BINS), DIST_BINS.slice(0, -1).map((v, i) => `${v}–${DIST_BINS[i + 1]}`)) : null;
  // post hoc variants
  out.variants = {};
  for (const [name, fn] of Object.entries(VARIANTS)) {
    const s = (r) => (r.raw > 0 && r.cells !== undefined ? r.raw * factor(fn(r.cells)) : r.score);
    const e = computeErrorRates(gen.map(s), imp.map(s));
    const gg = gen.filter((r) => r.cells).map((r) => fn(r.cells)), gi = imp.filter((r) => r.cells && r.raw > threshold(imp.map((x) => x.raw), 0.01)).map((r) => fn(r.cells));
    out.variants[name] = `${pct(e.eer)} / ${pct(e.fmr1000)} / ${pct(e.fmr100)}; g gen median ${median(gg)}, nan ${gg.filter(Number.isNaN).length}; imp ≥ t1% median ${median(gi)}`;
    variantEer[name].push([e.eer, e.fmr1000]);
  }
  const e0 = computeErrorRates(gen.map((r) => r.raw), imp.map((r) => r.raw));
  out.withoutFactor = `${pct(e0.eer)} / ${pct(e0.fmr1000)} / ${pct(e0.fmr100)}`;
  variantEer['no factor'] = [...(variantEer['no factor'] ?? []), [e0.eer, e0.fmr1000]];
  report.sets[names[k]] = out;
}
report.meanOverSets = Object.fromEntries(Object.entries(variantEer).map(([n, v]) => [n, `EER ${pct(v.reduce((a, x) => a + x[0], 0) / v.length)} %, FNMR@0.1 % ${pct(v.reduce((a, x) => a + x[1], 0) / v.length)} % (${v.map((x) => pct(x[0]) + '/' + pct(x[1])).join(' ')})`]));
process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);

function median(v) {
  const s = v.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? +s[Math.floor(s.length / 2)].toFixed(3) : null;
}
function mean(v) { return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN; }
function binOf(v, bins) {
  for (let i = 0; i < bins.length - 1; i++) if (v < bins[i + 1]) return i;
  return bins.length - 2;
}
/** Per bin: share of all cells, mean cos 2Δ and share of cells with cos 2Δ < 0 (|Δ| > 45°), genuine and impostor. */
function binTable(gen, imp, bin, labels) {
  const acc = (rows) => {
    const n = labels.map(() => 0), sum = labels.map(() => 0), bad = labels.map(() => 0);
    let total = 0;
    for (const r of rows) for (const c of r.cells ?? []) {
      const b = bin(c);
      n[b]++; sum[b] += c.cos; bad[b] += c.cos < 0 ? 1 : 0; total++;
    }
    return labels.map((l, b) => `${l}: ${total ? pct(n[b] / total) : '-'} % of cells, mean cos ${n[b] ? (sum[b] / n[b]).toFixed(3) : '-'}, ${n[b] ? pct(bad[b] / n[b]) : '-'} % > 45°`);
  };
  return { genuine: acc(gen), impostor: imp.length ? acc(imp) : undefined };
}
function describeRow(r, set, tOn) {
  const cells = r.cells ?? [];
  const bad = cells.filter((c) => c.cos < 0);
  const med = (v) => (v.length ? +v.sort((x, y) => x - y)[Math.floor(v.length / 2)].toFixed(0) : null);
  return {
    pair: `${set.names?.[r.a] ?? r.a} × ${set.names?.[r.b] ?? r.b}`,
    raw: +r.raw.toFixed(2), withMap: +r.score.toFixed(2), needed: +tOn.toFixed(2), g: +agreementOf(cells).toFixed(3), cells: cells.length,
    disagreeing: bad.length, resultant: +Math.hypot(mean(cells.map((c) => c.cos)), mean(cells.map((c) => c.sin))).toFixed(3),
    meanTurnDeg: +((Math.atan2(mean(cells.map((c) => c.sin)), mean(cells.map((c) => c.cos))) * 90) / Math.PI).toFixed(1),
    cosNear: +mean(cells.filter((c) => c.d < 32).map((c) => c.cos)).toFixed(3), cosFar: +mean(cells.filter((c) => c.d >= 64).map((c) => c.cos)).toFixed(3), medianDistAll: med(cells.map((c) => c.d)), medianDistDisagreeing: med(bad.map((c) => c.d)),
    disagreeingDepth1: bad.filter((c) => c.depth <= 1).length, disagreeingBelow: bad.filter((c) => c.below !== 0).length,
    gVariants: Object.fromEntries(Object.entries(VARIANTS).slice(1).map(([n, fn]) => [n, +fn(cells).toFixed(3)])),
  };
}
