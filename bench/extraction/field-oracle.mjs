#!/usr/bin/env node
// How much of a perturbation's cost the fields carry (issue 12, wet): every image of the four
// FVC2002 B sets (DB2 at 569 ppi) is perturbed by KIND with the seeds `afis eval perturb --kinds
// KIND` uses (KIND alone in the list), analysed, and enhanced and extracted again with some of
// the clean image's fields in place of its own (oracles):
//   shipped                 the perturbed image's own fields (checked: equals the shipped extraction)
//   clean mask              the clean image's foreground mask
//   clean period+mask       the clean ridge-period field (with the clean mask)
//   clean orientation+mask  the clean orientation field (with the clean mask)
//   clean fields+mask       both fields and the mask
// The clean mask goes with every field: outside it the clean fields were never measured, so a
// perturbed mask that spills past it would be enhanced from empty blocks. Only kinds that keep
// the image's size and every point in place (dry, wet, low-contrast, residue, …) can be read so.
// Per variant the mean all-pairs EER over the sets and per set (no intervals: an oracle, not a
// candidate).
//
//   node bench/extraction/field-oracle.mjs DATA_DIR KIND [SEED]
//
// Figures in bench/RESULTS.md ("A wet print").
import path from 'node:path';
import { readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, enhanceRidges, extractFromAnalysis, prepareAnalysis, selectFilters } from '../../dist/extraction/index.js';
import { allPairsErrorRates } from '../../dist/matching/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, kind, seedArg] = process.argv.slice(2);
if (!dataDir || !kind) {
  console.error('usage: node bench/extraction/field-oracle.mjs DATA_DIR KIND [SEED]');
  process.exit(2);
}
const seed = Number(seedArg ?? 1);
const S = path.join(dataDir, 'fvc2002');
const sets = await readEvalSets([`${S}/DB1_B`, `${S}/DB2_B@569`, `${S}/DB3_B`, `${S}/DB4_B`]);
const variants = {
  shipped: (c, w) => w,
  'clean mask': (c, w) => ({ ...w, mask: c.mask }),
  'clean period+mask': (c, w) => ({ ...w, frequency: c.frequency, mask: c.mask }),
  'clean orientation+mask': (c, w) => ({ ...w, orientation: c.orientation, mask: c.mask }),
  'clean fields+mask': (c, w) => ({ ...w, orientation: c.orientation, frequency: c.frequency, mask: c.mask }),
};
const eers = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
const started = Date.now();
for (const [k, set] of sets.entries()) {
  const templates = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  const shippedCheck = [];
  for (const [i, item] of set.items.entries()) {
    const image = item.image;
    const p = perturbImage(image, kind, mixSeed(seed, 0, k, i));
    const moved = p.mapPoint(17, 23);
    if (p.image.width !== image.width || p.image.height !== image.height || !moved || moved[0] !== 17 || moved[1] !== 23) {
      console.error(`${kind} moves or resizes the image: its fields cannot be compared with the clean image's`);
      process.exit(2);
    }
    const clean = prepareAnalysis(image, P);
    const own = prepareAnalysis(p.image, P);
    for (const [name, pick] of Object.entries(variants)) {
      const fields = pick(clean, own);
      const selection = selectFilters(p.image.width, p.image.height, fields.orientation, fields.frequency, P);
      const enhanced = enhanceRidges(own.normalized, selection, fields.mask.pixels, P);
      let t = null;
      try { t = extractFromAnalysis(p.image, { ...own, ...fields, enhanced }, P, NO_DEBUG); } catch { t = null; }
      templates[name].push(t);
    }
    // the shipped row must be the shipped extraction (the same fields, the same enhancement)
    if (i % 10 === 0) {
      let t = null;
      try { t = extractFromAnalysis(p.image, analyzeFingerprint(p.image, P), P, NO_DEBUG); } catch { t = null; }
      shippedCheck.push(JSON.stringify(t?.minutiae ?? null) === JSON.stringify(templates.shipped.at(-1)?.minutiae ?? null));
    }
  }
  if (!shippedCheck.every(Boolean)) console.error(`${set.label}: the shipped row differs from the shipped extraction on ${shippedCheck.filter((x) => !x).length} of ${shippedCheck.length} checked images`);
  for (const name of Object.keys(variants)) eers[name].push(allPairsErrorRates(scoreEvalSet(set.fingers, templates[name])).eer);
}
const pct = (v) => (100 * v).toFixed(2);
console.log(JSON.stringify({
  kind, seed, seconds: Math.round((Date.now() - started) / 1000),
  meanEerPercent: Object.fromEntries(Object.entries(eers).map(([name, e]) => [name, { mean: pct(e.reduce((a, b) => a + b, 0) / e.length), sets: e.map(pct).join(' / ') }])),
}, null, 1));
