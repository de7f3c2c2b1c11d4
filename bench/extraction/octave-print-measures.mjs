#!/usr/bin/env node
// Print-level measures of octave errors in the period map, for a per-print gate of the octave
// test (issue 12, wetgate; option `frequencyOctaveMinShare`). Each is computed from the period
// windows before the test changes anything (measurePeriodWindows, default parameters otherwise):
//
//   r4     share of measured windows the octave test flags with ratio 1.4, radius 4 (the test run
//          in the octave section; the gate's own measure for that variant)
//   r4p    the same with the power check `frequencyOctaveMinPower` 0.2
//   med    share flagged with ratio 1.4 against the print's median (radius 0), either side
//   long   share of measured windows whose period exceeds 1.4 × the print's median (long side only)
//   oct    share of measured windows whose period exceeds 1.8 × the print's median (the octave itself)
//   half   share of measured windows whose period the per-window half test
//          (`frequencyHalfPeriodPower` 0.3) would halve
//   r4w    r4 weighted by the windows' spectral share (flagged share-sum / measured share-sum)
//   r4c    share of measured windows flagged by r4 with at least 2 of their 8 neighbours flagged
//          too (octave errors in patches rather than scattered)
//   r4max  the largest share of r4-flagged windows among the measured windows of any 9 × 9-block
//          square holding at least 20 of them (the worst region)
//
// For each condition (clean, then each KIND under SEED, drawn as paired-option.mjs draws them)
// it prints per set and over all sets the quartiles (10 25 50 75 90 %) of each measure, the
// clean prints' 99th percentile, their fourth-largest value (at or below which all but three clean
// prints lie) and their three largest, and per condition the count of prints strictly above the
// 99th percentile and above the fourth-largest clean value.
//
//   node bench/extraction/octave-print-measures.mjs DATA_DIR [KIND,KIND,…] [SEED] [--rows FILE] [--sets DIR,DIR,…]
//
// --rows FILE: every image's measures as JSON lines (cond, set, finger, impression index, measures).
// --sets: other folders of F_I images (e.g. synthetic styles), measured clean only, reported by name.
// Figures go to bench/RESULTS.md ("wetgate").
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { measurePeriodWindows, medianPeriod, flagOctaveWindows, measureSignature, sampleSignature } from '../../dist/extraction/estimate-ridge-frequency.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const take = (flag) => { const at = args.indexOf(flag); return at >= 0 ? args.splice(at, 2)[1] : undefined; };
const rowsFile = take('--rows');
const extra = (take('--sets') ?? '').split(',').filter(Boolean);
const [dataDir, kindsText = 'wet', seedText = '1'] = args;
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`, ...extra]);
const labels = ['DB1', 'DB2', 'DB3', 'DB4', ...extra.map((d) => basename(d))];
const NAMES = ['r4', 'r4p', 'med', 'long', 'oct', 'half', 'r4w', 'r4c', 'r4max'];
const R4 = { ...P, frequencyOctaveRatio: 1.4, frequencyOctaveRadius: 4 };
const R4P = { ...R4, frequencyOctaveMinPower: 0.2 };
const MED = { ...P, frequencyOctaveRatio: 1.4, frequencyOctaveRadius: 0 };

function measure(image) {
  const a = prepareAnalysis(image, P);
  const { normalized, orientation, mask } = a;
  const { raw, weight, share } = measurePeriodWindows(normalized, orientation, mask.blocks, P);
  const n = raw.length;
  let count = 0;
  for (let i = 0; i < n; i++) count += weight[i];
  if (count === 0) return null;
  const median = medianPeriod(raw, weight, count);
  const sum = (f) => { let s = 0; for (let i = 0; i < n; i++) s += f[i]; return s; };
  const r4 = flagOctaveWindows(normalized, orientation, raw, weight, median, R4);
  const r4p = flagOctaveWindows(normalized, orientation, raw, weight, median, R4P);
  const med = flagOctaveWindows(normalized, orientation, raw, weight, median, MED);
  let long = 0, oct = 0, half = 0, wAll = 0, wFlag = 0;
  const { cols, blockSize: size } = orientation.grid;
  const len = P.frequencySignatureLength;
  const sig = new Float32Array(len);
  for (let i = 0; i < n; i++) {
    if (!weight[i]) continue;
    if (raw[i] > 1.4 * median) long++;
    if (raw[i] > 1.8 * median) oct++;
    wAll += share[i];
    if (r4[i]) wFlag += share[i];
    if (raw[i] >= 2 * P.frequencyMinPeriod) {
      const cx = (i % cols) * size + size / 2;
      const cy = ((i / cols) | 0) * size + size / 2;
      if (sampleSignature(normalized.data, normalized.width, normalized.height, cx, cy, orientation.angle[i], len, P.frequencySignatureHalfWidth, sig)) {
        const m = measureSignature(sig, len, P.frequencyMinPeriod, P.frequencyMaxPeriod, false, P.ridgeShareShortestPeriod, 0.3);
        if (m.period < raw[i] / 1.4) half++;
      }
    }
  }
  let clustered = 0, worst = 0;
  const rows_ = n / cols;
  for (let i = 0; i < n; i++) {
    const x = i % cols, y = (i / cols) | 0;
    if (r4[i]) {
      let k = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = x + dx, yy = y + dy;
        if ((dx || dy) && xx >= 0 && yy >= 0 && xx < cols && yy < rows_ && r4[yy * cols + xx]) k++;
      }
      if (k >= 2) clustered++;
    }
    let m = 0, fl = 0;
    for (let yy = Math.max(0, y - 4); yy <= Math.min(rows_ - 1, y + 4); yy++) for (let xx = Math.max(0, x - 4); xx <= Math.min(cols - 1, x + 4); xx++) {
      const j = yy * cols + xx;
      if (weight[j]) { m++; fl += r4[j]; }
    }
    if (m >= 20 && fl / m > worst) worst = fl / m;
  }
  return { r4c: clustered / count, r4max: worst, r4: sum(r4) / count, r4p: sum(r4p) / count, med: sum(med) / count, long: long / count, oct: oct / count, half: half / count, r4w: wFlag / Math.max(1e-9, wAll) };
}

const rows = [];
const kinds = ['clean', ...kindsText.split(',').filter((k) => k && k !== 'clean')];
for (const kind of kinds) {
  for (const [k, s] of sets.entries()) {
    if (k >= 4 && kind !== 'clean') continue;
    s.items.forEach((item, i) => {
      if (!item || !('image' in item)) return;
      const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
      let m = null;
      try { m = measure(image); } catch { /* fails to enrol */ }
      if (m) rows.push({ cond: kind, set: labels[k], finger: s.fingers[i], index: i, m });
    });
  }
}
if (rowsFile) writeFileSync(rowsFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
const sorted = (v) => Float64Array.from(v).sort();
const q = (v, p) => { const s = sorted(v); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const f = (v) => v.toFixed(3);
const clean = rows.filter((r) => r.cond === 'clean' && ['DB1', 'DB2', 'DB3', 'DB4'].includes(r.set));
const limits = {};
for (const name of NAMES) {
  const s = sorted(clean.map((r) => r.m[name]));
  limits[name] = { p99: s[Math.min(s.length - 1, Math.floor(0.99 * s.length))], at317: s[Math.min(s.length - 1, s.length - 4)], n: s.length };
}
const summary = {};
const groups = new Map();
for (const r of rows) {
  for (const key of [`${r.cond} ${r.set}`, ...(labels.indexOf(r.set) < 4 ? [`${r.cond} all`] : [])]) {
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(r.m);
  }
}
for (const [key, ms] of groups) {
  summary[key] = {
    n: ms.length,
    ...Object.fromEntries(NAMES.map((n) => [n, `${[0.1, 0.25, 0.5, 0.75, 0.9].map((p) => f(q(ms.map((m) => m[n]), p))).join(' ')} | >p99 ${ms.filter((m) => m[n] > limits[n].p99).length} | >4th-largest-clean ${ms.filter((m) => m[n] > limits[n].at317).length}`])),
  };
}
process.stdout.write(`${JSON.stringify({ kinds, seed, quantiles: '10 25 50 75 90 %', cleanLimits: Object.fromEntries(NAMES.map((n) => [n, { p99: f(limits[n].p99), fourthLargest: f(limits[n].at317), top3: sorted(clean.map((r) => r.m[n])).slice(-3).map(f).join(' '), n: limits[n].n }])), summary }, null, 1)}\n`);
