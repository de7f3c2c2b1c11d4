#!/usr/bin/env node
// Print-level measures for a gate of `orientationFromRidgeNet` (issue 12, wetfield): for every
// image of the four FVC2002 B sets, clean and perturbed by each KIND (the seeds `afis eval perturb
// --kinds KIND` uses), with the shipped parameters:
//   mrc    the median ridge contrast (the learned enhancer's gate measure, grey levels)
//   dis10  the share of foreground blocks where the field read from the ridge network's map
//          (orientationFromRidgeNet 1) and the classical field differ by more than 10°
//   dis    the mean difference there (degrees)
//   flat   the share of foreground blocks whose gradient energy is below a tenth of the print's median
// For each condition: quartiles over all prints and per set, the clean prints' limit (the value at
// or below which 317 of the 320 lie) and how many prints of each condition lie strictly above it.
//
//   node bench/extraction/net-field-print-measures.mjs DATA_DIR KIND[,KIND…] SEED
//
// Figures in bench/RESULTS.md ("wetfield").
import path from 'node:path';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { prepareAnalysis, prepareFields, readFieldFromRidgeNet } from '../../dist/extraction/index.js';
import { medianRidgeContrast } from '../../dist/extraction/score-finger-quality.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, kindsArg = 'wet', seedArg = '1'] = process.argv.slice(2);
if (!dataDir) {
  console.error('usage: node bench/extraction/net-field-print-measures.mjs DATA_DIR KIND[,KIND…] SEED');
  process.exit(2);
}
const kinds = kindsArg.split(',');
const seed = Number(seedArg);
const S = path.join(dataDir, 'fvc2002');
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);
const ON = { ...P, orientationFromRidgeNet: 1 };
const angleDiff = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return (d * 180) / Math.PI; };

function measure(image) {
  const a = prepareAnalysis(image, P);
  const f = prepareFields(image, P);
  const net = readFieldFromRidgeNet(a.orientation, a.normalized, a.mask, ON).orientation;
  const { gxx, gyy } = f.orientationGradients;
  const energies = [];
  let n = 0, over = 0, sum = 0;
  for (let b = 0; b < a.mask.blocks.length; b++) {
    if (!a.mask.blocks[b]) continue;
    energies.push(gxx[b] + gyy[b]);
    const d = angleDiff(a.orientation.angle[b], net.angle[b]);
    n++; sum += d; if (d > 10) over++;
  }
  const sorted = Float64Array.from(energies).sort();
  const median = sorted[sorted.length >> 1];
  const flat = energies.filter((e) => e < 0.1 * median).length / Math.max(1, energies.length);
  return { mrc: medianRidgeContrast(a.mask, a.frequency), dis10: over / Math.max(1, n), dis: sum / Math.max(1, n), flat };
}

const rows = { clean: [] };
for (const k of kinds) rows[k] = [];
for (const [s, set] of sets.entries()) {
  for (const [i, item] of set.items.entries()) {
    if (!item || !('image' in item)) continue;
    try { rows.clean.push({ set: s + 1, ...measure(item.image) }); } catch { /* failed analysis */ }
    for (const k of kinds) {
      try { rows[k].push({ set: s + 1, ...measure(perturbImage(item.image, k, mixSeed(seed, 0, s, i)).image) }); } catch { /* failed analysis */ }
    }
  }
  console.error(`DB${s + 1} done`);
}
const q = (v, p) => { const x = Float64Array.from(v).sort(); return x[Math.min(x.length - 1, Math.floor(p * x.length))]; };
const fmt = (x, m) => (m === 'mrc' || m === 'dis' ? x.toFixed(2) : x.toFixed(3));
const report = { seed, measures: {} };
for (const m of ['mrc', 'dis10', 'dis', 'flat']) {
  const clean = rows.clean.map((r) => r[m]).sort((a, b) => a - b);
  // mrc gates the other way round (low = damaged): its limit is the value at or above which 317 lie
  const low = m === 'mrc';
  const limit = low ? clean[clean.length - 317] : clean[316];
  const out = { cleanLimit: fmt(limit, m) };
  for (const [cond, r] of Object.entries(rows)) {
    const v = r.map((x) => x[m]);
    const beyond = (x) => (low ? x < limit : x > limit);
    out[cond] = {
      quartiles: [0.25, 0.5, 0.75].map((p) => fmt(q(v, p), m)).join(' / '),
      perSetMedian: [1, 2, 3, 4].map((s) => fmt(q(r.filter((x) => x.set === s).map((x) => x[m]), 0.5), m)).join(' / '),
      beyondCleanLimit: `${v.filter(beyond).length} of ${v.length} (per set ${[1, 2, 3, 4].map((s) => r.filter((x) => x.set === s && beyond(x[m])).length).join(' / ')})`,
    };
  }
  report.measures[m] = out;
}
console.log(JSON.stringify(report, null, 1));
