/** Tuned constants of finger quality assessment (src/quality). */
export const QUALITY_PARAMETERS = Object.freeze({
  /** Below this finger quality (0–100) the desk asks for a recapture. */
  minAcceptableScore: 40,
  /** Least foreground area of an acceptable capture, pixels at 500 ppi (about 8 × 8 mm). */
  minForegroundPixels: 25_000,
  /** Least number of minutiae of an acceptable capture. */
  minMinutiae: 12,
  /** Grey-level standard deviation under which an image is blank. */
  blankContrast: 4,
  /** Share of pixels at 0 or 255 above which the capture is saturated (pressed too hard, or overexposed). */
  maxSaturatedShare: 0.4,
});
export type QualityParameters = typeof QUALITY_PARAMETERS;
