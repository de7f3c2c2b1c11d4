/** Tuned constants of slap segmentation (src/segmentation); lengths are pixels at 500 ppi. */
export interface SegmentationParameters {
  /** Side of the square blocks the foreground map is computed on, pixels. */
  readonly blockSize: number;
  /** A block is ridge area when its grey-level standard deviation reaches this (0–255 scale). */
  readonly minBlockStdDev: number;
  /** … and its mean grey level is at most this (ridges are dark on a light platen). */
  readonly maxBlockMean: number;
  /** Blocks of closing (dilation then erosion) that join the ridges of one finger into one region. */
  readonly closeBlocks: number;
  /** Smallest region kept as a finger, pixels² (a fingertip at 500 ppi is ≥ 150 × 200). */
  readonly minFingerArea: number;
  /** Regions smaller than this fraction of the largest one are dirt or a palm edge, not fingers. */
  readonly minRelativeArea: number;
  /** Longest fingertip kept along the finger axis, as a multiple of the finger's width (the distal phalanx only). */
  readonly maxTipLengthRatio: number;
  /**
   * Blocks of slap around a fingertip's kept region that are cut out with it (the rest of its box
   * is filled white); a block that belongs to another finger's region is never taken.
   */
  readonly tipMarginBlocks: number;
  /** A region wider across the hand than this multiple of the median finger width is two touching fingers. */
  readonly splitWidthRatio: number;
  /** Widest plausible single fingertip across its axis, pixels (used when no other finger gives a scale). */
  readonly maxFingerWidth: number;
  /** Residual of the hand-geometry fit (in finger spacings) above which an assignment is not trusted. */
  readonly maxGeometryResidual: number;
  /** Spacing of neighbouring fingers as a multiple of a fingertip's width (the prior when few fingers are seen). */
  readonly spacingPerWidth: number;
  /** Weight of the prior that the hand is centred on the platen (finger spacings) in the hand-geometry fit. */
  readonly centreWeight: number;
  /** Weight of the prior on the spacing in the hand-geometry fit. */
  readonly spacingWeight: number;
}

export const SEGMENTATION_PARAMETERS: SegmentationParameters = Object.freeze({
  blockSize: 8,
  minBlockStdDev: 14,
  maxBlockMean: 235,
  closeBlocks: 1,
  minFingerArea: 12_000,
  minRelativeArea: 0.2,
  maxTipLengthRatio: 1.9,
  tipMarginBlocks: 4,
  splitWidthRatio: 1.65,
  maxFingerWidth: 480,
  maxGeometryResidual: 0.6,
  spacingPerWidth: 1.15,
  centreWeight: 0.35,
  spacingWeight: 1,
});
