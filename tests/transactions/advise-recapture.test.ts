import { describe, expect, it } from 'vitest';
import { adviseRecapture } from '../../src/transactions/advise-recapture.js';
import type { FingerQuality, SlapView } from '../../src/transactions/index.js';

const quality = (scores: Record<number, number>, min = 20): FingerQuality[] =>
  Object.entries(scores).map(([p, score]) => ({ position: Number(p), score, accepted: score >= min }));
const slap = (position: number, confidence: number, missing: number[] = []): SlapView => ({ position, confidence, missing, fingers: [] });

describe('the recapture advice of a capture: every finger and slap to redo, and why, in one list', () => {
  it('is empty when every check passed', () => {
    expect(adviseRecapture({
      quality: quality({ 1: 80, 2: 75 }), minQuality: 20, adviseBelowQuality: 40, slaps: [slap(13, 0.8)], minSlapConfidence: 0.1,
      sequence: { checked: [1, 2], confirmed: [1, 2], unconfirmed: [], swapped: [], overridden: false },
    })).toEqual([]);
  });

  it('requires fingers below the minimum or without a print, advises poor ones, and names each reason once per finger', () => {
    const advice = adviseRecapture({
      quality: quality({ 1: 80, 2: 10, 3: 30, 4: 0 }), noFingerprint: [4], minQuality: 20, adviseBelowQuality: 40, minSlapConfidence: 0.1,
      sequence: { checked: [1, 2, 3], confirmed: [1], unconfirmed: [3], swapped: [], overridden: false },
    });
    expect(advice.map((a) => [a.target, a.position, a.required, a.reasons])).toEqual([
      ['finger', 2, true, ['quality-below-minimum']],
      ['finger', 3, false, ['low-quality', 'not-confirmed-by-slap']],
      ['finger', 4, true, ['no-fingerprint']],
    ]);
    expect(advice[1]!.message).toMatch(/^finger 3: quality 30 is below 40.*; the rolled print matches no finger of the slaps/);
  });

  it('advises a finger that repeats the previous finger\'s minutiae in place: wipe the platen', () => {
    const advice = adviseRecapture({
      quality: quality({ 1: 80, 2: 30, 3: 80 }), minQuality: 20, adviseBelowQuality: 40, minSlapConfidence: 0.1,
      latent: [{ position: 2, previous: 1, repeats: 9 }, { position: 3, previous: 2, repeats: 7 }],
    });
    expect(advice.map((a) => [a.target, a.position, a.required, a.reasons])).toEqual([
      ['finger', 2, false, ['low-quality', 'latent-residue']],
      ['finger', 3, false, ['latent-residue']],
    ]);
    expect(advice[1]!.message).toBe("finger 3: 7 of its minutiae lie where finger 2's did: the platen holds the last print's residue; wipe it and capture again");
  });

  it('puts the platen first when a residue shows under every image: wipe it, then capture the fingers again', () => {
    const advice = adviseRecapture({
      quality: quality({ 1: 80, 2: 30 }), minQuality: 20, adviseBelowQuality: 40, minSlapConfidence: 0.1,
      slaps: [slap(13, 0.05)], platen: { share: 0.34 },
    });
    expect(advice.map((a) => [a.target, a.position, a.required, a.reasons])).toEqual([
      ['platen', 0, false, ['latent-residue']],
      ['finger', 2, false, ['low-quality']],
      ['slap', 13, false, ['low-segmentation-confidence']],
    ]);
    expect(advice[0]!.message).toBe("platen: a residue shows under every image (34 % of the capture's area): wipe the platen and capture the fingers again");
  });

  it('advises slaps cut with low confidence or missing a finger the desk did not declare missing', () => {
    const advice = adviseRecapture({
      quality: quality({ 1: 80 }), minQuality: 20, adviseBelowQuality: 40, minSlapConfidence: 0.1, declaredMissing: [7],
      slaps: [slap(13, 0.05), slap(14, 0.9, [7]), slap(15, 0.6, [1])],
    });
    expect(advice.map((a) => [a.target, a.position, a.required, a.reasons])).toEqual([
      ['slap', 13, false, ['low-segmentation-confidence']],
      ['slap', 15, false, ['finger-not-found']],
    ]);
    expect(advice[0]!.message).toContain('right four-finger slap');
    expect(advice[1]!.message).toContain('finger 1 not found');
  });

  it('never requires anything when nothing is refused (minimum null)', () => {
    const advice = adviseRecapture({ quality: quality({ 1: 5 }), noFingerprint: [], minQuality: null, adviseBelowQuality: 40, minSlapConfidence: 0 });
    expect(advice).toEqual([expect.objectContaining({ position: 1, required: false, reasons: ['low-quality'] })]);
  });
});
