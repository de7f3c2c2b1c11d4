import { describe, expect, it } from 'vitest';
import { bootstrapPooledImpostorTail, measureCalibration, pooledImpostorTail, type OrderedScores } from '../../src/matching/index.js';
import { createRng } from '../../src/synthetic/index.js';

/** Two or three sets of `fingers` × `impressions`; genuine scores around 40, impostors around 10 (cross-set lower). */
function makeScores(setCount: number, fingers: number, impressions: number, seed: number): OrderedScores {
  const rng = createRng(seed);
  const sets: number[] = [], labels: number[] = [];
  for (let s = 0; s < setCount; s++) for (let f = 0; f < fingers; f++) for (let i = 0; i < impressions; i++) { sets.push(s); labels.push(f); }
  const n = sets.length;
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
    if (a === b) continue;
    const genuine = sets[a] === sets[b] && labels[a] === labels[b];
    scores[a * n + b] = Math.abs((genuine ? 40 : sets[a] === sets[b] ? 10 : 6) + 8 * rng.normal());
  }
  return { sets, fingers: labels, scores };
}

describe('pooledImpostorTail', () => {
  it('rejects what the calibration table rejects: the (⌊level · N⌋ + 1)-th highest impostor, FNMR = 1 − TMR', () => {
    const all = makeScores(3, 6, 4, 1);
    const n = all.sets.length, gen: number[] = [], imp: number[] = [];
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) (all.sets[a] === all.sets[b] && all.fingers[a] === all.fingers[b] ? gen : imp).push(all.scores[a * n + b]!);
    const levels = [0.01, 0.003, 0.001];
    const cal = measureCalibration(gen, imp, levels);
    const points = pooledImpostorTail(all, levels);
    points.forEach((p, i) => {
      expect(p.impostor).toBe(imp.length);
      expect(cal.points[i]!.score).toBe((Math.floor(p.excluded * 1e6) + 1) / 1e6);
      expect(p.fnmr).toBeCloseTo(1 - cal.points[i]!.tmr, 6);
    });
  });

  it('sets the threshold on within-set or cross-set pairs alone when asked', () => {
    const all = makeScores(2, 5, 3, 2);
    const n = all.sets.length, within: number[] = [], across: number[] = [];
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      if (a === b || (all.sets[a] === all.sets[b] && all.fingers[a] === all.fingers[b])) continue;
      (all.sets[a] === all.sets[b] ? within : across).push(all.scores[a * n + b]!);
    }
    within.sort((x, y) => y - x); across.sort((x, y) => y - x);
    const [w] = pooledImpostorTail(all, [0.01], 'within');
    const [x] = pooledImpostorTail(all, [0.01], 'across');
    expect(w!.impostor).toBe(within.length);
    expect(w!.excluded).toBe(within[Math.floor(0.01 * within.length)]);
    expect(x!.impostor).toBe(across.length);
    expect(x!.excluded).toBe(across[Math.floor(0.01 * across.length)]);
  });
});

describe('bootstrapPooledImpostorTail', () => {
  it('weights a draw as if the drawn fingers were copied, two copies of one finger being neither genuine nor impostor', () => {
    const all = makeScores(2, 3, 2, 3);
    const n = all.sets.length;
    // the draw: set 0 fingers 0, 0, 2; set 1 fingers 1, 1, 1 (random() picks finger ⌊r · 3⌋)
    const picks = [0, 0, 2, 1, 1, 1].map((f) => (f + 0.5) / 3);
    let k = 0;
    const random = (): number => picks[k++ % picks.length]!;
    const [v] = bootstrapPooledImpostorTail([all], [0.05], (p) => [p[0]![0]!.fnmr], { rounds: 1, random, level: 0 });
    // expected by explicit copies: (image, copy) with the copy's finger drawn
    const copies: Array<{ image: number; draw: number }> = [];
    const drawn = [[0, 0, 2], [1, 1, 1]];
    drawn.forEach((fs, s) => fs.forEach((f, d) => {
      for (let a = 0; a < n; a++) if (all.sets[a] === s && all.fingers[a] === f) copies.push({ image: a, draw: s * 10 + d });
    }));
    const gen: number[] = [], imp: number[] = [];
    for (const p of copies) for (const q of copies) {
      if (p === q) continue;
      const sameFinger = all.sets[p.image] === all.sets[q.image] && all.fingers[p.image] === all.fingers[q.image];
      const score = all.scores[p.image * n + q.image]!;
      if (sameFinger && p.draw === q.draw && p.image !== q.image) gen.push(score);
      else if (!sameFinger) imp.push(score);
    }
    imp.sort((x, y) => y - x);
    const excluded = imp[Math.floor(0.05 * imp.length + 1e-9)]!;
    const expected = gen.filter((g) => g <= excluded).length / gen.length;
    // level 0 gives the single draw as both interval ends
    expect(v!.low).toBeCloseTo(expected, 12);
    expect(v!.high).toBeCloseTo(expected, 12);
  });

  it('compares variants paired: an identical variant differs by exactly 0, a lowered impostor tail by less than 0', () => {
    const all = makeScores(3, 8, 4, 4);
    const n = all.sets.length;
    const halved: OrderedScores = {
      ...all,
      scores: all.scores.map((v, i) => (all.sets[Math.floor(i / n)] === all.sets[i % n] && all.fingers[Math.floor(i / n)] === all.fingers[i % n] ? v : v / 2)),
    };
    const [same, diff] = bootstrapPooledImpostorTail([all, all, halved], [0.001], (p) => [p[1]![0]!.fnmr - p[0]![0]!.fnmr, p[2]![0]!.fnmr - p[0]![0]!.fnmr], { rounds: 200, random: createRng(5).next });
    expect([same!.low, same!.value, same!.high]).toEqual([0, 0, 0]);
    expect(diff!.value).toBeLessThan(0);
    expect(diff!.high).toBeLessThan(0);
  });

  it('repeats with the same seed and refuses variants of other images', () => {
    const all = makeScores(2, 4, 3, 6);
    const run = () => bootstrapPooledImpostorTail([all], [0.01], (p) => [p[0]![0]!.fnmr], { rounds: 50, random: createRng(7).next });
    expect(run()).toEqual(run());
    const other = makeScores(2, 5, 3, 6);
    expect(() => bootstrapPooledImpostorTail([all, other], [0.01], () => [0], { rounds: 1, random: Math.random })).toThrow(RangeError);
  });
});
