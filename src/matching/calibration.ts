import { SCORE_CALIBRATION, SCORE_CALIBRATION_BY_MINUTIAE, SCORE_CALIBRATION_BY_PAIR, SCORE_CALIBRATION_WITHOUT_MAP } from './calibration-table.js';
import { rescaleScore, type TailScaleModel } from './pair-fmr-model.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../config/parameters/matching.js';

/**
 * Score calibration: what a similarity score from {@link compareTemplates} means as a false
 * match rate (FMR), measured on impostor comparisons, and per-finger log-likelihood ratios for
 * multi-finger fusion. The measured table is in calibration-table.ts (with how it was made).
 */

/** One measured point: the smallest score whose share of impostors at or above it is ≤ `fmr`. */
export interface CalibrationPoint {
  /** Target false match rate (fraction). */
  readonly fmr: number;
  /** Threshold: accept when score ≥ this. */
  readonly score: number;
  /** Share of genuine comparisons at or above the threshold (true match rate, 1 − FNMR). */
  readonly tmr: number;
}

export interface ScoreCalibration {
  /** Points by ascending score (descending FMR). */
  readonly points: readonly CalibrationPoint[];
  readonly impostorComparisons: number;
  readonly genuineComparisons: number;
}

/** Levels measured by default: 10 % down to 0.001 %. */
export const CALIBRATION_FMR_LEVELS: readonly number[] = Object.freeze([0.1, 0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4, 3e-5, 1e-5]);

/**
 * Measures a calibration from genuine and impostor score lists (pure). For each level f with
 * N impostors, at most floor(f·N) impostors may reach the threshold; levels finer than 1/N
 * therefore all land just above the highest impostor score (the resolution limit — say so
 * when reporting them).
 */
