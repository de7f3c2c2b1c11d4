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
  /**
   * Where ISO/IEC 19794-2:2005 and ANSI INCITS 378-2004 records put a minutia, against our
   * Template, along the minutia's direction, millimetres (× ppi / 25.4 = pixels, so it scales with
   * the record's resolution). The standards place a bifurcation at the ridge skeleton's fork and
   * an ending at the valley skeleton's fork (beyond the ridge tip); our extractor places a
   * bifurcation at the end of the valley between the branches, ahead of the fork, and an ending at
   * the ridge tip. Writing a record moves each minutia back by its offset; reading one moves it
   * forward into our placement (src/formats/iso19794-2/convert-minutia-placement.ts); the same for
   * the INCITS 378 minutiae block of ANSI/NIST-ITL Type-9 records (9.126–9.137). Set from the
   * geometry (bench/RESULTS.md, "Interoperability with a third-party extractor"): SecuGen's ISO
   * records of the FVC2002 B images put bifurcations 6.15 [5.80, 6.53] px (0.31 mm) and endings
   * 2.90 [2.66, 3.11] px (0.15 mm) behind ours at 500 ppi; synthetic truth puts the fork 5.6 px
   * (0.28 mm) behind our bifurcation. Reading SecuGen's records with these offsets cut the
   * cross-system EER 4.56 → 3.13 % (−1.43 [−2.08, −0.44]); 0.25–0.31 mm and 0.10–0.20 mm all
   * gain about 1 point. 0 and 0 read and write records in our placement unchanged.
   */
  recordBifurcationOffsetMm: 0.31,
  recordEndingOffsetMm: 0.15,
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
