#!/usr/bin/env node
// Several learned ridge enhancer models (models/ridge-net.md), e.g. one recipe trained at several
// seeds, judged against off on the four FVC2002 B sets, clean or under one perturbation of the
// suite (the seeds `paired-option.mjs` / `afis eval perturb` use). Off is extracted once; each
// model file is chosen with useRidgeNetModel (models/ridge-net.onnx is never replaced) and run with
// CHANGES (default `{"ridgeNetBlend":0.5}`). Printed per model: all-pairs EER per set and the mean
// EER change against off with a 95 % interval from resampling whole fingers (300 rounds, paired);
// and over the models: the mean of their changes with the same resampling (fingers only: the spread
// between models is printed beside it, not folded into the interval).
//
//   node bench/extraction/ridge-net-seeds.mjs DATA_DIR MODEL[,MODEL…] [KIND SEED] [--changes JSON]
//
// KIND clean (default) or one of the suite's perturbations; DATA_DIR holds fvc2002/DB1_B … DB4_B
// (DB2 is read at 569 ppi). Figures in bench/RESULTS.md (enhseed).
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { allPairsErrorRates, bootstrapErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { useRidgeNetModel } from '../../dist/extraction/index.js';

const args = process.argv.slice(2);
const changesAt = args.indexOf('--changes');
const changes = changesAt >= 0 ? JSON.parse(args.splice(changesAt, 2)[1]) : { ridgeNetBlend: 0.5 };
const [dataDir, modelList, kind = 'clean', seedText = '1'] = args;
if (!dataDir || !modelList) {
  process.stderr.write("usage: ridge-net-seeds.mjs DATA_DIR MODEL[,MODEL…] [KIND SEED] [--changes JSON]\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const models = modelList.split(',');
const run = (parameters) =>
  sets.map((s, k) => scoreEvalSet(s.fingers, extractEvalSet(s, {
    parameters,
    ...(kind !== 'clean' ? { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image } : {}),
  }).templates));
const runs = [run(EXTRACTION_PARAMETERS)];
for (const model of models) {
  useRidgeNetModel(model);
  runs.push(run({ ...EXTRACTION_PARAMETERS, ...changes }));
}
useRidgeNetModel();
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
// statistics: per model the mean change, then the mean over models, then DB3's change per model and its mean
const f = bootstrapErrorRates(runs, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  const change = m.slice(1).map((v) => v - m[0]);
  const db3 = r.slice(1).map((x) => x[2].eer - r[0][2].eer);
  return [...change, mean(change), ...db3, mean(db3)];
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const pct = (v) => (v * 100).toFixed(2);
const est = (e) => `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`;
const perSet = (r) => r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / ');
const meanEer = (r) => pct(mean(r.map((x) => allPairsErrorRates(x).eer)));
const n = models.length;
const sd = (v) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / Math.max(1, v.length - 1));
const spread = (v) => `sd ${pct(sd(v))}, range ${pct(Math.min(...v))} … ${pct(Math.max(...v))}`;
const out = {
  changes, kind, seed,
  off: { perSet: perSet(runs[0]), mean: meanEer(runs[0]) },
  models: Object.fromEntries(models.map((model, i) => [model, {
    perSet: perSet(runs[i + 1]), mean: meanEer(runs[i + 1]), meanChange: est(f[i]), db3Change: est(f[n + 1 + i]),
  }])),
  overModels: {
    meanChange: est(f[n]), meanChangeSpread: spread(f.slice(0, n).map((e) => e.value)),
    db3Change: est(f[2 * n + 1]), db3ChangeSpread: spread(f.slice(n + 1, 2 * n + 1).map((e) => e.value)),
  },
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
