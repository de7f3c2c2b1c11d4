#!/usr/bin/env node
// Quick screen of learned ridge enhancer models (models/ridge-net.md) on real clean sets: each
// set is extracted off (`ridgeNetBlend` 0) and, per model file, at `ridgeNetBlend` W, and its
// all-pairs EER printed (the figure `afis eval fvc` prints), and per model the change against off
// with a 95 % interval from resampling whole fingers (300 rounds, paired, seeded). The model is
// chosen per run with useRidgeNetModel, so candidate files need not replace models/ridge-net.onnx.
//
//   node bench/extraction/ridge-net-screen.mjs MODEL[,MODEL…] SET [SET…] [--blend W]
//
// SET as `afis eval fvc` takes it (DIR or DIR@PPI). Figures in bench/RESULTS.md (enhpore).
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { allPairsErrorRates, bootstrapErrorRates } from '../../dist/matching/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { useRidgeNetModel } from '../../dist/extraction/index.js';

const args = process.argv.slice(2);
const blendAt = args.indexOf('--blend');
const blend = blendAt >= 0 ? Number(args.splice(blendAt, 2)[1]) : 0.5;
const [modelList, ...specs] = args;
if (!modelList || specs.length === 0 || !(blend > 0)) {
  process.stderr.write('usage: ridge-net-screen.mjs MODEL[,MODEL…] SET [SET…] [--blend W]\n');
  process.exit(2);
}
const sets = await readEvalSets(specs);
const scored = (set, parameters) => scoreEvalSet(set.fingers, extractEvalSet(set, { parameters }).templates);
const pct = (v) => (v * 100).toFixed(2);
const models = modelList.split(',');
const result = {};
for (const [k, set] of sets.entries()) {
  const runs = [scored(set, EXTRACTION_PARAMETERS)];
  for (const model of models) {
    useRidgeNetModel(model);
    runs.push(scored(set, { ...EXTRACTION_PARAMETERS, ridgeNetBlend: blend }));
  }
  useRidgeNetModel();
  const change = bootstrapErrorRates(runs.map((r) => [r]), (r) => r.slice(1).map((v) => v[0].eer - r[0][0].eer), { rounds: 300, random: createRng(mixSeed(1, k)).next });
  const row = { off: pct(allPairsErrorRates(runs[0]).eer) };
  models.forEach((model, m) => {
    const c = change[m];
    row[model] = `${pct(allPairsErrorRates(runs[m + 1]).eer)} (change ${pct(c.value)} [${pct(c.low)}, ${pct(c.high)}])`;
  });
  result[specs[k]] = row;
}
process.stdout.write(`${JSON.stringify({ ridgeNetBlend: blend, eerPercent: result }, null, 2)}\n`);
