#!/usr/bin/env node
// Paired judgement of one extraction option with a jitter control (issue 12, sixteenth session):
// DB3's clean EER moves by a point for a nudge of the period smoothing alone (bench/RESULTS.md,
// "A wet print"), because a few genuine pairs of one finger sit on the threshold and swing by tens
// of points for any change of their templates. One paired run then reads that swing as the
// option's effect. Here both arms are run at several nudges of a shipped parameter (by default
// the period smoothing 1.8 … 2.2) and the option's effect is the mean over the nudges of the
// paired difference, with a 95 % interval from resampling whole fingers (the same resample for
// every nudge); each nudge's own difference is listed too.
//
//   node bench/extraction/paired-option-jitter.mjs DATA_DIR '{"PARAM":VALUE}' [KIND|clean] [SEED] [--nudge PARAM=v1,v2,…] [--sets DIR,DIR,…] [--base JSON] [--matching JSON]
//
// --base: extraction parameters both arms are extracted with (the option added on top for the on arm),
// e.g. '{"frequencyFromRidgeNet":1}' to judge an option with the period read from the network on.
// --matching: matching parameters (changes to MATCHING_PARAMETERS) both arms are scored with; a JSON
// list of such changes scores the same templates with each in turn (one result a line, `{}` the
// shipped matcher), so an extraction option's cost can be compared under several matchers at the
// cost of one extraction.
// --matching-on: matching changes the on arm alone is scored with (after --matching), to judge an
// extraction option and a matcher change together against the shipped pair.
// --ridge-model PATH: the on arms alone run the learned ridge network from PATH (useRidgeNetModel,
// reset after each on arm; the off arms keep the shipped model), run as it is (give the int8 file to
// judge a retrained network under `ridgeNetInt8` 1); with '{}' as the option the model alone is judged.
// --ridge-models PATTERN: the same per set: set k's on arms run the network from PATTERN with {set}
// replaced by DB1…DB4 (networks trained on real prints leave one set out,
// scripts/train-ridge-net-real.sh: each set judged with the fold model that never saw it); set
// before and reset after each set's extraction. Only with the four FVC2002 sets (not --sets).
// --off-ridge-model PATH: the off arms run the ridge network from PATH instead of the shipped one
// (reset after each): a control arm (paired-option.mjs says more).
// --ridge-wet-models PATTERN: the wet model of the ridge network's wet gate (`ridgeNetWetGate`,
// useRidgeNetWetModel) per set, {set} → DB1…DB4 (each set's fold model that never saw it); set
// before and reset after each set's extraction in every arm (only an arm with the gate on reads it).
// --ridge-finger-models PATTERN: the on arms' network per print, leave fingers out ({half} → 1 for the
// set's first half of fingers in finger order, 2 for the rest; paired-option.mjs says more).
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 read at 569 ppi); --sets instead judges on these
// folders (FVC-named images, e.g. what `afis synth` wrote; DIR@PPI as for afis eval).
// Figures in bench/RESULTS.md.
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { useRidgeNetModel, useRidgeNetWetModel } from '../../dist/extraction/index.js';

