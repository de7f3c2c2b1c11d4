import { describe, expect, it } from 'vitest';
import { bandCalibrationsWithout, calibrationWithout, measureHeldOutCalibration, mixtureCalibrationWithout, thresholdsOf, type HeldOutSet, type OrderedScores } from '../../src/matching/index.js';
import { createRng } from '../../src/synthetic/index.js';

const createRngForTest = (seed: number): (() => number) => createRng(seed).next;

/** Ordered scores of images given by set and finger, score(a, b) from a function. */
function ordered(sets: number[], fingers: number[], score: (a: number, b: number) => number): OrderedScores {
  const n = sets.length;
  const scores = new Float64Array(n * n);
  for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) scores[a * n + b] = score(a, b);
  return { sets, fingers, scores };
}

describe('calibrationWithout', () => {
  it('fits the table on the other sets only, their cross-set impostor pairs included', () => {
    // three sets of 4 fingers × 2 impressions; impostors of set 2 score high, the others low
    const sets: number[] = [], fingers: number[] = [];
    for (let s = 0; s < 3; s++) for (let f = 0; f < 4; f++) for (let i = 0; i < 2; i++) { sets.push(s); fingers.push(f); }
    const all = ordered(sets, fingers, (a, b) => {
      if (sets[a] === sets[b] && fingers[a] === fingers[b]) return 100;
      return sets[a] === 2 || sets[b] === 2 ? 80 : 10 + ((a * 7 + b * 3) % 10);
    });
    const without2 = calibrationWithout(all, 2, [0.1, 0.01]);
    // 16 images: 16·15 = 240 ordered pairs, 16 of them genuine
    expect(without2.impostorComparisons).toBe(224);
    expect(without2.genuineComparisons).toBe(16);
    expect(without2.points[0]!.score).toBeLessThan(20);
    const without0 = calibrationWithout(all, 0, [0.1, 0.01]);
    expect(without0.impostorComparisons).toBe(224);
    // set 2's impostors (and its cross pairs with set 1) are now in the fit: the thresholds rise above 80
    expect(without0.points[1]!.score).toBeGreaterThan(80);
    expect(thresholdsOf(without0, [0.01])[0]).toBe(without0.points[1]!.score);
  });
});

describe('mixtureCalibrationWithout', () => {
  // three sets of 4 fingers × 2 impressions, clean impostors 10–19, genuine 100
  const sets: number[] = [], fingers: number[] = [];
  for (let s = 0; s < 3; s++) for (let f = 0; f < 4; f++) for (let i = 0; i < 2; i++) { sets.push(s); fingers.push(f); }
  const all = ordered(sets, fingers, (a, b) => (sets[a] === sets[b] && fingers[a] === fingers[b] ? 100 : 10 + ((a * 7 + b * 3) % 10)));
  /** One set's 8 images under a perturbation: impostors score `impostor`, genuine pairs 50. */
  const block = (set: number, impostor: number) => {
    const f = fingers.slice(set * 8, set * 8 + 8), scores = new Float64Array(64);
    for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) if (a !== b) scores[a * 8 + b] = f[a] === f[b] ? 50 : impostor;
    return { offset: set * 8, fingers: f, scores };
  };

  it('is the clean table with no extra block', () => {
    expect(mixtureCalibrationWithout(all, 2, [], [0.1, 0.01])).toEqual(calibrationWithout(all, 2, [0.1, 0.01]));
  });

  it('adds the training sets\' perturbed pairs, never the held-out set\'s, and their high impostors raise the thresholds', () => {
    const clean = calibrationWithout(all, 2, [0.1, 0.01]);
    const mixed = mixtureCalibrationWithout(all, 2, [block(0, 80), block(1, 80), block(2, 95)], [0.1, 0.01]);
    // two training blocks of 8 images: 8·7 = 56 ordered pairs each, 8 genuine
    expect(mixed.impostorComparisons).toBe(clean.impostorComparisons + 2 * 48);
    expect(mixed.genuineComparisons).toBe(clean.genuineComparisons + 2 * 8);
    // 96 of 320 impostors now score 80: FMR 10 % sits just above them; the held-out set's 95s are not seen
    expect(clean.points[0]!.score).toBeLessThan(20);
    expect(mixed.points[0]!.score).toBeGreaterThan(80);
    expect(mixed.points[0]!.score).toBeLessThan(95);
    // the perturbed genuine pairs (50) are below that threshold: the table's TMR counts them
    expect(mixed.points[0]!.tmr).toBeCloseTo(16 / 32, 6);
  });

  it('leaves out the held-out images of a block when the fold is a test of the image', () => {
    const odd = (a: number): boolean => fingers[a]! % 2 === 1;
    const mixed = mixtureCalibrationWithout(all, odd, [block(0, 80)], [0.1]);
    const clean = calibrationWithout(all, odd, [0.1]);
    // the block's even fingers only: 4 images, 4·3 = 12 ordered pairs, 4 genuine
    expect(mixed.impostorComparisons).toBe(clean.impostorComparisons + 8);
    expect(mixed.genuineComparisons).toBe(clean.genuineComparisons + 4);
  });

  it('rejects a block whose scores are not m × m', () => {
    expect(() => mixtureCalibrationWithout(all, 2, [{ offset: 0, fingers: [0, 0], scores: new Float64Array(3) }])).toThrow(RangeError);
  });
});

