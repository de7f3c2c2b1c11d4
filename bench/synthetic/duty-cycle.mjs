// Ridge/valley duty cycle of real and synthetic prints (issue 12, synthetic realism): how much of
// each ridge period the dark ridge takes, and so how wide the valley is (px at 500 ppi), and how
// many of a print's valleys the suite's wet perturbation closes. Matcher-independent; our
// extraction gives only the block grid, the field, the period and the mask.
//
// Per clear block (foreground, period measured, coherence ≥ --coherence, default 0.6): the grey
// profile across the ridges through the block's centre (along the field's normal, ±1.5 periods,
// 0.25 px steps, each sample the mean of 7 bilinear samples along the ridge at −3…+3 px),
// thresholded at its mid-level (mean of the profile's 10th and 90th percentiles). Ridge share = the
// share of samples below it; valley width = (1 − ridge share) × period. A print's figure is the
// median over its clear blocks; also the mean-based ridge share (greyRidgeShare below) and the
// share of its clear blocks whose valley is narrower than 3 px. Wet: the same profile of the wet print (`perturbImage(image,
// 'wet', mixSeed(1, 0, set, i))` as the suite draws seed 1; synthetic prints: set 100 + style
// index, i their running index) read against the clean block's mid-level; a valley is closed when
// its width there falls below 1 px; a print's figure is the share of its clear blocks closed, and
// the same share among the blocks the spread alone reaches (spread half, flood weight < 0.05; the
// layout redrawn with drawWetLayout from the same seed). Level-free companion (fadedShare): blocks
// whose wet profile keeps less than a third of the clean profile's amplitude at the ridge period.
// KS statistics as realism.mjs reports them (distributions.mjs), per-print medians.
//
//   npm run build && nice -n 19 node bench/synthetic/duty-cycle.mjs [--seed 7301] [--subjects 30]
//     [--impression JSON] [--coherence 0.6] [--out FILE] [--no-real]
// --impression: SYNTHETIC_IMPRESSION_PARAMETERS overrides for the synthetic prints (as synthesizeSubject's `impression`).
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ks, summary } from './distributions.mjs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS, PERTURBATION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { drawWetLayout, perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed, synthesizeSubject } from '../../dist/synthetic/index.js';

const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const SEED = Number(arg('--seed', '7301'));
const SUBJECTS = Number(arg('--subjects', '30'));
const MIN_COH = Number(arg('--coherence', '0.6'));
const impression = arg('--impression') ? JSON.parse(arg('--impression')) : undefined;
const data = fileURLToPath(new URL('../../../shared/data/fvc2002/', import.meta.url));

/** Bilinear grey at (x, y); NaN off the image. */
function grey(img, x, y) {
  const x0 = Math.floor(x), y0 = Math.floor(y);
  if (x0 < 0 || y0 < 0 || x0 >= img.width - 1 || y0 >= img.height - 1) return NaN;
  const fx = x - x0, fy = y - y0, a = y0 * img.width + x0, d = img.data;
  return (1 - fy) * ((1 - fx) * d[a] + fx * d[a + 1]) + fy * ((1 - fx) * d[a + img.width] + fx * d[a + img.width + 1]);
}

/** The profile across the ridges at (cx, cy): samples every 0.25 px over ±1.5 periods; null if it leaves the image. */
export function acrossProfile(img, cx, cy, theta, period) {
  const dx = Math.cos(theta), dy = Math.sin(theta); // along the ridge (image coordinates, y down)
  const nx = -dy, ny = dx;
  const half = 1.5 * period;
  const out = [];
  for (let t = -half; t <= half + 1e-9; t += 0.25) {
    let s = 0;
    for (let k = -3; k <= 3; k++) {
      const v = grey(img, cx + t * nx + k * dx, cy + t * ny + k * dy);
      if (Number.isNaN(v)) return null;
      s += v;
    }
    out.push(s / 7);
  }
  return out;
}

/** Mid-level of a profile: the mean of its 10th and 90th percentiles. */
export function midLevel(profile) {
  const s = Float64Array.from(profile).sort();
  return (s[Math.floor(0.1 * (s.length - 1))] + s[Math.ceil(0.9 * (s.length - 1))]) / 2;
}

/** Share of a profile's samples above the level (light: valley). */
export const lightShare = (profile, level) => profile.filter((v) => v > level).length / profile.length;

/**
 * Ridge share from the profile's mean instead of a threshold: (p90 − mean) / (p90 − p10), clamped
 * to 0…1. A blur keeps the mean, so on a square wave whose plateaus survive the blur this is the
 * dark share whatever the edges look like; a threshold at mid-level drifts to ½ as the blur grows.
 */