export function measureCalibration(genuine: readonly number[], impostor: readonly number[], levels: readonly number[] = CALIBRATION_FMR_LEVELS): ScoreCalibration {
  if (impostor.length === 0 || genuine.length === 0) throw new RangeError('calibration needs genuine and impostor scores');
  const imp = Float64Array.from(impostor).sort().reverse();
  const gen = Float64Array.from(genuine).sort();
  const points: CalibrationPoint[] = [];
  for (const f of [...levels].sort((a, b) => b - a)) {
    const allowed = Math.floor(f * imp.length + 1e-9);
    // threshold just above the (allowed+1)-th highest impostor score
    // the threshold is kept to 6 decimals, rounded up past the impostor score it must exclude
    const score = allowed < imp.length ? (Math.floor(imp[allowed] * 1e6) + 1) / 1e6 : 0;
    let below = 0;
    while (below < gen.length && gen[below] < score) below++;
    points.push({ fmr: f, score, tmr: round6(1 - below / gen.length) });
  }
  return { points, impostorComparisons: imp.length, genuineComparisons: gen.length };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Lowest FMR {@link scoreToFmr} reports: beyond the measured range it extrapolates down to this. */
export const MIN_REPORTED_FMR = 1e-9;

/**
 * The false match rate a score stands for (fraction): the share of impostor comparisons
 * expected to score at least this high for one finger. Interpolated log-linearly between the
 * measured points, 1 at score 0; above the last point it extrapolates the slope of the measured
 * tail (FMR ≤ 0.1 %, least squares in log FMR — an estimate, not a measurement) down to
 * {@link MIN_REPORTED_FMR}. Monotone non-increasing.
 */
export function scoreToFmr(score: number, cal: ScoreCalibration = SCORE_CALIBRATION): number {
  const pts = cal.points;
  if (!(score > 0)) return 1;
  let prevS = 0, prevL = 0; // log10 FMR = 0 at score 0
  for (let k = 0; k < pts.length; k++) {
    const s = pts[k].score, l = Math.log10(pts[k].fmr);
    if (score <= s) {
      if (s <= prevS) return Math.pow(10, l);
      return Math.pow(10, prevL + ((score - prevS) / (s - prevS)) * (l - prevL));
    }
    if (s > prevS) { prevS = s; prevL = l; } else prevL = Math.min(prevL, l);
  }
  const slope = lastSlope(cal);
  return Math.max(MIN_REPORTED_FMR, Math.pow(10, prevL + slope * (score - prevS)));
}

/** Why no false match rate is claimed for a 1:1 comparison ({@link fmrClaimRefusal}). */
export interface FmrRefusal {
  /** The only reason so far: the smaller template holds fewer minutiae than the claim needs. */
  readonly reason: 'too-few-minutiae';
  /** The smaller of the two templates' minutiae counts (as compared: at most `maxMinutiae`). */
  readonly minutiae: number;
  /** The count from which an FMR is claimed (`fmrClaimMinMinutiae`). */
  readonly required: number;
}

/**
 * Whether the false match rate of a 1:1 comparison of templates with `countA` and `countB`
 * minutiae can be claimed from the table: null when it can, else why not. The table
 * ({@link SCORE_CALIBRATION}) was fitted on clean prints, which give almost no impostor pairs
 * whose smaller template has fewer than `fmrClaimMinMinutiae` minutiae, and impostors of such
 * pairs score higher than the table expects (bench/RESULTS.md, "No FMR claimed for a 1:1 pair of
 * too few minutiae"); such a pair's score stands, its {@link scoreToFmr} is not a measurement.
 * A reporting rule: decisions (thresholds, fusion, 1:N) do not read it. Counts are the prepared
 * templates' (`PreparedTemplate.count`; a Template's minutiae count below `maxMinutiae`). Pure.
 */
export function fmrClaimRefusal(countA: number, countB: number, params: Pick<MatchingParameters, 'fmrClaimMinMinutiae'> = MATCHING_PARAMETERS): FmrRefusal | null {
  if (!(countA >= 0) || !(countB >= 0) || !Number.isFinite(countA) || !Number.isFinite(countB)) throw new RangeError(`minutiae counts must be finite and ≥ 0, got ${countA} and ${countB}`);
  const smaller = Math.min(countA, countB), required = params.fmrClaimMinMinutiae;
  return smaller < required ? { reason: 'too-few-minutiae', minutiae: smaller, required } : null;
}

/**
 * The score threshold that gives at most `fmr` false matches per impostor comparison for one
 * finger (accept when score ≥ threshold). Inverse of {@link scoreToFmr}. Levels below the
 * measured range are extrapolated.
 */
export function fmrToThreshold(fmr: number, cal: ScoreCalibration = SCORE_CALIBRATION): number {
  if (!(fmr > 0) || fmr > 1) throw new RangeError(`fmr must be in (0, 1], got ${fmr}`);
  const target = Math.log10(Math.max(fmr, MIN_REPORTED_FMR));
  let prevS = 0, prevL = 0;
  for (const p of cal.points) {
    const l = Math.log10(p.fmr);
    if (target >= l) {
      if (p.score <= prevS || l === prevL) return p.score;
      return prevS + ((target - prevL) / (l - prevL)) * (p.score - prevS);
    }
    if (p.score > prevS) { prevS = p.score; prevL = l; } else prevL = Math.min(prevL, l);
  }
  const slope = lastSlope(cal);
  return prevS + (target - prevL) / slope;
}

/**
 * A comparison's score when either template has no orientation map (a foreign ISO/INCITS record,
 * a template enrolled before the map; `orientationAgreementWeight`), put on the scale of
 * comparisons with maps: the score that has the same false match rate in `withMap` as `score` has
 * in `without` (score equating through the two measured tables, calibration-table.ts). Without
 * it, a comparison without maps would keep the higher impostor scores of the matcher before the
 * map while its FMR were read from the table with maps, about ten times too low at 1 %
 * (bench/RESULTS.md, "The orientation map switched on"). Monotone increasing and continuous, 0 at
 * 0; beyond the lowest FMR {@link scoreToFmr} reports it continues in proportion. Pure; O(points).
 */
export function equateScoreWithoutMap(score: number, without: ScoreCalibration = SCORE_CALIBRATION_WITHOUT_MAP, withMap: ScoreCalibration = SCORE_CALIBRATION): number {
  if (!(score > 0)) return score;
  // the two tables' scores at the lowest FMR reported, kept for the last pair of tables (every
  // comparison without a map comes here; the tail fit behind them allocates)
  if (without !== equatedWithout || withMap !== equatedWith) {
    equatedTop = fmrToThreshold(MIN_REPORTED_FMR, without);
    equatedTopWith = fmrToThreshold(MIN_REPORTED_FMR, withMap);
    equatedWithout = without;
    equatedWith = withMap;
  }
  if (score >= equatedTop) return (equatedTopWith * score) / equatedTop;
  return fmrToThreshold(scoreToFmr(score, without), withMap);
}

/**
 * Score → FMR tables by band of a pair's smaller minutiae count: `bands[i]` covers counts
 * [edges[i], edges[i + 1]) (the last to any count), fitted on the pairs of that band only; a null
 * table (too few training impostors) means the band keeps the single table.
 */
export interface MinutiaeBandCalibration {
  /** Lower edges, ascending, the first 0. */
  readonly edges: readonly number[];
  readonly bands: ReadonlyArray<ScoreCalibration | null>;
}

/**
 * The table of a pair's band of smaller minutiae count `count`, or `single` when the count is
 * unknown (undefined, NaN, not a positive count: e.g. a third-party template's, from another
 * extractor) or its band has no table of its own.
 */
export function calibrationForMinutiae(count: number | undefined, banded: MinutiaeBandCalibration = SCORE_CALIBRATION_BY_MINUTIAE, single: ScoreCalibration = SCORE_CALIBRATION): ScoreCalibration {
  if (count === undefined || !(count > 0)) return single;
  let band = -1;
  for (let i = 0; i < banded.edges.length; i++) if (count >= banded.edges[i]!) band = i;
  return (band >= 0 ? banded.bands[band] : null) ?? single;
}

/**
 * The FMR of `score` for a pair whose smaller minutiae count is `count`, read in its band's table
 * ({@link calibrationForMinutiae}; the single table when the count is unknown). Monotone
 * non-increasing in the score within a band.
 */
export function scoreToFmrByMinutiae(score: number, count: number | undefined, banded: MinutiaeBandCalibration = SCORE_CALIBRATION_BY_MINUTIAE, single: ScoreCalibration = SCORE_CALIBRATION): number {
  return scoreToFmr(score, calibrationForMinutiae(count, banded, single));
}

/**
 * A comparison's score put on the single table's scale by its band's FMR: the score that has, in
 * `single`, the FMR `score` has in its band's table (`calibrationByMinutiae`, compare-templates.ts).
 * Every reader of the single table then reads the band's FMR without knowing the count: a
 * threshold at FMR f in the single table accepts exactly the pairs at or above their band's
 * threshold at f. Unchanged (the same number) when the count is unknown or the band keeps the
 * single table. Monotone increasing and continuous within a band, 0 at 0; beyond the lowest FMR
 * reported it continues in proportion (as {@link equateScoreWithoutMap}). Pure; O(points).
 */
export function equateScoreByMinutiae(score: number, count: number | undefined, banded: MinutiaeBandCalibration = SCORE_CALIBRATION_BY_MINUTIAE, single: ScoreCalibration = SCORE_CALIBRATION): number {
  const from = calibrationForMinutiae(count, banded, single);
  if (from === single || !(score > 0)) return score;
  return equateAcross(score, from, single);
}

/** The per-pair tail model (pair-fmr-model.ts) and the score → FMR table of the scores it rescales. */
export interface PairTailCalibration {
  readonly model: TailScaleModel;
  readonly table: ScoreCalibration;
}

/**
 * A comparison's score put on the single table's scale by the per-pair tail model
 * (`calibrationByPair`, compare-templates.ts): the score rescaled by the pair's covariate vector
 * `x` (pair-fmr-model.ts, covariateVector), then the score that has, in `single`, the FMR the
 * rescaled score has in the model's table. Every reader of the single table then reads the
 * model's FMR for this pair. Monotone increasing and continuous in the score for a fixed x, 0 at
 * 0; beyond the lowest FMR reported it continues in proportion (as {@link equateScoreWithoutMap}).
 * Pure; O(points + covariates).
 */
export function equateScoreByPair(score: number, x: readonly number[], byPair: PairTailCalibration = SCORE_CALIBRATION_BY_PAIR, single: ScoreCalibration = SCORE_CALIBRATION): number {
  if (!(score > 0)) return score;
  return equateAcross(rescaleScore(score, x, byPair.model), byPair.table, single);
}

/**
 * The score that has in `to` the FMR `score` (> 0) has in `from`; beyond the lowest FMR reported
 * it continues in proportion. Shared by the band and the per-pair equating.
 */
function equateAcross(score: number, from: ScoreCalibration, to: ScoreCalibration): number {
  let tops = equatedTops.get(from);
  if (tops === undefined || tops.to !== to) {
    tops = { to, from: fmrToThreshold(MIN_REPORTED_FMR, from), top: fmrToThreshold(MIN_REPORTED_FMR, to) };
    equatedTops.set(from, tops);
  }
  if (score >= tops.from) return (tops.top * score) / tops.from;
  return fmrToThreshold(scoreToFmr(score, from), to);
}

/** Per table equated from: the two tables' scores at the lowest FMR reported (the tail fit allocates). */
const equatedTops = new WeakMap<ScoreCalibration, { to: ScoreCalibration; from: number; top: number }>();

let equatedWithout: ScoreCalibration | null = null, equatedWith: ScoreCalibration | null = null;
let equatedTop = 0, equatedTopWith = 0;

const tailSlopes = new WeakMap<ScoreCalibration, number>();

/** {@link fitTailSlope} of a table, fitted once per table object. */
function lastSlope(cal: ScoreCalibration): number {
  let slope = tailSlopes.get(cal);
  if (slope === undefined) {
    slope = fitTailSlope(cal);
    tailSlopes.set(cal, slope);
  }
  return slope;
}

function fitTailSlope(cal: ScoreCalibration): number {
  // log10 FMR per score unit, fitted by least squares over the measured tail (FMR ≤ 0.1 %):
  // steadier than the last two points, which rest on a handful of impostor scores
  const pts = cal.points.filter((p) => p.fmr <= 1e-3 && p.score > 0);
  if (pts.length >= 2) {
    const ms = pts.reduce((s, p) => s + p.score, 0) / pts.length;
    const ml = pts.reduce((s, p) => s + Math.log10(p.fmr), 0) / pts.length;
    let sxy = 0, sxx = 0;
    for (const p of pts) { sxy += (p.score - ms) * (Math.log10(p.fmr) - ml); sxx += (p.score - ms) ** 2; }
    if (sxx > 0 && sxy < 0) return sxy / sxx;
  }
  const all = cal.points;
  for (let k = all.length - 1; k > 0; k--) {
    const a = all[k - 1], b = all[k];
    if (b.score > a.score && b.fmr < a.fmr) return (Math.log10(b.fmr) - Math.log10(a.fmr)) / (b.score - a.score);
  }
  return -1;
}

/** True match rate at a score (share of genuine comparisons at or above it), interpolated. */
function scoreToTmr(score: number, cal: ScoreCalibration): number {
  let prevS = 0, prevT = 1;
  for (const p of cal.points) {
    if (score <= p.score) return p.score <= prevS ? p.tmr : prevT + ((score - prevS) / (p.score - prevS)) * (p.tmr - prevT);
    prevS = p.score; prevT = p.tmr;
  }
  return prevT;
}

/**
 * Evidence of one finger's score for "same person", as a natural log-likelihood ratio of the
 * tails: ln(TMR(score) / FMR(score)) — how much more often a genuine comparison than an impostor
 * reaches this score. 0 at score 0 and never negative (a low score is treated as no evidence,
 * not as evidence against, because low scores also come from poor captures of the right person).
 */
export function scoreToLlr(score: number, cal: ScoreCalibration = SCORE_CALIBRATION): number {
  const fmr = scoreToFmr(score, cal);
  const tmr = Math.max(scoreToTmr(score, cal), 1e-3);
  return Math.max(0, Math.log(tmr / fmr));
}

/**
 * Multi-finger fusion: the sum of per-finger log-likelihood ratios ({@link scoreToLlr}) of the
 * fingers compared; a missing finger (null, undefined or NaN) contributes nothing. The fingers
 * are treated as independent evidence. Pure and cheap.
 */
export function fuseScores(perFinger: ReadonlyArray<number | null | undefined>, cal: ScoreCalibration = SCORE_CALIBRATION): number {
  let sum = 0;
  for (const s of perFinger) {
    if (s === null || s === undefined || Number.isNaN(s)) continue;
    sum += scoreToLlr(s, cal);
  }
  return sum;
}
