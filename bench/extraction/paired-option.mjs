#!/usr/bin/env node
// Paired judgement of one extraction option on one perturbation of the suite (issue 12):
// the four FVC2002 B sets extracted with and without the option, clean and perturbed with the
// seeds `afis eval perturb --kinds KIND` uses (KIND alone in the list), all pairs scored, and
// the mean EERs and their differences with 95 % intervals from resampling whole fingers.
//
//   node bench/extraction/paired-option.mjs DATA_DIR '{"enhancementBlankSpotRadius":3}' [KIND] [SEED] [--field-models MODELS] [--matching JSON]
//
// --base: extraction parameters (changes to EXTRACTION_PARAMETERS) both arms are extracted with,
// the option's changes added on top for the on arm, e.g. to judge ridgeNetInt8 with
// orientationFromRidgeNet on in both arms.
// --matching: matching parameters (changes to MATCHING_PARAMETERS) both arms are scored with, to
// judge an extraction option under a matcher option that is off by default.
// --matching-on: matching parameters the on arm alone is scored with (after --matching), to judge an
// extraction option and a matcher change together against the shipped pair.
// --field-models: the learned orientation restoration's model per set (`orientationNetBlend`,
// models/orientation-net.md), for models trained on real prints leave one set out
// (scripts/train-orientation-net.sh): each held-out set k is analysed, by the option's runs, with
// MODELS where {set} is DB1…DB4 (e.g. /tmp/orientation-net/fold-{set}.onnx). Without it,
// models/orientation-net.onnx for every set.
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 is read at 569 ppi); the per-set EERs follow the means.
// Figures in bench/RESULTS.md.
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { useOrientationNetModel, useRidgeNetFieldModel } from '../../dist/extraction/index.js';

// RIDGE_NET_FIELD_MODEL (env): the model `orientationFromRidgeNet` reads while `orientationFromRidgeNetModel` is 0 (default
// models/ridge-net-field.onnx); wetfield's figures were made with the full network, models/ridge-net.onnx
if (process.env.RIDGE_NET_FIELD_MODEL) useRidgeNetFieldModel(process.env.RIDGE_NET_FIELD_MODEL);
const args = process.argv.slice(2);
const modelsAt = args.indexOf('--field-models');
const models = modelsAt >= 0 ? args.splice(modelsAt, 2)[1] : undefined;
const baseAt = args.indexOf('--base');
const base = baseAt >= 0 ? { ...EXTRACTION_PARAMETERS, ...JSON.parse(args.splice(baseAt, 2)[1]) } : EXTRACTION_PARAMETERS;
const matchingAt = args.indexOf('--matching');
const matching = matchingAt >= 0 ? { ...MATCHING_PARAMETERS, ...JSON.parse(args.splice(matchingAt, 2)[1]) } : MATCHING_PARAMETERS;
const matchingOnAt = args.indexOf('--matching-on');
const matchingOn = matchingOnAt >= 0 ? { ...matching, ...JSON.parse(args.splice(matchingOnAt, 2)[1]) } : matching;
const [dataDir, changes, kind = 'dry', seedText = '1'] = args;
if (!dataDir || !changes || (modelsAt >= 0 && !models)) {
  process.stderr.write("usage: paired-option.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND] [SEED] [--field-models MODELS]\n");
  process.exit(2);
}
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const candidate = { ...base, ...JSON.parse(changes) };
const run = (parameters, perturbed, scoring = matching) =>
  sets.map((s, k) => {
    // with --field-models, the fold model that never saw set k
    if (models !== undefined) useOrientationNetModel(models.replaceAll('{set}', `DB${k + 1}`));
    return scoreEvalSet(s.fingers, extractEvalSet(s, {
      parameters,
      ...(perturbed ? { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image } : {}),
    }).templates, scoring);
  });
const runs = [run(base, true), run(candidate, true, matchingOn), run(base, false), run(candidate, false, matchingOn)];
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const f = bootstrapErrorRates(runs, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  return [m[0], m[1], m[1] - m[0], m[2], m[3], m[3] - m[2]];
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const names = [`${kind} off`, `${kind} on`, `${kind}: on − off`, 'clean off', 'clean on', 'clean: on − off'];
const pct = (v) => (v * 100).toFixed(2);
const out = Object.fromEntries(f.map((e, i) => [names[i], `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`]));
const perSet = runs.map((r) => r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / '));
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), ...(baseAt >= 0 ? { base: Object.fromEntries(Object.entries(base).filter(([k, v]) => EXTRACTION_PARAMETERS[k] !== v)) } : {}), ...(matchingAt >= 0 ? { matching: Object.fromEntries(Object.entries(matching).filter(([k, v]) => MATCHING_PARAMETERS[k] !== v)) } : {}), ...(matchingOnAt >= 0 ? { matchingOn: Object.fromEntries(Object.entries(matchingOn).filter(([k, v]) => MATCHING_PARAMETERS[k] !== v)) } : {}), ...(models !== undefined ? { fieldModels: models } : {}), kind, seed, meanEerPercent: out, perSet: { [`${kind} off`]: perSet[0], [`${kind} on`]: perSet[1], 'clean off': perSet[2], 'clean on': perSet[3] } }, null, 2)}\n`);
