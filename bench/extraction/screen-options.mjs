#!/usr/bin/env node
// paired-option.mjs for several candidates at once, for options that act after the analysis
// (the minutia filters, the learned check, the dry-region detector): each image, clean and
// perturbed (the seeds `afis eval perturb --kinds KIND` uses), is analysed once with the shipped
// parameters and its skeleton half run with every candidate's. Each candidate's figures are
// computed exactly as paired-option.mjs computes them (same bootstrap draws), so a row equals
// that script's output for the candidate alone, provided the candidate leaves the analysis as
// shipped (checked: a candidate that changes analysis parameters is refused).
//
//   node bench/extraction/screen-options.mjs DATA_DIR '[{"PARAM":VALUE,…},…]' [KIND] [SEED] [--models MODELS] [--stage STAGES]
//
// --models: the dry-region detector's model per set, for models trained on real prints leave one
// set out (models/minutia-net-real.md, scripts/train-minutia-net-real.sh): each held-out set k is
// extracted with the fold model that never saw it, MODELS with {set} → DB1 … DB4 (e.g.
// /tmp/minutia-net-real/fold-{set}.onnx). Without it, models/minutia-net.onnx for every set.
// --stage: likewise the dry repair's second-stage weights per set (`minutiaNetStage*Threshold`,
// scripts/train-minutia-net-stage.sh's WORKDIR/fold-{set}.json). Without it, models/minutia-net-stage.json.
//
// Figures in bench/RESULTS.md.
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { isFailureToEnrol, NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, extractFromAnalysis, useDryStageModel, useMinutiaNetModel } from '../../dist/extraction/index.js';
import { bootstrapErrorRates, allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const modelsAt = args.indexOf('--models');
const models = modelsAt >= 0 ? args.splice(modelsAt, 2)[1] : undefined;
const stageAt = args.indexOf('--stage');
const stages = stageAt >= 0 ? args.splice(stageAt, 2)[1] : undefined;
const [dataDir, candidatesText, kind = 'dry', seedText = '1'] = args;
if (!dataDir || !candidatesText || (modelsAt >= 0 && !models) || (stageAt >= 0 && !stages)) {
  process.stderr.write("usage: screen-options.mjs DATA_DIR '[{\"PARAM\":VALUE},…]' [KIND] [SEED] [--models MODELS] [--stage STAGES]\n");
  process.exit(2);
}
// the parameters read after the analysis (extractFromAnalysis); anything else would need its own analysis
const AFTER_ANALYSIS = /^(minutiaNet|minutiaCheck|cleaning|gap|tail|fragment|pore|border|cluster|maxMinutiae|direction|bifurcation)/;
const seed = Number(seedText);
const candidates = JSON.parse(candidatesText);
for (const c of candidates) {
  for (const name of Object.keys(c)) {
    if (!(name in EXTRACTION_PARAMETERS)) throw new Error(`unknown parameter ${name}`);
    if (!AFTER_ANALYSIS.test(name)) throw new Error(`${name} may act in the analysis: use paired-option.mjs`);
  }
}
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const variants = [EXTRACTION_PARAMETERS, ...candidates.map((c) => ({ ...EXTRACTION_PARAMETERS, ...c }))];
// templates[perturbed ? 1 : 0][variant][set]
const templates = [0, 1].map(() => variants.map(() => sets.map(() => [])));
for (const [k, s] of sets.entries()) {
  // with --models, the fold model that never saw set k
  if (models !== undefined) useMinutiaNetModel(models.replaceAll('{set}', `DB${k + 1}`));
  // with --stage, the second-stage weights fitted without set k
  if (stages !== undefined) useDryStageModel(stages.replaceAll('{set}', `DB${k + 1}`));
  s.items.forEach((item, i) => {
    for (const perturbed of [0, 1]) {
      if (!item || 'template' in item) {
        for (const [v] of variants.entries()) templates[perturbed][v][k].push(item ? item.template : null);
        continue;
      }
      const image = perturbed ? perturbImage(item.image, kind, mixSeed(seed, 0, k, i)).image : item.image;
      let analysis = null;
      try {
        analysis = analyzeFingerprint(image, EXTRACTION_PARAMETERS);
      } catch (err) {
        if (!isFailureToEnrol(err)) throw err;
      }
      for (const [v, parameters] of variants.entries()) {
        let t = null;
        if (analysis) {
          try {
            t = extractFromAnalysis(image, analysis, parameters, NO_DEBUG);
          } catch (err) {
            if (!isFailureToEnrol(err)) throw err;
          }
        }
        templates[perturbed][v][k].push(t);
      }
    }
  });
}
const scored = templates.map((byVariant) => byVariant.map((bySet) => bySet.map((t, k) => scoreEvalSet(sets[k].fingers, t))));
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const pct = (v) => (v * 100).toFixed(2);
const rows = candidates.map((changes, c) => {
  const runs = [scored[1][0], scored[1][c + 1], scored[0][0], scored[0][c + 1]];
  const f = bootstrapErrorRates(runs, (r) => {
    const m = r.map((x) => mean(x.map((e) => e.eer)));
    return [m[0], m[1], m[1] - m[0], m[2], m[3], m[3] - m[2]];
  }, { rounds: 300, random: createRng(mixSeed(seed, 0)).next });
  const names = [`${kind} off`, `${kind} on`, `${kind}: on − off`, 'clean off', 'clean on', 'clean: on − off'];
  const perSet = runs.map((r) => r.map((x) => pct(allPairsErrorRates(x).eer)).join(' / '));
  return {
    changes, ...(models !== undefined ? { models } : {}), ...(stages !== undefined ? { stages } : {}), kind, seed,
    meanEerPercent: Object.fromEntries(f.map((e, i) => [names[i], `${pct(e.value)} [${pct(e.low)}, ${pct(e.high)}]`])),
    perSet: { [`${kind} off`]: perSet[0], [`${kind} on`]: perSet[1], 'clean off': perSet[2], 'clean on': perSet[3] },
  };
});
process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
