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
// perturb --kinds ghost --seed S` draws them). Three variants: kept as extracted; flagged fingers
// without their repeated minutiae (`latentDropRepeats`); and also every finger without its
// minutiae in place on both fingers before it (`latentDropPersistent`). All pairs of each variant
// are scored and the mean all-pairs EER given with 95 % intervals from resampling whole fingers,
// paired (bootstrap-error-rates.ts).
import { extractEvalSet, readEvalSets, scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { bootstrapErrorRates } from '../../dist/matching/bootstrap-error-rates.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { createRng, mixSeed } from '../../dist/synthetic/index.js';
import { findLatentRepeats, withoutLatentRepeats } from '../../dist/transactions/find-latent-repeats.js';
import { deskCaptures } from './desk-captures.mjs';

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


/** Every capture checked and cleaned as the desk does (`params`); the templates after, and how many fingers lost minutiae. */
function desk(templates, fingers, params) {
  const out = [...templates];
  let cleaned = 0, dropped = 0;
  let earlier = [];
  for (const capture of deskCaptures(fingers)) {
    const list = capture.filter((c) => templates[c.index]).map((c) => ({ position: c.position, template: templates[c.index], index: c.index }));
    const latent = findLatentRepeats(list, params, earlier.at(-1));
    const without = withoutLatentRepeats(list, latent, params, earlier);
    for (const f of list) {
      const t = without.get(f.position);
      if (t) { out[f.index] = t; cleaned++; dropped += f.template.minutiae.length - t.minutiae.length; }
    }
    earlier = [...earlier, ...list].slice(-2);
  }
  return { templates: out, cleaned, dropped };
}

// the variants: kept as extracted; the flagged fingers cleaned (latentDropRepeats); and with the
// persistent rule too (latentDropPersistent), for ghost and clean prints
const PAIR = { ...TRANSACTION_PARAMETERS, latentDropPersistent: false };
const BOTH = { ...TRANSACTION_PARAMETERS, latentDropPersistent: true };
const variants = [[], [], [], [], [], []];
const counts = {};
for (const [k, set] of sets.entries()) {
  const clean = extractEvalSet(set).templates;
  const ghost = extractEvalSet(set, { transform: (image, i) => perturbImage(image, 'ghost', mixSeed(seed, 0, k, i)).image }).templates;
  const cp = desk(clean, set.fingers, PAIR), cb = desk(clean, set.fingers, BOTH), gp = desk(ghost, set.fingers, PAIR), gb = desk(ghost, set.fingers, BOTH);
  counts[names[k]] = {
    images: clean.length,
    flagged: { clean: cp.cleaned, ghost: gp.cleaned }, minutiaeDropped: { clean: cp.dropped, ghost: gp.dropped },
    persistentCleaned: { clean: cb.cleaned, ghost: gb.cleaned }, persistentDropped: { clean: cb.dropped, ghost: gb.dropped },
  };
  [ghost, gp.templates, gb.templates, clean, cp.templates, cb.templates].forEach((ts, v) => variants[v].push(scoreEvalSet(set.fingers, ts)));
}
const mean = (row) => (100 * row.reduce((a, r) => a + r.eer, 0)) / row.length;
const est = bootstrapErrorRates(variants, (t) => {
  const m = t.map(mean);
  return [...m, m[1] - m[0], m[2] - m[0], m[2] - m[1], m[4] - m[3], m[5] - m[3], ...t.slice(0, 3).flatMap((row) => row.map((r) => 100 * r.eer))];
}, { rounds, random: createRng(mixSeed(seed, 7001)).next });
const f = (e) => `${e.value.toFixed(2)} [${e.low.toFixed(2)}, ${e.high.toFixed(2)}]`;
const perSet = (v) => est.slice(11 + 4 * v, 15 + 4 * v).map((e) => e.value.toFixed(2)).join(' / ');
const out = {
  seed, rounds, counts,
  meanEerPercent: {
    ghost: f(est[0]), 'ghost, flagged cleaned': f(est[1]), 'ghost, flagged and persistent cleaned': f(est[2]),
    clean: f(est[3]), 'clean, flagged cleaned': f(est[4]), 'clean, flagged and persistent cleaned': f(est[5]),
    'ghost: flagged cleaned − kept': f(est[6]), 'ghost: both − kept': f(est[7]), 'ghost: both − flagged cleaned': f(est[8]),
    'clean: flagged cleaned − kept': f(est[9]), 'clean: both − kept': f(est[10]),
  },
  perSet: { ghost: perSet(0), 'ghost, flagged cleaned': perSet(1), 'ghost, flagged and persistent cleaned': perSet(2) },
};
console.log(JSON.stringify(out, null, 1));
