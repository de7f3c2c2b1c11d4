import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesDetailed, prepareTemplate } from '../../src/matching/index.js';
import { setRootSearchHook, type GrownRoot, type RootPair } from '../../src/matching/compare-templates.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// The bench-only root-search hook (issue 12, roots): without it the shipped comparison; with an
// empty hook the same scores (its ranking is pairBest's); forcing roots and trying them all.
const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT);
const names = ['101_1', '101_2', '101_3', '102_1', '102_2', '103_1'];
const prepared = names.map((n) => prepareTemplate(iso('DB1_B', n)));

describe('setRootSearchHook', () => {
  afterEach(() => setRootSearchHook(null));

  it('an empty hook gives the shipped scores and pairings, and lists the ranked and grown roots', () => {
    for (const a of prepared) for (const b of prepared) {
      const shipped = compareTemplatesDetailed(a, b);
      const ranked: RootPair[] = [], grown: GrownRoot[] = [];
      setRootSearchHook({ ranked, grown });
      const hooked = compareTemplatesDetailed(a, b);
      setRootSearchHook(null);
      expect(hooked).toEqual(shipped);
      expect(compareTemplates(a, b)).toBe(shipped.score);
      for (let k = 1; k < ranked.length; k++) expect(ranked[k].votes).toBeLessThanOrEqual(ranked[k - 1].votes);
      expect(grown.length).toBeLessThanOrEqual(MATCHING_PARAMETERS.maxRoots);
      for (const g of grown) expect(ranked.slice(0, MATCHING_PARAMETERS.maxRoots)).toContainEqual({ p: g.p, c: g.c, votes: g.votes });
    }
  });

  it('forcing the shipped best root alone gives the shipped score', () => {
    const [a, b] = [prepared[0], prepared[1]];
    const grown: GrownRoot[] = [];
    setRootSearchHook({ grown });
    const shipped = compareTemplates(a, b);
    const top = grown.reduce((x, y) => (y.score > x.score ? y : x));
    const forced: GrownRoot[] = [];
    setRootSearchHook({ force: [{ p: top.p, c: top.c }], grown: forced });
    expect(compareTemplates(a, b)).toBe(shipped);
    expect(forced).toEqual([top]);
  });

  it('forcing another root grows only from it; trying every root never scores below the shipped choice', () => {
    const [a, b] = [prepared[0], prepared[1]];
    const ranked: RootPair[] = [];
    setRootSearchHook({ ranked });
    compareTemplates(a, b);
    const last = ranked[ranked.length - 1];
    const grown: GrownRoot[] = [];
    setRootSearchHook({ force: [{ p: last.p, c: last.c }], grown });
    compareTemplates(a, b);
    expect(grown).toHaveLength(1);
    expect(grown[0]).toMatchObject({ p: last.p, c: last.c, votes: last.votes });
    for (const x of prepared) for (const y of prepared) {
      setRootSearchHook(null);
      const shipped = compareTemplatesDetailed(x, y);
      const all: GrownRoot[] = [];
      setRootSearchHook({ all: true, grown: all });
      compareTemplatesDetailed(x, y);
      const shippedGrown: GrownRoot[] = [];
      setRootSearchHook({ grown: shippedGrown });
      compareTemplatesDetailed(x, y);
      const bestOf = (l: GrownRoot[]) => l.reduce((m, g) => Math.max(m, g.score), 0);
      expect(bestOf(all)).toBeGreaterThanOrEqual(bestOf(shippedGrown));
      expect(shipped.score === 0 || shippedGrown.length > 0).toBe(true);
    }
  });

  it('rejects a forced root outside the templates', () => {
    setRootSearchHook({ force: [{ p: 999, c: 0 }] });
    expect(() => compareTemplates(prepared[0], prepared[1])).toThrow(/outside/);
  });
});
