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
 * Re-measure and replace this table whenever extraction or matching parameters change (the
 * accuracy test in tests/accuracy recomputes it approximately and fails when it drifts).
 * Measured 2026-11-24 on commit 59a80ed (earlier tables had DB2 at 500 ppi by mistake).
 */
export const SCORE_CALIBRATION: ScoreCalibration = Object.freeze({
  impostorComparisons: 99840,
  genuineComparisons: 2240,
  points: Object.freeze([
    { fmr: 0.1, score: 24.535971, tmr: 0.986607 },
    { fmr: 0.03, score: 32.191751, tmr: 0.979464 },
    { fmr: 0.01, score: 39.201473, tmr: 0.973661 },
    { fmr: 0.003, score: 46.766189, tmr: 0.962054 },
    { fmr: 0.001, score: 53.757118, tmr: 0.945982 },
    { fmr: 0.0003, score: 60.392332, tmr: 0.937054 },
    { fmr: 0.0001, score: 67.325234, tmr: 0.916964 },
    { fmr: 3e-5, score: 74.54392, tmr: 0.904464 },
    { fmr: 1e-5, score: 79.699978, tmr: 0.889286 },
  ]),
});
