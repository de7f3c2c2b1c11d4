import { describe, expect, it } from 'vitest';
import {
  fmrToThreshold, fuseScores, measureCalibration, SCORE_CALIBRATION, scoreToFmr, scoreToLlr, type ScoreCalibration,
} from '../../src/matching/index.js';

describe('measureCalibration', () => {
  it('puts each threshold just above the impostor scores it may let through', () => {
    const impostor = Array.from({ length: 1000 }, (_, k) => k + 1); // 1..1000
    const genuine = [500, 995, 1000, 2000];
    const cal = measureCalibration(genuine, impostor, [0.01, 0.001, 1e-4]);
    expect(cal.impostorComparisons).toBe(1000);
    const [p1, p01, p001] = cal.points;
    // FMR 1 %: 10 impostors (991..1000) may reach it → threshold just above 990
    expect(p1.score).toBeGreaterThan(990);
    expect(p1.score).toBeLessThanOrEqual(991);
    expect(p1.tmr).toBe(0.75);
    // 0.1 %: one impostor (1000) → just above 999
    expect(p01.score).toBeGreaterThan(999);
    expect(p01.score).toBeLessThanOrEqual(1000);
    // finer than 1/N: above the highest impostor (the resolution limit)
    expect(p001.score).toBeGreaterThan(1000);
    expect(p001.tmr).toBe(0.25);
  });
});

describe('score ↔ FMR', () => {
  const cal: ScoreCalibration = measureCalibration(
    Array.from({ length: 200 }, (_, k) => 20 + k),
    Array.from({ length: 100_000 }, (_, k) => 40 * Math.pow((k + 0.5) / 100_000, 6)),
  );

  it('is monotone, 1 at 0 and inverts', () => {
    expect(scoreToFmr(0, cal)).toBe(1);
    let prev = 1;
    for (let s = 0; s <= 80; s += 0.25) {
      const f = scoreToFmr(s, cal);
      expect(f).toBeLessThanOrEqual(prev);
      prev = f;
    }
    for (const f of [0.05, 0.01, 0.001, 1e-4, 1e-5]) {
      const t = fmrToThreshold(f, cal);
      expect(scoreToFmr(t, cal) / f).toBeGreaterThan(0.98);
      expect(scoreToFmr(t, cal) / f).toBeLessThan(1.02);
    }
    // beyond the measured range: extrapolated, still inverse and monotone
    const far = fmrToThreshold(1e-7, cal);
    expect(far).toBeGreaterThan(fmrToThreshold(1e-5, cal));
    expect(scoreToFmr(far, cal) / 1e-7).toBeCloseTo(1, 2);
    expect(scoreToFmr(1e6, cal)).toBe(1e-9);
    expect(() => fmrToThreshold(0, cal)).toThrow(RangeError);
  });

  it('the shipped table is ordered and covers FMR 1 % to 0.001 %', () => {
    const pts = SCORE_CALIBRATION.points;
    for (let k = 1; k < pts.length; k++) {
      expect(pts[k].score).toBeGreaterThanOrEqual(pts[k - 1].score);
      expect(pts[k].fmr).toBeLessThan(pts[k - 1].fmr);
    }
    for (const f of [0.01, 0.001, 1e-4, 1e-5]) expect(pts.some((p) => p.fmr === f)).toBe(true);
    expect(SCORE_CALIBRATION.impostorComparisons).toBeGreaterThanOrEqual(99_000);
  });
});

describe('fusion', () => {
  it('sums per-finger evidence; missing fingers add nothing', () => {
    const t = fmrToThreshold(1e-4);
    const l = scoreToLlr(t);
    expect(l).toBeGreaterThan(Math.log(100));
    expect(scoreToLlr(0)).toBe(0);
    expect(fuseScores([t, null, undefined, NaN])).toBeCloseTo(l, 10);
    expect(fuseScores([t, t])).toBeCloseTo(2 * l, 10);
    expect(fuseScores([])).toBe(0);
    expect(scoreToLlr(2 * t)).toBeGreaterThan(l);
  });
});
