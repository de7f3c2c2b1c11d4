// Is the synthetic fingers' wider orientation-field distance between different fingers (individuality.mjs:
// p50 15.9° against real 11.1°) the pattern-class mix, or the flow within a class? Without our matcher.
//
// Every print (first impressions only) is classed the same way on both sides, from the singular
// points of our extraction's orientation field (singular-points.mjs, Poincaré index on 16-px blocks):
// W = 2+ cores, or 1 core and 2+ deltas; L = 1 core (a left loop 'Ll' when its delta lies right of
// the core, 'Lr' when left, 'L?' without a delta); A = no core (arch, or a loop whose core the
// impression missed). Then the field distance (field-distance.mjs, as individuality.mjs) of every
// pair of different fingers, per class pair. Synthetic prints also carry their drawn (truth) class,
// so the table says how well the field proxy recovers it. One-core prints also get the side their
// loop opens and the arms' tilt from straight down (loopSide below): `byLoopSide` gives the field
// distance of loops opening the same way and opposite ways, and their tilt (2026-12-03, sense).
//
// Real: FVC2002 DB1_B, DB2_B (569 ppi), DB3_B impression 1 of every finger (index and middle fingers).
// Synthetic: `synthesizeSubject(seed, s, { impressions: 2, style })`, first impression, seeds × 10 persons
// (positions cycle over the ten fingers; `--positions 2,3,7,8` keeps the FVC fingers: index, middle).
// `npm run build && nice -n 19 node bench/synthetic/field-by-class.mjs [--seeds 101,...] [--positions 2,3,7,8]
//  [--reference OLD.json] [--out FILE]`; AFIS_DIST=DIR runs another build's compiled code.
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
const { analyzeFingerprint } = await import(`${dist}extraction/index.js`);
const { synthesizeSubject, seriesPositionOf } = await import(`${dist}synthetic/index.js`);

const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const style = arg('--style', 'mixed');
const seeds = arg('--seeds', '101,102,103,104,105,106').split(',').map(Number);
const positions = arg('--positions', '') ? arg('--positions', '').split(',').map(Number) : null;

/** Class of a print from its field's singular points (see the header). */
function fieldClass(sing) {
  const { cores, deltas } = sing;
  if (cores.length >= 2 || (cores.length === 1 && deltas.length >= 2)) return 'W';
  if (cores.length === 1) return deltas.length ? (deltas[0][0] > cores[0][0] ? 'Ll' : 'Lr') : 'L?';
  return 'A';
}
const coarse = (c) => (c.startsWith('L') ? 'L' : c);
const TRUTH = { arch: 'A', 'tented-arch': 'T', 'left-loop': 'Ll', 'right-loop': 'Lr', whorl: 'W' };

/**
 * Which way a one-core print's loop opens, from its field alone: around a +1/2 singular point the
 * ridge direction is θ ≈ φ/2 + c (φ the polar angle about the core), and the arms run where the
 * ridges are radial, φ0 = 2c = arg Σ e^{i(2θ − φ)} over a ring of blocks 2–4 blocks from the core.
 * 'R' = arms towards the image's right (a right loop, opening right), 'L' = left; null without
 * exactly one core. Checked against the drawn class of synthetic loops (report.loopSideCheck).
 */
function loopSide(f, sing) {
  if (sing.cores.length !== 1) return null;
  const [x0, y0] = sing.cores[0];
  let re = 0, im = 0;
  for (let r = 0; r < f.rows; r++) for (let q = 0; q < f.cols; q++) {
    const i = r * f.cols + q;
    if (!f.m[i]) continue;
    const dx = (q + 0.5) * B - x0, dy = (r + 0.5) * B - y0, d = Math.hypot(dx, dy);
    if (d < 2 * B || d > 4 * B) continue;
    const phi = Math.atan2(dy, dx), t2 = Math.atan2(f.s[i], f.c[i]);
    re += Math.cos(t2 - phi); im += Math.sin(t2 - phi);
  }
  if (re === 0 && im === 0) return null;
  const a = Math.atan2(im, re) + (ARM_SIGN > 0 ? 0 : Math.PI);
  // tilt: the arms' angle from straight down (y down), degrees: 0 = down, 90 = sideways, 180 = up
  return { side: Math.cos(a) > 0 ? 'R' : 'L', tilt: (Math.acos(Math.max(-1, Math.min(1, Math.sin(a)))) * 180) / Math.PI };
}
// +1 if the field's angle is the ridge direction (arms where ridges are radial); −1 flips it
const ARM_SIGN = Number(arg('--arm-sign', '1'));

