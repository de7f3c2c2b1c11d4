#!/usr/bin/env node
// Can the previous applicant's residue make an applicant hit the previous applicant? FVC2002 as a
// desk: applicant X's finger (impression 1) was captured and enrolled; it left its latent on the
// platen; applicant Y's finger is captured next (impression 2), with X's print overlaid as residue
// (X's ridges darken Y's capture by a depth drawn in `ghostDepth` grey levels, scaled by the
// pixel's lightness, as the `ghost` perturbation draws its synthetic finger; nothing moves).
//
//   node bench/transactions/latent-false-hits.mjs DATA_DIR [--seed S] [--json]
//
// For every ordered pair of different fingers X, Y of a set (same image size: one scanner), Y's
// capture is scored against X's enrolled impression 1 (the print that left the residue) with the
// shipped matcher: without residue, with it, and with it after the desk's latent check
// (findLatentRepeats / withoutLatentRepeats against X's capture as the finger before). Printed:
// how many of the 360 comparisons (4 sets × 90) reach the scores of FMR 1 %, 0.1 % and 0.01 %
// (the shipped calibration), the median score, and how many Y captures the check flagged.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { PERTURBATION_PARAMETERS, TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { extractTemplate } from '../../dist/extraction/index.js';
import { compareTemplates, fmrToThreshold, median, prepareTemplate } from '../../dist/matching/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { findLatentRepeats, withoutLatentRepeats } from '../../dist/transactions/find-latent-repeats.js';

const args = process.argv.slice(2);
const data = args[0];
if (!data) {
  console.error('usage: latent-false-hits.mjs DATA_DIR [--seed S] [--json]');
  process.exit(2);
}
const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 1;
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));
const levels = [0.01, 0.001, 0.0001];
const thresholds = levels.map((f) => fmrToThreshold(f));
const [d0, d1] = PERTURBATION_PARAMETERS.ghostDepth;

/** `image` with `residue`'s ridges left on the platen, `depth` grey levels deep at white. */
function withResidue(image, residue, depth) {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    const v = image.data[i];
    data[i] = Math.max(0, Math.round(v - depth * (1 - residue.data[i] / 255) * (v / 255)));
  }
  return { ...image, data };
}

const variants = { clean: [], residue: [], checked: [] };
let flagged = 0, pairs = 0;
for (const [k, set] of sets.entries()) {
  const byFinger = new Map();
  set.items.forEach((item, i) => {
    if (!item || !('image' in item)) return;
    const f = set.fingers[i];
    if (!byFinger.has(f)) byFinger.set(f, []);
    byFinger.get(f).push(item.image);
  });
  const fingers = [...byFinger.keys()].sort((a, b) => a - b);
  const enrolled = new Map(fingers.map((f) => [f, extractTemplate(byFinger.get(f)[0])]));
  const prepared = new Map(fingers.map((f) => [f, prepareTemplate(enrolled.get(f))]));
  const rng = createRng(mixSeed(seed, 9001, k));
  for (const x of fingers) for (const y of fingers) {
    if (x === y) continue;
    const residue = byFinger.get(x)[0], capture = byFinger.get(y)[1];
    if (residue.width !== capture.width || residue.height !== capture.height) continue;
    pairs++;
    const depth = d0 + rng.next() * (d1 - d0);
    const clean = extractTemplate(capture);
    const dirty = extractTemplate(withResidue(capture, residue, depth));
    const before = { position: 10, template: enrolled.get(x) };
    const list = [{ position: 1, template: dirty }];
    const latent = findLatentRepeats(list, TRANSACTION_PARAMETERS, before);
    if (latent.length) flagged++;
    const checked = withoutLatentRepeats(list, latent, TRANSACTION_PARAMETERS, [before]).get(1) ?? dirty;
    const score = (t) => compareTemplates(prepareTemplate(t), prepared.get(x));
    variants.clean.push(score(clean));
    variants.residue.push(score(dirty));
    variants.checked.push(score(checked));
  }
}
const out = { seed, pairs, flagged, thresholds: Object.fromEntries(levels.map((f, i) => [String(f), Number(thresholds[i].toFixed(2))])), variants: {} };
for (const [name, scores] of Object.entries(variants)) {
  out.variants[name] = {
    median: Number(median(scores).toFixed(2)),
    max: Number(Math.max(...scores).toFixed(2)),
    ...Object.fromEntries(levels.map((f, i) => [`at FMR ${f}`, scores.filter((s) => s >= thresholds[i]).length])),
  };
}
console.log(JSON.stringify(out, null, 1));
