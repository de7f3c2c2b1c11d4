#!/usr/bin/env node
// The CPU cost of the period read on the ridge network's map under its options (issue 12, wet3):
// every fourth FVC2002 B image (DB2 at 569 ppi) analysed once with `frequencyFromRidgeNet` 1, then
// `frequencyFromRidgeNet` alone timed on the prepared analyses (process CPU per print, five rounds,
// the arms alternated): off (the map read under the grey's gate), the one-sided gate
// (`frequencyFromRidgeNetMinShare` 0.6, `frequencyFromRidgeNetLongRatio` 1.1) and the gate alone.
// The whole extraction's speed runs on a shared machine are noisier than this step's cost.
//
//   node bench/extraction/period-net-time.mjs DATA_DIR
//
// Figures in bench/RESULTS.md ("Where a wet print's cost sits with the period read from the network").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis, frequencyFromRidgeNet } from '../../dist/extraction/index.js';
import { estimateRidgeFrequency } from '../../dist/extraction/estimate-ridge-frequency.js';
const D = `${process.argv[2] ?? '/work/shared/data'}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const base = { ...EXTRACTION_PARAMETERS, frequencyFromRidgeNet: 1 };
const arms = { off: base, on: { ...base, frequencyFromRidgeNetMinShare: 0.6, frequencyFromRidgeNetLongRatio: 1.1 }, gatedOnly: { ...base, frequencyFromRidgeNetMinShare: 0.6 } };
const items = sets.flatMap((s) => s.items.filter((_, i) => i % 4 === 0).map((it) => it.image));
const prepared = items.map((im) => { const a = prepareAnalysis(im, base); return { a, classical: estimateRidgeFrequency(a.normalized, a.orientation, a.mask.blocks, base) }; });
const t = { off: [], on: [], gatedOnly: [] };
for (let round = 0; round < 5; round++) for (const [name, P] of Object.entries(arms)) {
  const c0 = process.cpuUsage();
  for (const { a, classical } of prepared) frequencyFromRidgeNet(classical, a.ridgeNetRun, a.orientation, a.mask, a.width, a.height, P);
  const c = process.cpuUsage(c0); t[name].push((c.user + c.system) / 1000 / prepared.length);
}
for (const [k, v] of Object.entries(t)) console.log(k, 'ms per print (rounds):', v.map((x) => x.toFixed(2)).join(' '));
