#!/usr/bin/env node
// Real training images for the learned ridge network, self-supervised (issue 12, realnet;
// bench/RESULTS.md "realnet"): for one FVC2002 B set, each print is stored as make-data.mjs stores
// a synthetic one (same file format, so train.py reads both), with
//   input  = the contrast-normalised grey extraction computes (analyzeFingerprint's `normalized`)
//            of the clean print, and of the same print after each of the suite's skins that keep
//            the pixel grid (dry, low-contrast, residue, wet), drawn with training seeds
//            mixSeed(9_100_000, kind index + 1, set index, print index) — never the evaluation's
//            (`afis eval perturb` and bench/extraction/paired-option*.mjs draw mixSeed(SEED, kind
//            index or 0, set index, print index) with SEED 1…27 so far);
//   target = the clean print's ridge pattern as the shipped extraction reads it: its enhanced
//            image (ridges < 0) divided by 0.71 × its RMS inside the clean mask, clipped to ±1
//            (a cosine of amplitude A has RMS A/√2, so this is make-data's clip(value / 0.5));
//   weight = 1 inside the clean print's foreground mask where its block's orientation coherence is
//            at least COHERENCE (the clean print reads clearly there), 0 ("don't care") elsewhere.
// Every variant of a print gets the clean print's target and weight. The enhanced image of the
// variant itself is stored as the baseline column, as in make-data.mjs.
// One output per set; a leave-one-set-out fold trains on the other three sets' outputs
// (scripts/train-ridge-net-real.sh) and is judged only on the set it never saw.
//   node scripts/ridge-net/make-real-data.mjs OUT SET_DIR[@PPI] SET_INDEX [--kinds dry,low-contrast,residue,wet] [--coherence 0.45]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { TRAINED_EXTRACTION } from '../trained-extraction.mjs';
import { NO_DEBUG } from '../../dist/core/index.js';
import { analyzeFingerprint, useRidgeNetModel } from '../../dist/extraction/index.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

// the target (the clean print's enhanced image) is the extraction's with the synthetic-only ridge network it read before the network
// trained on real prints too was shipped (models/ridge-net.md), so the data stay what they were
useRidgeNetModel(fileURLToPath(new URL('../../models/ridge-net-synthetic-int8.onnx', import.meta.url)));

const argv = process.argv.slice(2);
const flag = (name) => {
  const at = argv.indexOf(name);
  return at >= 0 ? argv.splice(at, 2)[1] : undefined;
};
const kinds = (flag('--kinds') ?? 'dry,low-contrast,residue,wet').split(',').filter(Boolean);
const COHERENCE = Number(flag('--coherence') ?? 0.45);
const [out, setSpec, setIndexText] = argv;
const setIndex = Number(setIndexText);
const GRID_KINDS = ['dry', 'low-contrast', 'residue', 'wet'];
if (!out || !setSpec || !Number.isInteger(setIndex) || setIndex < 0 || kinds.some((k) => !GRID_KINDS.includes(k)) || !(COHERENCE >= 0 && COHERENCE < 1)) {
  console.error('usage: node scripts/ridge-net/make-real-data.mjs OUT SET_DIR[@PPI] SET_INDEX [--kinds dry,low-contrast,residue,wet] [--coherence C]');
  process.exit(2);
}
/** The training seeds' stream: far from the evaluation's seeds (1…27 so far). */
const SEED_BASE = 9_100_000;
const SCALE = 32;
const [set] = await readEvalSets([setSpec]);

const chunks = [];
const images = [];
let offset = 0, failed = 0, judged = 0, inside = 0;
set.items.forEach((item, i) => {
  if (!item || !('image' in item)) return;
  const clean = item.image;
  let reference;
  try {
    reference = analyzeFingerprint(clean, TRAINED_EXTRACTION, NO_DEBUG);
  } catch {
    failed++;
    return;
  }
  const { width, height } = reference.normalized;
  const n = width * height;
  const { pixels } = reference.mask;
  const { blockSize, cols, rows } = reference.orientation.grid;
  const coherence = reference.orientation.coherence;
  const enhanced = reference.enhanced.data;
  let ss = 0, count = 0;
  for (let p = 0; p < n; p++) if (pixels[p]) { ss += enhanced[p] * enhanced[p]; count++; }
  if (count === 0) { failed++; return; }
  const unit = 0.71 * Math.sqrt(ss / count);
  const target = new Int8Array(n), weight = new Uint8Array(n);
  for (let y = 0; y < height; y++) {
    const by = Math.min(rows - 1, (y / blockSize) | 0);
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      target[p] = Math.round(Math.max(-1, Math.min(1, enhanced[p] / unit)) * 127);
      if (!pixels[p]) continue;
      inside++;
      if (coherence[by * cols + Math.min(cols - 1, (x / blockSize) | 0)] >= COHERENCE) { weight[p] = 1; judged++; }
    }
  }
  const variants = [['clean', clean, reference], ...kinds.map((kind) => [kind, perturbImage(clean, kind, mixSeed(SEED_BASE, GRID_KINDS.indexOf(kind) + 1, setIndex, i)).image, null])];
  for (const [variant, image, known] of variants) {
    let analysis = known;
    try {
      analysis ??= analyzeFingerprint(image, TRAINED_EXTRACTION, NO_DEBUG);
    } catch {
      failed++;
      continue;
    }
    if (analysis.normalized.width !== width || analysis.normalized.height !== height) throw new Error(`${set.names[i]} ${variant}: the pixel grid moved`);
    const grey = analysis.normalized.data, enh = analysis.enhanced.data;
    const rec = new Int8Array(4 * n);
    for (let p = 0; p < n; p++) {
      rec[p] = Math.max(-127, Math.min(127, Math.round(grey[p] * SCALE)));
      rec[n + p] = target[p];
      rec[2 * n + p] = weight[p];
      rec[3 * n + p] = Math.max(-127, Math.min(127, Math.round(enh[p] * SCALE)));
    }
    chunks.push(rec);
    images.push({ name: set.names[i], variant, condition: 'real', width, height, offset });
    offset += rec.length;
  }
});
writeFileSync(`${out}.bin`, Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))));
writeFileSync(`${out}.json`, JSON.stringify({ scale: SCALE, set: setSpec, setIndex, seedBase: SEED_BASE, kinds, coherence: COHERENCE, images }));
console.log(`${out}: ${images.length} images of ${setSpec} (clean and ${kinds.join(', ')}), ${failed} failed to analyse; weight 1 on ${(100 * judged / Math.max(1, inside)).toFixed(1)} % of the clean masks' pixels`);
