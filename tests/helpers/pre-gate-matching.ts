/**
 * The nine matching parameters switched on together on 3 December 2026 (the MCC gate with the
 * quality-weighted overlap share, bench/RESULTS.md "The MCC gate on by default"), at the values
 * they had before. Test files that guard the pairing itself or one option's mechanism (written
 * when these were the defaults) run on them — `vi.mock` of the parameters module with
 * {@link preGateMatchingModule} — so they keep testing what they were written for; the shipped
 * matcher is pinned in tests/matching/shipped-matcher.test.ts and tests/accuracy.
 */
export const PRE_GATE_CHANGE = Object.freeze({
  mccWeight: 0,
  mccShortlist: 0,
  overlapShareExponent: 0,
  mccBandLow: 0,
  mccBandHigh: 0,
  overlapBandLow: 0,
  overlapBandHigh: 0,
  mccRelaxDistance: 5,
  overlapShareQuality: 0,
});

/** The parameters module with its defaults at {@link PRE_GATE_CHANGE} (for `vi.mock`'s factory). */
export async function preGateMatchingModule<M extends { MATCHING_PARAMETERS: object }>(importOriginal: () => Promise<M>): Promise<M> {
  const real = await importOriginal();
  return { ...real, MATCHING_PARAMETERS: Object.freeze({ ...real.MATCHING_PARAMETERS, ...PRE_GATE_CHANGE }) };
}
