import { describe, expect, it } from 'vitest';
import { createRng, generateSyntheticTenPrint, impressionToTemplate, syntheticMasterFinger, mixSeed } from '../../src/synthetic/index.js';
import { validateTemplate } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';

describe('synthetic generator', () => {
  it('is deterministic from the seed and differs between seeds', () => {
    const a = generateSyntheticTenPrint(7, 42, 0).map(impressionToTemplate);
    const b = generateSyntheticTenPrint(7, 42, 0).map(impressionToTemplate);
    const c = generateSyntheticTenPrint(8, 42, 0).map(impressionToTemplate);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    const r1 = createRng(mixSeed(1, 2, 3));
    const r2 = createRng(mixSeed(1, 2, 3));
    for (let i = 0; i < 100; i++) expect(r1.next()).toBe(r2.next());
  });

  it('makes valid templates with the minutiae counts of plain prints', () => {
    const counts: number[] = [];
    for (let s = 0; s < 20; s++) {
      for (const imp of generateSyntheticTenPrint(3, s, 1)) {
        const t = validateTemplate(impressionToTemplate(imp));
        counts.push(t.minutiae.length);
        for (let i = 1; i < t.minutiae.length; i++) expect(t.minutiae[i].quality).toBeLessThanOrEqual(t.minutiae[i - 1].quality);
      }
    }
    counts.sort((x, y) => x - y);
    const median = counts[counts.length >> 1];
    expect(median).toBeGreaterThanOrEqual(30);
    expect(median).toBeLessThanOrEqual(55);
  });

  it('master minutiae keep their minimum spacing and follow all five pattern classes', () => {
    const classes = new Set<string>();
    for (let s = 0; s < 200; s++) classes.add(syntheticMasterFinger(1, s, 1).patternClass);
    expect(classes.size).toBe(5);
    const m = syntheticMasterFinger(1, 5, 2);
    let minD = Infinity;
    for (let i = 0; i < m.count; i++) for (let j = i + 1; j < m.count; j++) minD = Math.min(minD, Math.hypot(m.x[i] - m.x[j], m.y[i] - m.y[j]));
    expect(minD).toBeGreaterThanOrEqual(9 - 1e-3);
  });

  it('mated impressions score far above non-mated ones under the matcher', () => {
    const gen: number[] = [];
    const imp: number[] = [];
    for (let s = 0; s < 15; s++) {
      const a = generateSyntheticTenPrint(11, s, 0).map((i) => prepareTemplate(impressionToTemplate(i)));
      const b = generateSyntheticTenPrint(11, s, 1).map((i) => prepareTemplate(impressionToTemplate(i)));
      const o = generateSyntheticTenPrint(11, s + 100, 0).map((i) => prepareTemplate(impressionToTemplate(i)));
      for (let f = 0; f < 10; f++) {
        gen.push(compareTemplates(b[f], a[f]));
        imp.push(compareTemplates(b[f], o[f]));
      }
    }
    const med = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1];
    expect(med(gen)).toBeGreaterThan(2 * med(imp));
  });
});
