#!/usr/bin/env node
// Quick screen of learned ridge enhancer models (models/ridge-net.md) on real clean sets: each
// set is extracted off (`ridgeNetBlend` 0) and, per model file, at `ridgeNetBlend` W, and its
// all-pairs EER printed (the figure `afis eval fvc` prints, without its bootstrap). The model is
// chosen per run with useRidgeNetModel, so candidate files need not replace models/ridge-net.onnx.
//
//   node bench/extraction/ridge-net-screen.mjs MODEL[,MODEL…] SET [SET…] [--blend W]
//
// SET as `afis eval fvc` takes it (DIR or DIR@PPI). Figures in bench/RESULTS.md (enhpore).
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
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
const eer = (set, parameters) => (allPairsErrorRates(scoreEvalSet(set.fingers, extractEvalSet(set, { parameters }).templates)).eer * 100).toFixed(2);
const result = {};
for (const [k, set] of sets.entries()) {
  const row = { off: eer(set, EXTRACTION_PARAMETERS) };
  for (const model of modelList.split(',')) {
    useRidgeNetModel(model);
    row[model] = eer(set, { ...EXTRACTION_PARAMETERS, ridgeNetBlend: blend });
  }
  useRidgeNetModel();
  result[specs[k]] = row;
}
process.stdout.write(`${JSON.stringify({ ridgeNetBlend: blend, eerPercent: result }, null, 2)}\n`);
