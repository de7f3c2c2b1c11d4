#!/usr/bin/env node
// The desk's latent residue check (src/transactions/find-latent-repeats.ts) on real prints: how
// often it flags where there is no residue, and how often where there is.
//
//   node bench/transactions/latent-repeats.mjs DATA_DIR [--ghost-seed S] [--json]
//
// Each FVC2002 B set (DB2 at 569 ppi) extracted as shipped. Within a capture the check compares a
// rolled finger with the finger captured before it; across captures, the first finger of an
// applicant with the last finger of the desk's previous applicant. Read here as:
// - consecutive: every capture against the capture before it in the folder's order (mostly the same
//   finger placed again: the hardest case for a check that must not flag a finger placed twice);
// - different fingers: every ordered pair of captures of two different fingers (what one applicant's
//   first finger and the previous applicant's last finger are, or two fingers of one hand);
// - same finger: every pair of impressions of one finger (a genuine hit the examiner sees: how often
//   its minutiae lie in place without alignment, `residueSuspected` in the examination);
// - with --ghost-seed S, the consecutive pairs again with one latent print on every capture (the
//   `ghost` perturbation, seeds as `afis eval perturb --kinds ghost --seed S` draws them).
// Printed per set: pairs, flagged (≥ latentMinRepeats), the largest repeat count, and the counts'
// histogram.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { extractTemplate } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { findLatentRepeats } from '../../dist/transactions/find-latent-repeats.js';

const args = process.argv.slice(2);
const data = args[0];
if (!data) {
  console.error('usage: latent-repeats.mjs DATA_DIR [--ghost-seed S] [--json]');
  process.exit(2);
}
const ghostAt = args.indexOf('--ghost-seed');
const ghostSeed = ghostAt >= 0 ? Number(args[ghostAt + 1]) : undefined;
const json = args.includes('--json');
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));
const counting = { ...TRANSACTION_PARAMETERS, latentMinRepeats: 0 };
const repeats = (before, after) => findLatentRepeats([{ position: 1, template: after }], counting, { position: 10, template: before })[0]?.repeats ?? 0;

function tally(pairs) {
  const histogram = {};
  let flagged = 0, max = 0;
  for (const k of pairs) {
    histogram[k] = (histogram[k] ?? 0) + 1;
    if (k >= TRANSACTION_PARAMETERS.latentMinRepeats) flagged++;
    max = Math.max(max, k);
  }
  return { pairs: pairs.length, flagged, max, histogram };
}

const out = { latentMinRepeats: TRANSACTION_PARAMETERS.latentMinRepeats, ghostSeed: ghostSeed ?? null, sets: {} };
for (const [s, set] of sets.entries()) {
  const items = set.items.map((item, i) => ({ finger: set.fingers[i], image: item && 'image' in item ? item.image : null }))
    .filter((it) => it.image !== null);
  const clean = items.map((it) => extractTemplate(it.image));
  const consecutive = [], different = [], same = [];
  for (let i = 1; i < clean.length; i++) consecutive.push(repeats(clean[i - 1], clean[i]));
  for (let i = 0; i < clean.length; i++) for (let j = 0; j < clean.length; j++) if (items[i].finger !== items[j].finger) different.push(repeats(clean[i], clean[j]));
  for (let i = 0; i < clean.length; i++) for (let j = i + 1; j < clean.length; j++) if (items[i].finger === items[j].finger) same.push(repeats(clean[i], clean[j]));
  const row = { consecutive: tally(consecutive), differentFingers: tally(different), sameFinger: tally(same) };
  if (ghostSeed !== undefined) {
    const ghosted = items.map((it, i) => extractTemplate(perturbImage(it.image, 'ghost', mixSeed(ghostSeed, 0, s, i)).image));
    const withGhost = [];
    for (let i = 1; i < ghosted.length; i++) withGhost.push(repeats(ghosted[i - 1], ghosted[i]));
    row.consecutiveWithGhost = tally(withGhost);
  }
  out.sets[names[s]] = row;
}
if (json) console.log(JSON.stringify(out, null, 1));
else {
  for (const [name, row] of Object.entries(out.sets)) {
    for (const [what, t] of Object.entries(row)) console.log(`${name.padEnd(10)} ${what.padEnd(22)} ${String(t.flagged).padStart(5)} of ${String(t.pairs).padEnd(5)} flagged, most repeats ${t.max}`);
  }
}
