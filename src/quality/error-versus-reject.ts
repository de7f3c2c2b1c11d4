/** One genuine comparison: its score and its pair quality (the lower of the two fingers' qualities). */
export interface QualifiedComparison {
  readonly score: number;
  readonly quality: number;
}

/** FNMR after rejecting a share of the genuine comparisons, for the quality's ranking and the two references. */
export interface ErrorVersusRejectPoint {
  /** Share 0–1 of the genuine comparisons rejected, lowest pair quality first. */
  readonly rejected: number;
  /** FNMR 0–1 of the comparisons kept, at the fixed threshold. */
  readonly fnmr: number;
  /** The same with a perfect ranking (every false non-match rejected first). */
  readonly ideal: number;
}

/** An error-versus-reject curve at one operating point (Grother & Tabassi 2007, as NFIQ 2 is judged). */
export interface ErrorVersusReject {
  /** The FMR the threshold was set at, on the impostor scores given. */
  readonly fmr: number;
  /** Score threshold: a comparison matches when its score is ≥ this (Infinity: none does). */
  readonly threshold: number;
  readonly genuine: number;
  /** Genuine comparisons below the threshold before any rejection. */
  readonly falseNonMatches: number;
  readonly points: readonly ErrorVersusRejectPoint[];
  /**
   * Area under the curve over the rejected shares given (FNMR × share). A random ranking keeps
   * FNMR flat (area = FNMR₀ × the widest share), a perfect one falls fastest.
   */
  readonly area: number;
  readonly idealArea: number;
  readonly randomArea: number;
  /**
   * (random − area) / (random − ideal): 1 = the quality ranks like the ideal, 0 = no better
   * than chance, < 0 = worse; null when there is nothing to gain (no false non-match).
   */
  readonly gain: number | null;
}

/**
 * Threshold at which the share of impostor scores ≥ it is at most `fmr`: the lowest such
 * distinct score (as `computeErrorRates` reads FNMR at FMR ≤ 1 % and 0.1 %), or Infinity.
 */
export function thresholdAtFmr(impostor: readonly number[], fmr: number): number {
  const s = Float64Array.from(impostor).sort();
  const n = s.length;
  for (let k = 0; k < n; k++) {
    if (k > 0 && s[k] === s[k - 1]) continue;
    if ((n - k) / n <= fmr) return s[k];
  }
  return Infinity;
}

/**
 * The error-versus-reject curve of a quality: the threshold is fixed at `fmr` on the impostor
 * scores (or given as `threshold`, e.g. the full set's when the fingers are resampled), then
 * for each share x in `rejected` the genuine comparisons of lowest pair quality are set aside
 * (x × N of them) and FNMR is measured on the rest. Comparisons of equal quality are rejected in proportion (the expected FNMR over every order of the tie), so a quality that
 * gives many prints the same value gets no credit for an order it does not make. The ideal
 * curve rejects false non-matches first: max(0, F − xN) / ((1 − x)N). Pure; O(N log N + |rejected| · N).
 */
export function errorVersusReject(
  genuine: readonly QualifiedComparison[],
  impostor: readonly number[],
  options: { fmr: number; rejected: readonly number[]; threshold?: number },
): ErrorVersusReject {
  if (genuine.length === 0 || impostor.length === 0) throw new RangeError('an error-versus-reject curve needs genuine and impostor scores');
  // a threshold given is used as it is (a resample of the fingers keeps the full set's operating point)
  const threshold = options.threshold ?? thresholdAtFmr(impostor, options.fmr);
  const N = genuine.length;
  const byQuality = [...genuine].sort((a, b) => a.quality - b.quality);
  const failed = byQuality.map((c) => (c.score < threshold ? 1 : 0));
  const F = failed.reduce<number>((a, b) => a + b, 0);
  const points: ErrorVersusRejectPoint[] = options.rejected.map((x) => {
    if (!(x >= 0 && x < 1)) throw new RangeError(`rejected share ${x} is not in [0, 1)`);
    const target = x * N;
    let done = 0;
    let failedRejected = 0;
    for (let i = 0; i < N && done < target;) {
      let j = i;
      let f = 0;
      while (j < N && byQuality[j].quality === byQuality[i].quality) f += failed[j++];
      const size = j - i;
      const take = Math.min(size, target - done);
      failedRejected += (f * take) / size;
      done += take;
      i = j;
    }
    return { rejected: x, fnmr: (F - failedRejected) / (N - done), ideal: Math.max(0, F - target) / (N - target) };
  });
  const areaOf = (v: (p: ErrorVersusRejectPoint) => number): number => {
    let a = 0;
    for (let k = 1; k < points.length; k++) a += ((v(points[k]) + v(points[k - 1])) / 2) * (points[k].rejected - points[k - 1].rejected);
    return a;
  };
  const area = areaOf((p) => p.fnmr);
  const idealArea = areaOf((p) => p.ideal);
  const randomArea = areaOf(() => F / N);
  return {
    fmr: options.fmr, threshold, genuine: N, falseNonMatches: F, points, area, idealArea, randomArea,
    gain: randomArea > idealArea ? (randomArea - area) / (randomArea - idealArea) : null,
  };
}
