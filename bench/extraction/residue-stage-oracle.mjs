#!/usr/bin/env node
// Which stage, and which blocks, lose a residue print's genuine pairs (issue 12, residue3): the
// stage oracle of wet-stage-oracle.mjs (same swaps, same extraction as it now runs, same draws:
// `--kind-index 4` is the suite's own residue stream) with the swaps split by where the smudge lies.
// S is the smudge's pixels (mapPoint null: weight > 0); an S block is a block with any S pixel.
// Variants beyond wet-stage-oracle's:
//   floor d0                    the clean template without its minutiae on S (what is visible at best)
//   P without minutiae on S     the shipped template without its minutiae on S
//   P + clean orient. off S     clean mask, the clean direction only in blocks without S (P's own on S)
//   P + clean orient. on S      clean mask, the clean direction only in S blocks
//   P + clean orient. ring     clean mask, the clean direction only in blocks without S within 2 blocks of S
//   P + clean orient. far      … only in the blocks neither S nor ring
//   P + clean mask on S        the clean mask's blocks and pixels in S blocks, P's elsewhere
//   P + clean mask off S        P's mask in S blocks, the clean mask elsewhere (blocks and pixels)
//   P + clean fields off S      clean mask off S, clean direction and period off S
// Per set also the S block share and the field error split on S / off S blocks both masks hold.
//
//   node bench/extraction/residue-stage-oracle.mjs DATA_DIR SEED ['{"PARAM":VALUE}'] [--sets 3,4] [--rounds N] [--kind-index K]
//
import { scoreEvalSet } from '../../dist/cli/commands/eval-sets.js';
import { NO_DEBUG } from '../../dist/core/index.js';
import { enhanceAnalysis, extractFromAnalysis, prepareAnalysis } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';
import { fieldReaders, readSuiteDraw, shippedRowDiffers, variantEerRows } from './suite-draw.mjs';

