#!/usr/bin/env node
// Which blocks of a perturbed print's fields carry its cost (issue 12, wet3): wet-stage-oracle.mjs's
// field swaps made in part of the blocks only, and the two fields the shipped orientation blends
// (the classical one on the grey, the one read from the ridge network's map) each against the clean
// print's shipped field, by the perturbed block's own gradient energy. Every image of the chosen sets
// is perturbed by KIND with the seeds of `paired-option.mjs … KIND SEED`, both analysed with PARAMS;
// templates (clean mask in every swap, as wet-stage-oracle.mjs):
//   shipped                      the perturbed print as extracted
//   clean orient. > 10°          the clean direction only where the perturbed one is off by > 10°
//   clean orient. ≤ 10°          … only where it is off by ≤ 10°
//   clean period > 1 px          the clean period only where the perturbed one is off by > 1 px
//   clean period ≤ 1 px          … only where it is off by ≤ 1 px
//   net field alone              the direction read from the network's map alone (w 1), the period
//                                read again along it (no oracle: what the option at 1 would give)
//   classical field alone        the classical direction alone (w 0), the period read again
//   net field where energy < E   the network's direction alone where the block's gradient energy is
//                                below E × the print's median block energy (E from --energy, 0.3),
//                                the shipped blend elsewhere, the period read again
// Per set, over the blocks both masks hold, by the perturbed block's energy ratio (< 0.15,
// 0.15–0.4, ≥ 0.4 of the print's median): the blocks' share and the mean |Δθ| / share > 10° of the
// classical, network and shipped (blended) fields against the clean shipped field.
//
//   node bench/extraction/wet-field-partial.mjs DATA_DIR KIND SEED [JSON] [--sets 3,4] [--energy E] [--coherence C] [--rounds N] [--kind-index K]
// (also: the network's direction alone where the classical coherence < C; the mask without the blocks
// off by > 10° (an oracle) or without those whose coherence < C and energy < E: nothing found there)
//
// Figures in bench/RESULTS.md ("Where a wet print's cost sits with the period read from the network").
import { scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { enhanceAnalysis, extractFromAnalysis, prepareAnalysis, prepareFields } from '../../dist/extraction/index.js';
import { readFieldFromRidgeNet } from '../../dist/extraction/orientation-from-ridge-net.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { fieldReaders, readSuiteDraw, variantEerRows } from './suite-draw.mjs';

const { pick, rounds, kindIndex, flags, kind, seed, changes, P, sets } = await readSuiteDraw('wet-field-partial.mjs', { extra: { '--energy': '0.3', '--coherence': '0.25' } });
const E = Number(flags['--energy']);
const { rereadPeriod: reread } = fieldReaders(P);
const TEN = (10 * Math.PI) / 180;
const angleGap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d; };
// a field taking `from`'s direction where open[b], `base`'s elsewhere
const mixField = (base, from, open) => {
  const cos2 = Float32Array.from(base.cos2); const sin2 = Float32Array.from(base.sin2); const angle = Float32Array.from(base.angle);
  for (let b = 0; b < open.length; b++) if (open[b]) { cos2[b] = from.cos2[b]; sin2[b] = from.sin2[b]; angle[b] = from.angle[b]; }
  return { ...base, cos2, sin2, angle };
};
// the mask without the given blocks (their pixels too): no minutia is found there
const withoutBlocks = (mask, drop) => {
  const blocks = Uint8Array.from(mask.blocks); const pixels = Uint8Array.from(mask.pixels);
  const { cols, blockSize: bs } = mask.grid;
  for (let b = 0; b < drop.length; b++) {
    if (!drop[b] || !blocks[b]) continue;
    blocks[b] = 0;
    const x0 = (b % cols) * bs; const y0 = ((b / cols) | 0) * bs;
    for (let y = y0; y < y0 + bs; y++) for (let x = x0; x < x0 + bs; x++) if (x < W && y < H) pixels[y * W + x] = 0;
  }
  return { ...mask, blocks, pixels };
};
let W = 0; let H = 0;
const mixPeriod = (base, from, open) => {
  const period = Float32Array.from(base.period);
  for (let b = 0; b < open.length; b++) if (open[b]) period[b] = from.period[b];
  return { ...base, period };
};
const C = Number(flags['--coherence']);
const names = ['shipped', 'clean orient. > 10°', 'clean orient. ≤ 10°', 'clean period > 1 px', 'clean period ≤ 1 px', 'net field alone', 'classical field alone', `net field where energy < ${E}`,
  `net field where coherence < ${C}`, 'mask without blocks > 10°', `mask without coherence < ${C} and energy < ${E}`];
