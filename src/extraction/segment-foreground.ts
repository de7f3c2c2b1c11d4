import type { ExtractionParameters } from '../config/parameters.js';
import type { BlockGradients } from './compute-block-gradients.js';
import type { BlockGrid, ForegroundMask } from './types.js';
import { measureSignature, sampleSignature, signatureMeasurer } from './estimate-ridge-frequency.js';
import { measureHarmonicShare } from './measure-harmonic-share.js';
import { blockColumnWeights, blockRowWeights, dilateSquare } from './filters.js';
import { blocksBeyondLines, clearBeyondLines, reachLines, type FrameLine } from './find-frame-lines.js';
import { cutBlocksBeyond, cutPixelsBeyond, findCrease } from './find-crease.js';
import { scratchFloat64 } from './scratch-arrays.js';

/**
 * Foreground segmentation (after Bazen & Gerez 2001): a block is print when its grey-level
 * contrast is high, or moderately high with coherent ridges; the block mask is then closed,
 * opened, reduced to its largest component and its holes filled; flat blocks, and dark
 * near-flat ones (residue), are then taken out again. A sensor frame's `lines`
 * (find-frame-lines.ts) bound the print. Returns the block mask, a
 * smooth pixel mask and each pixel's distance to the background (the image edge counts as
 * background, since the print beyond it is unknown).
 */
