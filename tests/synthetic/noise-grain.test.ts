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

  describe('the mixed form (sensorNoiseShare)', () => {
    const mixed = (share: number, g: number) =>
      ({ ...SYNTHETIC_IMPRESSION_PARAMETERS, sensorNoiseShare: share, noiseGrain: g }) as unknown as SyntheticImpressionParameters;
    const level = (d: Uint8Array, w: number, h: number) => estimateNoiseLevel(Float32Array.from(d), w, h);

    it('is off by default', () => {
      expect(SYNTHETIC_IMPRESSION_PARAMETERS.sensorNoiseShare).toBe(0);
    });

    it('keeps the mask and every later draw, and draws the sensor white and small, the skin apart', () => {
      for (const style of ['optical', 'capacitive', 'thermal'] as const) {
        const rngA = createRng(mixSeed(23, 4, 1, 3));
        const rngB = createRng(mixSeed(23, 4, 1, 3));
        const rngC = createRng(mixSeed(23, 4, 1, 3));
        const white = renderImpression(master, style, rngA);
        const sensorOnly = renderImpression(master, style, rngB, {}, mixed(0.2, 0));
        const grain = renderImpression(master, style, rngC, {}, mixed(0.2, 1.2));
        expect(sensorOnly.mask).toEqual(white.mask);
        expect(grain.mask).toEqual(white.mask);
        const next = rngA.next();
        expect(rngB.next()).toBe(next);
        expect(rngC.next()).toBe(next);
        const { width, height } = white.image;
        // the noise extraction reads falls: the sensor's is smaller, the skin's grained or only on the finger
        expect(level(grain.image.data, width, height)).toBeLessThan(0.5 * level(white.image.data, width, height));
        expect(level(sensorOnly.image.data, width, height)).toBeLessThan(0.5 * level(white.image.data, width, height));
        // off the finger only the sensor's noise is left, at a fifth of its white deviation
        const offFinger = (d: Uint8Array) => {
          let s = 0, s2 = 0, n = 0;
          for (let y = 1; y < height - 1; y++) {
            for (let x = 1; x < width - 1; x++) {
              const i = y * width + x;
              if (white.mask[i] || d[i] === 0 || d[i] === 255) continue;
              // the difference of horizontal neighbours cancels the smooth background
              const v = d[i]! - d[i + 1]!;
              s += v; s2 += v * v; n++;
            }
          }
          return Math.sqrt((s2 / n - (s / n) ** 2) / 2);
        };
        const sigma = SYNTHETIC_IMPRESSION_PARAMETERS.noise[style];
        expect(offFinger(grain.image.data)).toBeGreaterThan(0.1 * sigma);
        expect(offFinger(grain.image.data)).toBeLessThan(0.35 * sigma);
        expect(offFinger(white.image.data)).toBeGreaterThan(0.8 * sigma);
      }
    });

    it('skinNoiseScale sets the skin texture\'s amplitude: 1 by default, half of it reads lower on the finger', () => {
      expect(SYNTHETIC_IMPRESSION_PARAMETERS.skinNoiseScale).toBe(1);
      const render = (scale: number) =>
        renderImpression(master, 'optical', createRng(mixSeed(23, 4, 1, 4)), {}, { ...mixed(0.1, 0), skinNoiseScale: scale } as unknown as SyntheticImpressionParameters);
      const full = render(1), half = render(0.5);
      const { width, height } = full.image;
      const onFinger = (d: Uint8Array) => estimateNoiseLevel(Float32Array.from(d), width, height, full.mask, true);
      expect(onFinger(half.image.data)).toBeLessThan(0.7 * onFinger(full.image.data));
      expect(onFinger(half.image.data)).toBeGreaterThan(0.3 * onFinger(full.image.data));
    });
  });
});
