/** Limits of capture decoding (see {@link CAPTURE_PARAMETERS} for the meaning of each). */
export interface CaptureParameters {
  readonly maxBytes: number;
  readonly maxPixels: number;
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