export function segmentForeground(
  grey: Float32Array,
  width: number,
  height: number,
  gradients: BlockGradients,
  params: ExtractionParameters,
  lines: readonly FrameLine[] = [],
  contact: Float32Array | null = null,
): ForegroundMask {
  const { grid } = gradients;
  const { cols, rows, blockSize: size } = grid;
  const n = cols * rows;
  // contrast: standard deviation over the block grown by `segmentationContrastGrowth` of a block
  // on each side (half a block as shipped), from summed-area tables of grey and grey² (O(1) per block)
  const w1 = width + 1;
  // (kept from print to print: only the first row and column need clearing, the loops below write the rest)
  const sat = scratchFloat64('segment.sat', w1 * (height + 1));
  const sat2 = scratchFloat64('segment.sat2', w1 * (height + 1));
  sat.fill(0, 0, w1);
  sat2.fill(0, 0, w1);
  for (let o = w1; o < sat.length; o += w1) {
    sat[o] = 0;
    sat2[o] = 0;
  }
  // two rows at a time: their running sums are four independent chains of additions (each in
  // the order of one row alone, so the same bits) instead of two waiting on their own
  let y = 0;
  for (; y + 1 < height; y += 2) {
    let row = 0;
    let row2 = 0;
    let next = 0;
    let next2 = 0;
    const o = (y + 1) * w1;
    const p = y * w1;
    const q = o + w1;
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x];
      const u = grey[(y + 1) * width + x];
      row += v;
      row2 += v * v;
      next += u;
      next2 += u * u;
      const a = sat[p + x + 1] + row;
      const a2 = sat2[p + x + 1] + row2;
      sat[o + x + 1] = a;
      sat2[o + x + 1] = a2;
      sat[q + x + 1] = a + next;
      sat2[q + x + 1] = a2 + next2;
    }
  }
  for (; y < height; y++) {
    let row = 0;
    let row2 = 0;
    const o = (y + 1) * w1;
    const p = y * w1;
    for (let x = 0; x < width; x++) {
      const v = grey[y * width + x];
      row += v;
      row2 += v * v;
      sat[o + x + 1] = sat[p + x + 1] + row;
      sat2[o + x + 1] = sat2[p + x + 1] + row2;
    }
  }
  const contrast = new Float32Array(n);
  const half = contrastGrowth(size, params);
  for (let by = 0; by < rows; by++) {
    const y0 = Math.max(0, by * size - half);
    const y1 = Math.min(height, (by + 1) * size + half);
    for (let bx = 0; bx < cols; bx++) {
      const x0 = Math.max(0, bx * size - half);
      const x1 = Math.min(width, (bx + 1) * size + half);
      const s1 = sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0];
      const s2 = sat2[y1 * w1 + x1] - sat2[y0 * w1 + x1] - sat2[y1 * w1 + x0] + sat2[y0 * w1 + x0];
      const cnt = (x1 - x0) * (y1 - y0);
      const mean = s1 / cnt;
      contrast[by * cols + bx] = Math.sqrt(Math.max(0, s2 / cnt - mean * mean));
    }
  }
  const coherence = blockCoherence(gradients);
  // a sensor frame's line and surround are not print: they neither set the contrast scale (the
  // line's step is stronger than a faint print's ridges) nor join the mask
  const onFrame = lines.length ? blocksBeyondLines(grid, lines, size) : null;
  // (or, with segmentationLineCutInScale, count as blocks without contrast: the rank then runs over
  // the whole image, as on an image whose surround is bare platen)
  const scaled = onFrame ? (params.segmentationLineCutInScale > 0 ? contrast.map((c, i) => (onFrame[i] ? 0 : c)) : contrast.filter((_, i) => !onFrame[i])) : contrast;
  const sorted = Float32Array.from(scaled).sort();
  const p90 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))] : 0;
  const t = Math.max(params.segmentationMinContrast, params.segmentationRelativeContrast * p90);
  let mask: Uint8Array = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = contrast[i];
    mask[i] = c > t * params.segmentationCoherenceBand || (c > t && coherence[i] > params.segmentationMinCoherence) ? 1 : 0;
  }
  // a block lighter than the print's typical block judged on the contrast it would have without
  // its fade (off by default): a print faded towards white keeps its contrast against the grey
  // left above it, so the relative threshold reads it as the unfaded print would be read
  if (params.segmentationFaintWeberGain > 0) {
    const typicalGap = typicalWhiteGap(sat, width, height, grid, mask, params);
    if (typicalGap > 0) {
      for (let i = 0; i < n; i++) {
        if (mask[i] || !(contrast[i] > params.segmentationFadedMinContrast)) continue;
        const c = unfadedContrast(sat, width, height, grid, i, contrast[i], typicalGap, params.segmentationFaintWeberGain, params);
        mask[i] = c > t * params.segmentationCoherenceBand || (c > t && coherence[i] > params.segmentationMinCoherence) ? 1 : 0;
      }
    }
  }
  if (onFrame) for (let i = 0; i < n; i++) if (onFrame[i]) mask[i] = 0;
  // ridge evidence: grey spread and coherence also pass straight edges (a sensor's frame, the
  // rim of a smudge); ridges are periodic at a ridge period across their direction, edges not
  // -1 = not measured yet; measured only where a decision reads it (it costs ≈ 1 µs per block)
  const ridgeShare = new Float32Array(n).fill(-1);
  if (params.segmentationMinRidgeShare > 0) {
    blockRidgeShare(grey, width, height, gradients, mask, params, ridgeShare);
    for (let i = 0; i < n; i++) if (mask[i] && ridgeShare[i] < params.segmentationMinRidgeShare) mask[i] = 0;
  }
  // straight edges: a sensor frame's line or a smudge's rim passes the contrast test and its
  // gradients are almost perfectly parallel, but across it the grey shows one step, not ridges
  // repeating at a ridge period; such blocks are rejected before the closing, so a frame around
  // the print no longer becomes a ring whose inside is filled as print
  if (params.segmentationEdgeMaxRidgeShare > 0) {
    const straight = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (mask[i] && coherence[i] > params.segmentationEdgeMinCoherence) straight[i] = 1;
    blockRidgeShare(grey, width, height, gradients, straight, params, ridgeShare);
    for (let i = 0; i < n; i++) if (straight[i] && ridgeShare[i] < params.segmentationEdgeMaxRidgeShare) mask[i] = 0;
  }
  // faint print: the threshold is relative to the print's strongest blocks, so a lightly
  // pressed or dry part falls below it; take such blocks (above the absolute floor) when they
  // show clear periodic ridges
  if (params.segmentationFaintRidgeShare > 0) {
    const faint = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (!mask[i] && contrast[i] > params.segmentationMinContrast) faint[i] = 1;
    blockRidgeShare(grey, width, height, gradients, faint, params, ridgeShare);
    for (let i = 0; i < n; i++) if (faint[i] && ridgeShare[i] >= params.segmentationFaintRidgeShare) mask[i] = 1;
  }
  // the blocks the faded-print test takes in, recorded only for the joint faded repair
  const fadedGrown = params.fadedJointRepair > 0 ? new Uint8Array(n) : null;
  if (params.segmentationFaintGrowRidgeShare > 0) {
    const before = params.segmentationGrowRimCoherence > 0 ? mask.slice() : null;
    growIntoFaintPrint(grey, width, height, gradients, mask, contrast, coherence, ridgeShare, params, params.segmentationFaintGrowRidgeShare, sat, fadedGrown);
    // a grown part whose clear rim crosses the print's flow is another finger's latent (off by default)
    if (before) dropCrossingGrowth(gradients, before, mask, params);
  }
  mask = dilate(mask, cols, rows, params.segmentationClosingRadius);
  mask = erode(mask, cols, rows, params.segmentationClosingRadius);
  mask = erode(mask, cols, rows, params.segmentationOpeningRadius);
  mask = dilate(mask, cols, rows, params.segmentationOpeningRadius);
  mask = keepLargestComponent(mask, cols, rows);
  fillHoles(mask, cols, rows);
  // the learned print mask's growth (off by default): blocks beside the mask that the network
  // calls contact join it, ring by ring
  if (contact && params.maskNetGrow > 0) growByContact(mask, contact, onFrame, cols, rows, params.maskNetGrow, params.maskNetGrowReach);
  // flat areas (a sensor's frame surround, saturated patches): no ridge can be seen there, so a
  // block mostly flat is background even when the closing or the hole filling took it in
  if (params.segmentationFlatMaxDeviation > 0) {
    const flat = blockFlatShare(sat, sat2, width, height, grid, params.segmentationFlatMaxDeviation);
    for (let i = 0; i < n; i++) if (flat[i] > params.segmentationFlatMaxShare) mask[i] = 0;
  }
  // residue: a latent smudge or a wet blob is dark and nearly flat (a little grain, no ridges);
  // light near-flat grey (a white platen, a faint rim) is left to the strict test above, since
  // a faint print's rim can be as quiet as a smudge's grain but is never darker than its ridges
  let darkLevel = 0;
  if (params.segmentationDarkFlatMaxDeviation > 0) {
    darkLevel = ridgeGrey(sat, width, height, grid, mask, contrast);
    const dark = blockFlatShare(sat, sat2, width, height, grid, params.segmentationDarkFlatMaxDeviation, darkLevel);
    for (let i = 0; i < n; i++) if (dark[i] > params.segmentationFlatMaxShare) mask[i] = 0;
  }
  // the second phalanx beyond a flexion crease (off by default): a light, quiet band across the
  // print with print on both sides; the smaller side, whose ridges run along the band, is cut
  const crease = params.segmentationCreaseMinShare > 0 ? findCrease(sat, sat2, width, height, gradients, mask, contrast, params) : null;
  if (crease) cutBlocksBeyond(mask, crease, cols, rows, size);
  for (let i = 0; i < n; i++) if (ridgeShare[i] < 0) ridgeShare[i] = 0;

  // pixel mask: bilinear interpolation of the block mask at 0.5 rounds the block corners
  const pixels = new Uint8Array(width * height);
  const { x0: colX0, x1: colX1, ax: colAx } = blockColumnWeights(width, size, cols);
  const rowWeights = blockRowWeights(height, size, rows, cols);
  // where each run of columns between the same two block columns ends
  const runEnd = new Int32Array(width);
  for (let x = width - 1; x >= 0; x--) runEnd[x] = x + 1 < width && colX0[x + 1] === colX0[x] ? runEnd[x + 1] : x + 1;
  for (let y = 0; y < height; y++) {
    const r0 = rowWeights.r0[y];
    const r1 = rowWeights.r1[y];
    const ay = rowWeights.ay[y];
    // the row in runs of pixels between the same two block columns
    let x = 0;
    while (x < width) {
      const x0 = colX0[x];
      const x1 = colX1[x];
      const end = runEnd[x];
      const a00 = mask[r0 + x0];
      // inside or outside a uniform 2×2 neighbourhood needs no interpolation (pixels start at 0)
      if (a00 === mask[r0 + x1] && a00 === mask[r1 + x0] && a00 === mask[r1 + x1]) {
        if (a00) for (let i = y * width + x; i < y * width + end; i++) pixels[i] = a00;
        x = end;
        continue;
      }
      for (; x < end; x++) {
        const ax = colAx[x];
        const v = (a00 * (1 - ax) + mask[r0 + x1] * ax) * (1 - ay) + (mask[r1 + x0] * (1 - ax) + mask[r1 + x1] * ax) * ay;
        pixels[y * width + x] = v >= 0.5 ? 1 : 0;
      }
    }
  }
  if (crease) cutPixelsBeyond(pixels, crease, width, height);
  // the block contrast is measured over the block grown by half a block, so a block of blank
  // sensor next to the print passes on its neighbour's ridges: peel the mask's rim back at pixel
  // precision through low-contrast pixels, from its background inwards
  if (params.segmentationEdgePeelDepth > 0) {
    peelLowContrastRim(pixels, sat, sat2, width, height, params.segmentationEdgePeelContrast * t, params.segmentationEdgePeelDepth);
  }
  // a frame's line lies between the print and the flat surround: print within a margin of flat
  // grey is background at pixel precision, so ridges cut by the line fall within the minutiae's
  // border distance instead of becoming a column of endings along it
  if (params.segmentationFlatMaxDeviation > 0 && params.segmentationFlatMargin > 0) {
    clearNearFlat(pixels, sat, sat2, width, height, params.segmentationFlatMaxDeviation, params.segmentationFlatMargin);
  }
  if (lines.length) {
    // the block mask ends a block or so short of a frame line (blocks within a block of it are
    // left out above): the print it leaves visible reaches the line
    if (params.segmentationLineReach > 0) reachLines(pixels, width, height, lines, params.segmentationLineReach);
    clearBeyondLines(pixels, width, height, lines, params.segmentationLineMargin);
  }
  // the same residue at pixel precision, for the minutiae: the block test above leaves a smudge's
  // partial blocks and soft rim in the mask, where the enhancement draws the rim as a ridge
  const residue =
    params.segmentationResidueMargin > 0 && params.segmentationDarkFlatMaxDeviation > 0
      ? findResidue(sat, sat2, width, height, params.segmentationDarkFlatMaxDeviation, darkLevel, params.segmentationResidueMinArea, params.segmentationResidueMargin)
      : null;
  // the residue as a cut of its own (off by default): the smudge and its rim cleared at pixel
  // precision, so no rim is drawn as a ridge there, the print's ridges end at the cut (open ends
  // for the cleaning) and the minutia filters can treat the cut like the image side
  const residueCut =
    params.segmentationResidueCut > 0 && params.segmentationDarkFlatMaxDeviation > 0
      ? findResidue(sat, sat2, width, height, params.segmentationDarkFlatMaxDeviation, darkLevel, params.segmentationResidueMinArea, params.segmentationResidueCut)
      : null;
  // with segmentationResidueCutClears 0 the mask is left as it is and only the residue beside
  // it (its background pixels) is marked as the cut, for the minutiae's border distance
  if (residueCut && params.segmentationResidueCutClears) for (let i = 0; i < pixels.length; i++) if (residueCut[i]) pixels[i] = 0;
  // the residue left out of the template's valid area (validAreaCell, off by default)
  const residueArea =
    params.validAreaCell > 0 && params.validAreaResidueMargin > 0 && params.segmentationDarkFlatMaxDeviation > 0
      ? findResidue(sat, sat2, width, height, params.segmentationDarkFlatMaxDeviation, darkLevel, params.segmentationResidueMinArea, params.validAreaResidueMargin)
      : null;
  const out: ForegroundMask = { grid, blocks: mask, pixels, contrast, ridgeShare };
  if (fadedGrown) for (let i = 0; i < n; i++) fadedGrown[i] &= mask[i];
  if (!residue && !residueCut && !fadedGrown && !residueArea) return out;
  return { ...out, ...(residue ? { residue } : {}), ...(residueCut ? { residueCut } : {}), ...(fadedGrown ? { faded: fadedGrown } : {}), ...(residueArea ? { residueArea } : {}) };
}