const { pick, rounds, kindIndex, kind, seed, changes, P, sets } = await readSuiteDraw('residue-stage-oracle.mjs', { kind: 'residue' });
const { rereadPeriod, fieldsWithin } = fieldReaders(P);
// per block 1 where any S pixel lies
const sBlocks = (S, W, grid) => {
  const { cols, rows, blockSize: bs } = grid; const out = new Uint8Array(cols * rows);
  const H = S.length / W;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (S[y * W + x]) { const c = (x / bs) | 0, r = (y / bs) | 0; if (c < cols && r < rows) out[r * cols + c] = 1; }
  return out;
};
// field a with field b's values in the blocks `sel`
const mixOrient = (a, b, sel) => {
  const cos2 = Float32Array.from(a.cos2), sin2 = Float32Array.from(a.sin2), angle = Float32Array.from(a.angle), coherence = Float32Array.from(a.coherence);
  for (let q = 0; q < sel.length; q++) if (sel[q]) { cos2[q] = b.cos2[q]; sin2[q] = b.sin2[q]; angle[q] = b.angle[q]; coherence[q] = b.coherence[q]; }
  return { ...a, cos2, sin2, angle, coherence };
};
const mixPeriod = (a, b, sel) => {
  const out = { ...a };
  for (const key of Object.keys(a)) if (a[key] instanceof Float32Array && b[key] instanceof Float32Array && a[key].length === sel.length) {
    const v = Float32Array.from(a[key]); for (let q = 0; q < sel.length; q++) if (sel[q]) v[q] = b[key][q]; out[key] = v;
  }
  return out;
};
// mask a with mask b's blocks and pixels in the blocks `sel`
const mixMask = (a, b, sel, W) => {
  const blocks = Uint8Array.from(a.blocks), pixels = Uint8Array.from(a.pixels);
  const { cols, blockSize: bs } = a.grid; const H = pixels.length / W;
  for (let q = 0; q < sel.length; q++) if (sel[q]) {
    blocks[q] = b.blocks[q];
    const x0 = (q % cols) * bs, y0 = ((q / cols) | 0) * bs;
    for (let y = y0; y < Math.min(H, y0 + bs); y++) for (let x = x0; x < Math.min(W, x0 + bs); x++) pixels[y * W + x] = b.pixels[y * W + x];
  }
  return { ...a, blocks, pixels };
};
const not = (v) => v.map((x) => (x ? 0 : 1));
// blocks without S within R blocks (Chebyshev) of an S block
const ringOf = (sb, grid, R = 2) => {
  const { cols, rows } = grid; const out = new Uint8Array(sb.length);
  for (let q = 0; q < sb.length; q++) {
    if (sb[q]) continue;
    const c = q % cols, r = (q / cols) | 0;
    for (let dy = -R; dy <= R && !out[q]; dy++) for (let dx = -R; dx <= R; dx++) { const y = r + dy, x = c + dx; if (y >= 0 && y < rows && x >= 0 && x < cols && sb[y * cols + x]) { out[q] = 1; break; } }
  }
  return out;
};
const far = (sb, ring) => sb.map((x, q) => (x || ring[q] ? 0 : 1));
const dropOn = (t, S, W) => (t ? { ...t, minutiae: t.minutiae.filter((m) => !S[m.y * W + m.x]) } : t);
const variants = {
  clean: (c) => ({ image: 'clean', a: c }),
  shipped: (c, w) => ({ image: 'perturbed', a: w }),
  'P + clean mask': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask } }),
  'P, fields read in the clean mask': (c, w, img) => ({ image: 'perturbed', a: fieldsWithin(img, c.mask) }),
  'P + clean orientation': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: c.orientation } }),
  'P + clean orient., re-read': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: c.orientation, frequency: rereadPeriod(w, c.orientation, c.mask) } }),
  'P + clean period': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, frequency: c.frequency } }),
  'P + clean fields': (c, w) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: c.orientation, frequency: c.frequency } }),
  'C + P fields': (c, w) => ({ image: 'clean', a: { ...c, mask: w.mask, orientation: w.orientation, frequency: w.frequency } }),
  'floor d0': (c) => ({ image: 'clean', a: c, post: 'dropS' }),
  'P without minutiae on S': (c, w) => ({ image: 'perturbed', a: w, post: 'dropS' }),
  'P + clean orient. off S': (c, w, img, sb) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: mixOrient(w.orientation, c.orientation, not(sb)) } }),
  'P + clean orient. on S': (c, w, img, sb) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: mixOrient(w.orientation, c.orientation, sb) } }),
  'P + clean orient. ring': (c, w, img, sb) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: mixOrient(w.orientation, c.orientation, ringOf(sb, c.orientation.grid)) } }),
  'P + clean orient. far': (c, w, img, sb) => ({ image: 'perturbed', a: { ...w, mask: c.mask, orientation: mixOrient(w.orientation, c.orientation, far(sb, ringOf(sb, c.orientation.grid))) } }),
  'P + clean mask on S': (c, w, img, sb) => ({ image: 'perturbed', a: { ...w, mask: mixMask(w.mask, c.mask, sb, img.width) } }),
  'P + clean mask off S': (c, w, img, sb) => ({ image: 'perturbed', a: { ...w, mask: mixMask(w.mask, c.mask, not(sb), img.width) } }),
  'P + clean fields off S': (c, w, img, sb) => ({ image: 'perturbed', a: { ...w, mask: mixMask(w.mask, c.mask, not(sb), img.width), orientation: mixOrient(w.orientation, c.orientation, not(sb)), frequency: mixPeriod(w.frequency, c.frequency, not(sb)) } }),
};
if (P.fadedJointRepair > 0 || P.fadedFieldContrastShare > 0) process.stderr.write('wet-stage-oracle.mjs: the re-read period leaves the faded repair out\n');
const names = Object.keys(variants);
const scored = names.map(() => []);
const fieldRows = [];
const started = Date.now();
for (const [k, set] of sets.entries()) {
  const templates = names.map(() => []);
  let checked = 0;
  let differ = 0;
  const acc = { n: 0, dTheta: 0, over10: 0, dPeriod: 0, over1: 0, minutiaeC: 0, minutiaeP: 0 };
  const accS = [0, 1, 2].map(() => ({ n: 0, dTheta: 0, over10: 0, dPeriod: 0, over1: 0, cleanBlocks: 0, lost: 0, added: 0 }));
  for (const [i, item] of set.items.entries()) {
    const image = item.image;
    const p = perturbImage(image, kind, mixSeed(seed, kindIndex, pick[k] - 1, i));
    const W = image.width, H = image.height;
    const S = new Uint8Array(W * H);
    let off = false;
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) { const m = p.mapPoint(x, y); if (!m) S[y * W + x] = 1; else if (m[0] !== x || m[1] !== y) off = true; }
    if (p.image.width !== W || p.image.height !== H || off) {
      process.stderr.write(`${kind} moves or resizes the image: its fields cannot be swapped with the clean image's\n`);
      process.exit(2);
    }
    let c = null;
    let w = null;
    try { c = prepareAnalysis(image, P); w = prepareAnalysis(p.image, P); } catch { /* failure to enrol: every variant null */ }
    const sb = c ? sBlocks(S, W, c.orientation.grid) : null;
    const cache = new Map();
    for (const [j, name] of names.entries()) {
      let t = null;
      if (c && w) {
        const { image: which, a, post } = variants[name](c, w, p.image, sb);
        const img = which === 'clean' ? image : p.image;
        if (post === 'dropS') t = dropOn(cache.get(which === 'clean' ? 'clean' : 'shipped') ?? null, S, W);
        else { try { t = extractFromAnalysis(img, enhanceAnalysis(img, a, P, NO_DEBUG), P, NO_DEBUG); } catch { t = null; } }
        if (name === 'clean' || name === 'shipped') cache.set(name, t);
      }
      templates[j].push(t);
    }
    if (c && w) {
      const b = c.mask.blocks;
      const ring = ringOf(sb, c.orientation.grid);
      for (let q = 0; q < b.length; q++) {
        const z = accS[sb[q] ? 1 : ring[q] ? 2 : 0];
        if (b[q]) { z.cleanBlocks++; if (!w.mask.blocks[q]) z.lost++; } else if (w.mask.blocks[q]) z.added++;
        if (b[q] && w.mask.blocks[q]) {
          let e = Math.abs(c.orientation.angle[q] - w.orientation.angle[q]); if (e > Math.PI / 2) e = Math.PI - e;
          const ep = Math.abs(c.frequency.period[q] - w.frequency.period[q]);
          z.n++; z.dTheta += e; z.over10 += e > (10 * Math.PI) / 180 ? 1 : 0; z.dPeriod += ep; z.over1 += ep > 1 ? 1 : 0;
        }
        if (!b[q] || !w.mask.blocks[q]) continue;
        let d = Math.abs(c.orientation.angle[q] - w.orientation.angle[q]);
        if (d > Math.PI / 2) d = Math.PI - d;
        const dp = Math.abs(c.frequency.period[q] - w.frequency.period[q]);
        acc.n++; acc.dTheta += d; acc.over10 += d > (10 * Math.PI) / 180 ? 1 : 0; acc.dPeriod += dp; acc.over1 += dp > 1 ? 1 : 0;
      }
      acc.minutiaeC += templates[0].at(-1)?.minutiae.length ?? 0;
      acc.minutiaeP += templates[1].at(-1)?.minutiae.length ?? 0;
    }
    // the shipped row must be the shipped extraction, and the fields read in the perturbed print's own
    // mask must be its own fields
    if (i % 10 === 0) {
      checked++;
      if (shippedRowDiffers(P, fieldsWithin, set.label, i, p.image, w, templates[1].at(-1))) differ++;
    }
  }
  if (differ) process.stderr.write(`${set.label}: the shipped row differs from the shipped extraction on ${differ} of ${checked} checked images\n`);
  fieldRows.push({
    set: set.label,
    meanAngleDeg: ((acc.dTheta / acc.n) * 180 / Math.PI).toFixed(2),
    over10: (acc.over10 / acc.n).toFixed(3),
    meanPeriodPx: (acc.dPeriod / acc.n).toFixed(2),
    over1px: (acc.over1 / acc.n).toFixed(3),
    minutiaRatio: (acc.minutiaeP / acc.minutiaeC).toFixed(3),
    ...Object.fromEntries(['far', 'onS', 'ring'].map((label, u) => [label, {
      cleanMaskBlocks: accS[u].cleanBlocks, lostByMask: (accS[u].lost / Math.max(1, accS[u].cleanBlocks)).toFixed(3), addedOutsideClean: accS[u].added,
      meanAngleDeg: ((accS[u].dTheta / Math.max(1, accS[u].n)) * 180 / Math.PI).toFixed(2), over10: (accS[u].over10 / Math.max(1, accS[u].n)).toFixed(3),
      meanPeriodPx: (accS[u].dPeriod / Math.max(1, accS[u].n)).toFixed(2), over1px: (accS[u].over1 / Math.max(1, accS[u].n)).toFixed(3),
    }])),
  });
  for (const j of names.keys()) scored[j].push(scoreEvalSet(set.fingers, templates[j]));
}
const rows = variantEerRows(names, scored, rounds, seed);
process.stdout.write(`${JSON.stringify({ kind, seed, kindIndex, changes: JSON.parse(changes), sets: sets.map((x) => x.label), rounds, seconds: Math.round((Date.now() - started) / 1000), meanEerPercent: rows, fields: fieldRows }, null, 2)}\n`);
