import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesEvidence, prepareTemplate } from '../../src/matching/index.js';
import { setRootSearchHook, type RootPair } from '../../src/matching/compare-templates.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// The second root search where the first finds a small pairing (issue 12, weakroots;
// secondRootSearchBelowPairs, off by default).
const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT);
const names = ['101_1', '101_2', '101_3', '102_1', '102_2', '103_1'];
const prepared = names.map((n) => prepareTemplate(iso('DB1_B', n)));
const withOption = (below: number, roots: number): MatchingParameters => ({ ...MATCHING_PARAMETERS, secondRootSearchBelowPairs: below, secondRootSearchRoots: roots });

describe('secondRootSearchBelowPairs', () => {
  afterEach(() => setRootSearchHook(null));

  it('is off by default, and off (0) whatever secondRootSearchRoots says', () => {
    expect(MATCHING_PARAMETERS.secondRootSearchBelowPairs).toBe(0);
    for (const a of prepared) for (const b of prepared) {
      const shipped = compareTemplates(a, b);
      expect(compareTemplates(a, b, withOption(0, 200))).toBe(shipped);
    }
  });

  it('leaves every comparison whose best pairing has at least N pairs as shipped', () => {
    const N = 8;
    let closed = 0, open = 0;
    for (const a of prepared) for (const b of prepared) {
      const shipped = compareTemplatesEvidence(a, b);
      const score = compareTemplates(a, b);
      if (shipped.pairs >= N) {
        closed++;
        expect(compareTemplates(a, b, withOption(N, 52))).toBe(score);
      } else open++;
    }
    expect(closed).toBeGreaterThan(0);
    expect(open).toBeGreaterThan(0);
  });

  it('with the gate always open and every ranked root, gives the hook\'s every-root scores', () => {
    const params = withOption(1000, 244);
    let checked = 0, changed = 0;
    for (const a of prepared) for (const b of prepared) {
      const ranked: RootPair[] = [];
      setRootSearchHook({ ranked, all: true });
      const all = compareTemplates(a, b);
      setRootSearchHook(null);
      // the option ranks at most 256 roots; the hook every one
      if (ranked.length > 256) continue;
      checked++;
      const second = compareTemplates(a, b, params);
      expect(second).toBe(all);
      if (second !== compareTemplates(a, b)) changed++;
    }
    expect(checked).toBeGreaterThan(20);
    expect(changed).toBeGreaterThan(0);
  });

  it('grows no more than secondRootSearchRoots further roots: 0 further roots is the shipped search', () => {
    for (const a of prepared) for (const b of prepared) expect(compareTemplates(a, b, withOption(1000, 0))).toBe(compareTemplates(a, b));
  });
});