function measure(image, id, truth) {
  const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
  const f = coarseField(a);
  let cx = 0, cy = 0, n = 0;
  for (let r = 0; r < f.rows; r++) for (let q = 0; q < f.cols; q++) if (f.m[r * f.cols + q]) { cx += (q + 0.5) * B; cy += (r + 0.5) * B; n++; }
  const sing = singularPoints(f);
  const cls = fieldClass(sing);
  const arms = cls.startsWith('L') ? loopSide(f, sing) : null;
  return { id, truth, field: f, cx: cx / Math.max(1, n), cy: cy / Math.max(1, n), cls, side: arms?.side ?? null, tilt: arms?.tilt ?? null };
}

function pairs(items, key) {
  const out = {};
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) {
    const d = fieldAlignment(items[i], items[j]).d;
    const k = [key(items[i]), key(items[j])].sort().join('-');
    (out[k] ??= []).push(d);
    (out.all ??= []).push(d);
    (out[key(items[i]) === key(items[j]) ? 'sameClass' : 'otherClass'] ??= []).push(d);
  }
  return out;
}

function tally(items, key) {
  const t = {};
  for (const x of items) t[key(x)] = (t[key(x)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(t).sort().map(([k, v]) => [k, `${v} (${Math.round((100 * v) / items.length)} %)`]));
}

function describe(items) {
  const fine = pairs(items, (x) => x.cls);
  const coarsePairs = pairs(items, (x) => coarse(x.cls));
  const sum = (o) => Object.fromEntries(Object.entries(o).sort().map(([k, v]) => [k, { n: v.length, p50: summary(v).p50, p25: summary(v).p25, p75: summary(v).p75 }]));
  // one-core prints by the side their loop opens (loopSide): pairs opening the same way or opposite
  const loops = items.filter((x) => x.side);
  const sides = {};
  for (let i = 0; i < loops.length; i++) for (let j = i + 1; j < loops.length; j++) {
    const k = loops[i].side === loops[j].side ? 'sameSide' : 'oppositeSide';
    (sides[k] ??= []).push(fieldAlignment(loops[i], loops[j]).d);
  }
  sides.tilt = loops.map((x) => x.tilt);
  return { prints: items.length, classes: tally(items, (x) => x.cls), loopSides: tally(loops, (x) => x.side), armTilt: summary(loops.map((x) => x.tilt)), byLoopSide: sum(sides), byClass: sum(coarsePairs), byFineClass: sum(fine), _raw: { ...sides, ...Object.fromEntries(Object.entries(coarsePairs)), ...Object.fromEntries(Object.entries(fine).filter(([k]) => k.includes('L'))) } };
}

const t0 = performance.now();
const refFile = arg('--reference', '');
let R;
if (refFile) R = JSON.parse(await readFile(refFile, 'utf8')).realFull;
else {
  const real = [];
  for (const [name, ppi] of [['DB1_B'], ['DB2_B', 569], ['DB3_B']]) {
    const dir = join(data, name);
    for (const f of (await readdir(dir)).filter((x) => /^\d+_1\.tif$/.test(x)).sort()) {
      const image = await decodeCapture(new Uint8Array(await readFile(join(dir, f))), ppi ? { ppi } : {});
      try { real.push(measure(image, `${name}/${f}`)); } catch { /* failed */ }
    }
  }
  R = describe(real);
}
const syn = [];
for (const seed of seeds) for (let s = 1; s <= 10; s++) {
  if (positions && !positions.includes(seriesPositionOf(s))) continue;
  const subject = synthesizeSubject(seed, s, { impressions: 2, style, tenPrint: false });
  const imp = subject.impressions[0];
  try { syn.push(measure(imp.image.image, `${seed}/${s}`, TRUTH[imp.truth.patternClass])); } catch { /* failed */ }
}
const S = describe(syn);
// the field proxy against the drawn class (synthetic only)
const confusion = {};
for (const x of syn) { const k = `${x.truth}->${x.cls}`; confusion[k] = (confusion[k] ?? 0) + 1; }
const ksBy = Object.fromEntries(Object.keys(S._raw).filter((k) => R._raw[k]).map((k) => [k, ks(R._raw[k], S._raw[k])]));
const strip = (o) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('_')));
// the loop side against the drawn class (synthetic loops the field sees as one-core prints)
const loopSideCheck = {};
for (const x of syn) if (x.side && (x.truth === 'Ll' || x.truth === 'Lr')) { const k = `${x.truth}->${x.side}`; loopSideCheck[k] = (loopSideCheck[k] ?? 0) + 1; }
const report = { style, seeds, positions, loopSideCheck, real: strip(R), synthetic: strip(S), syntheticTruthClasses: tally(syn, (x) => x.truth), truthToField: confusion, ks: ksBy, seconds: Math.round((performance.now() - t0) / 1000) };
console.log(JSON.stringify(report, null, 1));
const out = arg('--out', '');
if (out) await writeFile(out, JSON.stringify({ ...report, realFull: R }) + '\n');
