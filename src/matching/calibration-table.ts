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
 * Measured 2026-12-05 03:58 UTC with the octave test on for wet prints (`frequencyOctaveRatio` 1.4,
 * `frequencyOctaveRadius` 4 behind the per-print gate `frequencyOctaveMinShare` 0.13: the
 * eighteenth session's switch; 3 of the 320 prints reach the gate: DB2 109, DB3 108, DB4 110).
 * Against the table before it the thresholds from FMR 0.01 % down are the same to the digit, the
 * 1 % threshold rose 2.4234 → 2.4631, 0.1 % 6.2065 → 6.2238, 0.03 % fell 9.9975 → 9.8874; the true
 * match rate at 0.1 % 0.9781 → 0.9795, at 0.01 % 0.9580 → 0.9594, at 1 % 0.9902 → 0.9897.
 * The table before it was measured 2026-12-05 01:31:21–01:31:53 UTC with the learned ridge enhancer on for faint prints
 * (`ridgeNetBlend` 0.5, `ridgeNetMaxContrast` 10: the seventeenth session's switch; 3 of the 320
 * prints read below the gate: one of DB2's finger 109, two of DB3's finger 108). Against the table before it, every
 * threshold from FMR 0.3 % down is the same to the digit (no impostor score above them moved),
 * the 10 %, 3 % and 1 % thresholds rose by < 0.003, and the true match rate rose at every point
 * but 0.001 % (0.9156 → 0.9147): at FMR 1 % 0.9875 → 0.9902, at 0.1 % 0.9772 → 0.9781.
 * The table before it was measured 2026-12-04 06:05:54–06:06:06 UTC with the orientation map on by default
 * (`orientationMapCell` 16, `orientationAgreementWeight` 16: the tenth session's switch; every
 * one of the 320 templates carries a map, so no score here is equated). Against the table before
 * it, now SCORE_CALIBRATION_WITHOUT_MAP below, the true match rate rises at FMR 1 % from 0.9848
 * to 0.9875, at 0.1 % from 0.9705 to 0.9772 and at 0.01 % from 0.9482 to 0.9554; at 0.001 % it
 * falls from 0.9237 to 0.9156 (a point that rests on the ten highest impostor scores).
 * The table before that was measured 2026-12-03 17:11:39–17:12:50 UTC on the crease cut's commit (segmentationCreaseMinShare
 * 0.85 on by default: one of the 320 images, DB1_B/105_6, shows a distal crease and loses the
 * second phalanx below it; the 10 %, 3 % and 1 % points moved by < 0.03, the rest not at all;
 * main before it, f66118a, reproduced the previous table exactly). The previous table:
 * measured 2026-12-03 14:56:49–14:57:32 UTC on commit 65a91ab (the MCC gate with the quality-weighted
 * overlap share on by default: impostors below the gate's band are scaled by 1/8, so every
 * threshold is far lower than before); the table before it was measured 2026-12-03 08:08 UTC on
 * commit 9d57e73 (cleaningOpenEndDistance on), the one before 2026-11-24 on commit 59a80ed
 * (earlier tables had DB2 at 500 ppi by mistake).
 */
export const SCORE_CALIBRATION: ScoreCalibration = Object.freeze({
  impostorComparisons: 99840,
  genuineComparisons: 2240,
  points: Object.freeze([
    { fmr: 0.1, score: 0.56243, tmr: 0.993304 },
    { fmr: 0.03, score: 1.201866, tmr: 0.991964 },
    { fmr: 0.01, score: 2.463146, tmr: 0.989732 },
    { fmr: 0.003, score: 4.256008, tmr: 0.983929 },
    { fmr: 0.001, score: 6.223836, tmr: 0.979464 },
    { fmr: 0.0003, score: 9.88742, tmr: 0.968304 },
    { fmr: 0.0001, score: 14.679461, tmr: 0.959375 },
    { fmr: 3e-5, score: 21.244326, tmr: 0.942411 },
    { fmr: 1e-5, score: 30.52991, tmr: 0.919196 },
  ]),
});

/**
 * The table of comparisons in which either template has no orientation map
 * (`orientationAgreementWeight` does not apply): the table above as it was measured before the map
 * was switched on (2026-12-03 17:11:39–17:12:50 UTC, crease cut commit; with the map's options off
 * the matcher and extraction of the tenth session give the same scores, hashes iso 22f59ce2c68789c9,
 * ours cb0bd571a00da711). Read only by equateScoreWithoutMap (calibration.ts), which puts such
 * comparisons' scores on the scale of the table above. Re-measure it whenever the matcher changes:
 * the command above on a build whose `orientationAgreementWeight` is 0 (no map is read, nothing is
 * equated).
 */
export const SCORE_CALIBRATION_WITHOUT_MAP: ScoreCalibration = Object.freeze({
  impostorComparisons: 99840,
  genuineComparisons: 2240,
  points: Object.freeze([
    { fmr: 0.1, score: 2.435652, tmr: 0.990625 },
    { fmr: 0.03, score: 4.959821, tmr: 0.989286 },
    { fmr: 0.01, score: 7.391956, tmr: 0.984821 },
    { fmr: 0.003, score: 10.762408, tmr: 0.980804 },
    { fmr: 0.001, score: 16.678336, tmr: 0.970536 },
    { fmr: 0.0003, score: 22.410125, tmr: 0.962054 },
    { fmr: 0.0001, score: 28.274194, tmr: 0.948214 },
    { fmr: 3e-5, score: 36.878099, tmr: 0.934821 },
    { fmr: 1e-5, score: 46.377387, tmr: 0.923661 },
  ]),
});
