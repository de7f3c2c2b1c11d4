import { beforeAll, describe, expect, it } from 'vitest';
import { Gallery, GallerySearcher, SUBJECT_FLAGS, popcount32, candidateFpir, fusedThresholdForFpir, impostorTailProbability, gammaTail, EVIDENCE_FMR_CUTOFF } from '../../src/index/index.js';
import type { ScoreCalibration } from '../../src/matching/index.js';
import { syntheticCalibration, tenPrint } from './helpers.js';

const SEED = 5;
const N = 60;
let gallery: Gallery;
let calibration: ScoreCalibration;

beforeAll(() => {
  calibration = syntheticCalibration(SEED, 30);
  gallery = new Gallery();
  for (let s = 0; s < N; s++) gallery.put(`p${s}`, tenPrint(SEED, s, 0), { category: s % 3 + 1, memberState: s % 2 ? 'BE' : 'NL' });
});

describe('search', () => {
  it('brute force and indexed search give the same top candidate on mated searches', async () => {
    const searcher = new GallerySearcher(gallery, { calibration });
    for (const s of [3, 41]) {
      const probe = tenPrint(SEED, s, 1);
      const brute = await searcher.search(probe, { mode: 'brute-force' });
      const indexed = await searcher.search(probe, { shortlistSize: 12 });
      expect(brute.candidates[0].id).toBe(`p${s}`);
      expect(indexed.candidates[0].id).toBe(`p${s}`);
      expect(indexed.candidates[0].score).toBe(brute.candidates[0].score);
      expect(brute.shortlisted).toBe(N);
      expect(indexed.shortlisted).toBe(12);
      expect(indexed.penetration).toBeCloseTo(12 / N);
      expect(brute.candidates[0].hit).toBe(true);
      // the best non-mate is far below the mate (its hit flag depends on the calibration's tail)
      expect(brute.candidates[1].score).toBeLessThan(brute.candidates[0].score / 2);
    }
  });

  it('stop bits clear the commonest code bits and keep mates on top', async () => {
    const g = new Gallery();
    for (let s = 0; s < 40; s++) g.put(`m${s}`, tenPrint(SEED, s, 0));
    const before = g.stats();
    g.applyStopBits(0.25);
    expect(g.hasStopBits).toBe(true);
    const masks = g.stopMasks;
    let cleared = 0;
    for (const w of masks) cleared += 32 - popcount32(w);
    expect(cleared).toBeGreaterThan(0.2 * masks.length * 32);
    expect(cleared).toBeLessThanOrEqual(0.25 * masks.length * 32);
    expect(g.stats().fingers).toBe(before.fingers);
    g.put('late', tenPrint(SEED, 99, 0)); // enrolled after: masked on the way in
    const searcher = new GallerySearcher(g, { calibration });
    for (const s of [6, 99]) {
      const r = await searcher.search(tenPrint(SEED, s, 1), { shortlistSize: 3 });
      expect(r.candidates[0].id).toBe(s === 99 ? 'late' : `m${s}`);
    }
  });

  it('fuses only the fingers present on both sides', async () => {
    const searcher = new GallerySearcher(gallery, { calibration });
    const probe = tenPrint(SEED, 10, 1, [2, 7, 8]);
    const r = await searcher.search(probe, { mode: 'brute-force' });
    const top = r.candidates[0];
    expect(top.id).toBe('p10');
    expect(top.fingersCompared).toBe(3);
    expect(top.fingerScores.filter((s) => s !== null).length).toBe(3);
    expect(top.fingerScores[0]).toBeNull();
    expect(top.fingerScores[1]).not.toBeNull();
    // the full ten-print gives more evidence than three fingers
    const full = await searcher.search(tenPrint(SEED, 10, 1), { mode: 'brute-force' });
    expect(full.candidates[0].score).toBeGreaterThan(top.score);
  });

  it('applies the filter: categories, member states and excluded flags', async () => {
    const searcher = new GallerySearcher(gallery, { calibration });
    const probe = tenPrint(SEED, 4, 1); // p4: category 2, NL
    const ok = await searcher.search(probe, { mode: 'brute-force', filter: { categories: [2], memberStates: ['NL'] } });
    expect(ok.candidates[0].id).toBe('p4');
    expect(ok.eligible).toBe(10);
    const otherCat = await searcher.search(probe, { mode: 'brute-force', filter: { categories: [1, 3] } });
    expect(otherCat.candidates.map((c) => c.id)).not.toContain('p4');
    // clauses: category 2 from any state except NL, or category 1 from NL → p4 (2, NL) is out
    const clauses = await searcher.search(probe, { mode: 'brute-force', filter: { clauses: [{ categories: [2], memberStates: { exclude: ['NL'] } }, { categories: [1], memberStates: { include: ['NL'] } }] } });
    expect(clauses.candidates.map((c) => c.id)).not.toContain('p4');
    expect(clauses.eligible).toBe(20); // 10 of category 2 in BE, 10 of category 1 in NL
    const clauses2 = await searcher.search(probe, { mode: 'brute-force', filter: { clauses: [{ categories: [3], memberStates: 'any' }, { categories: [2], memberStates: { include: ['NL'] } }] } });
    expect(clauses2.candidates[0].id).toBe('p4');
    expect(clauses2.eligible).toBe(30);
    gallery.setMeta('p4', { flags: SUBJECT_FLAGS.blocked });
    const blocked = await searcher.search(probe, { filter: { excludeFlags: SUBJECT_FLAGS.blocked } });
    expect(blocked.candidates.map((c) => c.id)).not.toContain('p4');
    gallery.setMeta('p4', { flags: 0 });
    await expect(searcher.search(probe, { filter: { memberStates: ['Belgium'] } })).rejects.toMatchObject({ code: 'AFIS_VALIDATION' });
    // a probe with only slap positions, or a malformed template, is the caller's mistake
    await expect(searcher.search([{ ...probe[0], position: 13 }])).rejects.toMatchObject({ code: 'AFIS_VALIDATION' });
    const bad = { ...probe[0].template, minutiae: [{ x: -5, y: 10, angle: 0, type: 'ending' as const, quality: 50 }] };
    await expect(searcher.search([{ position: 1, template: bad }])).rejects.toMatchObject({ code: 'AFIS_TEMPLATE_INVALID' });
    expect(() => gallery.put('bad', [{ position: 1, template: bad }])).toThrow(expect.objectContaining({ code: 'AFIS_TEMPLATE_INVALID' }));
    expect(gallery.has('bad')).toBe(false);
  });

  it('a removed subject is not found; a replaced one is found with its new fingers', async () => {
    const g = new Gallery();
    for (let s = 0; s < 20; s++) g.put(`q${s}`, tenPrint(SEED, s, 0));
    const searcher = new GallerySearcher(g, { calibration });
    g.remove('q7');
    const r = await searcher.search(tenPrint(SEED, 7, 1), { mode: 'brute-force' });
    expect(r.candidates.map((c) => c.id)).not.toContain('q7');
    expect(r.candidates[0].hit).toBe(false);
    g.put('q8', tenPrint(SEED, 7, 0)); // q8 now holds subject 7's fingers
    const r2 = await searcher.search(tenPrint(SEED, 7, 1));
    expect(r2.candidates[0].id).toBe('q8');
    g.compact();
    const r3 = await searcher.search(tenPrint(SEED, 7, 1));
    expect(r3.candidates[0].id).toBe('q8');
    expect(r3.candidates[0].score).toBe(r2.candidates[0].score);
  });
});

