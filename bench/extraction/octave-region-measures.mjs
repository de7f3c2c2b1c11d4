#!/usr/bin/env node
// The local share of the octave test's flagged windows, for a region-level gate of the test
// (issue 12, wetregion; option `frequencyOctaveRegionRadius`, which adds to the print gate
// `frequencyOctaveMinShare`: only prints below the print gate are counted as changed): for each print, each flagged
// window's share of flagged among the measured windows in the square of radius R blocks around it
// (box sums over the block grid). Two forms per radius R: "R", the flagged window's own square
// share (a window left out only where it is dense), and "oR", the largest square share among the
// measured windows within R of it (a dense window opens its square; the form the option takes,
// openOctaveRegions). Reports per form the clean prints'
// largest local share per print (the value a threshold must exceed to leave a print untouched),
// the threshold at which at most 3 of the 320 clean prints are changed, and at that threshold the
// prints and windows each condition would change. Measured before any EER, to fix the threshold.
//
//   node bench/extraction/octave-region-measures.mjs DATA_DIR [KIND,KIND,…] [SEED] [--radii 2,3,4,6]
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { measurePeriodWindows, medianPeriod, flagOctaveWindows } from '../../dist/extraction/estimate-ridge-frequency.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const take = (flag) => { const at = args.indexOf(flag); return at >= 0 ? args.splice(at, 2)[1] : undefined; };
const radii = (take('--radii') ?? '2,3,4,6').split(',').map(Number);
const [dataDir, kindsText = 'wet', seedText = '1'] = args;
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const labels = ['DB1', 'DB2', 'DB3', 'DB4'];

// the local shares of every flagged window for each radius, and the print's own share
function measure(image) {
  const a = prepareAnalysis(image, P);
  const { normalized, orientation, mask } = a;
  const { raw, weight } = measurePeriodWindows(normalized, orientation, mask.blocks, P);
  const { cols, rows } = orientation.grid;
  const n = raw.length;
  let count = 0;
  for (let i = 0; i < n; i++) count += weight[i];
  if (count === 0) return null;
  const flagged = flagOctaveWindows(normalized, orientation, raw, weight, medianPeriod(raw, weight, count), P);
  let fc = 0;
  for (let i = 0; i < n; i++) fc += flagged[i];
  const W = cols + 1;
  const im = new Float64Array(W * (rows + 1)), iff = new Float64Array(W * (rows + 1));
  for (let y = 0; y < rows; y++) for (let x = 0; x < cols; x++) {
    const o = (y + 1) * W + x + 1;
    im[o] = weight[y * cols + x] + im[o - 1] + im[o - W] - im[o - W - 1];
    iff[o] = flagged[y * cols + x] + iff[o - 1] + iff[o - W] - iff[o - W - 1];
  }
  const box = (t, x0, y0, x1, y1) => t[(y1 + 1) * W + x1 + 1] - t[y0 * W + x1 + 1] - t[(y1 + 1) * W + x0] + t[y0 * W + x0];
  const local = {};
  for (const r of radii) {
    const v = [];
    for (let i = 0; i < n; i++) {
      if (!flagged[i]) continue;
      const x = i % cols, y = (i / cols) | 0;
      const x0 = Math.max(0, x - r), y0 = Math.max(0, y - r), x1 = Math.min(cols - 1, x + r), y1 = Math.min(rows - 1, y + r);
      v.push(box(iff, x0, y0, x1, y1) / box(im, x0, y0, x1, y1));
    }
    local[r] = v;
    // the region form: every measured window's box share, and for each flagged window the largest
    // box share among the measured windows within r of it (its region opens when that reaches T)
    const sh = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (!weight[i]) continue;
      const x = i % cols, y = (i / cols) | 0;
      const x0 = Math.max(0, x - r), y0 = Math.max(0, y - r), x1 = Math.min(cols - 1, x + r), y1 = Math.min(rows - 1, y + r);
      sh[i] = box(iff, x0, y0, x1, y1) / box(im, x0, y0, x1, y1);
    }
    const w = [];
    for (let i = 0; i < n; i++) {
      if (!flagged[i]) continue;
      const x = i % cols, y = (i / cols) | 0;
      let best = 0;
      for (let yy = Math.max(0, y - r); yy <= Math.min(rows - 1, y + r); yy++) for (let xx = Math.max(0, x - r); xx <= Math.min(cols - 1, x + r); xx++) if (sh[yy * cols + xx] > best) best = sh[yy * cols + xx];
      w.push(best);
    }
    local[`o${r}`] = w;
  }
  return { share: fc / count, flagged: fc, measured: count, local };
}

const rows = [];
const kinds = ['clean', ...kindsText.split(',').filter((k) => k && k !== 'clean')];
for (const kind of kinds) {
  for (const [k, s] of sets.entries()) {
    s.items.forEach((item, i) => {
      if (!item || !('image' in item)) return;
      const image = kind === 'clean' ? item.image : perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image;
      let m = null;
      try { m = measure(image); } catch { /* fails to enrol */ }
      if (m) rows.push({ cond: kind, set: labels[k], finger: s.fingers[i], index: i, m });
    });
  }
}
const maxOf = (v) => v.reduce((a, b) => Math.max(a, b), 0);
const out = { kinds, seed, radii: {} };
const clean = rows.filter((r) => r.cond === 'clean');
for (const r of [...radii, ...radii.map((x) => `o${x}`)]) {
  // the region gate adds to the print gate: a print the print gate opens for changes no further
  const below = (x) => x.m.share < 0.13;
  const maxima = clean.map((x) => (below(x) ? maxOf(x.m.local[r]) : 0)).sort((a, b) => a - b);
  const top = maxima.slice(-6);
  // the smallest threshold above the fourth-largest clean maximum: at most 3 clean prints changed
  const fourth = maxima[maxima.length - 4];
  const report = { cleanMaxQuartiles: [0.25, 0.5, 0.75, 0.9, 0.99].map((p) => +maxima[Math.floor(p * maxima.length)].toFixed(3)), cleanTop6: top.map((v) => +v.toFixed(3)), fourthLargest: fourth, byCond: {} };
  for (const t of [0.2, 0.25, 0.3, 0.4, 0.5, 0.6, fourth + 1e-6]) {
    const key = t === fourth + 1e-6 ? `>${fourth.toFixed(4)}` : `${t}`;
    report.byCond[key] = {};
    for (const cond of kinds) {
      const rs = rows.filter((x) => x.cond === cond);
      const changed = rs.filter((x) => below(x) && x.m.local[r].some((v) => v >= t));
      const perSet = labels.map((l) => changed.filter((x) => x.set === l).length).join(' / ');
      const windows = rs.filter(below).reduce((a, x) => a + x.m.local[r].filter((v) => v >= t).length, 0);
      const flaggedAll = rs.reduce((a, x) => a + x.m.flagged, 0);
      const printGate = rs.filter((x) => x.m.share >= 0.13).length;
      const printGateWindows = rs.filter((x) => x.m.share >= 0.13).reduce((a, x) => a + x.m.flagged, 0);
      report.byCond[key][cond] = `prints ${changed.length} (${perSet}); windows ${windows} of ${flaggedAll} flagged | print gate 0.13: prints ${printGate}, windows ${printGateWindows}`;
    }
  }
  out.radii[r] = report;
}
process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