const args = process.argv.slice(2);
const nudgeAt = args.indexOf('--nudge');
const nudgeText = nudgeAt >= 0 ? args.splice(nudgeAt, 2)[1] : 'frequencySmoothingSigma=1.8,1.9,2,2.1,2.2';
const setsAt = args.indexOf('--sets');
const setList = setsAt >= 0 ? args.splice(setsAt, 2)[1]?.split(',') : undefined;
const matchingOnAt = args.indexOf('--matching-on');
const matchingOnChange = matchingOnAt >= 0 ? JSON.parse(args.splice(matchingOnAt, 2)[1]) : null;
const matchingAt = args.indexOf('--matching');
const matchingParsed = matchingAt >= 0 ? JSON.parse(args.splice(matchingAt, 2)[1]) : {};
const matchings = (Array.isArray(matchingParsed) ? matchingParsed : [matchingParsed]).map((m) => {
  for (const k of Object.keys(m)) if (!(k in MATCHING_PARAMETERS)) throw new Error(`--matching: no matching parameter ${k}`);
  return m;
});
const ridgeAt = args.indexOf('--ridge-model');
const ridgeModel = ridgeAt >= 0 ? args.splice(ridgeAt, 2)[1] : undefined;
if (ridgeAt >= 0 && !ridgeModel) throw new Error('--ridge-model: a model file');
const offRidgeAt = args.indexOf('--off-ridge-model');
const offRidgeModel = offRidgeAt >= 0 ? args.splice(offRidgeAt, 2)[1] : undefined;
if (offRidgeAt >= 0 && !offRidgeModel) throw new Error('--off-ridge-model: a model file');
const ridgeModelsAt = args.indexOf('--ridge-models');
const ridgeModels = ridgeModelsAt >= 0 ? args.splice(ridgeModelsAt, 2)[1] : undefined;
if (ridgeModelsAt >= 0 && !ridgeModels?.includes('{set}')) throw new Error('--ridge-models: a file pattern with {set}');
if (ridgeModel !== undefined && ridgeModels !== undefined) throw new Error('--ridge-model or --ridge-models, not both');
const wetModelsAt = args.indexOf('--ridge-wet-models');
const wetModels = wetModelsAt >= 0 ? args.splice(wetModelsAt, 2)[1] : undefined;
if (wetModelsAt >= 0 && !wetModels?.includes('{set}')) throw new Error('--ridge-wet-models: a file pattern with {set}');
if (wetModels !== undefined && setList) throw new Error('--ridge-wet-models names the FVC2002 sets DB1…DB4: not with --sets');
const fingerModelsAt = args.indexOf('--ridge-finger-models');
const fingerModels = fingerModelsAt >= 0 ? args.splice(fingerModelsAt, 2)[1] : undefined;
if (fingerModelsAt >= 0 && (!fingerModels?.includes('{half}') || ridgeModel !== undefined || ridgeModels !== undefined)) throw new Error('--ridge-finger-models: a pattern with {half}, not with --ridge-model(s)');
if (ridgeModels !== undefined && setList) throw new Error('--ridge-models names the FVC2002 sets DB1…DB4: not with --sets');
const baseAt = args.indexOf('--base');
const baseChange = baseAt >= 0 ? JSON.parse(args.splice(baseAt, 2)[1]) : {};
for (const k of Object.keys(baseChange)) if (!(k in EXTRACTION_PARAMETERS)) throw new Error(`--base: no extraction parameter ${k}`);
const [dataDir, changes, kind = 'clean', seedText = '1'] = args;
if (!dataDir || !changes || !nudgeText?.includes('=')) {
  process.stderr.write("usage: paired-option-jitter.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND|clean] [SEED] [--nudge PARAM=v1,v2,…]\n");
  process.exit(2);
}
const [nudgeName, nudgeList] = nudgeText.split('=');
if (!(nudgeName in EXTRACTION_PARAMETERS)) throw new Error(`--nudge: no extraction parameter ${nudgeName}`);
const nudges = nudgeList.split(',').map(Number);
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets(setList ?? [`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const option = JSON.parse(changes);
// every arm's templates extracted once, scored with each matcher
// fold: with --ridge-models, the on arm's set k is extracted with the ridge network that never saw it
const fingerModelFor = (set) => {
  const order = [...new Set(set.fingers)].sort((a, b) => a - b);
  const firstHalf = new Set(order.slice(0, Math.ceil(order.length / 2)));
  return (i) => fingerModels.replaceAll('{half}', firstHalf.has(set.fingers[i]) ? '1' : '2');
};
const extractAll = (parameters, fold = false) =>
  sets.map((s, k) => {
    if (fold && ridgeModels !== undefined) useRidgeNetModel(ridgeModels.replaceAll('{set}', `DB${k + 1}`));
    if (wetModels !== undefined) useRidgeNetWetModel(wetModels.replaceAll('{set}', `DB${k + 1}`));
    const byFinger = fold && fingerModels !== undefined ? fingerModelFor(s) : undefined;
    const perturb = kind !== 'clean' ? (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image : undefined;
    const transform = byFinger ? (image, i) => { useRidgeNetModel(byFinger(i)); return perturb ? perturb(image, i) : image; } : perturb;
    try {
      return extractEvalSet(s, {
        parameters,
        ...(transform ? { transform } : {}),
      }).templates;
    } finally {
      if (fold) useRidgeNetModel();
      if (wetModels !== undefined) useRidgeNetWetModel();
    }
  });
// templates: for each nudge, off then on
const templates = [];
for (const v of nudges) {
  const base = { ...EXTRACTION_PARAMETERS, ...baseChange, [nudgeName]: v };
  if (offRidgeModel !== undefined) useRidgeNetModel(offRidgeModel);
  try {
    templates.push(extractAll(base));
  } finally {
    if (offRidgeModel !== undefined) useRidgeNetModel();
  }
  if (ridgeModel !== undefined) useRidgeNetModel(ridgeModel);
  try {
    templates.push(extractAll({ ...base, ...option }, ridgeModels !== undefined || fingerModels !== undefined));
  } finally {
    if (ridgeModel !== undefined) useRidgeNetModel();
  }
}
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const nN = nudges.length;
for (const matchingChange of matchings) {
const matching = { ...MATCHING_PARAMETERS, ...matchingChange };
const matchingOn = matchingOnChange ? { ...matching, ...matchingOnChange } : matching;
// arms alternate off, on
const runs = templates.map((arm, a) => sets.map((s, k) => scoreEvalSet(s.fingers, arm[k], a % 2 === 1 ? matchingOn : matching)));
const f = bootstrapErrorRates(runs, (r) => {
  const m = r.map((x) => mean(x.map((e) => e.eer)));
  const d = nudges.map((_, j) => m[2 * j + 1] - m[2 * j]);
  // per set, the mean over nudges of the difference
  const perSet = sets.map((_, k) => mean(nudges.map((__, j) => r[2 * j + 1][k].eer - r[2 * j][k].eer)));
  return [mean(nudges.map((_, j) => m[2 * j])), mean(nudges.map((_, j) => m[2 * j + 1])), mean(d), ...d, ...perSet];
}, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
const pct = (e) => `${(e.value * 100).toFixed(2)} [${(e.low * 100).toFixed(2)}, ${(e.high * 100).toFixed(2)}]`;
const names = ['off (mean over nudges)', 'on (mean over nudges)', 'on − off (mean over nudges)', ...nudges.map((v) => `on − off at ${nudgeName} ${v}`), ...sets.map((s, k) => `${setList ? s.label : `DB${k + 1}`}: on − off (mean over nudges)`)];
const out = Object.fromEntries(f.map((e, i) => [names[i], pct(e)]));
const perSet = runs.map((r) => r.map((x) => (allPairsErrorRates(x).eer * 100).toFixed(2)).join(' / '));
const table = Object.fromEntries(nudges.map((v, j) => [`${nudgeName} ${v}`, { off: perSet[2 * j], on: perSet[2 * j + 1] }]));
process.stdout.write(`${JSON.stringify({ changes: option, ...(baseAt >= 0 ? { base: baseChange } : {}), ...(matchingAt >= 0 ? { matching: matchingChange } : {}), ...(matchingOnChange ? { matchingOn: matchingOnChange } : {}), ...(ridgeModel !== undefined ? { ridgeModel } : {}), ...(ridgeModels !== undefined ? { ridgeModels } : {}), ...(offRidgeModel !== undefined ? { offRidgeModel } : {}), ...(fingerModels !== undefined ? { ridgeFingerModels: fingerModels } : {}), kind, seed, nudge: nudgeName, meanEerPercent: out, perSet: table }, null, matchings.length > 1 ? 0 : 2)}\n`);
}
