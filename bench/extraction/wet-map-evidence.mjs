#!/usr/bin/env node
// How clear the ridge network's map is where a wet print's fields go wrong (issue 12, wet3): over
// every second image of the four FVC2002 B sets, clean and wet (the seeds of `paired-option.mjs …
// wet SEED`), both analysed with PARAMS, per set the quantiles of
//   - the map's spectral share (the period estimator's ridge evidence, read on the map over the
//     blocks well inside the run's box, as frequencyFromRidgeNet reads it) in the clean prints'
//     sampled windows, in the wet prints' windows whose period reads within 1 px of the clean print's
//     ("near") and in those more than 1 px long ("far"), and the share of each below 0.5 / 0.6;
//   - the map's coherence (the orientation estimator's on the map's block moments) in the clean
//     prints' foreground blocks and in the wet blocks whose direction is within / beyond 10° of the
//     clean print's, and the share of each below 0.3 / 0.4 / 0.6 / 0.8.
//
//   node bench/extraction/wet-map-evidence.mjs DATA_DIR [SEED] ['{"frequencyFromRidgeNet":1}'] [--sets 3]
//
// --sets: only these of the four sets (1 = DB1 … 4 = DB4; each keeps its own perturbation seeds).
// RIDGE_NET_MODEL (env): the ridge network's model file (useRidgeNetModel) for both the clean and
// the wet prints, run as it is (an int8 file for `ridgeNetInt8` 1; wetnet2).
//
// Figures in bench/RESULTS.md ("Where a wet print's cost sits with the period read from the network").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis, useRidgeNetModel } from '../../dist/extraction/index.js';
import { computeBlockGradients } from '../../dist/extraction/compute-block-gradients.js';
import { computeOrientationVectors } from '../../dist/extraction/compute-orientation-field.js';
import { estimateRidgeFrequency } from '../../dist/extraction/estimate-ridge-frequency.js';
import { blocksWellInsideBox } from '../../dist/extraction/orientation-from-ridge-net.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

if (process.env.RIDGE_NET_MODEL) useRidgeNetModel(process.env.RIDGE_NET_MODEL);
const args = process.argv.slice(2);
const at = args.indexOf('--sets');
const pick = (at >= 0 ? args.splice(at, 2)[1] : '1,2,3,4').split(',').map(Number);
const [dataDir, seedText = '1', changes = '{"frequencyFromRidgeNet":1}'] = args;
if (!dataDir) {
  process.stderr.write("usage: wet-map-evidence.mjs DATA_DIR [SEED] ['{\"PARAM\":VALUE}']\n");
  process.exit(2);
}
const seed = Number(seedText);
const P = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const all = [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`];
const sets = await readEvalSets(pick.map((k) => all[k - 1]));
const q = (v, f) => { const a = Float64Array.from(v).sort(); return f.map((z) => a[Math.floor(z * (a.length - 1))]?.toFixed(2)).join(' / '); };
const below = (v, t) => `${((100 * v.filter((x) => x < t).length) / v.length).toFixed(1)} %`;
const gap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d; };
const mapEvidence = (a) => {
  const g = computeBlockGradients(a.ridgeNetRun.map, a.width, a.height, a.orientation.grid);
  const coherence = computeOrientationVectors(g, a.mask.blocks, P).coherence;
  const inside = blocksWellInsideBox(a.ridgeNetRun.box, a.orientation.grid, a.width, a.height);
  for (let b = 0; b < inside.length; b++) if (!a.mask.blocks[b]) inside[b] = 0;
  const f = estimateRidgeFrequency({ width: a.width, height: a.height, data: a.ridgeNetRun.map }, a.orientation, inside, P);
  return { coherence, share: f.share, sampled: f.sampled };
};
const out = [];
for (const [k, set] of sets.entries()) {
  const share = { clean: [], near: [], far: [] };
  const coh = { clean: [], near: [], far: [] };
  for (const [i, item] of set.items.entries()) {
    if (i % 2) continue;
    const p = perturbImage(item.image, 'wet', mixSeed(seed, 0, pick[k] - 1, i));
    let c; let w;
    try { c = prepareAnalysis(item.image, P); w = prepareAnalysis(p.image, P); } catch { continue; }
    if (!c.ridgeNetRun || !w.ridgeNetRun) continue;
    const mc = mapEvidence(c);
    const mw = mapEvidence(w);
    for (let b = 0; b < mc.share.length; b++) {
      if (mc.sampled[b]) share.clean.push(mc.share[b]);
      if (c.mask.blocks[b]) coh.clean.push(mc.coherence[b]);
      if (!c.mask.blocks[b] || !w.mask.blocks[b]) continue;
      if (mw.sampled[b]) share[w.frequency.period[b] - c.frequency.period[b] > 1 ? 'far' : 'near'].push(mw.share[b]);
      coh[gap(c.orientation.angle[b], w.orientation.angle[b]) > Math.PI / 18 ? 'far' : 'near'].push(mw.coherence[b]);
    }
  }
  const f = [0.05, 0.1, 0.25, 0.5, 0.75];
  out.push({
    set: set.label,
    mapShareQ05_10_25_50_75: Object.fromEntries(Object.entries(share).map(([k2, v]) => [k2, `${q(v, f)}; < 0.5 ${below(v, 0.5)}, < 0.6 ${below(v, 0.6)} (n ${v.length})`])),
    mapCoherenceQ05_10_25_50_75: Object.fromEntries(Object.entries(coh).map(([k2, v]) => [k2, `${q(v, f)}; < 0.3 ${below(v, 0.3)}, < 0.4 ${below(v, 0.4)}, < 0.6 ${below(v, 0.6)}, < 0.8 ${below(v, 0.8)} (n ${v.length})`])),
  });
}
process.stdout.write(`${JSON.stringify({ seed, changes: JSON.parse(changes), ...(process.env.RIDGE_NET_MODEL ? { ridgeModel: process.env.RIDGE_NET_MODEL } : {}), sets: out }, null, 2)}\n`);
