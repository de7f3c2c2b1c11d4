// Individuality of synthetic fingers against real ones (issue 11 follow-up: "different synthetic
// fingers are too alike"), measured WITHOUT our matcher: properties of the image and of its
// orientation field that say how alike two different fingers are, the same code on both sides.
//
// Per image (our extraction's block orientation field and mask, 8-px blocks averaged to 16 px):
// - singular points by the Poincaré index of the smoothed field on interior foreground blocks:
//   the share of prints with 0, 1, 2+ cores and 1+ deltas (a class proxy), the core's place
//   relative to the foreground's centroid, and the core–delta distance;
// - minutiae per cm², share of bifurcations, distance of each minutia to its nearest neighbour.
// Per pair of fingers: the orientation-field distance after the best rigid alignment (rotation
// ±30°, translation ±128 px around the centroids; mean |Δθ| in degrees over the overlapping
// blocks, overlap at least 80 blocks of 16 px): low when two fingers have the same flow.
// Different fingers (first impressions) and same fingers (impressions 1 and 2) for scale.
//
// Real: FVC2002 DB1_B, DB2_B (569 ppi), DB3_B, impressions 1–2 of all 30 fingers. SFinGe: DB4_B.
// Synthetic: `synthesizeSubject(seed, s, { impressions: 2, style })`, seeds 101–103 × 10 persons.
// `npm run build && node bench/synthetic/individuality.mjs [--style mixed] [--seeds 101,102,103] [--reference OLD.json] [--out FILE] [--json]`
// AFIS_DIST=DIR runs another build's compiled code (e.g. a copy of dist/ made before a change).
// --master JSON: generator settings of the master prints over the defaults (as `afis synth
// --master`); --contact W,H: the plain contact's semi-axes (synthesizeSubject's plainContact).
// (--reference: real and DB4 figures from an earlier output, which the generator does not change)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ks, summary } from './distributions.mjs';
import { fieldAlignment } from './field-distance.mjs';
import { B, coarseField, singularPoints } from './singular-points.mjs';

const dist = process.env.AFIS_DIST ? pathToFileURL(process.env.AFIS_DIST.replace(/\/?$/, '/')).href : new URL('../../dist/', import.meta.url).href;
const { decodeCapture } = await import(`${dist}capture/index.js`);
const { NO_DEBUG } = await import(`${dist}core/index.js`);
const { EXTRACTION_PARAMETERS } = await import(`${dist}config/parameters.js`);
const { analyzeFingerprint, extractFromAnalysis } = await import(`${dist}extraction/index.js`);
const { synthesizeSubject } = await import(`${dist}synthetic/index.js`);

const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const PX_PER_CM2 = (500 / 2.54) ** 2;
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const style = arg('--style', 'mixed');
const seeds = arg('--seeds', '101,102,103').split(',').map(Number);
const master = arg('--master') ? JSON.parse(arg('--master')) : undefined;
const contact = arg('--contact') ? arg('--contact').split(',').map(Number) : undefined;

function measure(image, set, finger, impression, cls) {
  const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
  const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG);
  const f = coarseField(a);
  let cx = 0, cy = 0, n = 0;
  for (let r = 0; r < f.rows; r++) for (let q = 0; q < f.cols; q++) if (f.m[r * f.cols + q]) { cx += (q + 0.5) * B; cy += (r + 0.5) * B; n++; }
  let area = 0;
  for (const v of a.mask.pixels) area += v;
  const ms = t.minutiae;
  const g = a.orientation.grid;
  const flowAt = (m) => a.orientation.angle[Math.min(g.rows - 1, Math.floor(m.y / g.blockSize)) * g.cols + Math.min(g.cols - 1, Math.floor(m.x / g.blockSize))];
  // directions in image coordinates (a template's angle is counter-clockwise as seen on screen)
  const mi = ms.map((m) => ({ x: m.x, y: m.y, angle: -m.angle }));
  const nn = [];
  for (let i = 0; i < ms.length; i++) {
    let best = Infinity;
    for (let j = 0; j < ms.length; j++) if (j !== i) best = Math.min(best, Math.hypot(ms[i].x - ms[j].x, ms[i].y - ms[j].y));
    if (Number.isFinite(best)) nn.push(best);
  }
  return {
    set, finger, impression, cls, field: f, cx: cx / Math.max(1, n), cy: cy / Math.max(1, n), blocks: n,
    sing: singularPoints(f), minutiaePerCm2: ms.length / Math.max(0.05, area / PX_PER_CM2),
    bifurcationShare: ms.filter((m) => m.type === 'bifurcation').length / Math.max(1, ms.length), nn,
    ms: mi,
    flowDeviation: mi.map((m) => { const d = Math.abs(wrapPi(m.angle - flowAt(m))) % Math.PI; return ((Math.min(d, Math.PI - d)) * 180) / Math.PI; }),
    pairs: pairHistogram(mi), gr: pairCorrelation(mi, a.mask, image.width, image.height),
  };
}