describe('bandCalibrationsWithout', () => {
  // three sets of 6 fingers × 2 impressions; fingers 0–1 of every set have quality 40, the rest 95;
  // impostor pairs of a poor finger score 60–69, the other impostors 10–19; genuine pairs 100
  const sets: number[] = [], fingers: number[] = [], quality: number[] = [];
  for (let s = 0; s < 3; s++) for (let f = 0; f < 6; f++) for (let i = 0; i < 2; i++) { sets.push(s); fingers.push(f); quality.push(f < 2 ? 40 : 95); }
  const poor = (a: number): boolean => quality[a]! < 70;
  const all = ordered(sets, fingers, (a, b) => {
    if (sets[a] === sets[b] && fingers[a] === fingers[b]) return 100;
    return (poor(a) || poor(b) ? 60 : 10) + ((a * 7 + b * 3) % 10);
  });
  const bands = [[0, 70], [70, 101]] as const;

  it('fits each band on the other sets\' pairs of that band only (pair quality = the lower)', () => {
    const [low, high] = bandCalibrationsWithout(all, quality, 2, bands, 1, [0.1, 0.01]);
    // sets 0 and 1: 24 images; pairs with a poor image (8 of them): 24·23 − 16·15 = 312 ordered, 8 genuine
    expect(low).toMatchObject({ quality: [0, 70], impostor: 304, genuine: 8 });
    expect(high).toMatchObject({ quality: [70, 101], impostor: 16 * 15 - 16, genuine: 16 });
    // the poor band's thresholds sit among its own impostors (60s), the good band's among the 10s
    expect(thresholdsOf(low!.table!, [0.1])[0]).toBeGreaterThan(60);
    expect(thresholdsOf(high!.table!, [0.1])[0]).toBeLessThan(20);
    // the bands together are the single table's pairs
    const single = calibrationWithout(all, 2, [0.1, 0.01]);
    expect(low!.impostor + high!.impostor).toBe(single.impostorComparisons);
    expect(low!.table!.impostorComparisons).toBe(304);
    // the single table's 10 % threshold lies between the two
    expect(thresholdsOf(single, [0.1])[0]).toBeGreaterThan(thresholdsOf(high!.table!, [0.1])[0]!);
  });

  it('takes the held-out images as a test too (a finger fold across every set)', () => {
    // hold out fingers 0–2 of every set: poor fingers 0–1 are then out, the band below 70 is empty
    const out = (a: number): boolean => fingers[a]! < 3;
    const [low, high] = bandCalibrationsWithout(all, quality, out, bands, 1, [0.1]);
    expect(low).toMatchObject({ impostor: 0, genuine: 0, table: null });
    // 3 sets × 3 fingers × 2 = 18 images: 18·17 ordered pairs, 18 genuine
    expect(high).toMatchObject({ impostor: 18 * 17 - 18, genuine: 18 });
    expect(calibrationWithout(all, out, [0.1]).impostorComparisons).toBe(18 * 17 - 18);
    expect(calibrationWithout(all, (a) => sets[a] === 2, [0.1])).toEqual(calibrationWithout(all, 2, [0.1]));
  });

  it('leaves a band without its own table when its training pairs are too few', () => {
    const [low, high] = bandCalibrationsWithout(all, quality, 2, bands, 250, [0.1]);
    expect(low!.table).not.toBeNull();
    expect(high!.impostor).toBe(224);
    expect(high!.table).toBeNull();
    // a band no pair falls in
    const [none] = bandCalibrationsWithout(all, quality, 2, [[0, 20]], 0, [0.1]);
    expect(none).toMatchObject({ impostor: 0, genuine: 0, table: null });
  });

  it('fits each band on its mixture with extra blocks: one band is the mixture table, and a block\'s pairs go to their own band', () => {
    // set 0's 12 images under a perturbation that halves every image's quality (95 → 47, 40 → 20): all its pairs fall below 70
    const block = { offset: 0, fingers: fingers.slice(0, 12), scores: subBlock(0, 12), quality: quality.slice(0, 12).map((q) => Math.floor(q / 2)) };
    const [whole] = bandCalibrationsWithout(all, quality, 2, [[0, 101]], 1, [0.1, 0.01], [block]);
    expect(whole!.table).toEqual(mixtureCalibrationWithout(all, 2, [block], [0.1, 0.01]));
    const [low, high] = bandCalibrationsWithout(all, quality, 2, bands, 1, [0.1, 0.01], [block]);
    const [cleanLow, cleanHigh] = bandCalibrationsWithout(all, quality, 2, bands, 1, [0.1, 0.01]);
    // 12 · 11 = 132 ordered pairs of the block, 12 of them genuine, all in the low band
    expect(low).toMatchObject({ impostor: cleanLow!.impostor + 120, genuine: cleanLow!.genuine + 12 });
    expect(high!.table).toEqual(cleanHigh!.table);
    // a held-out block adds nothing; a block without qualities is refused
    expect(bandCalibrationsWithout(all, quality, 0, bands, 1, [0.1], [block])[0]!.impostor).toBe(bandCalibrationsWithout(all, quality, 0, bands, 1, [0.1])[0]!.impostor);
    expect(() => bandCalibrationsWithout(all, quality, 2, bands, 1, [0.1], [{ ...block, quality: undefined }])).toThrow(RangeError);
  });

  /** The m × m block of `all`'s scores from image `offset` on. */
  function subBlock(offset: number, m: number): Float64Array {
    const n = all.sets.length, out = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) out[a * m + b] = all.scores[(offset + a) * n + offset + b]!;
    return out;
  }
});

