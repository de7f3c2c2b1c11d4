/**
 * The WSQ filter bank. A stream's DTT segment carries the analysis filters (low-pass h0 and
 * high-pass h1, both symmetric, so only the centre and one side are sent); the synthesis
 * filters follow from them by sign alternation: g0[k] = (−1)^k h1[k], g1[k] = (−1)^k h0[k]
 * with k counted from the centre tap.
 */

/**
 * Symmetric odd-length filters, stored centre-out: `taps[0]` is the centre coefficient and
 * `taps[k]` the coefficient at ±k.
 */
export interface FilterBank {
  /** Analysis low-pass h0, centre-out (5 values for the standard 9-tap filter). */
  readonly analysisLow: Float64Array;
  /** Analysis high-pass h1, centre-out (4 values for the standard 7-tap filter). */
  readonly analysisHigh: Float64Array;
}

/**
 * The 9/7 biorthogonal filters of the FBI specification (the same pair JPEG 2000 calls
 * CDF 9/7), centre-out, at the precision the reference encoder transmits.
 */
export const STANDARD_FILTER_BANK: FilterBank = Object.freeze({
  analysisLow: Float64Array.from([0.85269867900940344, 0.3774028556126538, -0.11062440441842342, -0.02384946501938, 0.03782845550699546]),
  analysisHigh: Float64Array.from([0.78848561640566439, -0.41809227322221221, -0.04068941760955844, 0.06453888262893845]),
});

/** Synthesis filters, centre-out, derived from a bank's analysis filters. */
export interface SynthesisFilters {
  readonly low: Float64Array;
  readonly high: Float64Array;
}

export function deriveSynthesisFilters(bank: FilterBank): SynthesisFilters {
  const alternate = (taps: Float64Array) => taps.map((v, k) => (k % 2 === 0 ? v : -v));
  return { low: alternate(bank.analysisHigh), high: alternate(bank.analysisLow) };
}

/**
 * Writes a real number in the WSQ "scaled integer" form: value = integer / 10^scale with the
 * largest scale that keeps the integer below `limit` (65535 for 16-bit fields, 2^32−1 for the
 * 32-bit filter taps). Returns [scale, integer, the value a decoder reads back].
 */
export function toScaledInteger(value: number, limit: number): [number, number, number] {
  const magnitude = Math.abs(value);
  if (magnitude === 0 || !Number.isFinite(magnitude)) return [0, 0, 0];
  let scale = 0;
  let scaled = magnitude;
  while (scaled * 10 < limit && scale < 255) {
    scaled *= 10;
    scale += 1;
  }
  let integer = Math.round(magnitude * 10 ** scale);
  if (integer > limit) integer = limit;
  return [scale, integer, decodeScaledInteger(integer, scale)];
}

/**
 * A value in the standard's "scaled integer" form (integer / 10^scale), computed as the
 * reference decoder does (single precision, one division by ten per scale step) so that
 * encoder, decoder and the reference agree to the last bit.
 */
export function decodeScaledInteger(integer: number, scale: number): number {
  let v = Math.fround(integer);
  for (let s = 0; s < scale; s++) v = Math.fround(v / 10);
  return v;
}
