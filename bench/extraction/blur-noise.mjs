#!/usr/bin/env node
// What a mild blur changes in the quantities the front end thresholds (issue 12): per image,
// the clean image and its `half` copy (moved by (0.5, 0.5) px bilinearly: a [½ ½]² blur) are
// analysed (prepareAnalysis) with the given parameters, and inside the clean mask's blocks:
// (with preSmoothSigma the grey as the stages read it, pre-smoothed)
//   sobel    Σ(gx² + gy²) in the mask, half / clean (what coherence and the segmentation's
//            contrast read; fine pixel noise carries a share of it that the blur removes)
//   coherence  mean coherence of the orientation field, half − clean
//   deviation  the grey deviation per block (the segmentation's contrast), half / clean
//   normRms    RMS of the normalised image inside the mask, half / clean (the normalisation
//            divides by a local deviation that the blur lowers)
//   fine     share of the clean grey's variance in the mask blocks that lies above the ridge
//            band: energy of (grey − grey smoothed by σ = 1) over the blocks' grey variance
//   mask     mask blocks that differ, of the union
//   period   the clean field's mean period in the mask; half − clean (signed, and mean |Δ|)
//   measured share of mask blocks whose period was measured (not filled in), half − clean
//   share    mean ridge share (the period estimate's ridge evidence), half − clean
// averaged per set, every STEP-th image.
//
//   node bench/extraction/blur-noise.mjs DATA_DIR ['{"PARAM":VALUE}'] [STEP]
//
// Figures in bench/RESULTS.md ("Mild blur: why a smoother image extracts worse").
import { readEvalSets } from '../../dist/cli/commands/eval-sets.js';
import { EXTRACTION_PARAMETERS } from '../../dist/config/parameters.js';
import { prepareAnalysis, computeBlockGradients } from '../../dist/extraction/index.js';
import { smoothImage } from '../../dist/extraction/filters.js';
import { bilinear, moveHalfPixel } from './resample-grey.mjs';

const [dataDir, changes = '{}', stepText = '4'] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write("usage: blur-noise.mjs DATA_DIR ['{\"PARAM\":VALUE}'] [STEP]\n");
  process.exit(2);
}
const params = { ...EXTRACTION_PARAMETERS, ...JSON.parse(changes) };
const step = Number(stepText);
const D = `${dataDir}/fvc2002`;
const sets = await readEvalSets([`${D}/DB1_B`, `${D}/DB2_B@569`, `${D}/DB3_B`, `${D}/DB4_B`]);

const presmooth = (grey, w, h) => (params.preSmoothSigma > 0 ? smoothImage(grey, w, h, params.preSmoothSigma) : grey);
const out = {};
for (const s of sets) {
  const acc = { n: 0, sobel: 0, coherence: 0, deviation: 0, normRms: 0, fine: 0, maskDiff: 0, period: 0, dPeriod: 0, absPeriod: 0, measured: 0, share: 0 };
  s.items.forEach((item, index) => {
    if (!item || !('image' in item) || index % step) return;
    const image = item.image;
    const half = moveHalfPixel(image, bilinear);
    let a, b;
    try {
      a = prepareAnalysis(image, params);
      b = prepareAnalysis(half, params);
    } catch { return; }
    const { width: w, height: h } = image;
    const grid = a.orientation.grid, size = grid.blockSize;
    // the grey each stage reads (pre-smoothed when the option is on)
    const greyA = presmooth(Float32Array.from(image.data), w, h);
    const greyB = presmooth(Float32Array.from(half.data), w, h);
    const ga = computeBlockGradients(greyA, w, h, grid);
    const gb = computeBlockGradients(greyB, w, h, grid);
    const fineA = smoothImage(greyA, w, h, 1);
    let pA = 0, dP = 0, aP = 0, meas = 0, shr = 0;
    let eA = 0, eB = 0, coh = 0, nb = 0, devA = 0, devB = 0, fineE = 0, devE = 0, union = 0, differ = 0;
    for (let k = 0; k < a.mask.blocks.length; k++) {
      if (a.mask.blocks[k] || b.mask.blocks[k]) { union++; if (a.mask.blocks[k] !== b.mask.blocks[k]) differ++; }
      if (!a.mask.blocks[k]) continue;
      nb++;
      eA += ga.gxx[k] + ga.gyy[k];
      eB += gb.gxx[k] + gb.gyy[k];
      coh += b.orientation.coherence[k] - a.orientation.coherence[k];
      pA += a.frequency.period[k];
      dP += b.frequency.period[k] - a.frequency.period[k];
      aP += Math.abs(b.frequency.period[k] - a.frequency.period[k]);
      meas += b.frequency.measured[k] - a.frequency.measured[k];
      shr += b.frequency.share[k] - a.frequency.share[k];
      const bx = (k % grid.cols) * size, by = Math.floor(k / grid.cols) * size;
      const stats = (data) => {
        let m = 0, q = 0, c = 0;
        for (let y = by; y < Math.min(h, by + size); y++) for (let x = bx; x < Math.min(w, bx + size); x++, c++) { m += data[y * w + x]; q += data[y * w + x] ** 2; }
        return { dev: Math.sqrt(Math.max(0, q / c - (m / c) ** 2)), c };
      };
      const sa = stats(greyA);
      devA += sa.dev;
      devB += stats(greyB).dev;
      devE += sa.dev ** 2 * sa.c;
      for (let y = by; y < Math.min(h, by + size); y++) for (let x = bx; x < Math.min(w, bx + size); x++) fineE += (greyA[y * w + x] - fineA[y * w + x]) ** 2;
    }
    let qa = 0, qb = 0;
    for (let i = 0; i < w * h; i++) {
      if (!a.mask.pixels[i]) continue;
      qa += a.normalized.data[i] ** 2;
      qb += b.normalized.data[i] ** 2;
    }
    if (!nb) return;
    acc.n++;
    acc.sobel += eB / eA;
    acc.coherence += coh / nb;
    acc.deviation += devB / devA;
    acc.normRms += Math.sqrt(qb / qa);
    acc.fine += fineE / devE;
    acc.maskDiff += differ / (union || 1);
    acc.period += pA / nb;
    acc.dPeriod += dP / nb;
    acc.absPeriod += aP / nb;
    acc.measured += meas / nb;
    acc.share += shr / nb;
  });
  const r = (v) => +(v / acc.n).toFixed(4);
  out[s.label.replace(/.*\//, '')] = { images: acc.n, sobelRatio: r(acc.sobel), coherenceChange: r(acc.coherence), deviationRatio: r(acc.deviation), normalizedRmsRatio: r(acc.normRms), fineShare: r(acc.fine), maskBlocksDiffer: r(acc.maskDiff), period: r(acc.period), periodChange: r(acc.dPeriod), periodAbsChange: r(acc.absPeriod), measuredChange: r(acc.measured), shareChange: r(acc.share) };
}
process.stdout.write(`${JSON.stringify({ changes: JSON.parse(changes), step, perSet: out }, null, 2)}\n`);