/**
 * Grows the block mask into background blocks whose contact probability (the learned print mask,
 * run-mask-net.ts) is at least `threshold` and that touch the mask (8-neighbourhood), `reach`
 * rings deep; blocks on or beyond a frame line (`onFrame`) are never taken. In place. O(reach · n).
 */
function growByContact(mask: Uint8Array, contact: Float32Array, onFrame: Uint8Array | null, cols: number, rows: number, threshold: number, reach: number): void {
  const add: number[] = [];
  for (let ring = 0; ring < reach; ring++) {
    add.length = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const i = r * cols + c;
        if (mask[i] || !(contact[i]! >= threshold) || (onFrame && onFrame[i])) continue;
        let touches = false;
        for (let dy = -1; dy <= 1 && !touches; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const x = c + dx, y = r + dy;
            if (x >= 0 && y >= 0 && x < cols && y < rows && mask[y * cols + x]) {
              touches = true;
              break;
            }
          }
        }
        if (touches) add.push(i);
      }
    }
    if (!add.length) return;
    for (const i of add) mask[i] = 1;
  }
}

/**
 * Residue at pixel precision: the pixels whose 7 × 7 grey standard deviation is below
 * `maxDeviation` and whose window mean is below `level` (the print's typical ridge grey), in
 * 4-connected patches of at least `minArea` pixels (a wet print's dark flat spots are a few
 * pixels where ridges merge; a smudge covers several ridge periods), and every pixel within
 * `margin` of one (square neighbourhood: the flat test itself stops 3 px inside a smudge, and
 * its soft rim reaches a few pixels further). Null when there is none.
 */
function findResidue(sat: Float64Array, sat2: Float64Array, width: number, height: number, maxDeviation: number, level: number, minArea: number, margin: number): Uint8Array | null {
  const dark = markFlatPixels(sat, sat2, width, height, maxDeviation, -Infinity, level);
  if (!dark || !keepLargePatches(dark, width, height, minArea)) return null;
  return dilateSquare(dark, width, height, margin);
}

/** Clears the 4-connected patches of `on` smaller than `minArea` pixels; whether any is left. */
function keepLargePatches(on: Uint8Array, width: number, height: number, minArea: number): boolean {
  const seen = new Uint8Array(on.length);
  const members: number[] = [];
  let left = false;
  for (let start = 0; start < on.length; start++) {
    if (!on[start] || seen[start]) continue;
    seen[start] = 1;
    members.length = 0;
    members.push(start);
    for (let k = 0; k < members.length; k++) {
      const i = members[k]!;
      const x = i % width;
      if (x > 0 && on[i - 1] && !seen[i - 1]) { seen[i - 1] = 1; members.push(i - 1); }
      if (x < width - 1 && on[i + 1] && !seen[i + 1]) { seen[i + 1] = 1; members.push(i + 1); }
      if (i >= width && on[i - width] && !seen[i - width]) { seen[i - width] = 1; members.push(i - width); }
      if (i + width < on.length && on[i + width] && !seen[i + width]) { seen[i + width] = 1; members.push(i + width); }
    }
    if (members.length < minArea) for (const i of members) on[i] = 0;
    else left = true;
  }
  return left;
}