/** Angle wrapped to (−π, π]. */
function wrapPi(v) { let d = v % (2 * Math.PI); if (d > Math.PI) d -= 2 * Math.PI; if (d <= -Math.PI) d += 2 * Math.PI; return d; }

// Minutia-pair geometry (what a local-structure comparison looks at, without our matcher): every
// ordered pair i → j at distance PAIR_D0 ≤ d < PAIR_D1 binned by d (PAIR_DB px), the bearing of
// j seen from i relative to i's direction and relative to j's direction (PAIR_AB bins each).
const PAIR_D0 = 20, PAIR_D1 = 120, PAIR_DB = 10, PAIR_AB = 24;
const PAIR_BINS = ((PAIR_D1 - PAIR_D0) / PAIR_DB) * PAIR_AB * PAIR_AB;
function pairHistogram(ms) {
  const h = new Float64Array(PAIR_BINS);
  let n = 0;
  const ab = (v) => Math.min(PAIR_AB - 1, Math.floor(((wrapPi(v) + Math.PI) / (2 * Math.PI)) * PAIR_AB));
  for (let i = 0; i < ms.length; i++) for (let j = 0; j < ms.length; j++) {
    if (i === j) continue;
    const dx = ms[j].x - ms[i].x, dy = ms[j].y - ms[i].y, d = Math.hypot(dx, dy);
    if (d < PAIR_D0 || d >= PAIR_D1) continue;
    const bearing = Math.atan2(dy, dx);
    h[(Math.floor((d - PAIR_D0) / PAIR_DB) * PAIR_AB + ab(bearing - ms[i].angle)) * PAIR_AB + ab(bearing - ms[j].angle)]++;
    n++;
  }
  return { h, n };
}
/** Chance that a pair feature of one print falls in the same bin as one of the other, × bins (1 = uniform, unbiased by the counts). */
function pairCollision(a, b) {
  if (!a.pairs.n || !b.pairs.n) return NaN;
  let s = 0;
  for (let k = 0; k < PAIR_BINS; k++) s += a.pairs.h[k] * b.pairs.h[k];
  return (s / (a.pairs.n * b.pairs.n)) * PAIR_BINS;
}

// Pair-correlation function g(r) of the minutiae (1 = random at this density, < 1 = fewer
// neighbours at that range): pairs at distance r over the expected count, the expected count
// from the print's density and the foreground area of the ring around each minutia (edge-corrected
// by sampling the mask on the ring).
const GR_EDGES = [0, 10, 20, 30, 40, 50, 60, 80, 100];
function pairCorrelation(ms, mask, w, h) {
  let area = 0;
  for (const v of mask.pixels) area += v;
  const lambda = ms.length / Math.max(1, area);
  const count = new Float64Array(GR_EDGES.length - 1), expected = new Float64Array(GR_EDGES.length - 1);
  const inMask = (x, y) => { const X = Math.round(x), Y = Math.round(y); return X >= 0 && Y >= 0 && X < w && Y < h && mask.pixels[Y * w + X] === 1; };
  for (let i = 0; i < ms.length; i++) {
    for (let j = 0; j < ms.length; j++) {
      if (i === j) continue;
      const d = Math.hypot(ms[i].x - ms[j].x, ms[i].y - ms[j].y);
      for (let k = 0; k + 1 < GR_EDGES.length; k++) if (d >= GR_EDGES[k] && d < GR_EDGES[k + 1]) count[k]++;
    }
    for (let k = 0; k + 1 < GR_EDGES.length; k++) {
      let inside = 0;
      const S = 48;
      for (let u = 0; u < S; u++) {
        const r = Math.sqrt(GR_EDGES[k] ** 2 + ((u % 4) + 0.5) / 4 * (GR_EDGES[k + 1] ** 2 - GR_EDGES[k] ** 2));
        const t = ((u + 0.5) / S) * 2 * Math.PI;
        if (inMask(ms[i].x + r * Math.cos(t), ms[i].y + r * Math.sin(t))) inside++;
      }
      expected[k] += lambda * Math.PI * (GR_EDGES[k + 1] ** 2 - GR_EDGES[k] ** 2) * (inside / S);
    }
  }
  return { count, expected };
}

