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
 * Command (from the repository root, after `npm run build`):
 *   npx afis eval calibration ../shared/data/fvc2002/DB1_B ../shared/data/fvc2002/DB2_B \
 *     ../shared/data/fvc2002/DB3_B ../shared/data/fvc2002/DB4_B --json
 * Re-measure and replace this table whenever extraction or matching parameters change (the
 * accuracy test in tests/accuracy recomputes it approximately and fails when it drifts).
 * Measured 2026-11-24 on top of commit 7f90978.
 */
export const SCORE_CALIBRATION: ScoreCalibration = Object.freeze({
  impostorComparisons: 99840,
  genuineComparisons: 2240,
  points: Object.freeze([
    { fmr: 0.1, score: 23.860119, tmr: 0.986607 },
    { fmr: 0.03, score: 31.293907, tmr: 0.979018 },
    { fmr: 0.01, score: 38.315231, tmr: 0.973214 },
    { fmr: 0.003, score: 45.918636, tmr: 0.964732 },
    { fmr: 0.001, score: 53.315147, tmr: 0.950893 },
    { fmr: 0.0003, score: 60.172201, tmr: 0.940179 },
    { fmr: 0.0001, score: 67.172209, tmr: 0.919196 },
    { fmr: 3e-05, score: 84.097188, tmr: 0.883036 },
    { fmr: 1e-05, score: 91.100377, tmr: 0.864732 },
  ]),
});
