import type { MatchingParameters } from '../config/parameters/matching.js';

/**
 * Cohort normalisation of scores (a symmetric form of the Z-/T-norm of speaker and face
 * verification): a comparison's score is divided by how high each of its two templates scores
 * against a cohort of other fingers of the same population (the same set, gallery or capture
 * type), so a population whose different fingers look alike to the matcher (FVC2002 DB4's
 * SFinGe prints, our generator's prints: bench/RESULTS.md "Impostor scores across populations")
 * is not accepted more often at a threshold fitted on another population:
 *
 *   score′ = score · (cohortReference / √(m_a · m_b))^cohortExponent,
 *
 * m_t = the mean score of template t against the cohort's templates of other fingers (its own
 * finger's impressions left out, as a gallery leaves out the record being compared). With
 * cohortReference near the mean impostor score of real sensors, scores of real sensors keep
 * about the scale the calibration table was fitted on. The two templates' own features (minutiae
 * count, hull area, ridge period, quality) do not explain the populations' shift: only scores
 * against the same population show it.
 */

/**
 * Each template's mean score against the templates of other groups (fingers) of its own block
 * (population; all one block when `blocks` is omitted): `score(a, c)` for templates a ≠ c both
 * `valid`; NaN for a template not valid or with no such partner.
 */
export function cohortMeans(groups: readonly number[], valid: readonly boolean[], score: (a: number, c: number) => number, blocks?: readonly number[]): Float64Array {
  const n = groups.length;
  const means = new Float64Array(n).fill(Number.NaN);
  for (let a = 0; a < n; a++) {
    if (!valid[a]) continue;
    let sum = 0, k = 0;
    for (let c = 0; c < n; c++) {
      if (c === a || !valid[c] || groups[c] === groups[a] || (blocks !== undefined && blocks[c] !== blocks[a])) continue;
      sum += score(a, c);
      k++;
    }
    if (k > 0) means[a] = sum / k;
  }
  return means;
}

/**
 * The factor of a comparison of templates with cohort means `meanA` and `meanB`
 * ((cohortReference / √(meanA · meanB))^cohortExponent); 1 when the exponent is 0 or either mean
 * is unknown (NaN) or not positive (nothing to normalise by).
 */
export function cohortFactor(meanA: number, meanB: number, params: Pick<MatchingParameters, 'cohortExponent' | 'cohortReference'>): number {
  if (params.cohortExponent === 0 || !(meanA > 0) || !(meanB > 0)) return 1;
  return Math.pow(params.cohortReference / Math.sqrt(meanA * meanB), params.cohortExponent);
}

/**
 * Rescales a score matrix in place (`scores[a * n + b]`, n = groups.length; only the entries of
 * valid templates are read and written): every template's cohort is the other groups' templates
 * of its block, `blocks[a]` naming the block (population) of template a, so templates of
 * several sets each take their own set as cohort. `symmetric`: only a < b is filled (the upper
 * triangle); otherwise every ordered pair. No change when the exponent is 0.
 */
export function normaliseScoresByCohort(
  scores: Float64Array, groups: readonly number[], blocks: readonly number[], valid: readonly boolean[],
  symmetric: boolean, params: Pick<MatchingParameters, 'cohortExponent' | 'cohortReference'>,
): void {
  if (params.cohortExponent === 0) return;
  const n = groups.length;
  const read = (a: number, c: number): number => (symmetric && a > c ? scores[c * n + a]! : scores[a * n + c]!);
  const means = cohortMeans(groups, valid, read, blocks);
  for (let a = 0; a < n; a++) {
    if (!valid[a]) continue;
    for (let b = symmetric ? a + 1 : 0; b < n; b++) {
      if (b === a || !valid[b]) continue;
      scores[a * n + b] = scores[a * n + b]! * cohortFactor(means[a]!, means[b]!, params);
    }
  }
}
