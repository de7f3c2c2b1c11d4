#!/usr/bin/env node
// Where a dry print's dotted blocks go wrong in the enhanced image (issue 12, drydots): every
// STEP-th image of the four FVC2002 B sets analysed clean and perturbed (KIND, the suite's seeds
// for SEED), and in the perturbed image's dotted blocks (ridge fill over 3 × 3 blocks at most
// GATE, findDottedBlocks) inside both masks, the pixels whose enhanced sign differs from the clean
// image's, split by how deep the clean image puts them in a ridge or a valley (|e| above half the
// print's root mean square: "deep") and by direction (a clean ridge read as valley: a break; a
// clean valley read as ridge: a bridge or blob). Shallow flips are shifts of a ridge's edge.
// Outside the dotted blocks (both masks) the share of flipped pixels, for comparison.
// Given CHANGES (extraction parameters), the same with them on for both images.
//
//   node bench/extraction/dotted-flips.mjs DATA_DIR ['{"enhancementRepassMaxFill":0.5}'] [GATE] [KIND] [SEED] [STEP]
//
// Figures in bench/RESULTS.md (drydots).
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS as P } from '../../dist/config/parameters.js';
import { analyzeFingerprint } from '../../dist/extraction/index.js';
import { findDottedBlocks } from '../../dist/extraction/repass-dotted-ridges.js';
import { perturbImage } from '../../dist/perturbation/index.js';
import { mixSeed } from '../../dist/synthetic/index.js';

const [dataDir, changes = '{}', gateText = '0.5', kind = 'dry', seedText = '1', stepText = '2'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: dotted-flips.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [GATE] [KIND] [SEED] [STEP]\n");
  process.exit(2);
}
const on = { ...P, ...JSON.parse(changes) };
const gate = { ...P, enhancementRepassMaxFill: Number(gateText) };
const seed = Number(seedText);
const step = Number(stepText);
const specs = ['DB1_B', 'DB2_B@569', 'DB3_B', 'DB4_B'];
const rms = (a) => {
  let s2 = 0, n = 0;
  for (let j = 0; j < a.enhanced.data.length; j++) if (a.mask.pixels[j]) { s2 += a.enhanced.data[j] ** 2; n++; }
  return Math.sqrt(s2 / n);
};
const rows = {};
for (let k = 0; k < 4; k++) {
  const s = (await readEvalSets([`${dataDir}/fvc2002/${specs[k]}`]))[0];
  // pixels, deep pixels; off: deep breaks, deep bridges, shallow; on: the same
  const t = new Array(8).fill(0);
  // outside the dotted blocks: pixels, flips off, flips on
  const u = [0, 0, 0];
  for (let i = 0; i < s.items.length; i += step) {
    const it = s.items[i];
    if (!it || !it.image) continue;
    const perturbed = perturbImage(it.image, kind, mixSeed(seed, 0, k, i)).image;
    const clean = analyzeFingerprint(it.image, P);
    const cleanOn = analyzeFingerprint(it.image, on);
    const dry = analyzeFingerprint(perturbed, P);
    const dryOn = analyzeFingerprint(perturbed, on);
    const dotted = findDottedBlocks(dry.normalized, dry.enhanced, dry.mask, gate);
    if (!dotted) continue;
    const r0 = rms(clean), r1 = rms(cleanOn);
    const { width } = dry;
    const bs = P.blockSize;
    const cols = dry.mask.grid.cols;
    for (let j = 0; j < dry.enhanced.data.length; j++) {
      if (!dry.mask.pixels[j] || !clean.mask.pixels[j]) continue;
      if (!dotted[((j / width / bs) | 0) * cols + (((j % width) / bs) | 0)]) {
        u[0]++;
        if ((clean.enhanced.data[j] < 0) !== (dry.enhanced.data[j] < 0)) u[1]++;
        if ((cleanOn.enhanced.data[j] < 0) !== (dryOn.enhanced.data[j] < 0)) u[2]++;
        continue;
      }
      t[0]++;
      for (const [c, d, rr, at] of [[clean.enhanced.data[j], dry.enhanced.data[j], r0, 2], [cleanOn.enhanced.data[j], dryOn.enhanced.data[j], r1, 5]]) {
        const deep = Math.abs(c) > 0.5 * rr;
        if (at === 2 && deep) t[1]++;
        if ((c < 0) === (d < 0)) continue;
        if (!deep) t[at + 2]++;
        else if (c < 0) t[at]++;
        else t[at + 1]++;
      }
    }
  }
  const p = (v) => Number((100 * v / t[0]).toFixed(2));
  rows[specs[k]] = {
    dottedPixels: t[0], deepPercent: p(t[1]),
    off: { deepBreaks: p(t[2]), deepBridges: p(t[3]), shallow: p(t[4]) },
    on: { deepBreaks: p(t[5]), deepBridges: p(t[6]), shallow: p(t[7]) },
    otherBlocks: { pixels: u[0], flipsOff: Number((100 * u[1] / u[0]).toFixed(2)), flipsOn: Number((100 * u[2] / u[0]).toFixed(2)) },
  };
}
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), gate: Number(gateText), kind, seed, step, rows }, null, 2)}\n`);