/**
 * Per candidate block (`candidates` = 1) not yet measured (`out` < 0), into `out`: the share 0–1 of the grey signature's energy across
 * the local ridge direction that one sinusoid of a ridge period explains (see measureSignature).
 * The direction comes from the gradient moments of the block and its 8 neighbours; the
 * signature is the frequency stage's oriented window on the raw grey. Other blocks keep their value.
 */
export function blockRidgeShare(
  grey: Float32Array,
  width: number,
  height: number,
  g: BlockGradients,
  candidates: Uint8Array,
  params: ExtractionParameters,
  out: Float32Array,
): void {
  const { cols, rows, blockSize: size } = g.grid;
  // in the WebAssembly kernel when it is there (the same bits; the grey copied in once per call)
  let measure: ReturnType<typeof signatureMeasurer> | undefined;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const b = by * cols + bx;
      if (!candidates[b] || out[b] >= 0) continue;
      if (measure === undefined) {
        measure = signatureMeasurer({ width, height, data: grey }, params.frequencySignatureLength, params.frequencySignatureHalfWidth, params.frequencyMinPeriod, params.frequencyMaxPeriod, params.ridgeShareShortestPeriod);
      }
      if (!measure) {
        out[b] = ridgeShareOf(grey, width, height, g, bx, by, params);
        continue;
      }
      const m = measure(bx * size + size / 2, by * size + size / 2, blockRidgeAngle(g, bx, by));
      out[b] = m ? m.share : 0;
    }
  }
}

/** The ridge direction of block (bx, by) from the gradient moments of it and its 8 neighbours (radians). */
function blockRidgeAngle(g: BlockGradients, bx: number, by: number): number {
  neighbourMoments(g, bx, by);
  // the dominant gradient direction is across the ridges; the ridges run at right angles to it
  return 0.5 * Math.atan2(2 * moments[2], moments[0] - moments[1]) + Math.PI / 2;
}

/**
 * Samples block (bx, by)'s signature across its ridges into `signature` (length
 * `frequencySignatureLength`); false where it does not fit in the image.
 */
function sampleBlockSignature(grey: Float32Array, width: number, height: number, g: BlockGradients, bx: number, by: number, params: ExtractionParameters): boolean {
  const size = g.grid.blockSize;
  const len = params.frequencySignatureLength;
  if (signature.length !== len) signature = new Float32Array(len);
  const th = blockRidgeAngle(g, bx, by);
  const cx = bx * size + size / 2, cy = by * size + size / 2;
  return sampleSignature(grey, width, height, cx, cy, th, len, params.frequencySignatureHalfWidth, signature);
}

/** The ridge evidence of block (bx, by) alone (see blockRidgeShare). */
function ridgeShareOf(grey: Float32Array, width: number, height: number, g: BlockGradients, bx: number, by: number, params: ExtractionParameters): number {
  if (!sampleBlockSignature(grey, width, height, g, bx, by, params)) return 0;
  return measureSignature(signature, params.frequencySignatureLength, params.frequencyMinPeriod, params.frequencyMaxPeriod, false, params.ridgeShareShortestPeriod).share;
}

/**
 * The thin-ridge evidence of block (bx, by): the share of its signature's energy at its ridge
 * period and the period's second harmonic (measureHarmonicShare), on the same signature as
 * ridgeShareOf. Eroded, thinned ridges keep it where the fundamental's share drops.
 */
function thinRidgeShareOf(grey: Float32Array, width: number, height: number, g: BlockGradients, bx: number, by: number, params: ExtractionParameters): number {
  if (!sampleBlockSignature(grey, width, height, g, bx, by, params)) return 0;
  const len = params.frequencySignatureLength;
  const { period } = measureSignature(signature, len, params.frequencyMinPeriod, params.frequencyMaxPeriod);
  return measureHarmonicShare(signature, len, period, 2);
}

// scratch of sampleBlockSignature (extraction never yields inside a stage)
let signature = new Float32Array(0);

/**
 * Grows the mask into faint print: from the mask's blocks, a neighbouring block (8-connected)
 * joins when its contrast is above `segmentationFaintMinContrast`, its gradients are coherent and its ridge
 * evidence reaches `minShare` (or, when `segmentationFaintGrowHarmonicShare` is set, its
 * thin-ridge evidence reaches that); joined blocks grow the region further. Faint print continues the
 * print; background texture and noise are neither periodic nor coherent, and isolated patches
 * (residue away from the print) are never reached.
 */
function growIntoFaintPrint(
  grey: Float32Array,
  width: number,
  height: number,
  g: BlockGradients,
  mask: Uint8Array,
  contrast: Float32Array,
  coherence: Float32Array,
  ridgeShare: Float32Array,
  params: ExtractionParameters,
  minShare: number,
  sat: Float64Array,
  fadedGrown: Uint8Array | null = null,
): void {
  const { cols, rows } = g.grid;
  const queue: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) queue.push(i);
  const tried = new Uint8Array(mask.length);
  const around = new Int32Array(9);
  const thinShare = params.segmentationFaintGrowHarmonicShare;
  // the contrast a lightened block would have without its fade (off by default)
  const gain = params.segmentationFaintWeberGain;
  const typicalGap = gain > 0 ? typicalWhiteGap(sat, width, height, g.grid, mask, params) : 0;
  // the joint faded repair (off by default) reads faded print at a looser ridge share
  const fadedShare = params.fadedJointRepair > 0 ? params.fadedJointGrowthShare : params.segmentationFadedRidgeShare;
  const faded = fadedShare > 0;
  while (queue.length) {
    const count = blockNeighbourhood(queue.pop()!, cols, rows, around);
    for (let k = 0; k < count; k++) {
      const q = around[k];
      if (mask[q] || tried[q]) continue;
      tried[q] = 1;
      const floorContrast = typicalGap > 0 ? unfadedContrast(sat, width, height, g.grid, q, contrast[q]!, typicalGap, gain, params) : contrast[q]!;
      if (!faintPrintAt(grey, width, height, g, q, floorContrast, coherence, ridgeShare, params, minShare, thinShare)) {
        if (!(faded && fadedPrintAt(grey, width, height, g, mask, q, contrast, sat, params, fadedShare))) continue;
        if (fadedGrown) fadedGrown[q] = 1;
      }
      mask[q] = 1;
      queue.push(q);
    }
  }
}