describe('measureHeldOutCalibration', () => {
  // one set: 4 fingers × 3 impressions; qualities 10 (finger 0) or 95; impostor scores high
  // only for pairs with finger 3 (as probe or candidate), genuine scores 50 except finger 2's 5
  const fingers = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3];
  const quality = fingers.map((f) => (f === 0 ? 10 : 95));
  const m = fingers.length;
  const scores = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      if (a === b) continue;
      if (fingers[a] === fingers[b]) scores[a * m + b] = fingers[a] === 2 ? 5 : 50;
      else scores[a * m + b] = fingers[a] === 3 || fingers[b] === 3 ? 40 : 1;
    }
  }
  const set: HeldOutSet = { fingers, quality, scores, thresholds: [30, 45] };
  const options = { levels: [0.01, 0.001], bands: [[0, 20], [20, 101]] as const, rounds: 200, random: createRngForTest(3) };

  it('counts the held-out false matches and misses at each threshold, overall and per pair-quality band', () => {
    const [l1, l2] = measureHeldOutCalibration([set], options);
    // ordered impostor pairs: 12·11 − 4·3·2 = 108; with finger 3: 2 · 3 · 9 = 54 at score 40
    expect(l1!.impostor).toBe(108);
    expect(l1!.falseMatches).toBe(54);
    expect(l1!.fmr.value).toBeCloseTo(0.5, 12);
    expect(l2!.falseMatches).toBe(0);
    // 24 ordered genuine pairs, finger 2's 6 below both thresholds; finger 0..3 at 50 pass 45
    expect(l1!.genuine).toBe(24);
    expect(l1!.fnmr.value).toBeCloseTo(0.25, 12);
    expect(l2!.fnmr.value).toBeCloseTo(0.25, 12);
    // band 0–20: pairs with finger 0 (2 · 3 · 9 = 54), 18 of them with finger 3
    expect(l1!.bands[0]).toMatchObject({ quality: [0, 20], impostor: 54, falseMatches: 18 });
    expect(l1!.bands[1]).toMatchObject({ impostor: 54, falseMatches: 36 });
    expect(l1!.perSet[0]).toMatchObject({ threshold: 30, falseMatches: 54, impostor: 108 });
    // genuine pairs by band (whole sample): finger 0's 6 in 0–20, all accepted; the other 18 in
    // 20–101, finger 2's 6 below both thresholds
    expect(l1!.bands.map((b) => [b.genuine, b.falseNonMatches])).toEqual([[6, 0], [18, 6]]);
    expect(l2!.bands.map((b) => [b.genuine, b.falseNonMatches])).toEqual([[6, 0], [18, 6]]);
  });

  it('gives an interval from whole fingers that contains the value, and judges it against the nominal level', () => {
    const [l1, l2] = measureHeldOutCalibration([set], options);
    expect(l1!.fmr.low).toBeLessThanOrEqual(l1!.fmr.value);
    expect(l1!.fmr.high).toBeGreaterThanOrEqual(l1!.fmr.value);
    expect(l1!.fmr.high).toBeGreaterThan(l1!.fmr.low); // resampling fingers moves it
    // 0.01 · 108 / 2 < 3 distinct pairs expected: too few to judge
    expect(l1!.verdict).toBe('too few pairs');
    expect(l2!.verdict).toBe('too few pairs');
  });

  it('calls a threshold unsafe when the realised FMR is wholly above the level and conservative when wholly below', () => {
    // 30 fingers × 4 impressions: 120·119 − 30·12 = 13,920 ordered impostor pairs
    const fingers = Array.from({ length: 120 }, (_, i) => Math.floor(i / 4));
    const n = fingers.length;
    const scores = new Float64Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) scores[a * n + b] = fingers[a] === fingers[b] ? 90 : ((a * 31 + b * 17) % 1000) / 10;
    // about 10 % of impostors reach 90, 0.1 % … none reach 100.1
    const big: HeldOutSet = { fingers, quality: fingers.map(() => 80), scores, thresholds: [90, 100.1] };
    const [unsafe, conservative] = measureHeldOutCalibration([big], { levels: [0.01, 0.01], bands: [[0, 101]], rounds: 200, random: createRngForTest(5) });
    expect(unsafe!.fmr.value).toBeGreaterThan(0.05);
    expect(unsafe!.verdict).toBe('unsafe');
    expect(unsafe!.bands[0]!.verdict).toBe('unsafe');
    expect(conservative!.falseMatches).toBe(0);
    expect(conservative!.verdict).toBe('conservative');
    expect(conservative!.fnmr.value).toBe(1);
  });

  it('pools several held-out sets, each at its own thresholds', () => {
    const other: HeldOutSet = { ...set, thresholds: [50, 50] };
    const [l1] = measureHeldOutCalibration([set, other], options);
    expect(l1!.impostor).toBe(216);
    expect(l1!.falseMatches).toBe(54);
    expect(l1!.perSet.map((s) => s.falseMatches)).toEqual([54, 0]);
    // the second set at 50: its genuine 50s pass, finger 2 fails
    expect(l1!.perSet[1]!.fnmr.value).toBeCloseTo(0.25, 12);
    expect(l1!.perSet[0]!.fmr.value).toBeCloseTo(0.5, 12);
    expect(l1!.perSet[1]!.fmr).toEqual({ value: 0, low: 0, high: 0 });
  });

  it('rejects thresholds that do not match the levels', () => {
    expect(() => measureHeldOutCalibration([{ ...set, thresholds: [30] }], options)).toThrow(RangeError);
    expect(() => measureHeldOutCalibration([{ ...set, bandThresholds: [[30], null] }], options)).toThrow(RangeError);
    expect(() => measureHeldOutCalibration([{ ...set, bandThresholds: [null] }], options)).toThrow(RangeError);
  });

  it('judges each pair at its band\'s thresholds when the set carries them, genuine pairs too', () => {
    // band 0–20 (pairs with finger 0) at 45 / 55: its 18 impostors at 40 no longer pass, and
    // finger 0's own 6 genuine 50s miss at 55; band 20+ keeps the single thresholds (null)
    const banded: HeldOutSet = { ...set, bandThresholds: [[45, 55], null] };
    const [l1, l2] = measureHeldOutCalibration([banded], options);
    expect(l1!.bands[0]).toMatchObject({ impostor: 54, falseMatches: 0 });
    expect(l1!.bands[1]).toMatchObject({ impostor: 54, falseMatches: 36 });
    expect(l1!.falseMatches).toBe(36);
    expect(l1!.fnmr.value).toBeCloseTo(6 / 24, 12); // finger 2 only: 50 ≥ 45
    expect(l2!.fnmr.value).toBeCloseTo(12 / 24, 12); // finger 2, and finger 0 at 55
    // all-null band thresholds are the single table's figures exactly (same draws)
    const same = measureHeldOutCalibration([{ ...set, bandThresholds: [null, null] }], { ...options, random: createRngForTest(3) });
    expect(same).toEqual(measureHeldOutCalibration([set], { ...options, random: createRngForTest(3) }));
  });

  it('chooses the band thresholds by `tableValue` in `tableBands` and reports by quality band', () => {
    // the tables by another value: finger 3 alone low (5) in table band 0–10, which carries 45 / 55;
    // reported by quality as before. Finger 3's 54 impostor pairs at 40 no longer pass, and its 6
    // genuine 50s miss at 55 (the second level) but pass 45.
    const tableValue = fingers.map((f) => (f === 3 ? 5 : 50));
    const split: HeldOutSet = { ...set, tableValue, bandThresholds: [[45, 55], null] };
    const [l1, l2] = measureHeldOutCalibration([split], { ...options, tableBands: [[0, 10], [10, 256]] });
    expect(l1!.falseMatches).toBe(0);
    expect(l1!.bands[0]).toMatchObject({ quality: [0, 20], impostor: 54, falseMatches: 0 });
    expect(l1!.bands[1]).toMatchObject({ quality: [20, 101], impostor: 54, falseMatches: 0 });
    expect(l1!.fnmr.value).toBeCloseTo(6 / 24, 12); // finger 2 only
    expect(l2!.fnmr.value).toBeCloseTo(12 / 24, 12); // finger 2, and finger 3 at 55
    // without tableValue the same thresholds follow the quality bands (finger 0's pairs), as above
    const [q1] = measureHeldOutCalibration([{ ...set, bandThresholds: [[45, 55], null] }], options);
    expect(q1!.falseMatches).toBe(36);
    // one table value per image, and one threshold list per table band
    expect(() => measureHeldOutCalibration([{ ...split, tableValue: [1, 2] }], { ...options, tableBands: [[0, 10], [10, 256]] })).toThrow(RangeError);
    expect(() => measureHeldOutCalibration([split], { ...options, tableBands: [[0, 256]] })).toThrow(RangeError);
  });
});

