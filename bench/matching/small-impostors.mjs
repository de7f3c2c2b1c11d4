#!/usr/bin/env node
// Does a matching change lift impostors of few minutiae past the shipped calibration's threshold?
// (issue 12, smallpair; the small-sensor FMR problem of bench/RESULTS.md "The FMR claim on a small,
// framed sensor"). The four FVC2002 B sets (DB2 at 569 ppi), clean or perturbed by KIND (one kind
// or a chain a+b, with paired-matching-option.mjs's draws mixSeed(SEED, 0, set, image)), every
// impostor pair within a set (a < b, a the probe) scored with the shipped matcher and with each
// change; per band of the pair's smaller minutiae count (< 20, 20–29, 30–39, ≥ 40): impostors, those
// at or above the shipped table's FMR 0.1 % threshold (fmrToThreshold(0.001)), and the genuine
// pairs below it (per set and summed). A list of changes is judged on the same templates.
//
//   node bench/matching/small-impostors.mjs DATA_DIR '[{"bandRampWidth":0.5}]' [clean|KIND] [SEED]
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { prepareTemplate, compareTemplates, fmrToThreshold } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, changesText = '[]', kind = 'clean', seedText = '1'] = process.argv.slice(2);
if (!dataDir) { process.stderr.write("usage: small-impostors.mjs DATA_DIR '[{\"PARAM\":V}]' [clean|KIND] [SEED]\n"); process.exit(2); }
const parsed = JSON.parse(changesText);
const arms = [{}, ...(Array.isArray(parsed) ? parsed : [parsed])];
const seed = Number(seedText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const threshold = fmrToThreshold(0.001);
const bandOf = (n) => (n < 20 ? 0 : n < 30 ? 1 : n < 40 ? 2 : 3);
const BANDS = ['<20', '20-29', '30-39', '>=40'];
const counts = arms.map(() => ({ impostors: [0, 0, 0, 0], high: [0, 0, 0, 0], genuineLow: [0, 0, 0, 0], genuine: [0, 0, 0, 0], perSetHigh: [0, 0, 0, 0] }));
sets.forEach((s, k) => {
  const templates = extractEvalSet(s, kind === 'clean' ? {} : { transform: (image, i) => perturbImage(image, kind, mixSeed(seed, 0, k, i)).image }).templates;
  arms.forEach((change, j) => {
    const M = { ...MATCHING_PARAMETERS, ...change };
    const prepared = templates.map((t) => (t ? prepareTemplate(t, M) : null));
    const c = counts[j];
    for (let a = 0; a < prepared.length; a++) for (let b = a + 1; b < prepared.length; b++) {
      const pa = prepared[a], pb = prepared[b];
      const n = Math.min(templates[a]?.minutiae.length ?? 0, templates[b]?.minutiae.length ?? 0);
      const band = bandOf(n);
      const score = pa && pb ? compareTemplates(pa, pb, M) : 0;
      if (s.fingers[a] === s.fingers[b]) { c.genuine[band]++; if (score < threshold) c.genuineLow[band]++; }
      else { c.impostors[band]++; if (score >= threshold) { c.high[band]++; c.perSetHigh[k]++; } }
    }
  });
});
for (const [j, change] of arms.entries()) {
  const c = counts[j];
  process.stdout.write(`${JSON.stringify({
    change, kind, seed, threshold: Number(threshold.toFixed(3)),
    impostorsAtOrAboveByBand: Object.fromEntries(BANDS.map((b, i) => [b, `${c.high[i]} / ${c.impostors[i]}`])),
    impostorsAtOrAbovePerSet: c.perSetHigh.join(' / '),
    genuineBelowByBand: Object.fromEntries(BANDS.map((b, i) => [b, `${c.genuineLow[i]} / ${c.genuine[i]}`])),
  })}\n`);
}
