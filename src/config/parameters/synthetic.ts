/**
 * Constants of the synthetic template generator (`src/synthetic`). Pixels at 500 ppi, angles in
 * radians. The impression model is tuned so that genuine and impostor scores under our matcher
 * resemble those of real plain prints (FVC2002 B, our extraction): minutiae per impression, the
 * genuine score percentiles and FNMR at FMR 1 % (bench/search/score-distributions.mjs;
 * bench/RESULTS.md "1:N search at scale" has the comparison).
 */
export const SYNTHETIC_PARAMETERS = Object.freeze({
  /** Pattern class frequencies (arch, tented arch, left loop, right loop, whorl), as in large
   * ten-print collections (loops ≈ 60–65 %, whorls ≈ 30 %, arches ≈ 5 %). */
  classFrequencies: Object.freeze([0.04, 0.03, 0.33, 0.31, 0.29]),
  /** Semi-axes of the whole finger area a master finger covers (a rolled print), pixels. */
  fingerSemiAxes: Object.freeze([165, 215]),
  /** Real minutiae per pixel² of finger area (≈ 60 on a rolled print, ≈ 35 per plain impression). */
  minutiaDensity: 5.5e-4,
  /** Closest two true minutiae may be, pixels (about one ridge period). */
  minMinutiaDistance: 9,
  /** Share of true minutiae that are bifurcations. */
  bifurcationShare: 0.45,
  /** Deviation of a minutia's direction from the local ridge flow, radians (standard deviation). */
  directionJitter: 0.12,
  /** Semi-axes of the area a plain impression captures, pixels, and their relative spread. */
  impressionSemiAxes: Object.freeze([128, 168]),
  impressionSizeSpread: 0.1,
  /** Placement of the impression on the finger: standard deviation of its centre, pixels. */
  placementSigma: 32,
  /** Rotation of an impression: standard deviation, radians (≈ 10°). */
  rotationSigma: 0.17,
  /** Elastic distortion: bumps per impression, bump radius (pixels), displacement deviation (pixels). */
  distortionBumps: 3,
  distortionRadius: 110,
  distortionSigma: 5,
  /** Minutiae closer than this to the impression border are lost more often (extractors drop them), pixels. */
  borderBand: 14,
  borderLoss: 0.6,
  /** Impression quality q ∈ [0, 1]: mean and deviation of good captures, share and mean of poor ones. */
  qualityMean: 0.78,
  qualitySigma: 0.1,
  poorShare: 0.1,
  poorMean: 0.4,
  /** Per-minutia effects at quality q: value = base + slope · (1 − q). */
  missBase: 0.05,
  missSlope: 0.25,
  spuriousBase: 2,
  spuriousSlope: 14,
  positionNoiseBase: 0.6,
  positionNoiseSlope: 1.6,
  angleNoiseBase: 0.04,
  angleNoiseSlope: 0.1,
  typeFlipBase: 0.04,
  typeFlipSlope: 0.12,
  /** Margin around the impression area in the template's image, pixels. */
  imageMargin: 20,
});
export type SyntheticParameters = typeof SYNTHETIC_PARAMETERS;
