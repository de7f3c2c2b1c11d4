/**
 * Constants of the 1:N gallery and search (`src/index`). Pixels at 500 ppi, angles in radians.
 * See bench/RESULTS.md "1:N search at scale" for the figures behind each value.
 */
export const SEARCH_PARAMETERS = Object.freeze({
  /** Most minutiae kept per finger in the gallery (best quality first); bounds memory per finger. */
  maxStoredMinutiae: 64,
  /** 32-bit words per first-stage finger code. */
  codeWords: 64,
  /** Minutiae (best first) and nearest neighbours per minutia that feed the code. */
  codeMinutiae: 48,
  codeNeighbours: 8,
  /** Neighbour distances used by the code, pixels. */
  codeMinDistance: 10,
  codeMaxDistance: 160,
  /** Quantisation of the code's pair features: length bin (pixels) and angle bins per turn. */
  codeDistanceBin: 18,
  codeAngleBins: 8,
  /** Bins of the minutia's absolute direction in the code key (12: 30° each; the probe tolerates ± one bin). */
  codeRotationBins: 12,
  /** Subjects kept by the first stage for full matching: max(shortlistMin, shortlistShare · gallery). */
  shortlistMin: 100,
  shortlistShare: 0.0003,
  /** Below these sizes a stage runs on the calling thread: splitting would cost more than it saves. */
  parallelScanMinSlots: 4096,
  parallelMatchMinSubjects: 8,
  /** Share of each finger position's code bits dropped as too common (Gallery.applyStopBits). */
  stopBitShare: 0.25,
  /** Galleries (a sharded one: all shards together) of at least this many subjects get their first stop bits, at load or while running. */
  stopBitsMinSubjects: 1000,
  /**
   * A new generation of stop bits is computed once the gallery holds this many times the
   * subjects the masks in force were computed from (renew-stop-bits.ts): which bits are common
   * drifts as the population grows. Each renewal re-reads the gallery from the store.
   */
  stopBitsRenewalFactor: 4,
  /** Candidates returned by a search. */
  maxCandidates: 20,
  /** Smallest per-finger false match rate a score may claim (caps one finger's evidence at 8 decimal digits). */
  minFingerFmr: 1e-8,
  /**
   * Smallest per-finger false match rate a comparison may claim when its smaller template holds
   * fewer than `fmrClaimMinMinutiae` minutiae (the 1:1 FMR claim's floor, calibration.ts
   * fmrClaimRefusal): such a finger adds at most ln(0.1 / this) of evidence to a 1:N or fused
   * decision (fuse-finger-scores.ts fingerEvidenceOfPair). 0 = off (the shipped value): such a
   * finger claims down to `minFingerFmr`, as any other. Proposed on: 1e-3 (bench/RESULTS.md,
   * "Do tiny templates carry false evidence into 1:N decisions?").
   */
  refusedFingerMinFmr: 0,
  /**
   * The minutiae count below which `refusedFingerMinFmr` caps a finger's claim (the smaller of the
   * two templates' counts). 13 = the 1:1 claim's floor (`fmrClaimMinMinutiae`, MATCHING_PARAMETERS);
   * a separate value because a cap in 1:N costs genuine evidence, measured per count
   * (bench/RESULTS.md, "Do tiny templates carry false evidence into 1:N decisions?").
   */
  refusedFingerBelowMinutiae: 13,
  /** Default decision target: false positive identification rate for the gallery size in use. */
  targetFpir: 0.001,
});
/** The same fields as numbers, so callers (tests, benchmarks) can pass variations. */
export type SearchParameters = { readonly [K in keyof typeof SEARCH_PARAMETERS]: number };
