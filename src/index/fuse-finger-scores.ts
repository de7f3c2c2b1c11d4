/**
 * Ten-print fusion and decision thresholds in FPIR terms.
 *
 * Each compared finger's 1:1 score becomes its calibrated false match rate FMR_f (the matcher's
 * `scoreToFmr`), and its evidence e_f = ln(c / FMR_f) when FMR_f < c, else 0, with c the
 * evidence cut-off (0.1: the matcher's calibration is measured from FMR 10 % down, so only its
 * measured tail is trusted). A finger missing on either side is not compared and adds nothing.
 * The fused score is Σ e_f: a tail-only form of Fisher's method.
 *
 * Why this sum rather than another fusion: if the calibration is right, an impostor finger's FMR
 * is uniform on [0, 1], so e_f is 0 with probability 1 − c and exponential with mean 1 with
 * probability c, independently per finger. The law of the sum over k fingers is then a binomial
 * mixture of Gamma(j, 1) laws, in closed form. That gives the false match probability of one
 * subject comparison at any fused score, and so a threshold in FPIR terms for the gallery size
 * in use (NISTIR 7110: false positives grow with the gallery): FPIR = 1 − (1 − P(Σ ≥ t))^N.
 */

import type { SearchParameters } from '../config/parameters.js';

/** The evidence cut-off c (see above): fingers at FMR ≥ c add nothing. */
export const EVIDENCE_FMR_CUTOFF = 0.1;

/** e = ln(c / FMR) for one finger (0 at FMR ≥ c), capped so no finger claims more than `minFmr` allows. */
export function fingerEvidence(fmr: number, minFmr: number): number {
  if (!(fmr < EVIDENCE_FMR_CUTOFF)) return 0;
  return Math.log(EVIDENCE_FMR_CUTOFF / Math.max(fmr, minFmr));
}

/**
 * One compared finger's evidence given the minutiae counts of its two templates (as compared:
 * the probe's prepared count, the gallery's stored count; undefined when not known): as
 * {@link fingerEvidence} with `minFingerFmr`, except that when `refusedFingerMinFmr` > 0 and the
 * smaller template holds fewer than `refusedFingerBelowMinutiae` minutiae the finger claims no
 * FMR below `refusedFingerMinFmr` (the table's claim is not a measurement for such pairs:
 * calibration.ts fmrClaimRefusal, whose 1:1 floor `fmrClaimMinMinutiae` is the cap's count unless
 * set apart). The one place the 1:N search and the fused verification read the claim's floor. O(1).
 */
export function fingerEvidenceOfPair(
  fmr: number, countA: number | undefined, countB: number | undefined,
  params: Pick<SearchParameters, 'minFingerFmr' | 'refusedFingerMinFmr' | 'refusedFingerBelowMinutiae'>,
): number {
  const refused = params.refusedFingerMinFmr > 0 && countA !== undefined && countB !== undefined
    && Math.min(countA, countB) < params.refusedFingerBelowMinutiae;
  return fingerEvidence(fmr, refused ? Math.max(params.minFingerFmr, params.refusedFingerMinFmr) : params.minFingerFmr);
}

/**
 * The probability that an impostor subject compared on k fingers reaches fused score t > 0:
 * Σ_{j=1..k} C(k, j) c^j (1 − c)^{k−j} · P(Gamma(j, 1) ≥ t). Cost O(k²).
 */
export function impostorTailProbability(t: number, k: number): number {
  if (k <= 0) return 1;
  if (t <= 0) return 1;
  const c = EVIDENCE_FMR_CUTOFF;
  let sum = 0;
  let binom = 1; // C(k, j)
  for (let j = 1; j <= k; j++) {
    binom = (binom * (k - j + 1)) / j;
    sum += binom * c ** j * (1 - c) ** (k - j) * gammaTail(t, j);
  }
  return Math.min(1, sum);
}

/** P(Gamma(k, 1) ≥ t) for integer k: e^{−t} Σ_{j<k} t^j / j!. */
export function gammaTail(t: number, k: number): number {
  if (k <= 0) return 1;
  if (t <= 0) return 1;
  let term = Math.exp(-t);
  let sum = term;
  for (let j = 1; j < k; j++) {
    term *= t / j;
    sum += term;
  }
  return Math.min(1, sum);
}

/**
 * Expected false positive identification rate of a candidate with fused score t over k fingers
 * in a gallery of n subjects: 1 − (1 − p)^n ≈ n·p, computed stably.
 */
export function candidateFpir(t: number, k: number, n: number): number {
  const p = impostorTailProbability(t, k);
  return -Math.expm1(n * Math.log1p(-Math.min(p, 1 - 1e-16)));
}

/**
 * The fused score threshold for `fpir` in a gallery of `n` subjects when k fingers are compared
 * (accept a candidate when its score ≥ threshold). Solved by bisection on {@link candidateFpir}.
 */
export function fusedThresholdForFpir(fpir: number, k: number, n: number): number {
  if (!(fpir > 0 && fpir < 1)) throw new RangeError(`fpir must be in (0, 1), got ${fpir}`);
  let lo = 0;
  let hi = 1;
  while (candidateFpir(hi, k, n) > fpir && hi < 1e4) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (candidateFpir(mid, k, n) > fpir) lo = mid;
    else hi = mid;
  }
  return hi;
}
