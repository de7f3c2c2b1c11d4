#!/usr/bin/env node
// Where the ridge period's drift under a mild blur comes from (issue 12, blur2): per image (every
// STEP-th), the clean image and its `half` copy ((0.5, 0.5) px bilinear move, a [½ ½]² blur) are
// analysed (prepareAnalysis); on every foreground block of the clean mask the x-signature is
// measured (sampleSignature + measureSignature, spectral and with the autocorrelation lag):
//   clean  normalised clean image, clean orientation
//   grey   normalised half image, clean orientation   (the blur on the signal alone)
//   both   normalised half image, half orientation    (what the stage sees)
// Mean period change against clean over blocks where both windows pass the share threshold,
// and the mean change of the final (filled, smoothed) field, per set: over all clean-mask blocks,
// over those measured (not filled) in both analyses, and the share of blocks measured in one only.
//
//   node bench/extraction/blur-period.mjs DATA_DIR ['{"PARAM":VALUE}'] [STEP]
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis } from '../../dist/extraction/index.js';
import { measureSignature, sampleSignature } from '../../dist/extraction/estimate-ridge-frequency.js';
import { bilinear, moveHalfPixel } from './resample-grey.mjs';

const [dataDir, changes = '{}', stepText = '4'] = process.argv.slice(2);
const params = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const step = Number(stepText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);
const len = params.frequencySignatureLength, hw = params.frequencySignatureHalfWidth;
const minP = params.frequencyMinPeriod, maxP = params.frequencyMaxPeriod, minShare = params.frequencyMinSpectralShare;
const sig = new Float32Array(len);
const measure = (img, cx, cy, th, byLag) => {
  if (!sampleSignature(img.data, img.width, img.height, cx, cy, th, len, hw, sig)) return null;
  const m = measureSignature(sig, len, minP, maxP, byLag);
  return m.share >= minShare && m.period >= minP && m.period <= maxP ? m.period : null;
};
const out = {};
for (const s of sets) {
  const acc = { blocks: 0, clean: 0, grey: 0, both: 0, lagClean: 0, lagGrey: 0, lagBoth: 0, field: 0, fieldBlocks: 0, fieldBoth: 0, bothBlocks: 0, oneOnly: 0 };
  s.items.forEach((item, index) => {
    if (!item || !('image' in item) || index % step) return;
    const half = moveHalfPixel(item.image, bilinear);
    let a, b;
    try {
      a = prepareAnalysis(item.image, params);
      b = prepareAnalysis(half, params);
    } catch { return; }
    const grid = a.orientation.grid, size = grid.blockSize;
    for (let k = 0; k < a.mask.blocks.length; k++) {
      if (!a.mask.blocks[k]) continue;
      acc.fieldBlocks++;
      acc.field += b.frequency.period[k] - a.frequency.period[k];
      if (a.frequency.measured[k] && b.frequency.measured[k]) {
        acc.bothBlocks++;
        acc.fieldBoth += b.frequency.period[k] - a.frequency.period[k];
      } else if (a.frequency.measured[k] || b.frequency.measured[k]) acc.oneOnly++;
      const cx = (k % grid.cols) * size + size / 2, cy = Math.floor(k / grid.cols) * size + size / 2;
      const ta = a.orientation.angle[k], tb = b.orientation.angle[k];
      const c0 = measure(a.normalized, cx, cy, ta, false), g0 = measure(b.normalized, cx, cy, ta, false), b0 = measure(b.normalized, cx, cy, tb, false);
      const c1 = measure(a.normalized, cx, cy, ta, true), g1 = measure(b.normalized, cx, cy, ta, true), b1 = measure(b.normalized, cx, cy, tb, true);
      if (c0 === null || g0 === null || b0 === null || c1 === null || g1 === null || b1 === null) continue;
      acc.blocks++;
      acc.clean += c0; acc.grey += g0 - c0; acc.both += b0 - c0;
      acc.lagClean += c1; acc.lagGrey += g1 - c1; acc.lagBoth += b1 - c1;
    }
  });
  const r = (v, n) => +(v / n).toFixed(4);
  out[s.label.replace(/.*\//, '')] = {
    blocks: acc.blocks, spectral: { clean: r(acc.clean, acc.blocks), greyChange: r(acc.grey, acc.blocks), bothChange: r(acc.both, acc.blocks) },
    lag: { clean: r(acc.lagClean, acc.blocks), greyChange: r(acc.lagGrey, acc.blocks), bothChange: r(acc.lagBoth, acc.blocks) },
    fieldChange: r(acc.field, acc.fieldBlocks), fieldChangeMeasuredInBoth: r(acc.fieldBoth, acc.bothBlocks), measuredInOneOnly: r(acc.oneOnly, acc.fieldBlocks),
  };
}
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), step, perSet: out }, null, 2)}\n`);
