import { describe, expect, it } from 'vitest';
import { MATCHING_PARAMETERS } from '../../src/config/parameters.js';
import { cohortFactor, cohortMeans, normaliseScoresByCohort } from '../../src/matching/index.js';

const on = { cohortExponent: 1, cohortReference: 10 };

describe('cohortMeans', () => {
  it('averages a template against the other fingers of its own block only', () => {
    // block 0: fingers 0, 0, 1; block 1: fingers 0, 1
    const groups = [0, 0, 1, 0, 1], blocks = [0, 0, 0, 1, 1];
    const score = (a: number, c: number): number => 10 * a + c;
    const m = cohortMeans(groups, [true, true, true, true, true], score, blocks);
    expect(m[0]).toBe(2); // only template 2 (template 1 is its own finger, 3 and 4 another block)
    expect(m[2]).toBe((20 + 21) / 2);
    expect(m[3]).toBe(34);
    // without blocks: every other finger counts
    expect(cohortMeans(groups, [true, true, true, true, true], score)[0]).toBe((2 + 4) / 2);
  });

  it('leaves out templates that are not valid and gives NaN without partners', () => {
    const m = cohortMeans([0, 1, 2], [true, false, true], (a, c) => a + c);
    expect(m[0]).toBe(2);
    expect(m[1]).toBeNaN();
    expect(cohortMeans([0, 0], [true, true], () => 1)[0]).toBeNaN();
  });
});

describe('cohortFactor', () => {
  it('divides by the geometric mean of the two cohort means, to the exponent', () => {
    expect(cohortFactor(10, 10, on)).toBe(1);
    expect(cohortFactor(20, 5, on)).toBeCloseTo(1, 12);
    expect(cohortFactor(20, 20, on)).toBeCloseTo(0.5, 12);
    expect(cohortFactor(20, 20, { cohortExponent: 0.5, cohortReference: 10 })).toBeCloseTo(Math.SQRT1_2, 12);
  });

  it('is 1 when off or a mean is unknown', () => {
    expect(cohortFactor(20, 20, MATCHING_PARAMETERS)).toBe(1);
    expect(cohortFactor(Number.NaN, 20, on)).toBe(1);
    expect(cohortFactor(0, 20, on)).toBe(1);
  });
});

describe('normaliseScoresByCohort', () => {
  // two populations of 3 fingers × 2 impressions: impostors of population 1 score twice as high
  const groups = [0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2];
  const blocks = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
  const valid = groups.map(() => true);
  const n = groups.length;
  const raw = (a: number, b: number): number => (groups[a] === groups[b] && blocks[a] === blocks[b] ? 100 : blocks[a] === 1 && blocks[b] === 1 ? 20 : 10);

  it('brings the impostor scores of both populations to the reference (ordered pairs)', () => {
    const s = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) s[a * n + b] = raw(a, b);
    normaliseScoresByCohort(s, groups, blocks, valid, false, on);
    expect(s[0 * n + 2]).toBeCloseTo(10, 12); // population 0 impostor: mean 10, unchanged
    expect(s[6 * n + 8]).toBeCloseTo(10, 12); // population 1 impostor: 20 → 10
    expect(s[6 * n + 7]).toBeCloseTo(50, 12); // population 1 genuine: 100 → 50
    expect(s[0 * n + 1]).toBeCloseTo(100, 12);
    // across populations: 10 · 10 / √(10 · 20)
    expect(s[0 * n + 6]).toBeCloseTo(100 / Math.sqrt(200), 12);
    expect(s[0]).toBe(0);
  });

  it('reads and writes only the upper triangle when symmetric', () => {
    const s = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) s[a * n + b] = raw(a, b);
    normaliseScoresByCohort(s, groups, blocks, valid, true, on);
    expect(s[6 * n + 8]).toBeCloseTo(10, 12);
    expect(s[8 * n + 6]).toBe(0);
  });

  it('leaves the scores as they are when off', () => {
    const s = new Float64Array(n * n).map((_, k) => k);
    const before = s.slice();
    normaliseScoresByCohort(s, groups, blocks, valid, false, MATCHING_PARAMETERS);
    expect(s).toEqual(before);
  });
});
