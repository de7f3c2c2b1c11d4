import { describe, expect, it } from 'vitest';
import { errorVersusReject, thresholdAtFmr } from '../../src/quality/index.js';

const X = [0, 0.1, 0.2, 0.3];
// 100 impostors 0…99: FMR ≤ 1 % from threshold 99, ≤ 10 % from 90
const impostor = Array.from({ length: 100 }, (_, i) => i);

describe('thresholdAtFmr', () => {
  it('is the lowest score whose share of impostors at or above it is within the FMR', () => {
    expect(thresholdAtFmr(impostor, 0.01)).toBe(99);
    expect(thresholdAtFmr(impostor, 0.1)).toBe(90);
    expect(thresholdAtFmr([5, 5, 5], 0.5)).toBe(Infinity);
  });
});

describe('errorVersusReject', () => {
  // 10 genuine comparisons, 2 below the FMR 10 % threshold (90)
  const scores = [10, 50, 95, 96, 97, 98, 120, 130, 140, 150];

  it('falls like the ideal when the failures have the lowest quality', () => {
    const g = scores.map((score, i) => ({ score, quality: i }));
    const c = errorVersusReject(g, impostor, { fmr: 0.1, rejected: X });
    expect(c.threshold).toBe(90);
    expect(c.falseNonMatches).toBe(2);
    expect(c.points.map((p) => p.fnmr)).toEqual([0.2, 1 / 9, 0, 0]);
    expect(c.points.map((p) => p.ideal)).toEqual([0.2, 1 / 9, 0, 0]);
    expect(c.gain).toBeCloseTo(1, 10);
  });

  it('does not fall when the failures have the highest quality, and gains below zero', () => {
    const g = scores.map((score, i) => ({ score, quality: score < 90 ? 100 : i }));
    const c = errorVersusReject(g, impostor, { fmr: 0.1, rejected: X });
    expect(c.points.map((p) => p.fnmr)).toEqual([0.2, 2 / 9, 2 / 8, 2 / 7]);
    expect(c.gain!).toBeLessThan(0);
  });

  it('gives no credit for ties: one quality for all is the random ranking', () => {
    const g = scores.map((score) => ({ score, quality: 50 }));
    const c = errorVersusReject(g, impostor, { fmr: 0.1, rejected: X });
    for (const p of c.points) expect(p.fnmr).toBeCloseTo(0.2, 12);
    expect(c.area).toBeCloseTo(c.randomArea, 12);
    expect(c.gain).toBeCloseTo(0, 10);
  });

  it('has no gain to measure without false non-matches', () => {
    const c = errorVersusReject(scores.map((score) => ({ score: score + 100, quality: 1 })), impostor, { fmr: 0.1, rejected: X });
    expect(c.falseNonMatches).toBe(0);
    expect(c.gain).toBeNull();
  });

  it('uses a threshold given as it is, whatever the impostors (a resample keeps the full set\'s operating point)', () => {
    const g = scores.map((score, i) => ({ score, quality: i }));
    const own = errorVersusReject(g, impostor, { fmr: 0.1, rejected: X });
    const given = errorVersusReject(g, [1e9, 1e9, 1e9], { fmr: 0.1, rejected: X, threshold: own.threshold });
    expect(given.threshold).toBe(own.threshold);
    expect(given.points).toEqual(own.points);
    expect(given.gain).toBe(own.gain);
    // read on those impostors alone there would be no threshold: every comparison fails
    expect(errorVersusReject(g, [1e9, 1e9, 1e9], { fmr: 0.1, rejected: X }).falseNonMatches).toBe(g.length);
  });

  it('refuses empty inputs and shares outside [0, 1)', () => {
    expect(() => errorVersusReject([], impostor, { fmr: 0.1, rejected: X })).toThrow(RangeError);
    expect(() => errorVersusReject([{ score: 1, quality: 1 }], impostor, { fmr: 0.1, rejected: [1] })).toThrow(RangeError);
  });
});
