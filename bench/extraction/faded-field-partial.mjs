#!/usr/bin/env node
// Where a partly faded print's field costs (issue 12, lowcon): wet-field-partial.mjs's swaps split by
// how far each block was faded. Every image of the chosen sets is perturbed by KIND (the suite's
// `low-contrast`) with paired-option's seeds (or `afis eval perturb`'s with --kind-index K); each
// block's fade ratio is the perturbed block's grey standard deviation over the clean one's (1 = kept,
// 0.2 = the suite's faded half). Templates:
//   shipped                          the perturbed print as extracted
//   clean orient. where faded        the clean direction where the ratio < 0.85 (clean mask)
//   clean orient. where kept         … where the ratio ≥ 0.85 (clean mask)
//   net field where faded            the network's direction alone (w 1) where the ratio < 0.85, the
//                                    shipped blend elsewhere, the period read again (own mask)
//   classical field where faded      the classical direction alone there, likewise
//   clean mask where faded           the perturbed mask with the clean mask's blocks added where faded
//                                    (the perturbed fields as analysed); `…, fields read in it`: the
//                                    fields measured again inside that mask (wet-stage-oracle's form)
//   clean orient. where faded, own mask   the clean direction where faded, the perturbed mask kept
//   clean mask, clean orient. only where added   the clean mask, the clean direction only in the
//                                    blocks the perturbed mask lacks (what the lost blocks cost)
//   net field where faint (E)        the network's direction alone where the perturbed print's block
//                                    gradient energy, Gaussian-smoothed over σ 2 blocks, is below E ×
//                                    its median over the foreground (no oracle: what a gate could read)
// Per set and fade bin (< 0.45, 0.45–0.85, ≥ 0.85; blocks both masks hold): share, and the mean |Δθ|
// and share > 10° of the classical, network and shipped fields against the clean shipped field; the
// share of the clean mask's blocks the perturbed mask lost, per bin; the faint gate's hit rate per bin.
//
//   node bench/extraction/faded-field-partial.mjs DATA_DIR KIND SEED [JSON] [--sets 3,4] [--energy E] [--rounds N] [--kind-index K]
import { scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { enhanceAnalysis, extractFromAnalysis, prepareAnalysis, prepareFields } from '../../dist/extraction/index.js';
import { readFieldFromRidgeNet } from '../../dist/extraction/orientation-from-ridge-net.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { fieldReaders, readSuiteDraw, variantEerRows } from './suite-draw.mjs';

const { pick, rounds, kindIndex, flags, kind, seed, changes, P, sets } = await readSuiteDraw('faded-field-partial.mjs', { extra: { '--energy': '0.3' } });
const E = Number(flags['--energy']);
const { rereadPeriod: reread, fieldsWithin } = fieldReaders(P);
const TEN = (10 * Math.PI) / 180;
const angleGap = (a, b) => { let d = Math.abs(a - b); if (d > Math.PI / 2) d = Math.PI - d; return d; };
const mixField = (base, from, open) => {
  const cos2 = Float32Array.from(base.cos2); const sin2 = Float32Array.from(base.sin2); const angle = Float32Array.from(base.angle);
  for (let b = 0; b < open.length; b++) if (open[b]) { cos2[b] = from.cos2[b]; sin2[b] = from.sin2[b]; angle[b] = from.angle[b]; }
  return { ...base, cos2, sin2, angle };
};
// per block grey standard deviation of an image on the grid
const blockStd = (img, grid) => {
  const { cols, rows, blockSize: bs } = grid;
  const out = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    let s = 0; let s2 = 0; let m = 0;
    for (let y = r * bs; y < Math.min(img.height, (r + 1) * bs); y++) for (let x = c * bs; x < Math.min(img.width, (c + 1) * bs); x++) { const v = img.data[y * img.width + x]; s += v; s2 += v * v; m++; }
    out[r * cols + c] = m ? Math.sqrt(Math.max(0, s2 / m - (s / m) ** 2)) : 0;
  }
  return out;
};
const smooth = (v, cols, rows, sigma, weight) => {
  const R = Math.ceil(3 * sigma); const out = new Float32Array(v.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    let s = 0; let z = 0;
    for (let dy = -R; dy <= R; dy++) for (let dx = -R; dx <= R; dx++) {
      const y = r + dy; const x = c + dx; if (y < 0 || y >= rows || x < 0 || x >= cols) continue;
      const q = y * cols + x; if (!weight[q]) continue;
      const g = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)); s += g * v[q]; z += g;
    }
    out[r * cols + c] = z ? s / z : 0;
  }
  return out;
};
// the perturbed mask with the clean mask's blocks (and pixels) added where `open`
const unionMask = (mask, from, open) => {
  const blocks = Uint8Array.from(mask.blocks); const pixels = Uint8Array.from(mask.pixels);
  const { cols, blockSize: bs } = mask.grid; const Wd = pixels.length / mask.grid.rows / bs | 0;
  for (let b = 0; b < open.length; b++) {
    if (!open[b] || blocks[b] || !from.blocks[b]) continue;
    blocks[b] = 1;
    const x0 = (b % cols) * bs; const y0 = ((b / cols) | 0) * bs;
    for (let y = y0; y < y0 + bs; y++) for (let x = x0; x < x0 + bs; x++) { const q = y * width0 + x; if (x < width0 && q < pixels.length) pixels[q] = from.pixels[q]; }
  }
  return { ...mask, blocks, pixels };
};
let width0 = 0;
const names = ['shipped', 'clean orient. where faded', 'clean orient. where kept', 'net field where faded', 'classical field where faded', `net field where faint (${E})`, 'clean mask where faded', 'clean mask where faded, fields read in it', 'clean orient. where faded, own mask', 'clean mask, clean orient. only where added'];
const scored = names.map(() => []);
const bins = [[0, 0.45], [0.45, 0.85], [0.85, Infinity]];
const fieldRows = [];
for (const [k, set] of sets.entries()) {
  const templates = names.map(() => []);
  const acc = bins.map(() => ({ n: 0, cl: 0, cl10: 0, net: 0, net10: 0, sh: 0, sh10: 0, cleanN: 0, lost: 0, faint: 0 }));
  let total = 0;
  for (const [i, item] of set.items.entries()) {
    const image = item.image;
    const p = perturbImage(image, kind, mixSeed(seed, kindIndex, pick[k] - 1, i));
    width0 = image.width;
    let c = null; let w = null; let f = null; let net = null;
    try {
      c = prepareAnalysis(image, P); w = prepareAnalysis(p.image, P);
      f = prepareFields(p.image, P);
      net = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, { ...P, orientationFromRidgeNet: 1 }).orientation;
    } catch { c = null; }
    const variants = [];
    if (c) {
      const grid = c.orientation.grid; const n = grid.cols * grid.rows;
      const sc = blockStd(image, grid); const sp = blockStd(p.image, grid);
      const ratio = new Float32Array(n); for (let b = 0; b < n; b++) ratio[b] = sc[b] > 1e-6 ? sp[b] / sc[b] : 1;
      const faded = new Uint8Array(n); const kept = new Uint8Array(n);
      for (let b = 0; b < n; b++) { faded[b] = ratio[b] < 0.85 ? 1 : 0; kept[b] = faded[b] ? 0 : 1; }
      const g = f.orientationGradients; const energy = new Float32Array(n);
      for (let b = 0; b < n; b++) energy[b] = g.gxx[b] + g.gyy[b];
      const around = smooth(energy, grid.cols, grid.rows, 2, f.mask.blocks);
      const fg = []; for (let b = 0; b < n; b++) if (f.mask.blocks[b]) fg.push(around[b]);
      fg.sort((a, b) => a - b); const median = fg[fg.length >> 1] || 1;
      const faint = new Uint8Array(n); for (let b = 0; b < n; b++) faint[b] = f.mask.blocks[b] && around[b] < E * median ? 1 : 0;
      const own = (o) => ({ ...w, orientation: o, frequency: reread(w, o, w.mask) });
      variants.push(
        w,
        { ...w, mask: c.mask, orientation: mixField(w.orientation, c.orientation, faded) },
        { ...w, mask: c.mask, orientation: mixField(w.orientation, c.orientation, kept) },
        own(mixField(w.orientation, net, faded)),
        own(mixField(w.orientation, f.orientation, faded)),
        own(mixField(w.orientation, net, faint)),
        { ...w, mask: unionMask(w.mask, c.mask, faded) },
        fieldsWithin(p.image, unionMask(w.mask, c.mask, faded)),
        { ...w, orientation: mixField(w.orientation, c.orientation, faded) },
        { ...w, mask: c.mask, orientation: mixField(w.orientation, c.orientation, Uint8Array.from(c.mask.blocks, (v, b) => (v && !w.mask.blocks[b] ? 1 : 0))) },
      );
      for (let b = 0; b < n; b++) {
        if (!c.mask.blocks[b]) continue;
        const a = acc[bins.findIndex(([lo, hi]) => ratio[b] >= lo && ratio[b] < hi)];
        a.cleanN++; if (!w.mask.blocks[b]) { a.lost++; continue; }
        total++; a.n++; a.faint += faint[b];
        const ref = c.orientation.angle[b];
        const dc = angleGap(ref, f.orientation.angle[b]); const dn = angleGap(ref, net.angle[b]); const ds = angleGap(ref, w.orientation.angle[b]);
        a.cl += dc; a.cl10 += dc > TEN ? 1 : 0; a.net += dn; a.net10 += dn > TEN ? 1 : 0; a.sh += ds; a.sh10 += ds > TEN ? 1 : 0;
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
    byFade: Object.fromEntries(bins.map(([lo, hi], q) => [`${lo}–${hi}`, {
      share: (acc[q].n / total).toFixed(3),
      lostFromMask: (acc[q].lost / (acc[q].cleanN || 1)).toFixed(3),
      faintGate: (acc[q].faint / (acc[q].n || 1)).toFixed(3),
      classical: `${deg(acc[q].cl, acc[q].n)}° / ${(acc[q].cl10 / (acc[q].n || 1)).toFixed(3)}`,
      network: `${deg(acc[q].net, acc[q].n)}° / ${(acc[q].net10 / (acc[q].n || 1)).toFixed(3)}`,
      shipped: `${deg(acc[q].sh, acc[q].n)}° / ${(acc[q].sh10 / (acc[q].n || 1)).toFixed(3)}`,
    }])),
  });
  for (const j of names.keys()) scored[j].push(scoreEvalSet(set.fingers, templates[j]));
}
const rows = variantEerRows(names, scored, rounds, seed);
process.stdout.write(`${JSON.stringify({ kind, seed, kindIndex, changes: JSON.parse(changes), energy: E, sets: sets.map((x) => x.label), meanEerPercent: rows, fields: fieldRows }, null, 2)}\n`);
