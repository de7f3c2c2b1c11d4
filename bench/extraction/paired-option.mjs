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
// --ridge-model PATH: the on arm alone runs the learned ridge network from PATH (useRidgeNetModel,
// set before and reset after each on-arm run; the off arm keeps the shipped model). PATH is run as
// it is, not mapped to an int8 form: give the int8 file (scripts/quantize-ridge-net.sh) to judge
// a retrained network under `ridgeNetInt8` 1. With '{}' as the option, the model alone is judged.
// --off-ridge-model PATH: the off arm runs the ridge network from PATH instead of the shipped one
// (set before and reset after each off-arm run): a control arm, e.g. the shipped recipe retrained at
// the training seed of the --ridge-models folds without their real data (issue 12, realctl), so a
// data change is judged apart from the seed.
// --ridge-wet-models PATTERN: the wet model of the ridge network's wet gate (`ridgeNetWetGate`,
// useRidgeNetWetModel) per set, {set} → DB1…DB4 (the fold model that never saw the set); set before
// and reset after each set's run in both arms (only the arm with the gate on reads it).
// --ridge-models PATTERN: like --ridge-model, per set: each set k's on arm runs the network from
// PATTERN with {set} replaced by DB1…DB4 (e.g. /tmp/realnet/fold-{set}-int8.onnx), for networks
// trained on real prints leave one set out (scripts/train-ridge-net-real.sh): every set is judged
// with the fold model that never saw it. useRidgeNetModel is set before and reset after each set's run.
// --ridge-finger-models PATTERN: the on arm's network chosen per print, leave fingers out: {half}
// replaced by 1 for the prints of the set's first half of fingers (in finger order; FVC2002 B: 101–105)
// and by 2 for the rest, i.e. PATTERN's 1 must never have seen the first half's fingers and 2 the
// second's (train.py --real-fingers). A diagnosis of whether a set's own texture can be learned from
// other fingers of it; not the leave-one-set-out protocol.
// --smear-gate-model PATH: the on arm alone reads the learned smear gate from PATH (useSmearGateModel,
// set before and reset after each on-arm run; the off arm keeps models/smear-gate.onnx): a retrained
// gate judged against the shipped one, with '{}' as the option.
// --field-models: the learned orientation restoration's model per set (`orientationNetBlend`,
// models/orientation-net.md), for models trained on real prints leave one set out
// (scripts/train-orientation-net.sh): each held-out set k is analysed, by the option's runs, with
// MODELS where {set} is DB1…DB4 (e.g. /tmp/orientation-net/fold-{set}.onnx). Without it,
// models/orientation-net.onnx for every set.
//
// SEED may list several seeds joined by "+" (e.g. 4+5): each seed's perturbed images are scored with
// and without the option, and the pooled change is the mean over the seeds of their paired changes,
// its interval from one resample of whole fingers shared by every seed and the clean arms (the seeds
// perturb the same fingers, so they are not independent); --rounds N (default 300) bootstrap rounds.
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 is read at 569 ppi); the per-set EERs follow the means.
// Figures in bench/RESULTS.md.
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { parsePerturbation, perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { useOrientationNetModel, useRidgeNetFieldModel, useRidgeNetModel, useRidgeNetWetModel, useSmearGateModel } from '../../dist/extraction/index.js';

// RIDGE_NET_FIELD_MODEL (env): the model `orientationFromRidgeNet` reads while `orientationFromRidgeNetModel` is 0 (default
// models/ridge-net-field.onnx); wetfield's figures were made with the full network, models/ridge-net.onnx
if (process.env.RIDGE_NET_FIELD_MODEL) useRidgeNetFieldModel(process.env.RIDGE_NET_FIELD_MODEL);
const args = process.argv.slice(2);
const modelsAt = args.indexOf('--field-models');
const models = modelsAt >= 0 ? args.splice(modelsAt, 2)[1] : undefined;
const smearGateAt = args.indexOf('--smear-gate-model');
const smearGateModel = smearGateAt >= 0 ? args.splice(smearGateAt, 2)[1] : undefined;
if (smearGateAt >= 0 && !smearGateModel) {
  process.stderr.write('paired-option.mjs: --smear-gate-model needs a model file\n');
  process.exit(2);
}
const ridgeAt = args.indexOf('--ridge-model');
const ridgeModel = ridgeAt >= 0 ? args.splice(ridgeAt, 2)[1] : undefined;
const wetModelsAt = args.indexOf('--ridge-wet-models');
const wetModels = wetModelsAt >= 0 ? args.splice(wetModelsAt, 2)[1] : undefined;
if (wetModelsAt >= 0 && !wetModels?.includes('{set}')) {
  process.stderr.write('paired-option.mjs: --ridge-wet-models needs a pattern with {set}\n');
  process.exit(2);
}
const offRidgeAt = args.indexOf('--off-ridge-model');
const offRidgeModel = offRidgeAt >= 0 ? args.splice(offRidgeAt, 2)[1] : undefined;
if (offRidgeAt >= 0 && !offRidgeModel) {
  process.stderr.write('paired-option.mjs: --off-ridge-model needs a model file\n');
  process.exit(2);
}
const ridgeModelsAt = args.indexOf('--ridge-models');
const ridgeModels = ridgeModelsAt >= 0 ? args.splice(ridgeModelsAt, 2)[1] : undefined;
const fingerModelsAt = args.indexOf('--ridge-finger-models');
const fingerModels = fingerModelsAt >= 0 ? args.splice(fingerModelsAt, 2)[1] : undefined;
if (fingerModelsAt >= 0 && (!fingerModels?.includes('{half}') || ridgeModel !== undefined || ridgeModels !== undefined)) {
  process.stderr.write('paired-option.mjs: --ridge-finger-models needs a pattern with {half}, and not with --ridge-model(s)\n');
  process.exit(2);
}
/** Per print of a set, the --ridge-finger-models file that never saw its finger. */
const fingerModelFor = (set) => {
  const order = [...new Set(set.fingers)].sort((a, b) => a - b);
  const firstHalf = new Set(order.slice(0, Math.ceil(order.length / 2)));
  return (i) => fingerModels.replaceAll('{half}', firstHalf.has(set.fingers[i]) ? '1' : '2');
};
const baseAt = args.indexOf('--base');
const base = baseAt >= 0 ? { ...EXTRACTION_PARAMETERS, ...JSON.parse(args.splice(baseAt, 2)[1]) } : EXTRACTION_PARAMETERS;
const matchingAt = args.indexOf('--matching');
const matching = matchingAt >= 0 ? { ...MATCHING_PARAMETERS, ...JSON.parse(args.splice(matchingAt, 2)[1]) } : MATCHING_PARAMETERS;
const matchingOnAt = args.indexOf('--matching-on');
const matchingOn = matchingOnAt >= 0 ? { ...matching, ...JSON.parse(args.splice(matchingOnAt, 2)[1]) } : matching;
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 300;
const [dataDir, changes, kind = 'dry', seedText = '1'] = args;
if (!dataDir || !changes || (modelsAt >= 0 && !models) || (ridgeAt >= 0 && !ridgeModel) || (ridgeModelsAt >= 0 && !ridgeModels?.includes('{set}')) || (ridgeModel !== undefined && ridgeModels !== undefined)) {
  process.stderr.write("usage: paired-option.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND] [SEED] [--field-models MODELS] [--ridge-model PATH | --ridge-models PATTERN_WITH_{set}]\n");
  process.exit(2);
}
// an unknown kind would fail every perturbed image silently (each a failure to enrol, every EER 50 %)
if (!parsePerturbation(kind)) {
  process.stderr.write(`paired-option.mjs: unknown perturbation "${kind}" (a suite kind, or several joined by "+", e.g. the compound dry+low-contrast+crop+frame)\n`);
  process.exit(2);
}
const seeds = seedText.split('+').map(Number);
if (!seeds.every((s) => Number.isInteger(s) && s >= 0) || !(rounds >= 1)) {
  process.stderr.write(`paired-option.mjs: SEED must be an integer or integers joined by "+" and --rounds a positive count, got ${seedText}\n`);
  process.exit(2);
}
const seed = seeds[0];
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const candidate = { ...base, ...JSON.parse(changes) };
const runArm = (parameters, perturbed, scoring = matching, seed = seeds[0]) =>
  sets.map((s, k) => {
    // with --field-models, the fold model that never saw set k
    if (models !== undefined) useOrientationNetModel(models.replaceAll('{set}', `DB${k + 1}`));
    // with --ridge-models, the on arm's ridge network that never saw set k
    const foldRidge = ridgeModels !== undefined && parameters === candidate;
    if (foldRidge) useRidgeNetModel(ridgeModels.replaceAll('{set}', `DB${k + 1}`));
    // with --ridge-wet-models, the wet gate's model for set k (read only by an arm with the gate on)
    if (wetModels !== undefined) useRidgeNetWetModel(wetModels.replaceAll('{set}', `DB${k + 1}`));
    // with --ridge-finger-models, the on arm's network per print (set just before its extraction)
    const byFinger = fingerModels !== undefined && parameters === candidate ? fingerModelFor(s) : undefined;
    const perturb = perturbed ? (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image : undefined;
    const transform = byFinger ? (image, i) => { useRidgeNetModel(byFinger(i)); return perturb ? perturb(image, i) : image; } : perturb;
    try {
      return scoreEvalSet(s.fingers, extractEvalSet(s, {
        parameters,
        ...(transform ? { transform } : {}),
      }).templates, scoring);
    } finally {
      if (foldRidge || byFinger) useRidgeNetModel();
      if (wetModels !== undefined) useRidgeNetWetModel();
    }
  });
// the on arm (the candidate's parameters) with --ridge-model's network and --smear-gate-model's gate,
// the shipped ones restored after, and the off arm with --off-ridge-model's network
const run = (parameters, perturbed, scoring = matching, seed = seeds[0]) => {
  if (smearGateModel === undefined || parameters !== candidate) return runWithRidge(parameters, perturbed, scoring, seed);
  useSmearGateModel(smearGateModel);
  try {
    return runWithRidge(parameters, perturbed, scoring, seed);
  } finally {
    useSmearGateModel();
  }
};
const runWithRidge = (parameters, perturbed, scoring, seed) => {
  const armModel = parameters === candidate ? ridgeModel : offRidgeModel;
  if (armModel === undefined) return runArm(parameters, perturbed, scoring, seed);
  useRidgeNetModel(armModel);
  try {
    return runArm(parameters, perturbed, scoring, seed);
  } finally {
    useRidgeNetModel();
  }
};
const runs = [
  ...seeds.flatMap((s) => [run(base, true, matching, s), run(candidate, true, matchingOn, s)]),
  run(base, false), run(candidate, false, matchingOn),
];
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const S = seeds.length;
const f = bootstrapErrorRates(runs, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  const perSeed = seeds.flatMap((_, j) => [m[2 * j], m[2 * j + 1], m[2 * j + 1] - m[2 * j]]);
  const pooled = S > 1 ? [mean(seeds.map((_, j) => m[2 * j])), mean(seeds.map((_, j) => m[2 * j + 1])), mean(seeds.map((_, j) => m[2 * j + 1] - m[2 * j]))] : [];
  return [...perSeed, ...pooled, m[2 * S], m[2 * S + 1], m[2 * S + 1] - m[2 * S]];
}, { rounds, random: createRng(mixSeed(seed, 0)).next });
const label = (s) => (S > 1 ? `${kind} seed ${s}` : kind);
const names = [
  ...seeds.flatMap((s) => [`${label(s)} off`, `${label(s)} on`, `${label(s)}: on − off`]),
  ...(S > 1 ? [`${kind} pooled off`, `${kind} pooled on`, `${kind} pooled: on − off`] : []),
  'clean off', 'clean on', 'clean: on − off',
];
const pct = (v) => (v * 100).toFixed(2);
const out = Object.fromEntries(f.map((e, i) => [names[i], `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`]));
const perSet = runs.map((r) => r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / '));
const runNames = [...seeds.flatMap((s) => [`${label(s)} off`, `${label(s)} on`]), 'clean off', 'clean on'];
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), ...(baseAt >= 0 ? { base: Object.fromEntries(Object.entries(base).filter(([k, v]) => EXTRACTION_PARAMETERS[k] !== v)) } : {}), ...(matchingAt >= 0 ? { matching: Object.fromEntries(Object.entries(matching).filter(([k, v]) => MATCHING_PARAMETERS[k] !== v)) } : {}), ...(matchingOnAt >= 0 ? { matchingOn: Object.fromEntries(Object.entries(matchingOn).filter(([k, v]) => MATCHING_PARAMETERS[k] !== v)) } : {}), ...(models !== undefined ? { fieldModels: models } : {}), ...(ridgeModel !== undefined ? { ridgeModel } : {}), ...(ridgeModels !== undefined ? { ridgeModels } : {}), ...(offRidgeModel !== undefined ? { offRidgeModel } : {}), ...(wetModels !== undefined ? { ridgeWetModels: wetModels } : {}), ...(fingerModels !== undefined ? { ridgeFingerModels: fingerModels } : {}), kind, seed: S > 1 ? seeds : seed, ...(rounds !== 300 ? { rounds } : {}), meanEerPercent: out, perSet: Object.fromEntries(runNames.map((n, i) => [n, perSet[i]])) }, null, 2)}\n`);
