import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMPRESSION_PARAMETERS, type SyntheticImpressionParameters } from '../../src/config/parameters.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

const noSkinNoise = {
  ...SYNTHETIC_IMPRESSION_PARAMETERS,
  skinNoise: { optical: 0, capacitive: 0, thermal: 0, ink: 0, rolled: 0 },
} as unknown as SyntheticImpressionParameters;

describe('skin noise of synthetic impressions', () => {
  const master = syntheticMasterPrint(17, 3, 2);

  it('adds noise on the finger only, the platen around it untouched', () => {
    for (const style of ['optical', 'capacitive'] as const) {
      const a = renderImpression(master, style, createRng(mixSeed(17, 3, 2, 1)));
      const b = renderImpression(master, style, createRng(mixSeed(17, 3, 2, 1)), {}, noSkinNoise);
      expect(a.mask).toEqual(b.mask);
      let outside = 0, inside = 0, sum2 = 0, n = 0;
      for (let i = 0; i < a.mask.length; i++) {
        const d = a.image.data[i]! - b.image.data[i]!;
        if (!a.mask[i]) { if (d !== 0) outside++; continue; }
        if (d !== 0) inside++;
        sum2 += d * d;
        n++;
      }
      expect(outside).toBe(0);
      expect(inside / n).toBeGreaterThan(0.5);
      // the same normal draws scaled by sensor + skin deviation: the difference has about the skin's deviation (clipping at 0 and 255 trims it)
      const sd = Math.sqrt(sum2 / n);
      const skin = SYNTHETIC_IMPRESSION_PARAMETERS.skinNoise[style];
      expect(sd).toBeGreaterThan(0.6 * skin);
      expect(sd).toBeLessThan(1.1 * skin);
    }
  });

  it('is deterministic for the same rng state', () => {
    const a = renderImpression(master, 'thermal', createRng(5));
    const b = renderImpression(master, 'thermal', createRng(5));
    expect(a.image.data).toEqual(b.image.data);
  });
});
