#!/usr/bin/env node
// Does a latent print on the platen make the desk's alteration check flag fingers, and route a
// no-hit as altered? The four FVC2002 B sets read as a desk's captures (bench/transactions/desk-captures.mjs:
// capture j holds impression j of every finger, positions 1… in finger order), clean and with the
// `ghost` perturbation (a synthetic finger's latent left on the platen, seeds as `afis eval perturb
// --kinds ghost --seed S` draws them). Each capture goes through the desk's own preparation
// (src/transactions prepareFingers: the latent check, the flat field of a flagged capture, the drops,
// the platen's residue share, the alteration check on every search finger), the desk's previous
// capture remembered.
//
//   node bench/transactions/latent-alteration.mjs DATA_DIR [--seed S] [--json]
//
// Printed per set and in all: fingers flagged altered, captures with at least
// `alteredFingersToRoute` of them (a no-hit of such a capture is routed as altered prints), and the
// captures whose residue the desk found (a finger repeating the one before it, or the platen advice).
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { extractTemplate } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { detectAlteration, flattenPlaten, platenResidueShare } from '../../dist/quality/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { prepareFingers } from '../../dist/transactions/index.js';
import { deskCaptures } from './desk-captures.mjs';

const args = process.argv.slice(2);
const data = args[0];
if (!data) {
  console.error('usage: latent-alteration.mjs DATA_DIR [--seed S] [--json]');
  process.exit(2);
}
const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : 1;
const names = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const sets = await readEvalSets(names.map((n) => `${data}/fvc2002/${n}`));
const route = TRANSACTION_PARAMETERS.alteredFingersToRoute;

/** Every capture of a set through prepareFingers: { altered fingers, captures routed altered, captures with residue found }. */
async function desk(set, images) {
  const bytes = images.map(() => new Uint8Array(1));
  const decodeImage = async (b) => images[bytes.indexOf(b)];
  let previousFingers = [];
  const out = { captures: 0, altered: 0, routed: 0, residue: 0, withheld: 0 };
  for (const cap of deskCaptures(set.fingers)) {
    const prepared = await prepareFingers(cap.map((c) => ({ position: c.position, impression: 'rolled', image: bytes[c.index] })), {
      decodeImage, extractTemplate: (image) => extractTemplate(image), minQuality: null, previousFingers,
      detectAlteration: (image, template) => detectAlteration(image, template),
      flattenPlaten: (list) => flattenPlaten(list, TRANSACTION_PARAMETERS),
      readPlatenResidue: (list) => platenResidueShare(list, TRANSACTION_PARAMETERS),
    });
    previousFingers = prepared.lastFingers ?? [];
    const altered = (prepared.alteration ?? []).filter((a) => a.altered).length;
    out.captures++;
    out.altered += altered;
    out.withheld += (prepared.alteration ?? []).filter((a) => a.withheld !== undefined).length;
    if (altered >= route) out.routed++;
    if ((prepared.latent ?? []).length > 0 || prepared.platen !== undefined) out.residue++;
  }
  return out;
}

const rows = {};
const total = { clean: {}, ghost: {} };
for (const [k, set] of sets.entries()) {
  const clean = set.items.map((it) => it.image);
  const ghost = clean.map((im, i) => perturbImage(im, 'ghost', mixSeed(seed, 0, k, i)).image);
  rows[names[k]] = { clean: await desk(set, clean), ghost: await desk(set, ghost) };
  for (const arm of ['clean', 'ghost']) for (const [key, v] of Object.entries(rows[names[k]][arm])) total[arm][key] = (total[arm][key] ?? 0) + v;
}
const out = { seed, alteredFingersToRoute: route, sets: rows, total };
if (args.includes('--json')) console.log(JSON.stringify(out, null, 1));
else {
  for (const [name, r] of Object.entries({ ...rows, all: total })) {
    console.log(`${name.padEnd(10)} clean: ${r.clean.altered} fingers altered, ${r.clean.routed}/${r.clean.captures} captures routed altered, residue found ${r.clean.residue}` +
      ` | ghost: ${r.ghost.altered} fingers altered (${r.ghost.withheld} withheld), ${r.ghost.routed}/${r.ghost.captures} routed altered, residue found ${r.ghost.residue}`);
  }
}
