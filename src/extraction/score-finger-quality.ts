import type { FingerprintAnalysis } from './analyze-fingerprint.js';
import type { RawMinutia } from './types.js';

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
  for (let i = 0; i < mask.pixels.length; i++) {
    if (!mask.pixels[i]) continue;
    foregroundPixels++;
    cx += i % w;
    cy += (i / w) | 0;
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
  };
}

/**
 * Finger quality 0–100 from its features: a product of saturating terms, so one bad feature
 * (tiny area, no clear ridges, no minutiae) is enough to pull the score down. The saturation
 * points are what a good plain 500 ppi impression reaches.
 */
export function scoreFingerQuality(f: FingerQualityFeatures): number {
  const sat = (v: number, lo: number, hi: number): number => (v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo));
  const area = sat(f.foregroundPixels, 8_000, 60_000);
  const certainty = sat(f.orientationCertainty, 0.15, 0.55);
  const clarity = sat(f.clarity, 0.2, 0.8);
  const consistency = sat(f.frequencyConsistency, 0.5, 0.85);
  const minutiae = sat(f.centralMinutiae, 3, 20);
  const score = 100 * Math.pow(area * certainty * clarity * minutiae, 0.25) * (0.7 + 0.3 * consistency);
  return Math.round(Math.max(0, Math.min(100, score)));
}
