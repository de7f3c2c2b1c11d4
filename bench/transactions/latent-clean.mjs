#!/usr/bin/env node
// What the desk's latent residue check gives back when it also drops the residue's minutiae from
// the flagged finger (src/transactions/find-latent-repeats.ts, withoutLatentRepeats): the four
// FVC2002 B sets taken as a desk takes ten-prints, all pairs scored.
//
//   node bench/transactions/latent-clean.mjs DATA_DIR [--seed S] [--rounds N] [--json]
//
// A set's 10 fingers × 8 impressions are read as 8 captures at one desk, one after the other:
// capture j holds impression j of every finger, as positions 1–10 in finger order. Within a
// capture each finger is checked against the one before it, and a capture's first finger against
// the previous capture's last (as submitCapture does across captures). Every image is extracted
// clean, and with one latent print on the platen (the `ghost` perturbation; seeds as `afis eval
// perturb --kinds ghost --seed S` draws them). Flagged fingers lose their repeated minutiae; all
// pairs of each variant are scored and the mean all-pairs EER given with 95 % intervals from
// resampling whole fingers, paired (bootstrap-error-rates.ts).
import { extractEvalSet, readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { bootstrapErrorRates } from '../../dist/matching/bootstrap-error-rates.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { findLatentRepeats, withoutLatentRepeats } from '../../dist/transactions/find-latent-repeats.js';

const args = process.argv.slice(2);
const data = args[0];
if (!data) {
  console.error('usage: latent-clean.mjs DATA_DIR [--seed S] [--rounds N] [--json]');
  process.exit(2);
}
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const seed = opt('--seed', 1);
const rounds = opt('--rounds', 300);
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));

/** The desk's captures: capture j = impression j of every finger, positions 1… in finger order. */
function captures(fingers) {
  const labels = [...new Set(fingers)].sort((a, b) => a - b);
  const byFinger = labels.map((l) => fingers.flatMap((f, i) => (f === l ? [i] : [])));
  const n = Math.max(...byFinger.map((b) => b.length));
  return Array.from({ length: n }, (_, j) => byFinger.flatMap((b, p) => (b[j] === undefined ? [] : [{ index: b[j], position: p + 1 }])));
}

/** Every capture checked and cleaned as the desk does; the templates after, and how many fingers were flagged. */
function desk(templates, fingers) {
  const out = [...templates];
  let flagged = 0, dropped = 0;
  let before;
  for (const capture of captures(fingers)) {
    const list = capture.filter((c) => templates[c.index]).map((c) => ({ position: c.position, template: templates[c.index], index: c.index }));
    const latent = findLatentRepeats(list, TRANSACTION_PARAMETERS, before);
    const cleaned = withoutLatentRepeats(list, latent, TRANSACTION_PARAMETERS, before);
    for (const f of list) {
      const t = cleaned.get(f.position);
      if (t) { out[f.index] = t; flagged++; dropped += f.template.minutiae.length - t.minutiae.length; }
    }
    if (list.length) before = list[list.length - 1];
  }
  return { templates: out, flagged, dropped };
}

const variants = [[], [], [], []];
const counts = {};
for (const [k, set] of sets.entries()) {
  const clean = extractEvalSet(set).templates;
  const ghost = extractEvalSet(set, { transform: (image, i) => perturbImage(image, 'ghost', mixSeed(seed, 0, k, i)).image }).templates;
  const c = desk(clean, set.fingers), g = desk(ghost, set.fingers);
  counts[names[k]] = { images: clean.length, cleanFlagged: c.flagged, ghostFlagged: g.flagged, ghostDropped: g.dropped };
  [ghost, g.templates, clean, c.templates].forEach((ts, v) => variants[v].push(scoreEvalSet(set.fingers, ts)));
}
const mean = (row) => (100 * row.reduce((a, r) => a + r.eer, 0)) / row.length;
const est = bootstrapErrorRates(variants, (t) => {
  const m = t.map(mean);
  return [m[0], m[1], m[1] - m[0], m[2], m[3], m[3] - m[2], ...t[0].map((r) => 100 * r.eer), ...t[1].map((r) => 100 * r.eer)];
}, { rounds, random: createRng(mixSeed(seed, 7001)).next });
const f = (e) => `${e.value.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`;
const out = {
  seed, rounds, counts,
  meanEerPercent: {
    ghost: f(est[0]), 'ghost, residue dropped': f(est[1]), 'ghost: dropped − kept': f(est[2]),
    clean: f(est[3]), 'clean, residue dropped': f(est[4]), 'clean: dropped − kept': f(est[5]),
  },
  perSet: {
    ghost: est.slice(6, 10).map((e) => e.value.toFixed(2)).join(' / '),
    'ghost, residue dropped': est.slice(10, 14).map((e) => e.value.toFixed(2)).join(' / '),
  },
};
console.log(JSON.stringify(out, null, 1));
