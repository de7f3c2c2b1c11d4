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
 * Measured 2026-11-24 on top of commit a012e98.
 */
export const SCORE_CALIBRATION: ScoreCalibration = Object.freeze({
  impostorComparisons: 99840,
  genuineComparisons: 2240,
  points: Object.freeze([
    { fmr: 0.1, score: 12.688456, tmr: 0.93125 },
    { fmr: 0.03, score: 16.421125, tmr: 0.900893 },
    { fmr: 0.01, score: 19.777666, tmr: 0.871429 },
    { fmr: 0.003, score: 23.959241, tmr: 0.841964 },
    { fmr: 0.001, score: 27.9873, tmr: 0.813839 },
    { fmr: 0.0003, score: 31.498411, tmr: 0.786161 },
    { fmr: 0.0001, score: 34.51757, tmr: 0.755357 },
    { fmr: 3e-05, score: 40.956243, tmr: 0.690625 },
    { fmr: 1e-05, score: 41.178249, tmr: 0.6875 },
  ]),
});