// Chance coincidences of two prints' minutiae at the best alignment of their ORIENTATION FIELDS
// (no minutiae and no matcher choose the alignment): of a's minutiae inside b's foreground, the
// share with one of b's within COIN_R px, and of those the share pointing the same way (≤ 30°)
// and the opposite way (≥ 150°). Minutia directions follow the flow, so after a field alignment
// the same-way share says whether the sense of the minutiae (which way along the flow they point)
// is as predictable across fingers as within one. Counted apart within CORE_ZONE px of a's
// singular points (Poincaré index of its field) and farther out.
const COIN_R = 15;
/** Minutiae within this distance (px) of one of the print's singular points are counted apart (the 'core' zone). */
const CORE_ZONE = 64;
function coincidences(a, b, al) {
  const deg = Math.PI / 180, rot = al.rot * deg, cr = Math.cos(rot), sr = Math.sin(rot);
  const mb = b.ms.map((m) => {
    const x = m.x - b.cx, y = m.y - b.cy;
    return { x: cr * x - sr * y + a.cx + al.tx, y: sr * x + cr * y + a.cy + al.ty, angle: m.angle + rot };
  });
  let overlap = 0, near = 0, same = 0, opposite = 0;
  const zone = { core: { overlap: 0, near: 0, same: 0, opposite: 0 }, far: { overlap: 0, near: 0, same: 0, opposite: 0 } };
  const sp = [...a.sing.cores, ...a.sing.deltas];
  for (const m of a.ms) {
    const z = zone[sp.some((p) => Math.hypot(p[0] - m.x, p[1] - m.y) < CORE_ZONE) ? 'core' : 'far'];
    const x = m.x - a.cx - al.tx, y = m.y - a.cy - al.ty;
    const xb = cr * x + sr * y + b.cx, yb = -sr * x + cr * y + b.cy;
    const q = Math.floor(xb / B), r = Math.floor(yb / B);
    if (q < 0 || r < 0 || q >= b.field.cols || r >= b.field.rows || !b.field.m[r * b.field.cols + q]) continue;
    overlap++; z.overlap++;
    let best = Infinity, bj = -1;
    for (let j = 0; j < mb.length; j++) { const d = Math.hypot(mb[j].x - m.x, mb[j].y - m.y); if (d < best) { best = d; bj = j; } }
    if (best > COIN_R) continue;
    near++; z.near++;
    const da = Math.abs(wrapPi(mb[bj].angle - m.angle));
    if (da <= 30 * deg) { same++; z.same++; } else if (da >= 150 * deg) { opposite++; z.opposite++; }
  }
  return { overlap, near, same, opposite, zone };
}

async function fvcSet(name, ppi) {
  const dir = join(data, name);
  const out = [];
  for (const n of (await readdir(dir)).filter((x) => /^\d+_[12]\.tif$/.test(x)).sort()) {
    const image = await decodeCapture(new Uint8Array(await readFile(join(dir, n))), ppi ? { ppi } : {});
    const [finger, imp] = n.replace('.tif', '').split('_');
    try { out.push(measure(image, name, finger, Number(imp))); } catch { /* failed to enrol */ }
  }
  return out;
}

