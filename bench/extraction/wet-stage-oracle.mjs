#!/usr/bin/env node
// Which stage loses a perturbed print's genuine pairs under a given parameter set (issue 12, wet3):
// field-oracle.mjs's swaps, made with the extraction as it now runs (the field and the period read
// from the ridge network, the learned enhancer's faint-print gate; `enhanceAnalysis` enhances every
// variant exactly as `analyzeFingerprint` does), with intervals, and in both directions. Every image
// of the chosen FVC2002 B sets (DB2 at 569 ppi) is perturbed by KIND with the seeds `paired-option.mjs
// … KIND SEED` uses, both images analysed with PARAMS, and templates made from:
//   clean                       the clean image as extracted
//   shipped                     the perturbed image as extracted (checked on every tenth image)
//   P + clean mask              the perturbed pixels and fields, the clean foreground mask
//   P, fields read in the clean mask  the perturbed pixels, their fields measured inside the clean
//                               mask (as if segmentation had kept the clean print's area)
//   P + clean orientation       … the clean orientation field too (its own period, read along its own field)
//   P + clean orient., re-read  … the clean orientation, the period read again along it on the
//                               perturbed pixels (and the network's map, as the options say)
//   P + clean period            … the clean period field (own orientation)
//   P + clean fields            … both clean fields (with the clean mask)
//   C + P fields                the CLEAN pixels enhanced with the perturbed image's mask and fields:
//                               what the fields alone cost when the pixels are intact
// With the clean mask every field swap is read inside it (outside, the clean fields were never
// measured). Per variant: mean all-pairs EER over the sets and per set, and its paired change against
// `shipped` with a 95 % interval from resampling whole fingers (--rounds, default 300). Per set also
// the perturbed field against the clean one over the blocks both masks hold: mean |Δθ|, share > 10°,
// mean |Δ period|, share |Δ period| > 1 px, and the minutia count ratio perturbed / clean.
//
//   node bench/extraction/wet-stage-oracle.mjs DATA_DIR KIND SEED ['{"frequencyFromRidgeNet":1}'] [--sets 3,4] [--rounds N] [--kind-index K]
//
// Figures in bench/RESULTS.md ("Where a wet print's cost sits with the period read from the network").
import { scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, enhanceAnalysis, extractFromAnalysis, prepareAnalysis } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { fieldReaders, readSuiteDraw, shippedRowDiffers, variantEerRows } from './suite-draw.mjs';

const { pick, rounds, kindIndex, kind, seed, changes, P, sets } = await readSuiteDraw('wet-stage-oracle.mjs');
const { rereadPeriod, fieldsWithin } = fieldReaders(P);
const variants = {
  clean: (c) => ({ image: 'clean', a: c }),
  shipped: (c, w) => ({ image: 'perturbed', a: w }),
  'P + clean mask': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask } }),
  'P, fields read in the clean mask': (c, w, img) => ({ image: 'perturbed', a: fieldsWithin(img, c.mask) }),
  'P + clean orientation': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: c.orientation } }),
  'P + clean orient., re-read': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: c.orientation, frequency: rereadPeriod(w, c.orientation, c.mask) } }),
  'P + clean period': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, frequency: c.frequency } }),
  'P + clean fields': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: c.orientation, frequency: c.frequency } }),
  'C + P fields': (c, w) => ({ image: 'clean', a: { ...c, mask: w.mask, orientation: w.orientation, frequency: w.frequency } }),
};
if (P.fadedJointRepair > 0 || P.fadedFieldContrastShare > 0) process.stderr.write('wet-stage-oracle.mjs: the re-read period leaves the faded repair out\n');
const names = Object.keys(variants);
const scored = names.map(() => []);
const fieldRows = [];
const started = Date.now();
for (const [k, set] of sets.entries()) {
  const templates = names.map(() => []);
  let checked = 0;
  let differ = 0;
  const acc = { n: 0, dTheta: 0, over10: 0, dPeriod: 0, over1: 0, minutiaeC: 0, minutiaeP: 0 };
  for (const [i, item] of set.items.entries()) {
    const image = item.image;
    const p = perturbImage(image, kind, mixSeed(seed, kindIndex, pick[k] - 1, i));
    const moved = p.mapPoint(17, 23);
    if (p.image.width !== image.width || p.image.height !== image.height || !moved || moved[0] !== 17 || moved[1] !== 23) {
      process.stderr.write(`${kind} moves or resizes the image: its fields cannot be swapped with the clean image's\n`);
      process.exit(2);
    }
    let c = null;
    let w = null;
    try { c = prepareAnalysis(image, P); w = prepareAnalysis(p.image, P); } catch { /* failure to enrol: every variant null */ }
    for (const [j, name] of names.entries()) {
      let t = null;
      if (c && w) {
        const { image: which, a } = variants[name](c, w, p.image);
        const img = which === 'clean' ? image : p.image;
        try { t = extractFromAnalysis(img, enhanceAnalysis(img, a, P, NO_DEBUG), P, NO_DEBUG); } catch { t = null; }
      }
      templates[j].push(t);
    }
    if (c && w) {
      const b = c.mask.blocks;
      for (let q = 0; q < b.length; q++) {
        if (!b[q] || !w.mask.blocks[q]) continue;
        let d = Math.abs(c.orientation.angle[q] - w.orientation.angle[q]);
        if (d > Math.PI / 2) d = Math.PI - d;
        const dp = Math.abs(c.frequency.period[q] - w.frequency.period[q]);
        acc.n++; acc.dTheta += d; acc.over10 += d > (10 * Math.PI) / 180 ? 1 : 0; acc.dPeriod += dp; acc.over1 += dp > 1 ? 1 : 0;
      }
      acc.minutiaeC += templates[0].at(-1)?.minutiae.length ?? 0;
      acc.minutiaeP += templates[1].at(-1)?.minutiae.length ?? 0;
    }
    // the shipped row must be the shipped extraction, and the fields read in the perturbed print's own
    // mask must be its own fields
    if (i % 10 === 0) {
      checked++;
      if (shippedRowDiffers(P, fieldsWithin, set.label, i, p.image, w, templates[1].at(-1))) differ++;
    }
  }
  if (differ) process.stderr.write(`${set.label}: the shipped row differs from the shipped extraction on ${differ} of ${checked} checked images\n`);
  fieldRows.push({
    set: set.label,
    meanAngleDeg: ((acc.dTheta / acc.n) * 180 / Math.PI).toFixed(2),
    over10: (acc.over10 / acc.n).toFixed(3),
    meanPeriodPx: (acc.dPeriod / acc.n).toFixed(2),
    over1px: (acc.over1 / acc.n).toFixed(3),
    minutiaRatio: (acc.minutiaeP / acc.minutiaeC).toFixed(3),
  });
  for (const j of names.keys()) scored[j].push(scoreEvalSet(set.fingers, templates[j]));
}
const rows = variantEerRows(names, scored, rounds, seed);
process.stdout.write(`${JSON.stringify({ kind, seed, kindIndex, changes: JSON.parse(changes), sets: sets.map((x) => x.label), rounds, seconds: Math.round((Date.now() - started) / 1000), meanEerPercent: rows, fields: fieldRows }, null, 2)}\n`);
