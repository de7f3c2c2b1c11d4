// The alteration check on unaltered prints under one capture fault: every image of the sets
// perturbed as `afis eval perturb --kinds KIND --seed S` draws a kind listed first (`clean` = the
// images as they are), each print's detectAlteration read with its own template, and the sets read
// as a desk's ten-print captures (impression j of every finger). Used by capture-faults.mjs and by
// the accuracy guard tests/accuracy/alteration-capture-faults.test.ts.
import { TRANSACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { extractTemplate } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { detectAlteration } from '../../dist/quality/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { deskCaptures } from '../transactions/desk-captures.mjs';

/**
 * Fingers flagged (in all and per set), captures with at least `alteredFingersToRoute` flagged
 * fingers (a no-hit of such a capture is routed as altered prints), and the signs of the flags.
 */
export function faultFlags(sets, kind, seed, params) {
  const route = TRANSACTION_PARAMETERS.alteredFingersToRoute;
  const row = { kind, fingers: 0, flagged: 0, perSet: [], captures: 0, routed: 0, signs: {} };
  for (const [k, set] of sets.entries()) {
    const flags = set.items.map((it, i) => {
      if (!it || !('image' in it)) throw new Error(`${kind}: image ${i} of set ${k} did not decode`);
      const image = kind === 'clean' ? it.image : perturbImage(it.image, kind, mixSeed(seed, 0, k, i)).image;
      let template;
      try { template = extractTemplate(image); } catch { template = undefined; }
      const a = detectAlteration(image, template, params);
      if (a.altered) for (const s of a.signs) row.signs[s] = (row.signs[s] ?? 0) + 1;
      return a.altered ? 1 : 0;
    });
    const n = flags.reduce((a, b) => a + b, 0);
    row.fingers += flags.length;
    row.flagged += n;
    row.perSet.push(n);
    for (const cap of deskCaptures(set.fingers)) {
      row.captures++;
      if (cap.reduce((a, c) => a + flags[c.index], 0) >= route) row.routed++;
    }
  }
  return row;
}