function describe(items) {
  const firsts = items.filter((x) => x.impression === 1);
  const imp = [], gen = [], sameClass = [];
  const impCoin = [], genCoin = [], impPairs = [], genPairs = [], sameClassCoin = [], otherClassCoin = [];
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      const al = fieldAlignment(firsts[i], firsts[j]);
      imp.push(al.d);
      if (firsts[i].cls && firsts[i].cls === firsts[j].cls) sameClass.push(al.d);
      if (Number.isFinite(al.d)) {
        const c = coincidences(firsts[i], firsts[j], al);
        impCoin.push(c);
        if (firsts[i].cls) (firsts[i].cls === firsts[j].cls ? sameClassCoin : otherClassCoin).push(c);
      }
      impPairs.push(pairCollision(firsts[i], firsts[j]));
    }
  }
  const below = (v, t) => Math.round((1000 * v.filter((x) => x < t).length) / Math.max(1, v.length)) / 10;
  for (const a of firsts) {
    const b = items.find((x) => x.set === a.set && x.finger === a.finger && x.impression === 2);
    if (!b) continue;
    const al = fieldAlignment(a, b);
    gen.push(al.d);
    if (Number.isFinite(al.d)) genCoin.push(coincidences(a, b, al));
    genPairs.push(pairCollision(a, b));
  }
  const coin = (list) => {
    const t = list.reduce((s, c) => ({ overlap: s.overlap + c.overlap, near: s.near + c.near, same: s.same + c.same, opposite: s.opposite + c.opposite }), { overlap: 0, near: 0, same: 0, opposite: 0 });
    const p = (n, d) => Math.round((1000 * n) / Math.max(1, d)) / 10;
    const z = (k) => { const u = list.reduce((s, c) => ({ overlap: s.overlap + c.zone[k].overlap, near: s.near + c.zone[k].near, same: s.same + c.zone[k].same, opposite: s.opposite + c.zone[k].opposite }), { overlap: 0, near: 0, same: 0, opposite: 0 });
      return { minutiae: u.overlap, nearPercent: p(u.near, u.overlap), sameWayOfNearPercent: p(u.same, u.near), oppositeOfNearPercent: p(u.opposite, u.near), sameWayPercent: p(u.same, u.overlap) }; };
    return { pairs: list.length, nearPercent: p(t.near, t.overlap), sameWayOfNearPercent: p(t.same, t.near), oppositeOfNearPercent: p(t.opposite, t.near), sameWayPercent: p(t.same, t.overlap), nearCore: z('core'), farFromCore: z('far') };
  };
  const gr = (list) => GR_EDGES.slice(0, -1).map((e, k) => {
    const c = list.reduce((s, x) => s + x.gr.count[k], 0), x = list.reduce((s, x) => s + x.gr.expected[k], 0);
    return { from: e, to: GR_EDGES[k + 1], g: Math.round((100 * c) / Math.max(1e-9, x)) / 100 };
  });
  const nCores = firsts.map((x) => x.sing.cores.length);
  const withCore = firsts.filter((x) => x.sing.cores.length >= 1);
  const coreDx = withCore.map((x) => x.sing.cores[0][0] - x.cx), coreDy = withCore.map((x) => x.sing.cores[0][1] - x.cy);
  const cd = [];
  for (const x of firsts) for (const c of x.sing.cores) for (const d of x.sing.deltas) cd.push(Math.hypot(c[0] - d[0], c[1] - d[1]));
  const share = (p) => Math.round((100 * firsts.filter(p).length) / Math.max(1, firsts.length));
  return {
    fingers: firsts.length,
    impostorFieldDistance: summary(imp), genuineFieldDistance: summary(gen), _imp: imp,
    impostorPercentBelow: { '5deg': below(imp, 5), '6deg': below(imp, 6), '7deg': below(imp, 7), '8deg': below(imp, 8) },
    sameClassImpostorFieldDistance: summary(sameClass),
    coresPercent: { none: share((x) => x.sing.cores.length === 0), one: share((x) => x.sing.cores.length === 1), twoPlus: share((x) => x.sing.cores.length >= 2), withDelta: share((x) => x.sing.deltas.length >= 1) },
    meanCores: Math.round((100 * nCores.reduce((s, v) => s + v, 0)) / Math.max(1, nCores.length)) / 100,
    coreDx: summary(coreDx), coreDy: summary(coreDy), coreDeltaDistance: summary(cd), _cd: cd, _cdx: coreDx, _cdy: coreDy,
    minutiaePerCm2: summary(firsts.map((x) => x.minutiaePerCm2)), _mpc: firsts.map((x) => x.minutiaePerCm2),
    bifurcationShare: summary(firsts.map((x) => x.bifurcationShare)),
    nearestNeighbour: summary(firsts.flatMap((x) => x.nn)), _nn: firsts.flatMap((x) => x.nn),
    impostorCoincidences: coin(impCoin), genuineCoincidences: coin(genCoin),
    ...(sameClassCoin.length ? { sameClassCoincidences: coin(sameClassCoin), otherClassCoincidences: coin(otherClassCoin) } : {}),
    _coinSame: impCoin.map((c) => c.same / Math.max(1, c.overlap)), _coinNearSame: impCoin.filter((c) => c.near >= 3).map((c) => c.same / c.near),
    impostorPairCollision: summary(impPairs), genuinePairCollision: summary(genPairs), _pairs: impPairs,
    flowDeviationDeg: summary(firsts.flatMap((x) => x.flowDeviation)), _flowDev: firsts.flatMap((x) => x.flowDeviation),
    pairCorrelation: gr(firsts),
  };
}