const scored = names.map(() => []);
const bins = [[0, 0.15], [0.15, 0.4], [0.4, Infinity]];
const fieldRows = [];
for (const [k, set] of sets.entries()) {
  const templates = names.map(() => []);
  const acc = [...bins, 'far'].map(() => ({ n: 0, cl: 0, cl10: 0, net: 0, net10: 0, sh: 0, sh10: 0 }));
  let total = 0;
  for (const [i, item] of set.items.entries()) {
    const image = item.image;
    const p = perturbImage(image, kind, mixSeed(seed, kindIndex, pick[k] - 1, i));
    W = image.width; H = image.height;
    let c = null; let w = null; let f = null; let net = null;
    try {
      c = prepareAnalysis(image, P); w = prepareAnalysis(p.image, P);
      f = prepareFields(p.image, P);
      net = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, { ...P, orientationFromRidgeNet: 1 }).orientation;
    } catch { c = null; }
    const variants = [];
    if (c) {
      const cm = c.mask;
      const n = cm.blocks.length;
      const offA = new Uint8Array(n); const onA = new Uint8Array(n); const offP = new Uint8Array(n); const onP = new Uint8Array(n);
      for (let b = 0; b < n; b++) {
        const far = angleGap(c.orientation.angle[b], w.orientation.angle[b]) > TEN;
        offA[b] = far ? 1 : 0; onA[b] = far ? 0 : 1;
        const farP = Math.abs(c.frequency.period[b] - w.frequency.period[b]) > 1;
        offP[b] = farP ? 1 : 0; onP[b] = farP ? 0 : 1;
      }
      // the perturbed print's block energy against its median over its foreground
      const g = f.orientationGradients;
      const energy = new Float32Array(n);
      const fg = [];
      for (let b = 0; b < n; b++) { energy[b] = g.gxx[b] + g.gyy[b]; if (f.mask.blocks[b]) fg.push(energy[b]); }
      fg.sort((a, b) => a - b);
      const median = fg[fg.length >> 1] || 1;
      const low = new Uint8Array(n);
      for (let b = 0; b < n; b++) low[b] = f.mask.blocks[b] && energy[b] < E * median ? 1 : 0;
      const doubt = new Uint8Array(n);
      for (let b = 0; b < n; b++) doubt[b] = f.mask.blocks[b] && f.orientation.coherence[b] < C ? 1 : 0;
      const dark = new Uint8Array(n);
      for (let b = 0; b < n; b++) dark[b] = low[b] && doubt[b] ? 1 : 0;
      const ownMask = (o) => ({ ...w, orientation: o, frequency: reread(w, o, w.mask) });
      variants.push(
        w,
        { ...w, mask: cm, orientation: mixField(w.orientation, c.orientation, offA) },
        { ...w, mask: cm, orientation: mixField(w.orientation, c.orientation, onA) },
        { ...w, mask: cm, frequency: mixPeriod(w.frequency, c.frequency, offP) },
        { ...w, mask: cm, frequency: mixPeriod(w.frequency, c.frequency, onP) },
        ownMask(net),
        ownMask(f.orientation),
        ownMask(mixField(w.orientation, net, low)),
        ownMask(mixField(w.orientation, net, doubt)),
        { ...w, mask: withoutBlocks(w.mask, offA) },
        { ...w, mask: withoutBlocks(w.mask, dark) },
      );
      for (let b = 0; b < n; b++) {
        if (!cm.blocks[b] || !w.mask.blocks[b]) continue;
        total++;
        const r = energy[b] / median;
        const a = acc[bins.findIndex(([lo, hi]) => r >= lo && r < hi)];
        const ref = c.orientation.angle[b];
        const dc = angleGap(ref, f.orientation.angle[b]); const dn = angleGap(ref, net.angle[b]); const ds = angleGap(ref, w.orientation.angle[b]);
        for (const x of ds > TEN ? [a, acc[bins.length]] : [a]) { x.n++; x.cl += dc; x.cl10 += dc > TEN ? 1 : 0; x.net += dn; x.net10 += dn > TEN ? 1 : 0; x.sh += ds; x.sh10 += ds > TEN ? 1 : 0; }
      }
    }
    for (const j of names.keys()) {
      let t = null;
      if (c) { try { t = extractFromAnalysis(p.image, enhanceAnalysis(p.image, variants[j], P, NO_DEBUG), P, NO_DEBUG); } catch { t = null; } }
      templates[j].push(t);
    }
  }
  const deg = (v, m) => (m ? ((v / m) * 180) / Math.PI : 0).toFixed(2);
  fieldRows.push({
    set: set.label,
    byEnergy: Object.fromEntries([...bins, ['shipped > 10°', '']].map(([lo, hi], q) => [hi === '' ? lo : `${lo}–${hi}`, {
      share: (acc[q].n / total).toFixed(3),
      classical: `${deg(acc[q].cl, acc[q].n)}° / ${(acc[q].cl10 / (acc[q].n || 1)).toFixed(3)}`,
      network: `${deg(acc[q].net, acc[q].n)}° / ${(acc[q].net10 / (acc[q].n || 1)).toFixed(3)}`,
      shipped: `${deg(acc[q].sh, acc[q].n)}° / ${(acc[q].sh10 / (acc[q].n || 1)).toFixed(3)}`,
    }])),
  });
  for (const j of names.keys()) scored[j].push(scoreEvalSet(set.fingers, templates[j]));
}
process.stdout.write(`${JSON.stringify({
  kind, seed, changes: JSON.parse(changes), sets: sets.map((x) => x.label), energy: E,
  meanEerPercent: variantEerRows(names, scored, rounds, seed),
  fields: fieldRows,
}, null, 2)}\n`);
