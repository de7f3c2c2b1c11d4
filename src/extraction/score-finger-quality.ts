import { QUALITY_PARAMETERS } from '../config/parameters.js';
import type { FingerprintAnalysis } from './analyze-fingerprint.js';
import type { ForegroundMask, FrequencyField, RawMinutia } from './types.js';

/** The NFIQ-2-like features a finger quality is made from (each documented with its range). */
export interface FingerQualityFeatures {
  /** Foreground area, pixels at 500 ppi. */
  readonly foregroundPixels: number;
  /** Mean orientation coherence over the foreground, 0–1 (orientation certainty). */
  readonly orientationCertainty: number;
  /** Share of sampled foreground windows with a clean ridge/valley signature, 0–1 (local clarity). */
  readonly clarity: number;
  /** 1 − coefficient of variation of the measured ridge periods, clamped 0–1 (frequency consistency). */
  readonly frequencyConsistency: number;
  /** Minutiae within 100 px of the foreground's centroid. */
  readonly centralMinutiae: number;
  /**
   * Median ridge contrast of the foreground blocks whose ridge signature was sampled: the raw
   * grey-level standard deviation of the block (0–255 scale, as segmentation measures it) ×
   * √(share of the signature's energy one sinusoid of a ridge period explains), i.e. the
   * amplitude of the ridges themselves. The one absolute feature: a print washed out or blurred
   * until its ridges are a few grey levels deep is seen as such, however clean they look once
   * normalised. Optional for features measured before it existed (then not counted).
   */
  readonly ridgeContrast?: number;
}

/**
 * One block's ridge contrast, grey levels: its raw grey-level standard deviation × √(share of its
 * signature's energy one sinusoid explains). Meaningful where the block is foreground and sampled;
 * the per-print median ({@link medianRidgeContrast}) and the per-block gate (map-faint-blocks.ts)
 * read the same value.
 */
export function blockRidgeContrast(mask: Pick<ForegroundMask, 'contrast'>, frequency: Pick<FrequencyField, 'share'>, i: number): number {
  return mask.contrast[i]! * Math.sqrt(Math.max(0, frequency.share[i]!));
}

/**
 * The print's median ridge contrast ({@link FingerQualityFeatures.ridgeContrast}): over the
 * foreground blocks whose ridge signature was sampled, the block's raw grey-level standard
 * deviation × √(share of the signature's energy one sinusoid explains); the upper median, 0 when
 * no block was sampled. Needs only the mask and the frequency field, so it is known before the
 * enhancement (the ridge enhancer's per-print gate, `ridgeNetMaxContrast`, reads it there).
 */
export function medianRidgeContrast(mask: Pick<ForegroundMask, 'blocks' | 'contrast'>, frequency: Pick<FrequencyField, 'sampled' | 'share'>): number {
  const ridgeContrasts: number[] = [];
  for (let i = 0; i < mask.blocks.length; i++) {
    if (mask.blocks[i] && frequency.sampled[i]) ridgeContrasts.push(blockRidgeContrast(mask, frequency, i));
  }
  return ridgeContrasts.length ? Float64Array.from(ridgeContrasts).sort()[ridgeContrasts.length >> 1]! : 0;
}

/** Measures the features of {@link FingerQualityFeatures} from an analysis and its minutiae. */
export function measureQualityFeatures(analysis: FingerprintAnalysis, minutiae: readonly RawMinutia[]): FingerQualityFeatures {
  const { mask, orientation, frequency } = analysis;
  const { blocks } = mask;
  let fgBlocks = 0;
  let coh = 0;
  let measured = 0;
  let sampled = 0;
  let ps = 0;
  let ps2 = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (!blocks[i]) continue;
    fgBlocks++;
    coh += orientation.coherence[i];
    sampled += frequency.sampled[i];
    if (frequency.measured[i]) {
      measured++;
      const p = frequency.period[i];
      ps += p;
      ps2 += p * p;
    }
  }
  let foregroundPixels = 0;
  let cx = 0;
  let cy = 0;
  const w = analysis.width;
  // row by row, without a division per pixel (integer sums: exact in any order)
  for (let y = 0, o = 0; o < mask.pixels.length; y++, o += w) {
    let count = 0;
    let sumX = 0;
    for (let x = 0; x < w; x++) {
      if (!mask.pixels[o + x]) continue;
      count++;
      sumX += x;
    }
    foregroundPixels += count;
    cx += sumX;
    cy += count * y;
  }
  cx /= Math.max(1, foregroundPixels);
  cy /= Math.max(1, foregroundPixels);
  let centralMinutiae = 0;
  for (const m of minutiae) if ((m.x - cx) ** 2 + (m.y - cy) ** 2 <= 100 * 100) centralMinutiae++;
  const meanP = measured ? ps / measured : 0;
  const sdP = measured ? Math.sqrt(Math.max(0, ps2 / measured - meanP * meanP)) : 0;
  return {
    foregroundPixels,
    orientationCertainty: fgBlocks ? coh / fgBlocks : 0,
    clarity: sampled ? measured / sampled : 0,
    frequencyConsistency: meanP > 0 ? Math.max(0, Math.min(1, 1 - sdP / meanP)) : 0,
    centralMinutiae,
    ridgeContrast: medianRidgeContrast(mask, frequency),
  };
}

/**
 * Finger quality 0–100 from its features: the geometric mean of saturating terms (area,
 * orientation certainty, local clarity, central minutiae, and optionally the absolute ridge
 * contrast) times a frequency consistency factor, so one bad feature (tiny area, no clear
 * ridges, no minutiae) is enough to pull the score down. The saturation points are what a good
 * plain 500 ppi impression reaches. The ridge contrast term (`ridgeContrastLow` →
 * `ridgeContrastHigh` grey levels; high 0, as shipped, leaves it out) is measured in
 * bench/RESULTS.md ("Quality that predicts utility"): its gain on the error-versus-reject curve
 * was not beyond its interval. The score ranks prints by how well they match (`afis eval erc`).
 */
export function scoreFingerQuality(f: FingerQualityFeatures, params: { readonly ridgeContrastLow: number; readonly ridgeContrastHigh: number } = QUALITY_PARAMETERS): number {
  const sat = (v: number, lo: number, hi: number): number => (v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo));
  const area = sat(f.foregroundPixels, 8_000, 60_000);
  const certainty = sat(f.orientationCertainty, 0.15, 0.55);
  const clarity = sat(f.clarity, 0.2, 0.8);
  const consistency = sat(f.frequencyConsistency, 0.5, 0.85);
  const minutiae = sat(f.centralMinutiae, 3, 20);
  const terms = [area, certainty, clarity, minutiae];
  if (f.ridgeContrast !== undefined && params.ridgeContrastHigh > 0) terms.push(sat(f.ridgeContrast, params.ridgeContrastLow, params.ridgeContrastHigh));
  const score = 100 * Math.pow(terms.reduce((a, b) => a * b, 1), 1 / terms.length) * (0.7 + 0.3 * consistency);
  return Math.round(Math.max(0, Math.min(100, score)));
}