const t0 = performance.now();
// --reference FILE: take the real and DB4 figures from an earlier run's output (they do not depend on the generator)
const refFile = arg('--reference', '');
const ref = refFile ? JSON.parse(await readFile(refFile, 'utf8')) : null;
const real = ref ? [] : [...await fvcSet('DB1_B'), ...await fvcSet('DB2_B', 569), ...await fvcSet('DB3_B')];
const sfinge = ref ? [] : await fvcSet('DB4_B');
const syn = [];
const classes = {};
for (const seed of seeds) {
  for (let s = 1; s <= 10; s++) {
    const subject = synthesizeSubject(seed, s, { impressions: 2, style, tenPrint: false, ...(master ? { master } : {}), ...(contact ? { plainContact: contact } : {}) });
    const cls = subject.impressions[0].truth.patternClass;
    classes[cls] = (classes[cls] ?? 0) + 1;
    subject.impressions.forEach((imp, k) => { try { syn.push(measure(imp.image.image, `syn${seed}`, String(s), k + 1, cls)); } catch { /* failed to enrol */ } });
  }
}
const S = describe(syn);
const R = ref ? { ...ref.real, ...ref.raw.real } : describe(real), D4 = ref ? { ...ref.db4Sfinge, ...ref.raw.db4Sfinge } : describe(sfinge);
const strip = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('_')));
const raw = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('_')));
const report = {
  style, seeds, ...(master ? { master } : {}), ...(contact ? { contact } : {}), syntheticClasses: classes, real: strip(R), synthetic: strip(S), db4Sfinge: strip(D4),
  ks: { impostorFieldDistance: ks(R._imp, S._imp), coreDeltaDistance: ks(R._cd, S._cd), coreDx: ks(R._cdx, S._cdx), coreDy: ks(R._cdy, S._cdy), minutiaePerCm2: ks(R._mpc, S._mpc), nearestNeighbour: ks(R._nn, S._nn), impostorPairCollision: ks(R._pairs, S._pairs), impostorSameWay: ks(R._coinSame, S._coinSame), impostorNearSameWay: ks(R._coinNearSame, S._coinNearSame), flowDeviation: ks(R._flowDev, S._flowDev) },
  ksDb4: { impostorFieldDistance: ks(R._imp, D4._imp), coreDeltaDistance: ks(R._cd, D4._cd), minutiaePerCm2: ks(R._mpc, D4._mpc), nearestNeighbour: ks(R._nn, D4._nn), impostorPairCollision: ks(R._pairs, D4._pairs), impostorSameWay: ks(R._coinSame, D4._coinSame), impostorNearSameWay: ks(R._coinNearSame, D4._coinNearSame), flowDeviation: ks(R._flowDev, D4._flowDev) },
  seconds: Math.round((performance.now() - t0) / 1000),
  raw: { real: raw(R), db4Sfinge: raw(D4) },
};
console.log(JSON.stringify({ ...report, raw: undefined }, null, process.argv.includes('--json') ? 0 : 1));
const out = arg('--out', fileURLToPath(new URL('./individuality.json', import.meta.url)));
await writeFile(out, JSON.stringify(report, null, 2) + '\n');
