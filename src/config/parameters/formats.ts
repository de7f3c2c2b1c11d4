/** Limits and defaults of the standard codecs (src/formats) and their fuzzing. */
export const FORMAT_PARAMETERS = Object.freeze({
  /**
   * Largest image a record may declare before we decode it, pixels. Above any ten-print card
   * at 1000 ppi; a hostile HLL × VLL cannot make us allocate more than this.
   */
  maxImagePixels: 16_000_000,
  /** Resolution assumed for a finger image whose record states none, pixels per inch. */
  defaultFingerPpi: 500,
  /** Native scanning resolutions (1.011 NSR, px/mm) outside this range are ignored as sloppy. */
  minNativePpmm: 9,
  maxNativePpmm: 80,
  /** Fuzzing: cases per parser in the CI test (kept small: the test file must stay under ~20 s). */
  fuzzCiCases: 2_000,
  /** Fuzzing: cases per parser for `afis bench fuzz`. */
  fuzzBenchCases: 100_000,
  /** Fuzzing: one parse slower than this counts as a hang, milliseconds. */
  fuzzHangMs: 2_000,
  /** Fuzzing: largest random input, bytes (mutations of real files keep their size). */
  fuzzMaxRandomBytes: 4096,
});
export type FormatParameters = typeof FORMAT_PARAMETERS;
