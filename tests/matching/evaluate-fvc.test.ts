import { describe, expect, it } from 'vitest';
import { computeErrorRates, listFvcComparisons, median, parseFvcName, type FvcImage } from '../../src/matching/index.js';

describe('FVC protocol', () => {
  const images: FvcImage[] = [];
  for (let f = 101; f <= 110; f++) for (let i = 8; i >= 1; i--) images.push({ finger: f, impression: i });

  it('lists 280 genuine, 45 impostor and 2,880 all-pairs impostor comparisons for 10 × 8', () => {
    const c = listFvcComparisons(images);
    expect(c.genuine.length).toBe(280);
    expect(c.impostor.length).toBe(45);
    expect(c.allPairsImpostor.length).toBe(2880);
    for (const [a, b] of c.genuine) expect(images[a].finger).toBe(images[b].finger);
    for (const [a, b] of c.impostor) {
      expect(images[a].impression).toBe(1);
      expect(images[b].impression).toBe(1);
      expect(images[a].finger).not.toBe(images[b].finger);
    }
    const seen = new Set(c.genuine.map(([a, b]) => [Math.min(a, b), Math.max(a, b)].join()));
    expect(seen.size).toBe(280);
  });

  it('parses F_I.ext names only', () => {
    expect(parseFvcName('101_3.tif')).toEqual({ finger: 101, impression: 3 });
    expect(parseFvcName('readme.txt')).toBeUndefined();
    expect(parseFvcName('101_3')).toBeUndefined();
  });
});

describe('error rates', () => {
  it('is 0 when the scores separate', () => {
    const r = computeErrorRates([5, 6, 7], [1, 2, 3]);
    expect(r).toEqual({ eer: 0, fmr100: 0, fmr1000: 0, zeroFmr: 0 });
  });

  it('follows the FVC definition on a crossing by hand', () => {
    // genuine 1..10, impostor 0.5..9.5 step 1 (10 each)
    const g = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const i = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5];
    // t = 5.5: FNMR = 5/10 (1..5 < 5.5), FMR = 5/10 → equal → EER 0.5
    const r = computeErrorRates(g, i);
    expect(r.eer).toBeCloseTo(0.5, 10);
    // FMR = 0 needs t > 9.5: FNMR = 9/10
    expect(r.zeroFmr).toBeCloseTo(0.9, 10);
    expect(r.fmr100).toBeCloseTo(0.9, 10);
  });

  it('interpolates between the thresholds around the crossing', () => {
    // t=3: FNMR 1/4 (2), FMR 2/4 (3,3)?  impostor [1,3,3,0]; genuine [2,4,5,6]
    const r = computeErrorRates([2, 4, 5, 6], [0, 1, 3, 3]);
    // thresholds: t=3 → FNMR .25, FMR .5 (t1); t=4 → FNMR .25, FMR 0 (t2: FNMR ≥ FMR)
    // t1 sum .75 > t2 sum .25 → EER = (0 + .25)/2
    expect(r.eer).toBeCloseTo(0.125, 10);
    expect(r.zeroFmr).toBeCloseTo(0.25, 10);
  });

  it('counts ties as accepted (score ≥ threshold) and failures to enrol as 0', () => {
    const r = computeErrorRates([0, 10, 10, 10], [10, 0, 0, 0]);
    // FMR = 0 needs t > 10: every genuine rejected
    expect(r.zeroFmr).toBe(1);
    expect(r.eer).toBeCloseTo(0.25, 10);
  });

  it('reads a tie of genuine and impostor scores across the crossing as the block accepted in part', () => {
    // 2 of 100 genuine and 996 of 1,000 impostor scores clamped to 0; 98 genuine at 10, 4 impostors at 20
    const g = [0, 0, ...Array<number>(98).fill(10)];
    const i = [...Array<number>(996).fill(0), 20, 20, 20, 20];
    const r = computeErrorRates(g, i);
    // t = 0: FMR 1, FNMR 0; t = 10: FMR 0.004, FNMR 0.02. The FVC middle would say 0.012, which no
    // threshold gives; accepting the tied block with probability p runs along the line between the
    // two points, and FMR = FNMR where 1 − 0.996 p′ = 0.02 p′ with p′ = 1/1.016
    expect(r.eer).toBeCloseTo(0.02 / 1.016, 10);
    expect(r.fmr100).toBeCloseTo(0.02, 10);
  });

  it('needs both lists', () => {
    expect(() => computeErrorRates([], [1])).toThrow(RangeError);
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
