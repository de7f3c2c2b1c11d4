import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// two impressions of one finger (SecuGen's ISO records of FVC2002 DB1_B: every quality 0, "not reported")
const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const [a, b] = [iso('101_1'), iso('101_2')];
const withQuality = (t: Template, q: (i: number) => number): Template => ({ ...t, minutiae: t.minutiae.map((m, i) => ({ ...m, quality: q(i) })) });
const params = (changes: Partial<MatchingParameters>): MatchingParameters => ({ ...MATCHING_PARAMETERS, ...changes });
const score = (p: MatchingParameters, x: Template, y: Template): number => compareTemplates(prepareTemplate(x, p), prepareTemplate(y, p), p);

describe('countQualityFloor: minutiae counted by quality in the normalisation only', () => {
  const on = params({ countQualityFloor: 0.5 });

  it('is off by default, and changes nothing where every quality is 100 or none is reported', () => {
    expect(MATCHING_PARAMETERS.countQualityFloor).toBe(1);
    const full = [withQuality(a, () => 100), withQuality(b, () => 100)] as const;
    expect(prepareTemplate(full[0], on).weightSum).toBe(prepareTemplate(full[0]).weightSum);
    expect(score(on, full[0], full[1])).toBe(score(MATCHING_PARAMETERS, full[0], full[1]));
    // SecuGen's records report no quality (0 on every minutia): counted as without the option
    expect(a.minutiae.every((m) => m.quality === 0)).toBe(true);
    expect(prepareTemplate(a, on).weightSum).toBe(a.minutiae.length);
    expect(score(on, a, b)).toBe(score(MATCHING_PARAMETERS, a, b));
  });

  it('counts a minutia of quality q as floor + (1 − floor) · q/100', () => {
    const t = withQuality(a, (i) => (i % 2 ? 20 : 90));
    let expected = 0;
    for (const m of t.minutiae.slice(0, prepareTemplate(t).count)) expected += 0.5 + (0.5 * m.quality) / 100;
    expect(prepareTemplate(t, on).weightSum).toBeCloseTo(expected, 9);
    expect(prepareTemplate(t).weightSum).toBe(prepareTemplate(t).count);
  });

  it('raises a score by the smaller counts alone, the pairs unchanged (without the overlap term and the gate)', () => {
    const bare = { overlapShareExponent: 0, mccWeight: 0 };
    const off = params(bare), withFloor = params({ ...bare, countQualityFloor: 0.5 });
    const [x, y] = [withQuality(a, (i) => (i % 3 ? 80 : 10)), withQuality(b, (i) => (i % 4 ? 70 : 5))];
    const [px, py] = [prepareTemplate(x, withFloor), prepareTemplate(y, withFloor)];
    const factor = Math.pow((px.count * py.count) / (px.weightSum * py.weightSum), off.countNormalisation / 2);
    expect(factor).toBeGreaterThan(1.1);
    const before = score(off, x, y);
    expect(before).toBeGreaterThan(0);
    expect(score(withFloor, x, y)).toBeCloseTo(before * factor, 6);
  });

  it('with countQualityMinShare, counts a print at least that share of its plain count', () => {
    const poor = withQuality(a, () => 10);
    const n = prepareTemplate(poor).weightSum;
    // floor 0.25, quality 10: 0.325 of the plain count unbounded
    expect(prepareTemplate(poor, params({ countQualityFloor: 0.25 })).weightSum / n).toBeCloseTo(0.325, 6);
    expect(prepareTemplate(poor, params({ countQualityFloor: 0.25, countQualityMinShare: 0.6 })).weightSum / n).toBeCloseTo(0.6, 6);
    // a print above the bound keeps its count by quality
    const good = withQuality(a, () => 90);
    expect(prepareTemplate(good, params({ countQualityFloor: 0.25, countQualityMinShare: 0.6 })).weightSum).toBe(prepareTemplate(good, params({ countQualityFloor: 0.25 })).weightSum);
    // the bound alone changes nothing
    expect(prepareTemplate(poor, params({ countQualityMinShare: 0.6 })).weightSum).toBe(n);
  });
});
