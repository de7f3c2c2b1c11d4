import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMPRESSION_PARAMETERS, type SyntheticImpressionParameters } from '../../src/config/parameters.js';
import { estimateNoiseLevel } from '../../src/extraction/filters.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// The generator's pixel noise with a grain (issue 12, noise): the same deviations, correlated over
// `noiseGrain` pixels, so the noise the extraction reads off the image falls towards real sensors'.
const grained = (g: number) => ({ ...SYNTHETIC_IMPRESSION_PARAMETERS, noiseGrain: g }) as unknown as SyntheticImpressionParameters;

describe('noiseGrain of synthetic impressions', () => {
  const master = syntheticMasterPrint(23, 4, 1);

  it('is off by default, and 0 gives the white noise to the bit', () => {
    expect(SYNTHETIC_IMPRESSION_PARAMETERS.noiseGrain).toBe(0);
    const a = renderImpression(master, 'capacitive', createRng(mixSeed(23, 4, 1, 1)));
    const b = renderImpression(master, 'capacitive', createRng(mixSeed(23, 4, 1, 1)), {}, grained(0));
    expect(b.image.data).toEqual(a.image.data);
  });

  it('keeps the noise deviation, the mask and every later draw, and lowers the noise extraction reads', () => {
    for (const style of ['optical', 'capacitive', 'thermal'] as const) {
      const rngA = createRng(mixSeed(23, 4, 1, 2));
      const rngB = createRng(mixSeed(23, 4, 1, 2));
      const white = renderImpression(master, style, rngA);
      const grain = renderImpression(master, style, rngB, {}, grained(1.2));
      expect(grain.mask).toEqual(white.mask);
      // the rng is left where the white noise leaves it
      expect(rngB.next()).toBe(rngA.next());
      expect(grain.image.data).not.toEqual(white.image.data);
      const level = (d: Uint8Array) => estimateNoiseLevel(Float32Array.from(d), white.image.width, white.image.height);
      expect(level(grain.image.data)).toBeLessThan(0.5 * level(white.image.data));
      // the grey's spread over the finger stays about the same (the deviation is kept)
      const spread = (d: Uint8Array) => {
        let s = 0, s2 = 0, n = 0;
        for (let i = 0; i < d.length; i++) if (white.mask[i]) { s += d[i]!; s2 += d[i]! * d[i]!; n++; }
        return Math.sqrt(s2 / n - (s / n) ** 2);
      };
      expect(spread(grain.image.data) / spread(white.image.data)).toBeGreaterThan(0.85);
      expect(spread(grain.image.data) / spread(white.image.data)).toBeLessThan(1.15);
    }
  });
});