export function greyRidgeShare(profile) {
  const s = Float64Array.from(profile).sort();
  const lo = s[Math.floor(0.1 * (s.length - 1))], hi = s[Math.ceil(0.9 * (s.length - 1))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return hi > lo ? Math.min(1, Math.max(0, (hi - mean) / (hi - lo))) : NaN;
}

/** Amplitude of a profile's component at the ridge period (samples 0.25 px apart). */
export function ridgeAmplitude(profile, period) {
  let c = 0, sn = 0;
  const mean = profile.reduce((a, b) => a + b, 0) / profile.length;
  for (let k = 0; k < profile.length; k++) {
    const w = (2 * Math.PI * 0.25 * k) / period;
    c += (profile[k] - mean) * Math.cos(w);
    sn += (profile[k] - mean) * Math.sin(w);
  }
  return (2 * Math.hypot(c, sn)) / profile.length;
}

/** Per print: the median ridge share and valley width over its clear blocks, and (with `wet`) the share closed. */
function measurePrint(image, wetSeed) {
  const wet = perturbImage(image, 'wet', wetSeed).image;
  const layout = drawWetLayout(image, createRng(wetSeed), PERTURBATION_PARAMETERS);
  let a;
  try { a = prepareAnalysis(image, EXTRACTION_PARAMETERS); } catch { return null; }
  const { blockSize, cols, rows } = a.orientation.grid;
  const shares = [], widths = [], greyShares = [];
  let closed = 0, clear = 0, narrow = 0, spreadClear = 0, spreadClosed = 0, faded = 0, spreadFaded = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const b = by * cols + bx;
      if (!a.mask.blocks[b] || !a.frequency.measured[b] || a.orientation.coherence[b] < MIN_COH) continue;
      const period = a.frequency.period[b];
      if (!(period >= 4 && period <= 20)) continue;
      const cx = bx * blockSize + blockSize / 2, cy = by * blockSize + blockSize / 2;
      const p = acrossProfile(image, cx, cy, a.orientation.angle[b], period);
      if (!p) continue;
      const mid = midLevel(p);
      const valley = lightShare(p, mid);
      shares.push(1 - valley);
      widths.push(valley * period);
      greyShares.push(greyRidgeShare(p));
      if (valley * period < 3) narrow++;
      clear++;
      const q = acrossProfile(wet, cx, cy, a.orientation.angle[b], period);
      const shut = q !== null && lightShare(q, mid) * period < 1;
      if (shut) closed++;
      // level-free: the ridge signal itself lost (its amplitude at the period below a third of the clean one's)
      const lost = q !== null && ridgeAmplitude(q, period) < ridgeAmplitude(p, period) / 3;
      if (lost) faded++;
      // the spread alone (the erosion that narrows the valleys): in the spread half, away from every flooded blob
      if (layout.spread(cx, cy) && layout.floodWeight[Math.round(cy) * image.width + Math.round(cx)] < 0.05) {
        spreadClear++;
        if (shut) spreadClosed++;
        if (lost) spreadFaded++;
      }
    }
  }
  if (clear < 10) return null;
  const med = (v) => Float64Array.from(v).sort()[v.length >> 1];
  return { ridgeShare: med(shares), greyRidgeShare: med(greyShares), valleyPx: med(widths), narrowShare: narrow / clear, closedShare: closed / clear, spreadClosedShare: spreadClear >= 5 ? spreadClosed / spreadClear : NaN, fadedShare: faded / clear, spreadFadedShare: spreadClear >= 5 ? spreadFaded / spreadClear : NaN, clearBlocks: clear };
}

const t0 = Date.now();
const groups = {};
const add = (name, r) => { if (r) (groups[name] ??= []).push(r); };
if (!process.argv.includes('--no-real')) {
  const specs = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'].map((s) => data + s);
  const sets = await readEvalSets(specs);
  for (const [k, set] of sets.entries()) {
    for (const [i, item] of set.items.entries()) {
      add(['DB1', 'DB2', 'DB3', 'DB4'][k], measurePrint(item.image, mixSeed(1, 0, k, i)));
    }
  }
}
const STYLES = ['optical', 'capacitive', 'thermal', 'ink', 'rolled'];
let n = 0;
for (let s = 1; s <= SUBJECTS; s++) {
  const subject = synthesizeSubject(SEED, s, { impressions: 8, style: 'mixed', tenPrint: false, ...(impression ? { impression } : {}) });
  for (const imp of subject.impressions) {
    const img = imp.image.image;
    const r = measurePrint(img, mixSeed(1, 0, 100 + STYLES.indexOf(imp.image.style), n++));
    add('syn', r);
    add(`syn:${imp.image.condition.kind}`, r);
    add(`syn:${imp.image.style}`, r);
  }
}
const real = [...(groups.DB1 ?? []), ...(groups.DB2 ?? []), ...(groups.DB3 ?? [])];
const props = ['ridgeShare', 'greyRidgeShare', 'valleyPx', 'narrowShare', 'closedShare', 'spreadClosedShare', 'fadedShare', 'spreadFadedShare'];
const rows = [];
const order = ['DB1', 'DB2', 'DB3', 'DB4', 'syn', ...['normal', 'dry', 'wet', 'low-contrast'].map((c) => `syn:${c}`), ...STYLES.map((c) => `syn:${c}`)];
for (const g of order) {
  const v = groups[g];
  if (!v) continue;
  const row = { group: g, prints: v.length };
  for (const p of props) {
    row[p] = summary(v.map((x) => x[p]));
    if (real.length) row[`${p}KsReal`] = ks(real.map((x) => x[p]), v.map((x) => x[p]));
  }
  rows.push(row);
}
const report = { seed: SEED, subjects: SUBJECTS, coherence: MIN_COH, ...(impression ? { impression } : {}), rows, seconds: Math.round((Date.now() - t0) / 1000) };
console.log(`duty cycle, clear blocks (coherence ≥ ${MIN_COH}); cells p5/p50/p95 of per-print medians (KS against DB1–3 pooled); ${report.seconds} s`);
console.log(`group             prints  ${props.map((p) => p.padEnd(24)).join('')}`);
for (const r of rows) {
  const f = (p) => `${r[p].p5}/${r[p].p50}/${r[p].p95}${r[`${p}KsReal`] !== undefined ? ` (${r[`${p}KsReal`]})` : ''}`.padEnd(24);
  console.log(`${r.group.padEnd(17)} ${String(r.prints).padEnd(7)} ${props.map(f).join('')}`);
}
const out = arg('--out');
if (out) await writeFile(out, JSON.stringify(report, null, 2) + '\n');
