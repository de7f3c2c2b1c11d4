#!/usr/bin/env node
// What the clean direction gives back in the blocks an inpainting gate would touch, and nowhere else
// (issue 12, fieldnet2): every image of the chosen FVC2002 B sets perturbed by KIND with the seeds of
// `paired-option.mjs … KIND SEED`, both analysed with PARAMS; the perturbed print keeps its own mask,
// pixels and enhancement, and its direction is replaced by the clean print's only in the foreground
// blocks (of both masks) whose coherence on the ridge network's map is below T (the gate of
// `orientationInpaintCoherence`), the period read again along the new field. Also the clean direction
// in every block both masks hold (the ceiling of any direction repair inside the perturbed mask), and
// wet-stage-oracle.mjs's row with the clean mask and direction, the period re-read (a check); then the
// clean mask with the clean direction only in the blocks the perturbed mask lost (alone, and with the
// gated blocks), the period re-read inside the clean mask.
// Per set and gate: the gated share of the perturbed mask, and the shipped direction's mean |Δθ| and
// share > 10° against the clean print's in the gated blocks.
//
//   node bench/extraction/wet-inpaint-oracle.mjs DATA_DIR KIND SEED [JSON] [--gates 0.6,0.8] [--sets 3,4] [--rounds N]
import { scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { enhanceAnalysis, extractFromAnalysis, prepareAnalysis } from '../../dist/extraction/index.js';
import { computeBlockGradients } from '../../dist/extraction/compute-block-gradients.js';
import { computeOrientationVectors } from '../../dist/extraction/compute-orientation-field.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { fieldReaders, readSuiteDraw, variantEerRows } from './suite-draw.mjs';

const { pick, rounds, kindIndex, flags, kind, seed, changes, P, sets } = await readSuiteDraw('wet-inpaint-oracle.mjs', { extra: { '--gates': '0.6,0.8' } });
const gates = flags['--gates'].split(',').map(Number);
const { rereadPeriod } = fieldReaders(P);
const TEN = (10 * Math.PI) / 180;
const gap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d; };
const mixField = (base, from, open) => {
  const cos2 = Float32Array.from(base.cos2); const sin2 = Float32Array.from(base.sin2); const angle = Float32Array.from(base.angle);
  for (let b = 0; b < open.length; b++) if (open[b]) { cos2[b] = from.cos2[b]; sin2[b] = from.sin2[b]; angle[b] = from.angle[b]; }
  return { ...base, cos2, sin2, angle };
};
const names = ['shipped', ...gates.map((t) => `clean direction where map coherence < ${t}`), 'clean direction in every block', 'clean mask + clean direction (wet-stage-oracle\'s re-read row)',
  'clean mask, clean direction only in the blocks the perturbed mask lost', ...gates.map((t) => `clean mask, clean direction in the lost blocks and where map coherence < ${t}`)];
const scored = names.map(() => []);
const fieldRows = [];
const started = Date.now();
for (const [k, set] of sets.entries()) {
  const templates = names.map(() => []);
  const acc = gates.map(() => ({ fg: 0, gated: 0, both: 0, d: 0, over: 0 }));
  for (const [i, item] of set.items.entries()) {
    const p = perturbImage(item.image, kind, mixSeed(seed, kindIndex, pick[k] - 1, i));
    let c = null; let w = null;
    try { c = prepareAnalysis(item.image, P); w = prepareAnalysis(p.image, P); } catch { c = null; }
    const variants = [];
    if (c && w && w.ridgeNetRun) {
      const n = w.mask.blocks.length;
      const g = computeBlockGradients(w.ridgeNetRun.map, w.width, w.height, w.orientation.grid);
      const mapCoherence = computeOrientationVectors(g, w.mask.blocks, P).coherence;
      const both = new Uint8Array(n);
      for (let b = 0; b < n; b++) both[b] = c.mask.blocks[b] && w.mask.blocks[b] ? 1 : 0;
      variants.push(w);
      for (const [q, t] of gates.entries()) {
        const open = new Uint8Array(n);
        const a = acc[q];
        for (let b = 0; b < n; b++) {
          if (!w.mask.blocks[b]) continue;
          a.fg++;
          if (mapCoherence[b] >= t) continue;
          a.gated++;
          if (!both[b]) continue;
          open[b] = 1; a.both++;
          const d = gap(c.orientation.angle[b], w.orientation.angle[b]);
          a.d += d; a.over += d > TEN ? 1 : 0;
        }
        const o = mixField(w.orientation, c.orientation, open);
        variants.push({ ...w, orientation: o, frequency: rereadPeriod(w, o, w.mask) });
      }
      const o = mixField(w.orientation, c.orientation, both);
      variants.push({ ...w, orientation: o, frequency: rereadPeriod(w, o, w.mask) });
      variants.push({ ...w, mask: c.mask, orientation: c.orientation, frequency: rereadPeriod(w, c.orientation, c.mask) });
      const lost = new Uint8Array(n);
      for (let b = 0; b < n; b++) lost[b] = c.mask.blocks[b] && !w.mask.blocks[b] ? 1 : 0;
      const grown = (open) => { const o2 = mixField(w.orientation, c.orientation, open); return { ...w, mask: c.mask, orientation: o2, frequency: rereadPeriod(w, o2, c.mask) }; };
      variants.push(grown(lost));
      for (const t of gates) {
        const open = Uint8Array.from(lost);
        for (let b = 0; b < n; b++) if (both[b] && mapCoherence[b] < t) open[b] = 1;
        variants.push(grown(open));
      }
    }
    for (const j of names.keys()) {
      let t = null;
      if (variants.length) { try { t = extractFromAnalysis(p.image, enhanceAnalysis(p.image, variants[j], P, NO_DEBUG), P, NO_DEBUG); } catch { t = null; } }
      templates[j].push(t);
    }
  }
  fieldRows.push({ set: set.label, gates: Object.fromEntries(gates.map((t, q) => [t, {
    gatedShareOfMask: (acc[q].gated / acc[q].fg).toFixed(4),
    shippedInGated: `${((acc[q].d / (acc[q].both || 1)) * 180 / Math.PI).toFixed(2)}° / ${(acc[q].over / (acc[q].both || 1)).toFixed(3)} > 10°`,
  }])) });
  for (const j of names.keys()) scored[j].push(scoreEvalSet(set.fingers, templates[j]));
}
const rows = variantEerRows(names, scored, rounds, seed);
process.stdout.write(`${JSON.stringify({ kind, seed, kindIndex, changes: JSON.parse(changes), sets: sets.map((x) => x.label), rounds, seconds: Math.round((Date.now() - started) / 1000), meanEerPercent: rows, fields: fieldRows }, null, 2)}\n`);
