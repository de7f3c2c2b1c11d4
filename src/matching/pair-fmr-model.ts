/**
 * A per-pair model of the impostor score tail (issue 12, pairfmr): the score of a comparison is
 * rescaled by what the pair shows (its smaller minutiae count, the minutiae in the common area
 * of the best pairing's fit, their mean quality) so that the impostor tail's upper quantile no
 * longer depends on them, and one score → FMR table then reads the rescaled score.
 *
 * s' = s · exp(−Σ β_k (x_k − x̄_k)), x clamped to the fit's range; β from a linear quantile
 * regression at τ of ln s on x over impostor comparisons only ({@link fitTailScaleModel}). When
 * the model is right, every covariate value has the same τ-quantile of s', so a threshold at a
 * tail level has the same FMR whatever the pair.
 */

/** What a comparison's best pairing shows besides its score (compare-templates.ts, compareTemplatesCovariates). */
export interface PairCovariates {
  /** The smaller of the two prepared minutiae counts. */
  readonly smaller: number;
  /** Minutiae in the common area under the best pairing's rigid fit, mean of the two prints' counts. */
  readonly common: number;
  /** Mean minutia quality / 100 of those common-area minutiae (both prints). */
  readonly clarity: number;
}

/** The model's covariate vector of a pair: [ln smaller, ln(1 + common), clarity]. */
export function covariateVector(c: PairCovariates): [number, number, number] {
  return [Math.log(Math.max(1, c.smaller)), Math.log(1 + Math.max(0, c.common)), c.clarity];
}

export interface TailScaleModel {
  /** The quantile fitted (e.g. 0.995). */
  readonly tau: number;
  /** Slope of the τ-quantile of ln s per covariate. */
  readonly beta: readonly number[];
  /** Intercept of the τ-quantile line (ln score at x = 0; for reporting). */
  readonly intercept: number;
  /** The covariates' mean over the fitting pairs: s' = s there. */
  readonly centre: readonly number[];
  /** Each covariate's range over the fitting pairs; a pair's covariates are clamped to it. */
  readonly low: readonly number[];
  readonly high: readonly number[];
  /** Comparisons fitted. */
  readonly pairs: number;
}

/** Lowest score the regression reads (ln 0 is not a number; points below the line count only by their sign). */
export const TAIL_SCORE_FLOOR = 0.001;

/**
 * Linear quantile regression at τ of y on the columns of x (an intercept added): the β
 * minimising Σ ρ_τ(y_i − β0 − x_i·β), ρ_τ(r) = r (τ − [r < 0]), by the MM algorithm of Hunter
 * and Lange (2000): iteratively reweighted least squares of a majorising quadratic, weights
 * 1 / (ε + |r|). Returns [β0, β1, …]. Rows are x[i] (each of length p).
 */
export function quantileRegression(x: ReadonlyArray<readonly number[]>, y: readonly number[], tau: number, iterations = 500): number[] {
  const n = y.length;
  if (n === 0 || x.length !== n) throw new RangeError('quantile regression needs one row per observation');
  if (!(tau > 0 && tau < 1)) throw new RangeError(`tau must be in (0, 1), got ${tau}`);
  const p = x[0]!.length + 1;
  const row = (i: number, k: number): number => (k === 0 ? 1 : x[i]![k - 1]!);
  // residual scale for ε: the spread of y
  let mean = 0;
  for (const v of y) mean += v / n;
  let spread = 0;
  for (const v of y) spread += Math.abs(v - mean) / n;
  const eps = 1e-6 * Math.max(spread, 1e-12);
  let b = solveWeighted(x, y, new Float64Array(n).fill(1), 0, p);
  for (let it = 0; it < iterations; it++) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let fit = 0;
      for (let k = 0; k < p; k++) fit += row(i, k) * b[k]!;
      w[i] = 1 / (eps + Math.abs(y[i]! - fit));
    }
    const next = solveWeighted(x, y, w, 2 * tau - 1, p);
    let change = 0;
    for (let k = 0; k < p; k++) change = Math.max(change, Math.abs(next[k]! - b[k]!));
    b = next;
    if (change < 1e-10) break;
  }
  return b;
}

/** Solves (X'WX) b = X'Wy + c · X'1 (X with an intercept column) by Gaussian elimination with pivoting. */
function solveWeighted(x: ReadonlyArray<readonly number[]>, y: readonly number[], w: Float64Array, c: number, p: number): number[] {
  const a = Array.from({ length: p }, () => new Float64Array(p + 1));
  const v = new Float64Array(p);
  for (let i = 0; i < y.length; i++) {
    v[0] = 1;
    for (let k = 1; k < p; k++) v[k] = x[i]![k - 1]!;
    const wi = w[i]!;
    for (let r = 0; r < p; r++) {
      const vr = v[r]!;
      for (let s = 0; s < p; s++) a[r]![s] += wi * vr * v[s]!;
      a[r]![p] += wi * vr * y[i]! + c * vr;
    }
  }
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const d = a[col]![col]!;
    if (d === 0) throw new RangeError('quantile regression: singular design (a covariate constant over the pairs?)');
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / d;
      if (f === 0) continue;
      for (let s = col; s <= p; s++) a[r]![s] -= f * a[col]![s]!;
    }
  }
  return Array.from({ length: p }, (_, k) => a[k]![p]! / a[k]![k]!);
}

/**
 * Fits the tail scale model on impostor comparisons: their scores and covariate vectors
 * ({@link covariateVector}). A covariate constant over them gets slope 0. Pure.
 */
export function fitTailScaleModel(scores: readonly number[], covariates: ReadonlyArray<readonly number[]>, tau = 0.995): TailScaleModel {
  const n = scores.length;
  if (n === 0 || covariates.length !== n) throw new RangeError('one covariate vector per score');
  const p = covariates[0]!.length;
  const centre = new Array<number>(p).fill(0), low = new Array<number>(p).fill(Infinity), high = new Array<number>(p).fill(-Infinity);
  for (const c of covariates) {
    for (let k = 0; k < p; k++) { centre[k]! += c[k]! / n; low[k] = Math.min(low[k]!, c[k]!); high[k] = Math.max(high[k]!, c[k]!); }
  }
  const y = scores.map((s) => Math.log(Math.max(s, TAIL_SCORE_FLOOR)));
  // a covariate constant over the pairs says nothing (and would make the design singular): slope 0
  const used = centre.map((_, k) => k).filter((k) => high[k]! > low[k]!);
  const b = quantileRegression(covariates.map((c) => used.map((k) => c[k]!)), y, tau);
  const beta = new Array<number>(p).fill(0);
  used.forEach((k, i) => { beta[k] = b[i + 1]!; });
  return { tau, intercept: b[0]!, beta, centre, low, high, pairs: n };
}

/** The factor a pair's score is multiplied by: exp(−β·(x − x̄)), x clamped to the fit's range. */
export function tailScaleFactor(x: readonly number[], model: TailScaleModel): number {
  let e = 0;
  for (let k = 0; k < model.beta.length; k++) {
    const v = Math.min(model.high[k]!, Math.max(model.low[k]!, x[k]!));
    e += model.beta[k]! * (v - model.centre[k]!);
  }
  return Math.exp(-e);
}

/** A pair's rescaled score s' (0 stays 0). */
export function rescaleScore(score: number, x: readonly number[], model: TailScaleModel): number {
  return score > 0 ? score * tailScaleFactor(x, model) : score;
}
