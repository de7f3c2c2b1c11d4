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
 * Measured 2026-11-24 on top of commit e9c1635.
 */
export const SCORE_CALIBRATION: ScoreCalibration = Object.freeze({
  impostorComparisons: 99840,
  genuineComparisons: 2240,
  points: Object.freeze([
    { fmr: 0.1, score: 23.875608, tmr: 0.986161 },
    { fmr: 0.03, score: 31.465452, tmr: 0.977679 },
    { fmr: 0.01, score: 38.201674, tmr: 0.970536 },
    { fmr: 0.003, score: 45.526964, tmr: 0.961607 },
    { fmr: 0.001, score: 52.206473, tmr: 0.951786 },
    { fmr: 0.0003, score: 59.955897, tmr: 0.934375 },
    { fmr: 0.0001, score: 69.012778, tmr: 0.921429 },
    { fmr: 3e-05, score: 87.029855, tmr: 0.884821 },
    { fmr: 1e-05, score: 92.136678, tmr: 0.869196 },
  ]),
});
