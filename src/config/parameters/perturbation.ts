/**
 * Strengths of the perturbation suite (`src/perturbation`, `afis eval perturb`): one failure mode
 * of hard prints each, applied to the shared images to see what each costs. These are
 * definitions of the test, not tuned numbers: change one only with a note in bench/RESULTS.md,
 * since earlier figures stop being comparable. Pixels at 500 ppi, angles radians.
 */
export const PERTURBATION_PARAMETERS = Object.freeze({
  /** Sensor frame: the trapezoid's side insets at the top and bottom, fractions of the width. */
  frameTopInset: 0.05,
  frameBottomInset: 0.12,
  /** …its top and bottom insets, fractions of the height. */
  frameVerticalInset: 0.03,
  /** Width of the dark frame line, pixels, and its grey level; outside it a flat grey area. */
  frameLineWidth: 5,
  frameLineGrey: 40,
  frameOutsideGrey: 115,

  /** Partial low contrast: at full strength the contrast keeps this share (and the grey lightens). */
  fadeContrastKept: 0.2,
  /** The fade ramps in over this share of the image, across a random direction. */
  fadeRampShare: 0.3,

  /**
   * Washed out (not in the suite; for quality measurements, `afis eval erc --perturb`): the
   * whole print keeps a share of its contrast drawn in this range (lightened towards the paper
   * white), then a Gaussian blur of a sigma drawn in the second range, pixels.
   */
  washContrastKept: Object.freeze([0.15, 0.35]),
  washBlurSigma: Object.freeze([0.5, 1.5]),
  /**
   * Stretched (not in the suite; a scanner's automatic gain, the last step of a chain such as
   * `low-contrast+stretch`): the image's grey percentiles at these shares are mapped linearly
   * onto 0 and 255 (issue 12, gaingate).
   */
  stretchLowShare: 0.01,
  stretchHighShare: 0.99,
  /**
   * Quantised (not in the suite; a coarsely quantising scanner, issue 12 gainsuite): the digitiser's
   * bits, its samples written as 8-bit grey in the high bits (6: every level a multiple of 4), for
   * the kind `quantise`; and for `quantise-coarse`.
   */
  quantiseBits: 6,
  quantiseCoarseBits: 5,
  /** Blurred (not in the suite; for quality measurements): Gaussian sigma drawn in this range, pixels. */
  blurSigma: Object.freeze([1.5, 3.5]),
  /**
   * A finger that slid while captured (not in the suite; issue 12, smear): the length of the
   * directional smear drawn in this range, pixels (a 500 ppi ridge period is 7–11 px: from a
   * third to two thirds of a 9 px one, where the ridges across the slide keep 41–83 % of their
   * contrast).
   */
  smearLength: Object.freeze([3, 6]),
  /** Noisy sensor (not in the suite; issue 12, noise): white noise SD drawn in this range, grey levels. */
  noiseSigma: Object.freeze([8, 24]),
  /**
   * A capture sent compressed (not in the suite; issue 12, wsq): the WSQ bit rate of the round
   * trip, bits per pixel (0.75: about 15 : 1, the rate the WSQ specification is tuned for).
   */
  wsqBitRate: 0.75,
  /**
   * A large, mostly empty capture (not in the suite; issue 12, canvas): the image at least this
   * wide and high (a 640 × 480 image) and at least `canvasMargin` px larger than the print on each
   * axis, its surround of the print's border grey with white noise of an SD drawn in `canvasNoise`.
   */
  canvasSize: Object.freeze([640, 480]),
  canvasMargin: 64,
  canvasNoise: Object.freeze([0, 3]),
  /**
   * A finger placed turned on the platen (not in the suite; issue 12, rotate): the whole image
   * turned by an angle whose size is drawn in this range (radians; 15–30°) and whose sense is
   * drawn too, so two impressions differ by 0–60°; the image grows to hold the whole original.
   */
  rotateAngle: Object.freeze([0.26, 0.52]),
  /**
   * A latent print left on the platen (not in the suite; issue 12, ghost): the previous finger
   * (grown by the synthetic generator from this seed), the same in every capture, its centre this
   * share of the image's width and height from the image's centre, darkening the capture by a depth
   * drawn in this range (grey levels, at white; scaled by the pixel's lightness).
   */
  ghostSeed: 7,
  ghostOffset: Object.freeze([0.3, 0.1]),
  ghostDepth: Object.freeze([20, 40]),

  /** Dry print: white blobs per 10,000 pixels, their radius range, pixels. */
  dryBlobDensity: 2.5,
  dryBlobRadius: Object.freeze([3, 9]),
  /** Erosion: grey dilation radius (thins dark ridges) over the dry half, pixels. */
  dryErosionRadius: 1,

  /**
   * Wet print (the last kind of the suite, added 4 December 2026): flooded blobs per 10,000
   * pixels and their radius range, pixels; how far a blob's centre is pulled to the print's dark
   * grey (0–1); the grey erosion radius that spreads the ridges over the wet half, pixels.
   */
  wetBlobDensity: 1.5,
  wetBlobRadius: Object.freeze([5, 14]),
  wetFloodDepth: 0.85,
  wetSpreadRadius: 1,

  /** Second phalanx: rows added below the print (share of the height), crease gap, ridge period, pixels. */
  phalanxShare: 0.3,
  phalanxCreaseRows: 10,
  phalanxPeriod: 9,

  /** Residue: dark flat smudges per image and their radius range, pixels. */
  residueBlobs: Object.freeze([3, 5]),
  residueRadius: Object.freeze([12, 30]),
  residueGrey: 30,

  /** Resolution error: each image rescaled by a factor drawn in [1 − e, 1 + e]. */
  resolutionError: 0.1,

  /** Crop: the largest image kept (width, height), pixels; smaller images are kept whole. */
  cropSize: Object.freeze([330, 360]),

  /** Elastic distortion: rotation and translation of the periphery, Gaussian core sigma (share of the short side). */
  elasticMaxRotation: 0.1,
  elasticMaxTranslation: 10,
  elasticCoreSigma: 0.3,
});
export type PerturbationParameters = typeof PERTURBATION_PARAMETERS;
