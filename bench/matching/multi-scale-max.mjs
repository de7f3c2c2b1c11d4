#!/usr/bin/env node
// A second chance at fixed scales, with and without the orientation map (issue 12, rescale;
// prototype, not built): every pair of the four FVC2002 B sets is compared with the probe as it
// is and as rescaled by each factor in SCALES (rescalePreparedTemplate: the same minutiae and map
// at the new scale), and scored by the best of them. Before the map, a second comparison at
// another scale lifted impostors about as much as scaled genuine pairs (bench/RESULTS.md,
// "period-rescale", "Re-pairing at the pairing's own scale"); the map now weighs each
// comparison's score by its field agreement, so an impostor's rescaled pairing must also carry
// the field. Arms: shipped, best-of-scales (map on), and both with the map's weight 0. Mean EER and
// FNMR at FMR 0.1 % over the four sets, clean and under `resolution` (paired-matching-option.mjs's
// seeds); no bootstrap (a screen).
//
//   node bench/matching/multi-scale-max.mjs DATA_DIR [SEED] [SCALES, e.g. 0.9,1.1] [PRIOR]
//
// PRIOR ρ ≤ 1: a rescaled comparison's score counts ρ times (a prior against a scale error), so it
// must beat the plain one by 1/ρ to replace it.
//
// Figures in bench/RESULTS.md ("The matcher's scale tolerance re-judged with the orientation map on … (rescale)").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplates, computeErrorRates } from '../../dist/matching/index.js';
import { rescalePreparedTemplate } from '../../dist/matching/prepare-template.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, seedText = '1', scalesText = '0.9,1.1', priorText = '1'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: multi-scale-max.mjs DATA_DIR [SEED] [SCALES]\n');
  process.exit(2);
}
const seed = Number(seedText), scales = scalesText.split(',').map(Number), prior = Number(priorText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const extract = (perturbed) => sets.map((s, k) => extractEvalSet(s, perturbed ? { parameters: EXTRACTION_PARAMETERS, transform: (image, i) => perturbImage(image, 'resolution', mixSeed(seed, 0, k, i)).image } : { parameters: EXTRACTION_PARAMETERS }).templates);

/** Per set: genuine and impostor scores of the plain comparison and of the best over the scales. */
function scoreSets(templates, params) {
  return sets.map((s, k) => {
    const t = templates[k], n = t.length;
    const prepared = t.map((x) => (x ? prepareTemplate(x, params) : null));
    const out = { plain: { g: [], i: [] }, best: { g: [], i: [] }, lifted: { g: 0, i: 0 } };
    for (let a = 0; a < n; a++) {
      const pa = prepared[a];
      if (!pa) continue;
      const copies = scales.map((f) => rescalePreparedTemplate(pa, f, params));
      for (let b = a + 1; b < n; b++) {
        const pb = prepared[b];
        if (!pb) continue;
        const plain = compareTemplates(pa, pb, params);
        let best = plain;
        for (const c of copies) best = Math.max(best, prior * compareTemplates(c, pb, params));
        const side = s.fingers[a] === s.fingers[b] ? 'g' : 'i';
        out.plain[side].push(plain); out.best[side].push(best);
        if (best > plain * 1.2 + 1e-9) out.lifted[side]++;
      }
    }
    return out;
  });
}

const pct = (v) => (100 * v).toFixed(2);
const mean = (v) => v.reduce((x, y) => x + y, 0) / v.length;
function summary(per) {
  const r = {};
  for (const arm of ['plain', 'best']) {
    const e = per.map((x) => computeErrorRates(x[arm].g, x[arm].i));
    r[arm] = `${pct(mean(e.map((q) => q.eer)))} % (${e.map((q) => pct(q.eer)).join('/')}), FNMR@0.1 % ${pct(mean(e.map((q) => q.fmr1000)))} %`;
  }
  const gs = per.reduce((x, p) => x + p.plain.g.length, 0), is = per.reduce((x, p) => x + p.plain.i.length, 0);
  r.liftedOver20Percent = `genuine ${(100 * per.reduce((x, p) => x + p.lifted.g, 0) / gs).toFixed(1)} %, impostor ${(100 * per.reduce((x, p) => x + p.lifted.i, 0) / is).toFixed(1)} %`;
  return r;
}

const clean = extract(false), res = extract(true);
const out = { seed, scales, prior };
for (const [name, params] of [['map on', MATCHING_PARAMETERS], ['map off', { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 }]]) {
  out[name] = { clean: summary(scoreSets(clean, params)), resolution: summary(scoreSets(res, params)) };
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
