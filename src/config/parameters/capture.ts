/** Limits of capture decoding (see {@link CAPTURE_PARAMETERS} for the meaning of each). */
export interface CaptureParameters {
  readonly maxBytes: number;
  readonly maxPixels: number;
  readonly maxRequestPixels: number;
  readonly maxPhysicalSideInches: number;
  readonly maxSide: number;
  readonly minSide: number;
  readonly minPpi: number;
  readonly maxPpi: number;
  readonly defaultPpi: number;
  readonly ppiTolerance: number;
}

/** Limits of capture decoding. */
export const CAPTURE_PARAMETERS: CaptureParameters = Object.freeze({
  /** Largest encoded capture accepted, bytes (a 500 ppi rolled slap is a few MB uncompressed). */
  maxBytes: 50 * 1024 * 1024,
  /** Largest decoded image accepted, pixels (e.g. 4000 × 4000, above any ten-print card). */
  maxPixels: 16_000_000,
  /**
   * Most pixels at 500 ppi all images of one request may add up to (fingers × pixels): every
   * finger costs extraction time in proportion. Ten rolled fingers are about 6 MP, with three
   * slaps about 14 MP; 32 MP leaves room for generous crops while one request stays a few seconds.
   */
  maxRequestPixels: 32_000_000,
  /**
   * Largest side, inches, that a stated resolution may make an image (pixels ÷ ppi): a
   * ten-print card is 8 × 8 in, so a larger capture means the resolution is wrong
   * (e.g. 4000 px declared at 250 ppi is 16 in, and would be resampled to 8000 px).
   */
  maxPhysicalSideInches: 8,
  /** Largest width or height, pixels. */
  maxSide: 8000,
  /** Smallest width or height at 500 ppi that can hold a useful fingerprint, pixels. */
  minSide: 64,
  /** Resolutions outside this range are refused rather than resampled. */
  minPpi: 250,
  maxPpi: 2000,
  /** Resolution assumed when neither the file nor the caller states one. */
  defaultPpi: 500,
  /** A stated resolution within this many ppi of 500 is taken as 500 (no resampling). */
  ppiTolerance: 5,
});
