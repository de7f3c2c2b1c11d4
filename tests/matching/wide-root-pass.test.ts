import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesDetailed, compareTemplatesEvidence, fmrToThreshold, prepareTemplate } from '../../src/matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// The second pass at wider root tolerances for uncertain scores (issue 12, strongwarp;
// wideRootFactor, off by default).
const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT);
const names = ['101_1', '101_2', '101_3', '102_1', '102_2', '103_1', '104_1', '104_2'];
const templates = names.map((n) => iso('DB1_B', n));
const prepared = templates.map((t) => prepareTemplate(t));
const F = 1.5;
const widened: MatchingParameters = { ...MATCHING_PARAMETERS, rootDistanceTolerance: MATCHING_PARAMETERS.rootDistanceTolerance * F, rootAngleTolerance: MATCHING_PARAMETERS.rootAngleTolerance * F };
const preparedWide = templates.map((t) => prepareTemplate(t, widened));
const withOption = (change: Partial<MatchingParameters>): MatchingParameters => ({ ...MATCHING_PARAMETERS, wideRootFactor: F, ...change });
// the gate always open: no floor, no ceiling
const always = { wideRootBandLowFmr: 1, wideRootBandHighFmr: 0 };

describe('wideRootFactor', () => {
  it('is off by default, and off (0) whatever the band says', () => {
    expect(MATCHING_PARAMETERS.wideRootFactor).toBe(0);
    const off = { ...MATCHING_PARAMETERS, ...always, wideRootKeepSecond: 1 };
    for (const a of prepared) for (const b of prepared) expect(compareTemplates(a, b, off)).toBe(compareTemplates(a, b));
  });

  it('with the gate always open and the second score kept, is the comparison at root tolerances ×F', () => {
    let changed = 0;
    for (const [i, a] of prepared.entries()) for (const [j, b] of prepared.entries()) {
      const second = compareTemplates(a, b, withOption({ ...always, wideRootKeepSecond: 1 }));
      const wide = compareTemplates(preparedWide[i], preparedWide[j], widened);
      expect(second).toBe(wide);
      if (wide !== compareTemplates(a, b)) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  });

  it('keeps the larger of the two scores, and the best pairing of the one kept', () => {
    for (const [i, a] of prepared.entries()) for (const [j, b] of prepared.entries()) {
      const shipped = compareTemplatesDetailed(a, b);
      const wide = compareTemplatesDetailed(preparedWide[i], preparedWide[j], widened);
      const both = compareTemplatesDetailed(a, b, withOption(always));
      expect(both.score).toBe(Math.max(shipped.score, wide.score));
      expect(both.pairs).toEqual(wide.score > shipped.score ? wide.pairs : shipped.pairs);
    }
  });

  it('leaves every score outside the band as shipped', () => {
    const params = withOption({ wideRootBandLowFmr: 0.01, wideRootBandHighFmr: 0.0001 });
    const low = fmrToThreshold(0.01), high = fmrToThreshold(0.0001);
    let outside = 0, inside = 0;
    for (const [i, a] of prepared.entries()) for (const [j, b] of prepared.entries()) {
      const shipped = compareTemplates(a, b);
      const score = compareTemplates(a, b, params);
      if (shipped < low || shipped >= high) { outside++; expect(score).toBe(shipped); } else {
        inside++;
        expect(score).toBe(Math.max(shipped, compareTemplates(preparedWide[i], preparedWide[j], widened)));
      }
    }
    expect(outside).toBeGreaterThan(0);
    expect(inside + outside).toBe(prepared.length ** 2);
  });

  it('with wideRootBelowPairs, opens only where the first pairing is smaller', () => {
    const N = 10;
    const params = withOption({ ...always, wideRootBelowPairs: N, wideRootKeepSecond: 1 });
    let closed = 0, open = 0;
    for (const [i, a] of prepared.entries()) for (const [j, b] of prepared.entries()) {
      const pairs = compareTemplatesEvidence(a, b).pairs;
      const score = compareTemplates(a, b, params);
      if (pairs >= N) { closed++; expect(score).toBe(compareTemplates(a, b)); } else {
        open++;
        expect(score).toBe(compareTemplates(preparedWide[i], preparedWide[j], widened));
      }
    }
    expect(closed).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);
  });

  it('leaves the shipped comparisons of the same probe unchanged between second passes', () => {
    const params = withOption(always);
    const a = prepared[0];
    const first = prepared.map((b) => compareTemplates(a, b));
    for (const [k, b] of prepared.entries()) {
      compareTemplates(a, b, params);
      expect(compareTemplates(a, b)).toBe(first[k]);
    }
  });
});