describe('FPIR thresholds', () => {
  it('the impostor tail is a proper survival function', () => {
    expect(impostorTailProbability(0, 3)).toBe(1);
    expect(gammaTail(5, 1)).toBeCloseTo(Math.exp(-5), 12);
    // Gamma(2,1) tail: e^-t (1 + t)
    expect(gammaTail(4, 2)).toBeCloseTo(Math.exp(-4) * 5, 12);
    // one finger: evidence beyond t needs FMR < c·e^-t
    expect(impostorTailProbability(3, 1)).toBeCloseTo(EVIDENCE_FMR_CUTOFF * Math.exp(-3), 12);
    // two fingers: one of them alone, or both together
    const c = EVIDENCE_FMR_CUTOFF;
    expect(impostorTailProbability(2, 2)).toBeCloseTo(2 * c * (1 - c) * Math.exp(-2) + c * c * 3 * Math.exp(-2), 12);
    let prev = 1;
    for (let t = 0; t < 60; t += 3) {
      const p = impostorTailProbability(t, 10);
      expect(p).toBeLessThanOrEqual(prev);
      prev = p;
    }
  });

  it('thresholds rise with the gallery size and the number of fingers, and meet their FPIR', () => {
    const t1k = fusedThresholdForFpir(0.001, 10, 1_000);
    const t1m = fusedThresholdForFpir(0.001, 10, 1_000_000);
    expect(t1m).toBeGreaterThan(t1k);
    // a thousand-fold larger gallery needs about ln(1000) more evidence
    expect(t1m - t1k).toBeGreaterThan(5);
    expect(fusedThresholdForFpir(0.001, 10, 1000)).toBeGreaterThan(fusedThresholdForFpir(0.001, 2, 1000));
    expect(candidateFpir(t1m, 10, 1_000_000)).toBeLessThanOrEqual(0.001 * 1.0001);
    expect(candidateFpir(t1m * 0.95, 10, 1_000_000)).toBeGreaterThan(0.001);
    expect(() => fusedThresholdForFpir(0, 10, 10)).toThrow(RangeError);
  });
});
