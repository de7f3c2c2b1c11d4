/** Eurodac domain settings (src/eurodac). The regime is configuration, not code. */
export const EURODAC_PARAMETERS = Object.freeze({
  /** Which regulation's tables apply: '603/2013' (today) or '2024/1358' (the recast, from 12 June 2026). */
  regime: '603/2013' as '603/2013' | '2024/1358',
  /** The member state this national system speaks for (ISO 3166 alpha-2). */
  ownMemberState: 'BE',
  /** Digits of the zero-padded sequence that forms the national part of references we issue (`BE1` + 10 digits). */
  referenceSequenceDigits: 10,
  /** Longest national part accepted in a reference number (ours or another state's), characters. */
  maxNationalPartLength: 28,
  /**
   * Whether category-1/3 searches also compare against our own earlier records ("own data on
   * request", 603/2013 Art. 9(3)); needed to detect subsequent applications.
   */
  compareOwnDataByDefault: true,
  /** A refused capture may be re-sent under the same reference within this many hours. */
  resendWindowHours: 48,
});
export type EurodacParameters = typeof EURODAC_PARAMETERS;
