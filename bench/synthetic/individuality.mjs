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
// (--reference: real and DB4 figures from an earlier output, which the generator does not change)
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeCapture } from '../../dist/capture/index.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { analyzeFingerprint, extractFromAnalysis } from '../../dist/extraction/index.js';
import { synthesizeSubject } from '../../dist/synthetic/index.js';
import { ks, summary } from './distributions.mjs';
import { B, coarseField, singularPoints } from './singular-points.mjs';

const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const PX_PER_CM2 = (500 / 2.54) ** 2;
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const style = arg('--style', 'mixed');
const seeds = arg('--seeds', '101,102,103').split(',').map(Number);

function measure(image, set, finger, impression, cls) {
  const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
  const t = extractFromAnalysis(image, a, EXTRACTION_PARAMETERS, NO_DEBUG);
  const f = coarseField(a);
  let cx = 0, cy = 0, n = 0;
  for (let r = 0; r < f.rows; r++) for (let q = 0; q < f.cols; q++) if (f.m[r * f.cols + q]) { cx += (q + 0.5) * B; cy += (r + 0.5) * B; n++; }
  let area = 0;
  for (const v of a.mask.pixels) area += v;
  const ms = t.minutiae;
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
  };
}

/** Mean |Δθ| (degrees) between two fields at the best rigid alignment of b onto a. */
function fieldDistance(a, b, minOverlap = 80) {
  const score = (rot, tx, ty) => {
    const cr = Math.cos(rot), sr = Math.sin(rot), c2 = Math.cos(2 * rot), s2 = Math.sin(2 * rot);
    let sum = 0, n = 0;
    for (let r = 0; r < b.field.rows; r++) for (let q = 0; q < b.field.cols; q++) {
      const i = r * b.field.cols + q;
      if (!b.field.m[i]) continue;
      const x = (q + 0.5) * B - b.cx, y = (r + 0.5) * B - b.cy;
      const X = cr * x - sr * y + a.cx + tx, Y = sr * x + cr * y + a.cy + ty;
      const qq = Math.floor(X / B), rr = Math.floor(Y / B);
      if (qq < 0 || rr < 0 || qq >= a.field.cols || rr >= a.field.rows) continue;
      const k = rr * a.field.cols + qq;
      if (!a.field.m[k]) continue;
      // b's direction rotated by rot, against a's: doubled-angle dot product
      const bc = b.field.c[i] * c2 - b.field.s[i] * s2, bs = b.field.s[i] * c2 + b.field.c[i] * s2;
      const dot = Math.max(-1, Math.min(1, bc * a.field.c[k] + bs * a.field.s[k]));
      sum += Math.acos(dot) / 2;
      n++;
    }
    return n >= minOverlap ? sum / n : Infinity;
  };
  let best = { d: Infinity, rot: 0, tx: 0, ty: 0 };
  const deg = Math.PI / 180;
  for (let rot = -30; rot <= 30; rot += 6) for (let tx = -128; tx <= 128; tx += 16) for (let ty = -128; ty <= 128; ty += 16) {
    const d = score(rot * deg, tx, ty);
    if (d < best.d) best = { d, rot, tx, ty };
  }
  if (!Number.isFinite(best.d)) return NaN;
  const c = best;
  for (let rot = c.rot - 4; rot <= c.rot + 4; rot += 2) for (let tx = c.tx - 12; tx <= c.tx + 12; tx += 4) for (let ty = c.ty - 12; ty <= c.ty + 12; ty += 4) {
    const d = score(rot * deg, tx, ty);
    if (d < best.d) best = { d, rot, tx, ty };
  }
  return (best.d * 180) / Math.PI;
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
  for (let i = 0; i < firsts.length; i++) {
    for (let j = i + 1; j < firsts.length; j++) {
      const d = fieldDistance(firsts[i], firsts[j]);
      imp.push(d);
      if (firsts[i].cls && firsts[i].cls === firsts[j].cls) sameClass.push(d);
    }
  }
  const below = (v, t) => Math.round((1000 * v.filter((x) => x < t).length) / Math.max(1, v.length)) / 10;
  for (const a of firsts) {
    const b = items.find((x) => x.set === a.set && x.finger === a.finger && x.impression === 2);
    if (b) gen.push(fieldDistance(a, b));
  }
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
    const subject = synthesizeSubject(seed, s, { impressions: 2, style, tenPrint: false });
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
  style, seeds, syntheticClasses: classes, real: strip(R), synthetic: strip(S), db4Sfinge: strip(D4),
  ks: { impostorFieldDistance: ks(R._imp, S._imp), coreDeltaDistance: ks(R._cd, S._cd), coreDx: ks(R._cdx, S._cdx), coreDy: ks(R._cdy, S._cdy), minutiaePerCm2: ks(R._mpc, S._mpc), nearestNeighbour: ks(R._nn, S._nn) },
  ksDb4: { impostorFieldDistance: ks(R._imp, D4._imp), coreDeltaDistance: ks(R._cd, D4._cd), minutiaePerCm2: ks(R._mpc, D4._mpc), nearestNeighbour: ks(R._nn, D4._nn) },
  seconds: Math.round((performance.now() - t0) / 1000),
  raw: { real: raw(R), db4Sfinge: raw(D4) },
};
console.log(JSON.stringify({ ...report, raw: undefined }, null, process.argv.includes('--json') ? 0 : 1));
const out = arg('--out', fileURLToPath(new URL('./individuality.json', import.meta.url)));
await writeFile(out, JSON.stringify(report, null, 2) + '\n');