/** The ordinary test of the growth at block `q` (see growIntoFaintPrint), its contrast `deviation`; fills `ridgeShare[q]` when it reads it. */
function faintPrintAt(
  grey: Float32Array,
  width: number,
  height: number,
  g: BlockGradients,
  q: number,
  deviation: number,
  coherence: Float32Array,
  ridgeShare: Float32Array,
  params: ExtractionParameters,
  minShare: number,
  thinShare: number,
): boolean {
  const cols = g.grid.cols;
  if (deviation <= params.segmentationFaintMinContrast || coherence[q] < params.segmentationMinCoherence) return false;
  if (ridgeShare[q] < 0) ridgeShare[q] = ridgeShareOf(grey, width, height, g, q % cols, (q / cols) | 0, params);
  return ridgeShare[q] >= minShare || (thinShare > 0 && thinRidgeShareOf(grey, width, height, g, q % cols, (q / cols) | 0, params) >= thinShare);
}

/**
 * The faded-print test of the growth at block `q` (ridge `share` > 0: `segmentationFadedRidgeShare`,
 * or `fadedJointGrowthShare` with the joint faded repair): a print
 * whose ridges lost most of their contrast towards white (light pressure, a dry or faded
 * capture) keeps, in a block, a grey deviation of a few levels, the level of a grey platen's
 * grain; three things tell its ridges from grain. Their contrast against the grey left above
 * them (deviation / (255 − mean)) stays that of print, while grain on a grey platen is a few
 * levels out of a hundred. They continue the print's flow: the direction is taken from the
 * mask's blocks around (5 × 5), and the block's own direction (3 × 3) must agree with it, which
 * grain's random direction seldom does. And they are periodic across that direction, measured
 * on a signature averaged further along the ridges than the ordinary one, so grain averages
 * out while the ridges do not.
 */
function fadedPrintAt(
  grey: Float32Array,
  width: number,
  height: number,
  g: BlockGradients,
  mask: Uint8Array,
  q: number,
  contrast: Float32Array,
  sat: Float64Array,
  params: ExtractionParameters,
  share: number,
): boolean {
  const deviation = contrast[q];
  if (deviation <= params.segmentationFadedMinContrast || deviation > params.segmentationFadedMaxContrast) return false;
  const { cols, rows } = g.grid;
  const bx = q % cols, by = (q / cols) | 0;
  const grow = contrastGrowth(g.grid.blockSize, params);
  const weber = weberContrast(sat, width, height, g.grid, bx, by, deviation, grow);
  if (weber < params.segmentationFadedWeberContrast) return false;
  // the flow and the contrast against white of the mask's blocks around, and the block's own direction
  let a = 0, b = 0, c = 0, around = 0;
  for (let y = Math.max(0, by - 2); y <= Math.min(rows - 1, by + 2); y++) {
    for (let x = Math.max(0, bx - 2); x <= Math.min(cols - 1, bx + 2); x++) {
      const i = y * cols + x;
      if (!mask[i]) continue;
      a += g.gxx[i];
      b += g.gyy[i];
      c += g.gxy[i];
      aroundWeber[around++] = weberContrast(sat, width, height, g.grid, x, y, contrast[i], grow);
    }
  }
  if (a + b <= 1e-9) return false;
  const typical = aroundWeber.subarray(0, around).sort();
  if (weber < params.segmentationFadedRelativeWeber * typical[around >> 1]) return false;
  const flow = 0.5 * Math.atan2(2 * c, a - b);
  neighbourMoments(g, bx, by);
  const own = 0.5 * Math.atan2(2 * moments[2], moments[0] - moments[1]);
  let turn = Math.abs(own - flow) % Math.PI;
  if (turn > Math.PI / 2) turn = Math.PI - turn;
  if (turn > params.segmentationFadedMaxTurn) return false;
  // ridges run at right angles to the dominant gradient direction
  const len = params.frequencySignatureLength;
  if (signature.length !== len) signature = new Float32Array(len);
  const size = g.grid.blockSize;
  if (!sampleSignature(grey, width, height, bx * size + size / 2, by * size + size / 2, flow + Math.PI / 2, len, params.segmentationFadedHalfWidth, signature)) return false;
  return measureSignature(signature, len, params.frequencyMinPeriod, params.frequencyMaxPeriod, false, params.ridgeShareShortestPeriod).share >= share;
}

/**
 * Pixels the block contrast window reaches past the block on each side: `segmentationContrastGrowth`
 * of the block side, rounded down (0.5 of an 8-px block = 4 px, as shipped).
 */
function contrastGrowth(size: number, params: ExtractionParameters): number {
  return Math.max(0, Math.floor(size * params.segmentationContrastGrowth));
}

/** The mean grey over block (bx, by)'s contrast window (the block and `half` pixels around it). */
function windowMean(sat: Float64Array, width: number, height: number, grid: BlockGrid, bx: number, by: number, half: number): number {
  const size = grid.blockSize;
  const w1 = width + 1;
  const y0 = Math.max(0, by * size - half), y1 = Math.min(height, (by + 1) * size + half);
  const x0 = Math.max(0, bx * size - half), x1 = Math.min(width, (bx + 1) * size + half);
  return (sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0]) / ((x1 - x0) * (y1 - y0));
}

/**
 * The print's typical grey left above its blocks (issue 12, lowcon): the median over the mask's
 * blocks of 255 − the mean grey of the block's contrast window, at least 1; 0 with no block.
 */
function typicalWhiteGap(sat: Float64Array, width: number, height: number, grid: BlockGrid, mask: Uint8Array, params: ExtractionParameters): number {
  const half = contrastGrowth(grid.blockSize, params);
  const gaps: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) gaps.push(Math.max(1, 255 - windowMean(sat, width, height, grid, i % grid.cols, (i / grid.cols) | 0, half)));
  if (!gaps.length) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1]!;
}

/**
 * Block `q`'s contrast as the growth's ordinary test reads it with `segmentationFaintWeberGain` K
 * (issue 12, lowcon): a block lighter than the print's typical block (its grey left above, 255 −
 * mean, below `typicalGap`) has its deviation raised by typicalGap / its gap, at most K-fold; a
 * block as dark as typical or darker keeps its deviation.
 */
