import { describe, expect, it } from 'vitest';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';
import { cohortFactor } from '../../src/matching/cohort-normalisation.js';

describe('the shipped cohort reference', () => {
  it('leaves every score unchanged while cohort normalisation is off (the default)', () => {
    expect(MATCHING_PARAMETERS.cohortExponent).toBe(0);
    for (const [a, b] of [[1.7, 1.7], [0.5, 4.25], [14, 14], [2.73, 1.65]]) expect(cohortFactor(a, b, MATCHING_PARAMETERS)).toBe(1);
  });

  it('switched on, keeps real-sensor scores at the scale of the shipped calibration (cohort means 1.65-1.79 under the MCC gate)', () => {
    const on = { ...MATCHING_PARAMETERS, cohortExponent: 1 };
    // the per-set cohort means measured under the gate (bench/RESULTS.md, gq0): DB3, DB1, DB2
    for (const m of [1.65, 1.68, 1.79]) {
      const f = cohortFactor(m, m, on);
      expect(f).toBeGreaterThan(0.9);
      expect(f).toBeLessThan(1.1);
    }
    // the synthetic populations whose impostors score higher are still scaled down (DB4 2.73, ours 4.25)
    expect(cohortFactor(2.73, 2.73, on)).toBeLessThan(0.7);
    expect(cohortFactor(4.25, 4.25, on)).toBeLessThan(0.45);
  });
});
