import { describe, expect, it, vi } from 'vitest';
import { Gallery, GalleryReader } from '../../src/index/index.js';
import { FINGERS, NO_FINGER, POOL_CHUNK_BITS, POOL_CHUNK_WORDS, SUBJECTS_PER_CHUNK, fingerEntry } from '../../src/index/gallery-layout.js';
import { readCompactFinger } from '../../src/index/encode-compact-finger.js';
import { matchShortlist } from '../../src/index/match-shortlist.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { cylinderCacheSize, cylindersBuilt } from '../../src/matching/build-minutia-cylinders.js';
import type { MatchingParameters } from '../../src/config/parameters/matching.js';
import { tenPrint } from './helpers.js';
import { PRE_GATE_CHANGE } from '../helpers/pre-gate-matching.js';

// 1:N runs on the shipped matching parameters (the MCC gate on since 3 December 2026); here
// every comparison is gated (no bands) and the cylinder cache holds 200 kB (a handful of templates)
const GATE = { mccWeight: 1, mccShortlist: 2, overlapShareExponent: 1, mccBandLow: 0, mccBandHigh: 0, overlapBandLow: 0, overlapBandHigh: 0, mccCacheBytes: 200_000 };
vi.mock('../../src/config/parameters/matching.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/config/parameters/matching.js')>();
  return { ...real, MATCHING_PARAMETERS: Object.freeze({ ...real.MATCHING_PARAMETERS, mccWeight: 1, mccShortlist: 2, overlapShareExponent: 1, mccBandLow: 0, mccBandHigh: 0, overlapBandLow: 0, overlapBandHigh: 0, mccCacheBytes: 200_000 }) };
});

describe('second stage of 1:N with the MCC gate on (matchShortlist)', () => {
  it('gates every comparison, scores as 1:1 does, and keeps the cylinder cache within its bound', async () => {
    const shipped = (await vi.importActual<typeof import('../../src/config/parameters/matching.js')>('../../src/config/parameters/matching.js')).MATCHING_PARAMETERS;
    // "not those without the gate": the matcher before the gate was switched on
    const real: MatchingParameters = { ...shipped, ...PRE_GATE_CHANGE };
    const SEED = 7, N = 12;
    const gallery = new Gallery();
    for (let s = 0; s < N; s++) gallery.put(`p${s}`, tenPrint(SEED, s, 0));
    const probe = tenPrint(SEED, 4, 1).map((f) => prepareTemplate(f.template));
    expect(probe.every((p) => p.theta !== null)).toBe(true);
    const { slots } = gallery.slotsOf(gallery.ids());
    const reader = new GalleryReader(gallery.snapshot().memory);
    const before = cylinderCacheSize();
    const scores = matchShortlist(reader, probe, slots);
    const after = cylinderCacheSize();
    expect(after.bytes).toBeLessThanOrEqual(GATE.mccCacheBytes);
    // each gallery finger was prepared afresh and gated: far more templates than the cache holds
    expect(after.templates).toBeLessThan(N);
    expect(before.bytes).toBeLessThanOrEqual(GATE.mccCacheBytes);
    // the same scores as 1:1 with the gate and an unbounded cache; not those without the gate
    const unbounded: MatchingParameters = { ...shipped, ...GATE, mccCacheBytes: 1 << 30 };
    let compared = 0, changed = 0;
    for (let i = 0; i < slots.length; i++) {
      const v = reader.subjects[slots[i] >>> 14];
      const s = slots[i] & (SUBJECTS_PER_CHUNK - 1);
      for (let f = 0; f < FINGERS; f++) {
        const e = fingerEntry(s, f), at = v.addr[e];
        if (at === NO_FINGER) continue;
        const t = readCompactFinger(reader.pool[at >>> POOL_CHUNK_BITS], at & (POOL_CHUNK_WORDS - 1), v.info[e] & 0xff, (v.info[e] >>> 8) & 0xff);
        const g = prepareTemplate(t, unbounded);
        expect(scores[i * FINGERS + f]).toBe(Math.fround(compareTemplates(probe[f], g, unbounded)));
        if (scores[i * FINGERS + f] !== Math.fround(compareTemplates(prepareTemplate(tenPrint(SEED, 4, 1)[f].template, real), prepareTemplate(t, real), real))) changed++;
        compared++;
      }
    }
    expect(compared).toBe(N * FINGERS);
    expect(changed).toBeGreaterThan(compared / 2);
    // the probe's fingers, used on every subject, are among the most recently used
    expect(probe.filter(cylindersBuilt).length).toBeGreaterThan(0);
  });
});
