#!/usr/bin/env node
// Does the alteration check flag unaltered fingers captured badly? FVC2002's four B sets, every image
// perturbed by one capture fault at a time (src/perturbation: a faint half, dry skin, wet skin, a
// latent print on the platen, smudges …; seeds as `afis eval perturb --kinds K --seed S` draws a
// kind listed first), each print's detectAlteration read with its own template. Printed per kind:
// fingers flagged (per set), ten-print captures (impression j of every finger) with at least
// `alteredFingersToRoute` flagged — a no-hit of such a capture is routed as altered prints — and the
// signs that flagged them.
//
//   npm run build && node bench/alteration/capture-faults.mjs DATA_DIR [--seed S] [--kinds clean,low-contrast,…] [--set NAME=V]... [--json]
//
// --set changes an alteration parameter (ALTERATION_PARAMETERS); `clean` is the images as they are.
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { ALTERATION_PARAMETERS, TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { faultFlags } from './fault-flags.mjs';

const args = process.argv.slice(2);
const data = args[0];
if (!data || data.startsWith('--')) {
  console.error('usage: capture-faults.mjs DATA_DIR [--seed S] [--kinds K,…] [--set NAME=V]... [--json]');
  process.exit(2);
}
const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 1;
const kinds = (args.includes('--kinds') ? args[args.indexOf('--kinds') + 1] : 'clean,low-contrast,dry,wet,residue,ghost').split(',');
const changes = {};
args.forEach((a, i) => {
  if (a !== '--set') return;
  const [k, v] = args[i + 1].split('=');
  if (!(k in ALTERATION_PARAMETERS)) throw new Error(`unknown alteration parameter ${k}`);
  changes[k] = Number(v);
});
const AP = { ...ALTERATION_PARAMETERS, ...changes };
const route = TRANSACTION_PARAMETERS.alteredFingersToRoute;
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));

const rows = kinds.map((kind) => faultFlags(sets, kind, seed, AP));
if (args.includes('--json')) console.log(JSON.stringify({ seed, changes, alteredFingersToRoute: route, rows }, null, 1));
else {
  for (const r of rows) {
    console.log(`${r.kind.padEnd(13)} ${r.flagged}/${r.fingers} fingers flagged (${r.perSet.join(' / ')}), ${r.routed}/${r.captures} captures with ≥ ${route}, signs ${JSON.stringify(r.signs)}`);
  }
}
