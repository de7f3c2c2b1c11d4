#!/usr/bin/env node
// Paired judgement of matching options on one perturbation of the suite (issue 12), the
// matching counterpart of bench/extraction/paired-option.mjs: the four FVC2002 B sets extracted
// once clean and once perturbed with the seeds `afis eval perturb --kinds KIND` uses (KIND alone
// in the list), every pair scored with the shipped and with the changed matching parameters,
// and the mean EERs, FNMR at FMR 0.1 % and their differences with 95 % intervals from
// resampling whole fingers (the same draws for all four).
//
//   node bench/matching/paired-matching-option.mjs DATA_DIR '{"mccWeight":1,"mccShortlist":2}' [KIND] [SEED] [--kind-index K]
//   node bench/matching/paired-matching-option.mjs DATA_DIR '{"pairingResidualPerRoot":1}' [KIND] [SEED] --base '{"pairingResidualScale":0.1}'
//     (both arms carry the --base changes: the option judged against another instead of shipped)
//   node bench/matching/paired-matching-option.mjs DATA_DIR '[{"maxRoots":24},{"maxWeakRoots":8}]' [KIND] [SEED]
//     (a list of matching-only changes, each judged against shipped as if run alone: the images
//     are extracted once; one JSON object a line)
//
// SEED may list several seeds joined by "+" (e.g. 12+13): each seed's perturbed images are scored
// with and without the change, and the pooled change is the mean over the seeds of their paired
// changes, its interval from one resample of whole fingers shared by every seed and the clean arms
// (as bench/extraction/paired-option.mjs pools); one seed gives the output it always gave.
//
// DATA_DIR holds fvc2002/DB1_B … DB4_B (DB2 is read at 569 ppi). Figures in bench/RESULTS.md.
// Extraction parameters among the changes (e.g. `validAreaCell`, which adds the template's valid
// area without changing its minutiae) apply to the extraction of both arms; the arms differ only
// in the matching parameters.
import { readEvalSets, extractEvalSet, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const argv = process.argv.slice(2);
// --kind-index K: the seed stream `afis eval perturb` uses for the kind at index K of its list (the
// suite's own draw, as wet-stage-oracle.mjs); default 0, paired-option's stream
const kindIndexAt = argv.indexOf('--kind-index');
const kindIndex = kindIndexAt >= 0 ? Number(argv.splice(kindIndexAt, 2)[1]) : 0;
// --base J: matching changes both arms carry (the off arm is shipped + J, the on arm shipped + J +
// the change), to judge an option against another instead of against shipped; default none
const baseAt = argv.indexOf('--base');
const base = baseAt >= 0 ? JSON.parse(argv.splice(baseAt, 2)[1]) : {};
const [dataDir, changes, kind = 'elastic', seedText = '1'] = argv;
if (!dataDir || !changes) {
  process.stderr.write("usage: paired-matching-option.mjs DATA_DIR '{\"PARAM\":VALUE}' [KIND] [SEED]\n");
  process.exit(2);
}
const seeds = seedText.split('+').map(Number);
if (!seeds.every((s) => Number.isInteger(s) && s >= 0)) { process.stderr.write(`SEED ${seedText}: integers joined by +\n`); process.exit(2); }
const seed = seeds[0], S = seeds.length;
const parsed = JSON.parse(changes);
const changeList = Array.isArray(parsed) ? parsed : [parsed];
const split = (change) => {
  const matchingChange = {}, extractionChange = {};
  for (const [k, v] of Object.entries(change)) {
    if (k in MATCHING_PARAMETERS) matchingChange[k] = v;
    else if (k in EXTRACTION_PARAMETERS) extractionChange[k] = v;
    else throw new Error(`${k} is not a matching or extraction parameter`);
  }
  return { matchingChange, extractionChange };
};
const splits = changeList.map(split);
if (Object.keys(split(base).extractionChange).length) throw new Error('--base takes matching parameters only');
const offParams = { ...MATCHING_PARAMETERS, ...base };
if (changeList.length > 1 && splits.some((x) => Object.keys(x.extractionChange).length)) throw new Error('a list of changes takes matching parameters only');
const extraction = { ...EXTRACTION_PARAMETERS, ...splits[0].extractionChange };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const extract = (perturbed, at = seed) => sets.map((s, k) => extractEvalSet(s, perturbed ? { parameters: extraction, transform: (image, i) => perturbImage(image, kind, mixSeed(at, kindIndex, k, i)).image } : { parameters: extraction }).templates);
const perturbedT = seeds.map((s) => extract(true, s)), cleanT = extract(false);
const score = (templates, params) => sets.map((s, k) => scoreEvalSet(s.fingers, templates[k], params));
const shippedPerturbed = perturbedT.map((t) => score(t, offParams)), shippedClean = score(cleanT, offParams);
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const pct = (v) => (v * 100).toFixed(2);
for (const [ci, change] of changeList.entries()) {
  const candidate = { ...offParams, ...splits[ci].matchingChange };
  // per seed its perturbed arms (off, on), then the clean arms
  const runs = [...shippedPerturbed.flatMap((sh, j) => [sh, score(perturbedT[j], candidate)]), shippedClean, score(cleanT, candidate)];
  const f = bootstrapErrorRates(runs, (r) => [(q) => q.eer, (q) => q.fmr1000].flatMap((figure) => {
    const m = r.map((x) => mean(x.map(figure)));
    const perSeed = seeds.flatMap((_, j) => [m[2 * j], m[2 * j + 1], m[2 * j + 1] - m[2 * j]]);
    const pooled = S > 1 ? [mean(seeds.map((_, j) => m[2 * j])), mean(seeds.map((_, j) => m[2 * j + 1])), mean(seeds.map((_, j) => m[2 * j + 1] - m[2 * j]))] : [];
    return [...perSeed, ...pooled, m[2 * S], m[2 * S + 1], m[2 * S + 1] - m[2 * S]];
  }), { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
  const label = (s) => (S > 1 ? `${kind} seed ${s}` : kind);
  const names = [
    ...seeds.flatMap((s) => [`${label(s)} off`, `${label(s)} on`, `${label(s)}: on − off`]),
    ...(S > 1 ? [`${kind} pooled off`, `${kind} pooled on`, `${kind} pooled: on − off`] : []),
    'clean off', 'clean on', 'clean: on − off',
  ];
  const row = (o) => Object.fromEntries(names.map((nm, i) => [nm, `${pct(f[o + i].value)} [${pct(f[o + i].low)}, ${pct(f[o + i].high)}]`]));
  const runNames = [...seeds.flatMap((s) => [`${label(s)} off`, `${label(s)} on`]), 'clean off', 'clean on'];
  const perSet = runs.map((r) => r.map((x) => { const e = allPairsErrorRates(x); return `${pct(e.eer)}/${pct(e.fmr1000)}`; }).join(' '));
  // the impostor tail per set: the top impostor, the FMR 0.1 % threshold (the (⌊0.001 · impostors⌋ + 1)-th
  // highest) and how many impostors tie with it
  const tail = runs.map((r) => r.map((x) => {
    const n = x.fingers.length, imp = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (x.fingers[a] !== x.fingers[b]) imp.push(x.scores[a * n + b]);
    imp.sort((u, v) => v - u);
    const thr = imp[Math.floor(0.001 * imp.length)];
    return `${imp[0].toFixed(2)}/${thr.toFixed(2)}/${imp.filter((v) => v === thr).length}`;
  }).join(' '));
  process.stdout.write(`${JSON.stringify({
    changes: change, ...(baseAt >= 0 ? { base } : {}), kind, seed: S > 1 ? seeds : seed,
    meanEerPercent: row(0), meanFnmrAtFmr1000Percent: row(names.length),
    perSetEerFnmr: Object.fromEntries(runNames.map((nm, i) => [nm, perSet[i]])),
    perSetTopImpostorThresholdTies: Object.fromEntries(runNames.map((nm, i) => [nm, tail[i]])),
  }, null, changeList.length > 1 ? 0 : 2)}\n`);
}
