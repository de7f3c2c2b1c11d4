import { describe, expect, it } from 'vitest';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';
import { compareTemplates, fmrClaimRefusal, prepareTemplate } from '../../src/matching/index.js';
import type { Minutia, Template } from '../../src/templates/index.js';

/** A template of n minutiae spread over a 300 × 400 print by a fixed pseudo-random walk. */
function template(n: number, seed: number): Template {
  const minutiae: Minutia[] = [];
  let s = seed;
  const next = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let k = 0; k < n; k++) {
    minutiae.push({ x: 20 + next() * 260, y: 20 + next() * 360, angle: next() * 2 * Math.PI, type: next() < 0.5 ? 'ending' : 'bifurcation', quality: 60 + Math.floor(next() * 40) });
  }
  return { width: 300, height: 400, ppi: 500, quality: 80, minutiae };
}

describe('fmrClaimRefusal', () => {
  it('ships with the floor fixed from the clean calibration pairs (bench/RESULTS.md, fewclaim)', () => {
    expect(MATCHING_PARAMETERS.fmrClaimMinMinutiae).toBe(13);
  });

  it('refuses the claim when the smaller template has fewer minutiae than the floor, in either order', () => {
    const required = MATCHING_PARAMETERS.fmrClaimMinMinutiae;
    expect(fmrClaimRefusal(required - 1, 40)).toEqual({ reason: 'too-few-minutiae', minutiae: required - 1, required });
    expect(fmrClaimRefusal(40, required - 1)).toEqual({ reason: 'too-few-minutiae', minutiae: required - 1, required });
    expect(fmrClaimRefusal(0, 0)).toEqual({ reason: 'too-few-minutiae', minutiae: 0, required });
    expect(fmrClaimRefusal(required, 40)).toBeNull();
    expect(fmrClaimRefusal(96, 96)).toBeNull();
  });

  it('claims every pair with the floor at 0, and reads the floor it is given', () => {
    expect(fmrClaimRefusal(0, 3, { fmrClaimMinMinutiae: 0 })).toBeNull();
    expect(fmrClaimRefusal(19, 30, { fmrClaimMinMinutiae: 20 })).toEqual({ reason: 'too-few-minutiae', minutiae: 19, required: 20 });
    expect(fmrClaimRefusal(20, 30, { fmrClaimMinMinutiae: 20 })).toBeNull();
  });

  it('rejects a count that is not a finite number ≥ 0', () => {
    expect(() => fmrClaimRefusal(Number.NaN, 20)).toThrow(RangeError);
    expect(() => fmrClaimRefusal(20, -1)).toThrow(RangeError);
    expect(() => fmrClaimRefusal(Infinity, 20)).toThrow(RangeError);
  });

  it('is a reporting rule: no score depends on the floor', () => {
    const a = template(10, 1), b = template(30, 2), c = template(30, 3);
    for (const floor of [0, 13, 200]) {
      const p = { ...MATCHING_PARAMETERS, fmrClaimMinMinutiae: floor };
      expect(compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p)).toBe(compareTemplates(prepareTemplate(a), prepareTemplate(b)));
      expect(compareTemplates(prepareTemplate(b, p), prepareTemplate(c, p), p)).toBe(compareTemplates(prepareTemplate(b), prepareTemplate(c)));
      expect(compareTemplates(prepareTemplate(b, p), prepareTemplate(b, p), p)).toBe(compareTemplates(prepareTemplate(b), prepareTemplate(b)));
    }
  });
});
