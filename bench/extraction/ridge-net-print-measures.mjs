#!/usr/bin/env node
// Print-level measures the analysis has before the enhancement, per image, for a per-print gate
// of the learned ridge enhancer (issue 12, netgate): each of the four FVC2002 B sets clean and
// under the given perturbations (the suite's seeds, as paired-option.mjs), then per condition and
// set the quartiles of each measure, DB3's fingers 105 and 110 on their own, and for each measure
// the share of each condition's prints on the "hard" side of DB3 105/110's median.
//
//   node bench/extraction/ridge-net-print-measures.mjs DATA_DIR [KIND,KIND,…] [SEED] [--synth DIR] [--rows FILE]
//
// Measures (all from prepareFields / prepareAnalysis, default parameters):
//   certainty  mean orientation coherence over the foreground blocks (quality feature)
//   lowCoh     share of foreground blocks with coherence < 0.5
//   clarity    share of sampled blocks whose period was measured (quality feature)
//   contrast   median block ridge contrast, grey levels (quality feature ridgeContrast)
//   snr        contrast / √(noise variance of the grey inside the print)
//   fit        mean measureRidgeClarity (radius 12) of the normalised image at the field's period
//   area       foreground pixels / 1000
// --rows FILE: every image's measures as JSON lines (condition, set, finger, measures) to FILE.
// --synth DIR: also a folder of F_I images (e.g. synthetic clean prints), reported as "synth".
import { writeFileSync } from 'node:fs';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareFields, prepareAnalysis, measureQualityFeatures, measureRidgeClarity } from '../../dist/extraction/index.js';
import { estimateNoiseVariance } from '../../dist/extraction/filters.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const synthAt = args.indexOf('--synth');
const synth = synthAt >= 0 ? args.splice(synthAt, 2)[1] : undefined;
const rowsAt = args.indexOf('--rows');
const rowsFile = rowsAt >= 0 ? args.splice(rowsAt, 2)[1] : undefined;
const [dataDir, kindsText = 'dry', seedText = '1'] = args;
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`, ...(synth ? [synth] : [])]);
const NAMES = ['certainty', 'lowCoh', 'clarity', 'contrast', 'snr', 'fit', 'area'];

export function measure(image) {
  const { grey, mask } = prepareFields(image, P);
  const a = prepareAnalysis(image, P);
  const q = measureQualityFeatures({ ...a, enhanced: a.normalized }, []);
  let fg = 0, low = 0;
  for (let b = 0; b < a.mask.blocks.length; b++) {
    if (!a.mask.blocks[b]) continue;
    fg++;
    if (a.orientation.coherence[b] < 0.5) low++;
  }
  const fitMap = measureRidgeClarity(a.normalized, a.orientation, a.frequency, a.mask, 12);
  let fs = 0;
  for (let b = 0; b < fitMap.length; b++) if (a.mask.blocks[b]) fs += fitMap[b];
  const noise = estimateNoiseVariance(grey, a.width, a.height, mask.pixels);
  return {
    certainty: q.orientationCertainty, lowCoh: low / fg, clarity: q.clarity, contrast: q.ridgeContrast,
    snr: q.ridgeContrast / Math.sqrt(Math.max(1e-6, noise)), fit: fs / fg, area: q.foregroundPixels / 1000,
  };
}

const rows = []; // {cond, set, finger, m}
const kinds = ['clean', ...kindsText.split(',').filter((k) => k && k !== 'clean')];
for (const kind of kinds) {
  for (const [k, s] of sets.entries()) {
    const label = k < 4 ? `DB${k + 1}` : 'synth';
    if (k === 4 && kind !== 'clean') continue;
    s.items.forEach((item, i) => {
      if (!item || !('image' in item)) return;
      const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
      try { rows.push({ cond: kind, set: label, finger: s.fingers[i], m: measure(image) }); } catch { /* fails to enrol */ }
    });
  }
}
if (rowsFile) writeFileSync(rowsFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const q = (v, p) => { const s = Float64Array.from(v).sort(); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const f = (v) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3));
const summary = {};
const groups = new Map();
for (const r of rows) {
  for (const key of [`${r.cond} ${r.set}`, `${r.cond} all`, ...(r.set === 'DB3' && (r.finger === 105 || r.finger === 110) ? [`${r.cond} DB3-105/110`] : [])]) {
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r.m);
  }
}
for (const [key, ms] of groups) {
  summary[key] = { n: ms.length, ...Object.fromEntries(NAMES.map((n) => [n, [0.1, 0.25, 0.5, 0.75, 0.9].map((p) => f(q(ms.map((m) => m[n]), p))).join(' ')])) };
}
// separation: the share of each group below (or, for lowCoh, above) the median of clean DB3 105/110
const ref = groups.get('clean DB3-105/110') ?? [];
const sep = {};
for (const n of NAMES) {
  const t = q(ref.map((m) => m[n]), 0.5);
  sep[n] = { ref: f(t), ...Object.fromEntries([...groups].map(([key, ms]) => [key, (ms.filter((m) => (n === 'lowCoh' ? m[n] > t : m[n] < t)).length / ms.length).toFixed(2)])) };
}
process.stdout.write(`${JSON.stringify({ kinds, seed, quantiles: '10 25 50 75 90 %', summary, hardSideOfDB3_105_110Median: sep }, null, 1)}\n`);