function unfadedContrast(sat: Float64Array, width: number, height: number, grid: BlockGrid, q: number, deviation: number, typicalGap: number, gain: number, params: ExtractionParameters): number {
  const gap = Math.max(1, 255 - windowMean(sat, width, height, grid, q % grid.cols, (q / grid.cols) | 0, contrastGrowth(grid.blockSize, params)));
  if (gap >= typicalGap) return deviation;
  return deviation * Math.max(1, Math.min(gain, typicalGap / gap));
}

// scratch of fadedPrintAt: the contrast against white of the 5 × 5 blocks around one
const aroundWeber = new Float32Array(25);

/**
 * Block (bx, by)'s contrast against white: its grey standard deviation `deviation` over the
 * grey left above its mean (255 − mean, at least 1), both over the window the contrast is
 * measured on (the block and `half` pixels around it, see contrastGrowth).
 */
function weberContrast(sat: Float64Array, width: number, height: number, grid: BlockGrid, bx: number, by: number, deviation: number, half: number): number {
  const size = grid.blockSize;
  const w1 = width + 1;
  const y0 = Math.max(0, by * size - half), y1 = Math.min(height, (by + 1) * size + half);
  const x0 = Math.max(0, bx * size - half), x1 = Math.min(width, (bx + 1) * size + half);
  const mean = (sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0]) / ((x1 - x0) * (y1 - y0));
  return deviation / Math.max(1, 255 - mean);
}

/** Radius of the window a pixel's flatness is measured on, pixels. */
const FLAT_RADIUS = 3;

/**
 * Per block, the share 0–1 of its pixels (every second one in each direction) whose grey
 * standard deviation over a (2·3+1)² window is below `maxDeviation`: perfectly flat grey,
 * where even sensor noise is absent (a drawn frame's surround, saturation). Only pixels whose
 * window mean is below `maxMean` count (dark flat grey, when given).
 */
function blockFlatShare(sat: Float64Array, sat2: Float64Array, width: number, height: number, grid: BlockGrid, maxDeviation: number, maxMean = Infinity): Float32Array {
  const { cols, rows, blockSize: size } = grid;
  const w1 = width + 1;
  const out = new Float32Array(cols * rows);
  const cnt = new Float32Array(cols * rows);
  const limit = maxDeviation * maxDeviation;
  for (let y = 0; y < height; y += 2) {
    const y0 = Math.max(0, y - FLAT_RADIUS), y1 = Math.min(height, y + FLAT_RADIUS + 1);
    const r = ((y / size) | 0) * cols;
    // the counts of a block's samples gather in locals and are added when the block changes
    // (whole numbers, so the same float32 values as counting one by one)
    let b = r;
    let samples = 0;
    let flat = 0;
    for (let x = 0; x < width; x += 2) {
      const x0 = Math.max(0, x - FLAT_RADIUS), x1 = Math.min(width, x + FLAT_RADIUS + 1);
      const s1 = sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0];
      const s2 = sat2[y1 * w1 + x1] - sat2[y0 * w1 + x1] - sat2[y1 * w1 + x0] + sat2[y0 * w1 + x0];
      const c = (x1 - x0) * (y1 - y0);
      const mean = s1 / c;
      const block = r + ((x / size) | 0);
      if (block !== b) {
        cnt[b] += samples;
        out[b] += flat;
        b = block;
        samples = 0;
        flat = 0;
      }
      samples++;
      flat += s2 / c - mean * mean < limit && mean < maxMean ? 1 : 0;
    }
    cnt[b] += samples;
    out[b] += flat;
  }
  for (let i = 0; i < out.length; i++) out[i] = cnt[i] > 0 ? out[i] / cnt[i] : 0;
  return out;
}

/**
 * The print's typical ridge grey: the median over the mask's blocks of (block mean − block
 * contrast), the dark side of a block's ridge-valley swing. Grey darker than this that is also
 * nearly flat shows no ridge (residue, a wet blob). 0 when the mask is empty.
 */
function ridgeGrey(sat: Float64Array, width: number, height: number, grid: BlockGrid, mask: Uint8Array, contrast: Float32Array): number {
  const { cols, rows, blockSize: size } = grid;
  const w1 = width + 1;
  const levels: number[] = [];
  for (let by = 0; by < rows; by++) {
    const y0 = by * size, y1 = Math.min(height, y0 + size);
    for (let bx = 0; bx < cols; bx++) {
      const b = by * cols + bx;
      if (!mask[b]) continue;
      const x0 = bx * size, x1 = Math.min(width, x0 + size);
      const s1 = sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0];
      levels.push(s1 / ((x1 - x0) * (y1 - y0)) - contrast[b]);
    }
  }
  if (!levels.length) return 0;
  levels.sort((a, b) => a - b);
  return levels[levels.length >> 1];
}

/** Mean grey levels at or beyond which flat grey is saturation rather than a drawn fill. */
const SATURATED_DARK = 8;
const SATURATED_LIGHT = 247;

/**
 * Clears `pixels` within `margin` pixels (square neighbourhood, by separable running maxima) of
 * any flat, unsaturated pixel: grey standard deviation below `maxDeviation` over its 7 × 7
 * window, mean strictly between the saturation levels. Constant mid-grey is a fill a sensor or
 * a scanner draws (a frame's surround); a saturated platen borders real print, which keeps the
 * ordinary border distance.
 */
function clearNearFlat(pixels: Uint8Array, sat: Float64Array, sat2: Float64Array, width: number, height: number, maxDeviation: number, margin: number): void {
  // saturated flat grey is the platen beside the print (a white optical background), not a fill
  const flat = markFlatPixels(sat, sat2, width, height, maxDeviation, SATURATED_DARK, SATURATED_LIGHT);
  if (!flat) return;
  const near = dilateSquare(flat, width, height, margin);
  for (let i = 0; i < pixels.length; i++) if (near[i]) pixels[i] = 0;
}

/** Half side of the window of the rim peel's contrast (9 × 9 pixels: about one ridge period). */
const PEEL_RADIUS = 4;

/**
 * Peels the mask's rim: from the mask pixels 4-adjacent to its background (the image's own sides
 * are not background here: the print goes on beyond them), clears those whose grey standard
 * deviation over their (2·PEEL_RADIUS+1)² window is below `minDeviation`, and goes on inwards
 * through such pixels (4-connected) up to `depth` pixels from where it started. A pixel with
 * ridges in its window stops it, so print is never cut through, and a faint part inside the print
 * is never reached.
 */
