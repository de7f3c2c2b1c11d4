#!/usr/bin/env node
// countQualityFloor in 1:N's second stage (issue 12, edge): the gallery keeps a minutia's
// quality as one bit (≥ 50 reads back as 75, else 25; "The gallery's compact form"), so the
// option's counts there are coarser than in 1:1. Every unordered pair (a < b) of each FVC2002 B
// set, our extraction, a as the probe as extracted and b as the candidate either as extracted
// (1:1) or as the build's gallery form gives it back (encodeFinger → readCompactFinger, as
// gallery-angle-layouts.mjs); scored with the shipped matcher and with the changes given.
// Mean all-pairs EER of the four arms with a paired bootstrap over whole fingers (95 %, seed 1),
// and the option's change in each form.
//
//   node bench/matching/count-quality-gallery.mjs DATA_DIR ['{"countQualityFloor":0.25}'] [--rounds N]
//
// Figures in bench/RESULTS.md ("Minutiae at the print's edge").
import { readEvalSets, extractEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { MATCHING_PARAMETERS } from '../../dist/config/parameters/matching.js';
import { SEARCH_PARAMETERS } from '../../dist/config/parameters/search.js';
import { encodeFinger } from '../../dist/index/gallery.js';
import { flattenTemplate, readCompactFinger } from '../../dist/index/index.js';
import { allPairsErrorRates, bootstrapErrorRates, compareTemplates, prepareTemplate } from '../../dist/matching/index.js';
import { createRng } from '../../dist/synthetic/index.js';

const args = process.argv.slice(2);
const ri = args.indexOf('--rounds');
const rounds = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 300;
const [dataDir, changes = '{"countQualityFloor":0.25}'] = args;
if (!dataDir) {
  process.stderr.write("usage: count-quality-gallery.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [--rounds N]\n");
  process.exit(2);
}
const candidate = { ...MATCHING_PARAMETERS, ...JSON.parse(changes) };
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const galleryForm = (t) => {
  const e = encodeFinger(flattenTemplate(t), SEARCH_PARAMETERS);
  return readCompactFinger(e.words, 0, e.count, e.quality, !e.minutiaQualityNotReported);
};
const arms = [['shipped, 1:1', MATCHING_PARAMETERS, false], ['shipped, gallery form', MATCHING_PARAMETERS, true], ['option, 1:1', candidate, false], ['option, gallery form', candidate, true]];
const variants = arms.map(() => []);
for (const set of sets) {
  const { templates } = extractEvalSet(set);
  const n = templates.length;
  arms.forEach(([, params, gallery], v) => {
    const probes = templates.map((t) => (t ? prepareTemplate(t, params) : null));
    const cands = templates.map((t) => (t ? prepareTemplate(gallery ? galleryForm(t) : t, params) : null));
    const scores = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) scores[a * n + b] = probes[a] && cands[b] ? compareTemplates(probes[a], cands[b], params) : 0;
    variants[v].push({ fingers: set.fingers, scores });
  });
}
const meanEer = (row) => row.reduce((s, r) => s + r.eer, 0) / row.length;
const est = bootstrapErrorRates(variants, (t) => {
  const m = t.map(meanEer);
  return [...m, m[2] - m[0], m[3] - m[1], m[3] - m[2]];
}, { rounds, random: createRng(1).next });
const pct = (e) => `${(100 * e.value).toFixed(2)} [${(100 * e.low).toFixed(2)}, ${(100 * e.high).toFixed(2)}]`;
console.log(`changes ${changes}; ${rounds} rounds`);
arms.forEach(([name], v) => console.log(`${name}: mean EER ${pct(est[v])}; per set ${variants[v].map((s) => (100 * allPairsErrorRates(s).eer).toFixed(2)).join(' / ')}`));
console.log(`option − shipped, 1:1: ${pct(est[4])}`);
console.log(`option − shipped, gallery form: ${pct(est[5])}`);
console.log(`option: gallery form − 1:1: ${pct(est[6])}`);