describe('pairedDifference', () => {
  it('is 0 with a zero-width interval for the same thresholds on the same draws, and follows a stricter threshold', async () => {
    const { measureHeldOutCalibration, pairedDifference } = await import('../../src/matching/index.js');
    const { createRng } = await import('../../src/synthetic/index.js');
    // two fingers × 3 impressions; impostor scores 1..30, genuine 40..
    const fingers = [1, 1, 1, 2, 2, 2, 3, 3, 3];
    const m = fingers.length, scores = new Float64Array(m * m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) scores[a * m + b] = fingers[a] === fingers[b] ? 40 + a + b : 1 + ((a * 7 + b * 3) % 30);
    const set = { fingers, quality: fingers.map(() => 50), scores, thresholds: [10, 20] };
    const run = (thresholds: number[], draws: number[][]) =>
      measureHeldOutCalibration([{ ...set, thresholds }], { levels: [0.1, 0.01], bands: [[0, 101]], rounds: 50, random: createRng(7).next, onDraw: (d) => void draws.push([...d]) });
    const d1: number[][] = [], d2: number[][] = [], d3: number[][] = [];
    const a = run([10, 20], d1), b = run([10, 20], d2), c = run([25, 20], d3);
    expect(d1).toHaveLength(50);
    for (const d of pairedDifference(a, b, d1, d2)) expect([d.fmr.value, d.fmr.low, d.fmr.high, d.fnmr.value]).toEqual([0, 0, 0, 0]);
    const [first] = pairedDifference(a, c, d1, d3);
    expect(first!.fmr.value).toBeLessThan(0);
    expect(first!.fmr.high).toBeLessThanOrEqual(0);
  });
});
