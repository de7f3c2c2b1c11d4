import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/synthetic/index.js';
import { allPairsErrorRates, bootstrapErrorRates, computeErrorRates, crossValidateSets, type ScoredSet } from '../../src/matching/index.js';

/** A set of `fingers` × `impressions` with genuine scores around `g` and impostor scores around `i`. */
function makeSet(fingers: number, impressions: number, g: number, i: number, seed: number): ScoredSet {
  const rng = createRng(seed);
  const labels = Array.from({ length: fingers * impressions }, (_, k) => 100 + Math.floor(k / impressions));
  const n = labels.length;
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) scores[a * n + b] = (labels[a] === labels[b] ? g : i) + 10 * rng.normal();
  return { fingers: labels, scores };
}

describe('allPairsErrorRates', () => {
  it('is the error rates of every genuine pair against every pair of different fingers', () => {
    const s = makeSet(5, 4, 30, 20, 1);
    const gen: number[] = [], imp: number[] = [];
    const n = s.fingers.length;
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) (s.fingers[a] === s.fingers[b] ? gen : imp).push(s.scores[a * n + b]);
    expect(gen.length).toBe(5 * 6);
    expect(imp.length).toBe(10 * 16);
    expect(allPairsErrorRates(s)).toEqual(computeErrorRates(gen, imp));
  });
});

describe('bootstrapErrorRates', () => {
  it('gives an interval around the full-data figure, from resampled fingers', () => {
    const s = makeSet(10, 8, 30, 15, 2);
    const [e] = bootstrapErrorRates([[s]], (r) => [r[0][0].eer], { rounds: 200, random: createRng(1).next });
    expect(e.value).toBe(allPairsErrorRates(s).eer);
    expect(e.low).toBeLessThanOrEqual(e.value);
    expect(e.high).toBeGreaterThanOrEqual(e.value);
    expect(e.high).toBeGreaterThan(e.low);
  });

  it('compares variants paired: an identical variant differs by exactly 0, a better one by less than 0', () => {
    const s = makeSet(10, 8, 30, 15, 3);
    const better = { fingers: s.fingers, scores: s.scores.map((v, k) => v + (s.fingers[Math.floor(k / 80)] === s.fingers[k % 80] ? 8 : 0)) };
    const [same, diff] = bootstrapErrorRates([[s], [s], [better]], (r) => [r[1][0].eer - r[0][0].eer, r[2][0].eer - r[0][0].eer], { rounds: 200, random: createRng(4).next });
    expect([same.low, same.value, same.high]).toEqual([0, 0, 0]);
    expect(diff.high).toBeLessThan(0);
  });

  it('repeats with the same seed', () => {
    const s = makeSet(6, 4, 30, 20, 5);
    const run = () => bootstrapErrorRates([[s]], (r) => [r[0][0].eer], { rounds: 50, random: createRng(9).next });
    expect(run()).toEqual(run());
  });
});

describe('crossValidateSets', () => {
  it('chooses on the other sets and reports the held-out one; ties go to the first candidate', () => {
    // candidate 1 is best on sets 0 and 1 but bad on set 2, so it wins only the fold that
    // holds set 2 out (and fails there); candidate 2 ties candidate 0 everywhere
    const cv = crossValidateSets([[0.02, 0.02, 0.02], [0.01, 0.01, 0.05], [0.02, 0.02, 0.02]]);
    expect(cv.folds.map((f) => f.chosen)).toEqual([0, 0, 1]);
    expect(cv.folds.map((f) => f.heldOutValue)).toEqual([0.02, 0.02, 0.05]);
    expect(cv.mean).toBeCloseTo(0.03, 12);
    const tie = crossValidateSets([[0.02, 0.03], [0.02, 0.03]]);
    expect(tie.folds.map((f) => f.chosen)).toEqual([0, 0]);
  });

  it('needs two sets', () => {
    expect(() => crossValidateSets([[0.1]])).toThrow(RangeError);
  });
});