export function peelLowContrastRim(pixels: Uint8Array, sat: Float64Array, sat2: Float64Array, width: number, height: number, minDeviation: number, depth: number): void {
  const w1 = width + 1;
  const limit = minDeviation * minDeviation;
  const low = (i: number): boolean => {
    const x = i % width, y = (i - x) / width;
    const y0 = Math.max(0, y - PEEL_RADIUS), y1 = Math.min(height, y + PEEL_RADIUS + 1);
    const x0 = Math.max(0, x - PEEL_RADIUS), x1 = Math.min(width, x + PEEL_RADIUS + 1);
    const s1 = sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0];
    const s2 = sat2[y1 * w1 + x1] - sat2[y0 * w1 + x1] - sat2[y1 * w1 + x0] + sat2[y0 * w1 + x0];
    const c = (x1 - x0) * (y1 - y0);
    const mean = s1 / c;
    return s2 / c - mean * mean < limit;
  };
  // 1 = on the mask's rim (a background 4-neighbour), before anything is cleared
  let front: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!pixels[i]) continue;
      if ((x > 0 && !pixels[i - 1]) || (x < width - 1 && !pixels[i + 1]) || (y > 0 && !pixels[i - width]) || (y < height - 1 && !pixels[i + width])) front.push(i);
    }
  }
  const cleared: number[] = [];
  for (const i of front) if (low(i)) cleared.push(i);
  for (const i of cleared) pixels[i] = 0;
  front = cleared;
  for (let step = 1; step < depth && front.length; step++) {
    const next: number[] = [];
    for (const i of front) {
      const x = i % width;
      const around = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width];
      for (const j of around) {
        if (j < 0 || j >= pixels.length || !pixels[j] || !low(j)) continue;
        pixels[j] = 0;
        next.push(j);
      }
    }
    front = next;
  }
}

/**
 * The pixels whose grey standard deviation over their (2·FLAT_RADIUS+1)² window (clipped at the
 * image's sides) is below `maxDeviation` and whose window mean lies strictly between `minMean`
 * and `maxMean`, as 0/1 bytes; null when there is none.
 */
function markFlatPixels(sat: Float64Array, sat2: Float64Array, width: number, height: number, maxDeviation: number, minMean: number, maxMean: number): Uint8Array | null {
  const w1 = width + 1;
  const limit = maxDeviation * maxDeviation;
  const flat = new Uint8Array(width * height);
  let any = false;
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - FLAT_RADIUS), y1 = Math.min(height, y + FLAT_RADIUS + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - FLAT_RADIUS), x1 = Math.min(width, x + FLAT_RADIUS + 1);
      const s1 = sat[y1 * w1 + x1] - sat[y0 * w1 + x1] - sat[y1 * w1 + x0] + sat[y0 * w1 + x0];
      const s2 = sat2[y1 * w1 + x1] - sat2[y0 * w1 + x1] - sat2[y1 * w1 + x0] + sat2[y0 * w1 + x0];
      const c = (x1 - x0) * (y1 - y0);
      const mean = s1 / c;
      if (s2 / c - mean * mean < limit && mean > minMean && mean < maxMean) { flat[y * width + x] = 1; any = true; }
    }
  }
  return any ? flat : null;
}

/** Coherence of the gradients over each block and its 8 neighbours, 0–1. */
export function blockCoherence(g: BlockGradients): Float32Array {
  const { cols, rows } = g.grid;
  const out = new Float32Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      neighbourMoments(g, bx, by);
      const a = moments[0], b = moments[1], c = moments[2];
      const e = a + b;
      out[by * cols + bx] = e > 1e-9 ? Math.sqrt((a - b) * (a - b) + 4 * c * c) / e : 0;
    }
  }
  return out;
}

// scratch of neighbourMoments: gx², gy², gx·gy summed, and the blocks summed (extraction never yields inside a stage)
const moments = new Float64Array(3);
const neighbourhood = new Int32Array(9);

/**
 * The blocks of the 3 × 3 neighbourhood of block `p` (itself included) that lie on a
 * `cols` × `rows` grid, row by row, into `out` (room for 9); returns how many.
 */
function blockNeighbourhood(p: number, cols: number, rows: number, out: Int32Array): number {
  const px = p % cols;
  const py = (p / cols) | 0;
  let count = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = py + dy;
    if (yy < 0 || yy >= rows) continue;
    for (let dx = -1; dx <= 1; dx++) {
      const xx = px + dx;
      if (xx < 0 || xx >= cols) continue;
      out[count++] = yy * cols + xx;
    }
  }
  return count;
}

/** Sums the gradient moments of block (bx, by) and its 8 neighbours into `moments`. */
/**
 * Takes out again each 8-connected part the faint-print growth added (`mask` less `before`) whose
 * rim does not continue the print (issue 12, ghost: a latent print left on the platen is faint,
 * coherent and periodic like faint print, but its ridges cross the finger's). A part's rim blocks
 * are those beside the mask before the growth; only rim blocks whose own direction (3 × 3 moments)
 * is clear, coherence at least `segmentationGrowRimCoherence`, are read: a dry or faded rim's
 * directions are noise and say nothing either way. When at least 2 are read and fewer than 3 in 4 of
 * them turn within `segmentationFadedMaxTurn` of the print's flow around them (the mask before the
 * growth, 5 × 5 blocks), the part is dropped. O(blocks).
 */
