import type { ScoreCalibration } from './calibration.js';

/**
 * The measured score → FMR table of one finger (used by scoreToFmr, fmrToThreshold, scoreToLlr).
 *
 * How it was measured: our extraction (src/extraction) and this matcher with default parameters
 * on the four FVC2002 B sets (320 images, 40 fingers), every ordered pair of images compared:
 * 99,840 impostor comparisons (pairs of different fingers, within and across
 * sets, both directions — only 49,920 distinct pairs, so the finest
 * resolution is about 1 in 50,000: the 0.001 % point rests on the few highest impostor scores and
 * is an estimate, the 0.003 % point likewise) and 2,240 genuine comparisons
 * (`tmr` = share of genuine comparisons at or above the score). 0 failures to enrol.
 *
 * Command (from the repository root, after `npm run build`; DB2 was scanned at 569 ppi and its
 * TIFFs do not say so, hence `@569`):
 *   npx afis eval calibration ../shared/data/fvc2002/DB1_B ../shared/data/fvc2002/DB2_B@569 \
 *     ../shared/data/fvc2002/DB3_B ../shared/data/fvc2002/DB4_B --json
 * How its FMR holds on a set it was not fitted on: the same command with `--held-out` (leave one
 * set out; bench/RESULTS.md "Calibration held out": holds across the three live-scan sets, not
 * on the synthetic DB4 when fitted without it; 0.01 % is not resolved).
 * Re-measure and replace this table whenever extraction or matching parameters change (the
 * accuracy test in tests/accuracy recomputes it approximately and fails when it drifts).
 * Measured 2026-12-03 08:08 UTC on commit 9d57e73 (cleaningOpenEndDistance on); the table before
 * it was measured 2026-11-24 on commit 59a80ed (earlier tables had DB2 at 500 ppi by mistake).
 */
export const SCORE_CALIBRATION: ScoreCalibration = Object.freeze({
  impostorComparisons: 99840,
  genuineComparisons: 2240,
  points: Object.freeze([
    { fmr: 0.1, score: 24.181868, tmr: 0.988839 },
    { fmr: 0.03, score: 31.561255, tmr: 0.983929 },
    { fmr: 0.01, score: 38.603664, tmr: 0.976786 },
    { fmr: 0.003, score: 45.779986, tmr: 0.967857 },
    { fmr: 0.001, score: 52.874633, tmr: 0.954464 },
    { fmr: 0.0003, score: 60.883648, tmr: 0.938393 },
    { fmr: 0.0001, score: 65.071418, tmr: 0.930804 },
    { fmr: 3e-5, score: 73.158875, tmr: 0.9125 },
    { fmr: 1e-5, score: 74.54392, tmr: 0.910714 },
  ]),
});
