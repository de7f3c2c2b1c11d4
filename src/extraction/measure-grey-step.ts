import type { GrayImage } from '../core/index.js';
import type { ForegroundMask, FrequencyField } from './types.js';
import { medianRidgeContrast } from './score-finger-quality.js';

/** Shares of the print's grey histogram left out at each end when its grey step is read. */
const STEP_TAIL_SHARE = 0.01;

/**
 * The print's grey step (issue 12, gaingate): how many grey levels apart, on average, the levels
 * its pixels use are. Over the foreground pixels, between the 1st and 99th percentiles of their
 * grey, the number of levels spanned divided by the number of those levels some pixel takes; at
 * least 1. A print as digitised uses every level within its range (noise fills them), so its step
 * is 1; one whose grey range was stretched by a factor g after digitising (a scanner's automatic
 * gain on 8-bit data) uses only every g-th level, so its step is about g. A print whose range was
 * compressed keeps step 1: its levels merged. 1 when the foreground is empty. Pure; one pass.
 */
export function measureGreyStep(image: Pick<GrayImage, 'data'>, pixels: Uint8Array): number {
  const levels = levelsWithinTails(image, pixels);
  if (!levels) return 1;
  const { lo, hi, used } = levels;
  return Math.max(1, (hi - lo + 1) / used);
}

/**
 * The foreground's grey levels between its 1st and 99th percentiles (STEP_TAIL_SHARE): the lowest
 * and highest, and how many of the levels between them some pixel takes; null when the foreground
 * is empty or spans one level.
 */
function levelsWithinTails(image: Pick<GrayImage, 'data'>, pixels: Uint8Array): { lo: number; hi: number; used: number } | null {
  const { hist, n } = foregroundHistogram(image, pixels);
  if (n === 0) return null;
  const { lo, hi } = tailLevels(hist, n);
  if (hi <= lo) return null;
  let used = 0;
  for (let v = lo; v <= hi; v++) if (hist[v]! > 0) used++;
  return { lo, hi, used };
}

/**
 * The print's digital gain read from its grey levels' spacing, robust to a coarse digitiser (issue
 * 12, gainsuite). Over the foreground pixels between the 1st and 99th percentiles of their grey,
 * the mean spacing of the levels some pixel takes (levels spanned − 1 over levels used − 1, at least
 * 1), folded into its octave: divided by the largest power of two not above it. A digitiser of b
 * bits written as 8-bit grey spaces its levels 2^(8 − b) apart, a power of two; a gain g applied
 * after it spaces them g · 2^(8 − b) apart. So a print as digitised reads 1 at any bit depth (8-bit
 * noise fills every level; 6-bit data, every 4th: spacing 4, folded 1), and a gain 1 ≤ g < 2 after
 * any such digitiser reads g. A gain of 2 or more is ambiguous with a coarser digitiser (8 bits ×
 * 2.5 spaces the levels as 7 bits × 1.25) and reads g / 2^⌊log₂ g⌋, less than the gain: the gate
 * then leans to the grey-level reading. 1 when the foreground is empty or uses one level. Pure;
 * one pass.
 */
export function measureOctaveGreyStep(image: Pick<GrayImage, 'data'>, pixels: Uint8Array): number {
  const levels = levelsWithinTails(image, pixels);
  if (!levels) return 1;
  const { lo, hi, used } = levels;
  const spacing = Math.max(1, (hi - lo) / (used - 1));
  return spacing / 2 ** Math.floor(Math.log2(spacing));
}

/**
 * The print's median ridge contrast in its own grey steps, the step read robustly to a coarse
 * digitiser (issue 12, gainsuite): the quality feature `ridgeContrast` (grey levels) divided by
 * {@link measureOctaveGreyStep}. A gain below 2 after digitising at any bit depth leaves it
 * unchanged; a coarse digitiser alone leaves the grey-level contrast as it is.
 */
export function measureOctaveStepRidgeContrast(
  image: Pick<GrayImage, 'data'>,
  mask: Pick<ForegroundMask, 'blocks' | 'contrast' | 'pixels'>,
  frequency: Pick<FrequencyField, 'sampled' | 'share'>,
): number {
  return medianRidgeContrast(mask, frequency) / measureOctaveGreyStep(image, mask.pixels);
}

/**
 * The print's median ridge contrast in its own grey steps (issue 12, gaingate): the quality
 * feature `ridgeContrast` (medianRidgeContrast, grey levels) divided by the print's grey step
 * ({@link measureGreyStep}). A linear stretch of the grey levels after digitising multiplies
 * both by the same factor, so this reads the same before and after a scanner's automatic gain;
 * for a print as digitised (step 1) it is the ridge contrast itself.
 */
export function measureStepRidgeContrast(
  image: Pick<GrayImage, 'data'>,
  mask: Pick<ForegroundMask, 'blocks' | 'contrast' | 'pixels'>,
  frequency: Pick<FrequencyField, 'sampled' | 'share'>,
): number {
  return medianRidgeContrast(mask, frequency) / measureGreyStep(image, mask.pixels);
}

/**
 * The print's grey range (issue 12, gaingate): the highest minus the lowest grey level of its
 * foreground pixels once the STEP_TAIL_SHARE tails are left out at each end (the levels the grey
 * step reads too, {@link tailLevels}), at least 1; 1 when the foreground is empty. Any linear
 * change of the grey levels multiplies it by the gain (up to rounding and clipping).
 */
export function measureGreyRange(image: Pick<GrayImage, 'data'>, pixels: Uint8Array): number {
  const { hist, n } = foregroundHistogram(image, pixels);
  if (n === 0) return 1;
  const { lo, hi } = tailLevels(hist, n);
  return Math.max(1, hi - lo);
}

/**
 * The print's median ridge contrast relative to its own grey range (issue 12, gaingate): the
 * quality feature `ridgeContrast` (grey levels) × 255 / {@link measureGreyRange}, i.e. the depth
 * of the ridges as a share of the range the print's grey spans, on a 0–255 scale. Any linear gain
 * (before or after digitising) leaves it unchanged. A print faint in part (faded towards white
 * beside ridges of full depth) reads low; a print uniformly faint does not (its range shrinks
 * with its ridges).
 */
export function measureRangeRidgeContrast(
  image: Pick<GrayImage, 'data'>,
  mask: Pick<ForegroundMask, 'blocks' | 'contrast' | 'pixels'>,
  frequency: Pick<FrequencyField, 'sampled' | 'share'>,
): number {
  return (medianRidgeContrast(mask, frequency) * 255) / measureGreyRange(image, mask.pixels);
}

/** The grey levels at which the histogram's lower and upper `STEP_TAIL_SHARE` tails end. */
function tailLevels(hist: Float64Array, n: number): { lo: number; hi: number } {
  let lo = 0;
  let hi = 255;
  for (let v = 0, acc = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc > STEP_TAIL_SHARE * n) {
      lo = v;
      break;
    }
  }
  for (let v = 255, acc = 0; v >= 0; v--) {
    acc += hist[v]!;
    if (acc > STEP_TAIL_SHARE * n) {
      hi = v;
      break;
    }
  }
  return { lo, hi };
}

/** The grey histogram of the foreground pixels and their count. */
function foregroundHistogram(image: Pick<GrayImage, 'data'>, pixels: Uint8Array): { hist: Float64Array; n: number } {
  const hist = new Float64Array(256);
  const data = image.data;
  let n = 0;
  for (let i = 0; i < data.length; i++) {
    if (!pixels[i]) continue;
    hist[data[i]!]++;
    n++;
  }
  return { hist, n };
}