function dropCrossingGrowth(g: BlockGradients, before: Uint8Array, mask: Uint8Array, params: ExtractionParameters): void {
  const { cols, rows } = g.grid;
  const part = new Int32Array(mask.length).fill(-1);
  const around = new Int32Array(9);
  const stack: number[] = [];
  const members: number[] = [];
  let parts = 0;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || before[start] || part[start] >= 0) continue;
    // one part of the growth, flooded 8-connected
    members.length = 0;
    stack.push(start);
    part[start] = parts;
    while (stack.length) {
      const q = stack.pop()!;
      members.push(q);
      const count = blockNeighbourhood(q, cols, rows, around);
      for (let k = 0; k < count; k++) {
        const r = around[k]!;
        if (mask[r] && !before[r] && part[r] < 0) {
          part[r] = parts;
          stack.push(r);
        }
      }
    }
    parts++;
    let read = 0, continuing = 0;
    for (const q of members) {
      const bx = q % cols, by = (q / cols) | 0;
      const count = blockNeighbourhood(q, cols, rows, around);
      let onRim = false;
      for (let k = 0; k < count && !onRim; k++) onRim = before[around[k]!] === 1;
      if (!onRim) continue;
      neighbourMoments(g, bx, by);
      const [a0, b0, c0] = [moments[0]!, moments[1]!, moments[2]!];
      if (a0 + b0 <= 1e-9 || Math.hypot(a0 - b0, 2 * c0) / (a0 + b0) < params.segmentationGrowRimCoherence) continue;
      let a = 0, b = 0, c = 0;
      for (let y = Math.max(0, by - 2); y <= Math.min(rows - 1, by + 2); y++) {
        for (let x = Math.max(0, bx - 2); x <= Math.min(cols - 1, bx + 2); x++) {
          const i = y * cols + x;
          if (!before[i]) continue;
          a += g.gxx[i]!;
          b += g.gyy[i]!;
          c += g.gxy[i]!;
        }
      }
      if (a + b <= 1e-9) continue;
      read++;
      let turn = Math.abs(0.5 * Math.atan2(2 * c0, a0 - b0) - 0.5 * Math.atan2(2 * c, a - b)) % Math.PI;
      if (turn > Math.PI / 2) turn = Math.PI - turn;
      if (turn <= params.segmentationFadedMaxTurn) continuing++;
    }
    if (read >= 2 && continuing < 0.75 * read) for (const q of members) mask[q] = 0;
  }
}

function neighbourMoments(g: BlockGradients, bx: number, by: number): void {
  const { cols, rows } = g.grid;
  let a = 0;
  let b = 0;
  let c = 0;
  const count = blockNeighbourhood(by * cols + bx, cols, rows, neighbourhood);
  for (let k = 0; k < count; k++) {
    const i = neighbourhood[k];
    a += g.gxx[i];
    b += g.gyy[i];
    c += g.gxy[i];
  }
  moments[0] = a;
  moments[1] = b;
  moments[2] = c;
}

function dilate(m: Uint8Array, cols: number, rows: number, r: number): Uint8Array {
  if (r <= 0) return m;
  const out = new Uint8Array(m.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let v = 0;
      for (let dy = -r; dy <= r && !v; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= rows) continue;
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= cols || dx * dx + dy * dy > r * r + r) continue;
          if (m[yy * cols + xx]) {
            v = 1;
            break;
          }
        }
      }
      out[y * cols + x] = v;
    }
  }
  return out;
}

function erode(m: Uint8Array, cols: number, rows: number, r: number): Uint8Array {
  if (r <= 0) return m;
  const out = new Uint8Array(m.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let v = 1;
      for (let dy = -r; dy <= r && v; dy++) {
        const yy = y + dy;
        for (let dx = -r; dx <= r; dx++) {
          const xx = x + dx;
          if (dx * dx + dy * dy > r * r + r) continue;
          // outside the grid counts as foreground here so the print is not eaten at the image edge
          if (yy < 0 || yy >= rows || xx < 0 || xx >= cols) continue;
          if (!m[yy * cols + xx]) {
            v = 0;
            break;
          }
        }
      }
      out[y * cols + x] = v;
    }
  }
  return out;
}

function keepLargestComponent(m: Uint8Array, cols: number, rows: number): Uint8Array {
  const label = new Int32Array(m.length);
  const around = new Int32Array(9);
  const stack: number[] = [];
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let i = 0; i < m.length; i++) {
    if (!m[i] || label[i]) continue;
    next++;
    let size = 0;
    label[i] = next;
    stack.push(i);
    while (stack.length) {
      const count = blockNeighbourhood(stack.pop()!, cols, rows, around);
      size++;
      for (let k = 0; k < count; k++) {
        const q = around[k];
        if (m[q] && !label[q]) {
          label[q] = next;
          stack.push(q);
        }
      }
    }
    if (size > bestSize) {
      bestSize = size;
      best = next;
    }
  }
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = label[i] === best && best > 0 ? 1 : 0;
  return out;
}

/** Background regions that do not touch the grid edge are holes in the print: fill them. */
function fillHoles(m: Uint8Array, cols: number, rows: number): void {
  const outside = new Uint8Array(m.length);
  const stack: number[] = [];
  for (let x = 0; x < cols; x++) {
    stack.push(x, (rows - 1) * cols + x);
  }
  for (let y = 0; y < rows; y++) {
    stack.push(y * cols, y * cols + cols - 1);
  }
  while (stack.length) {
    const p = stack.pop()!;
    if (m[p] || outside[p]) continue;
    outside[p] = 1;
    const px = p % cols;
    const py = (p / cols) | 0;
    if (px > 0) stack.push(p - 1);
    if (px < cols - 1) stack.push(p + 1);
    if (py > 0) stack.push(p - cols);
    if (py < rows - 1) stack.push(p + cols);
  }
  for (let i = 0; i < m.length; i++) if (!m[i] && !outside[i]) m[i] = 1;
}

/**
 * Euclidean distance from pixel (x, y) to the nearest background pixel or the image edge
 * (the print beyond the edge is unknown), searched up to `limit` pixels: returns `limit` when
 * nothing is closer. With `imageSide` false the image edge does not count (only the mask's
 * own background). With `nearest`, its two entries receive the offset (dx, dy) of the nearest
 * background pixel found (left as they are when none is). Cost O(limit²), so it is meant for a
 * few hundred minutiae, not every pixel.
 */
export function distanceToBackground(
  mask: Uint8Array, width: number, height: number, x: number, y: number, limit: number, imageSide = true, nearest?: Int32Array,
): number {
  const edge = imageSide ? Math.min(limit, x + 1, y + 1, width - x, height - y) : limit;
  let best2 = edge * edge;
  const r = Math.ceil(edge);
  for (let dy = -r; dy <= r; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= height || dy * dy >= best2) continue;
    const o = yy * width;
    for (let dx = -r; dx <= r; dx++) {
      const d2 = dx * dx + dy * dy;
      if (d2 >= best2) continue;
      const xx = x + dx;
      if (xx >= 0 && xx < width && !mask[o + xx]) {
        best2 = d2;
        if (nearest) {
          nearest[0] = dx;
          nearest[1] = dy;
        }
      }
    }
  }
  return Math.sqrt(best2);
}
