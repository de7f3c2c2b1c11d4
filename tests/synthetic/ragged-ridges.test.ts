import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, SYNTHETIC_IMPRESSION_PARAMETERS, type SyntheticImpressionParameters } from '../../src/config/parameters.js';
import { NO_DEBUG } from '../../src/core/index.js';
import { analyzeFingerprint } from '../../src/extraction/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// Ragged ridges (issue 12, texture2; bench/RESULTS.md "Ragged ridges"): the ink threshold moved along
// the ridges by a smooth random field, its amplitude drawn per impression.
const settings = (changes: Record<string, number>) => ({ ...SYNTHETIC_IMPRESSION_PARAMETERS, ...changes }) as unknown as SyntheticImpressionParameters;
// the real pixel texture the candidate form pairs them with
const TEXTURE = { noiseGrain: 1, sensorNoiseShare: 0.1, skinNoiseScale: 0.5 };

describe('ragged ridges of synthetic impressions (ridgeJitter)', () => {
  const master = syntheticMasterPrint(23, 4, 1);

  it('are off by default, and 0 gives today\'s image to the bit with no draw', () => {
    expect(SYNTHETIC_IMPRESSION_PARAMETERS.ridgeJitter).toBe(0);
    const rngA = createRng(mixSeed(23, 4, 1, 5));
    const rngB = createRng(mixSeed(23, 4, 1, 5));
    const a = renderImpression(master, 'optical', rngA);
    const b = renderImpression(master, 'optical', rngB, {}, settings({ ridgeJitter: 0, ridgeJitterSpread: 1, ridgeJitterSpacing: 3 }));
    expect(b.image.data).toEqual(a.image.data);
    expect(rngB.next()).toBe(rngA.next());
  });

  it('keep the contact area and lower the orientation coherence the extraction reads', () => {
    const render = (jitter: number) =>
      renderImpression(master, 'optical', createRng(mixSeed(23, 4, 1, 6)), {}, settings({ ...TEXTURE, ridgeJitter: jitter, ridgeJitterSpacing: 3 }));
    const clean = render(0), ragged = render(0.9);
    expect(ragged.mask).toEqual(clean.mask);
    expect(ragged.image.data).not.toEqual(clean.image.data);
    const coherence = (image: typeof clean.image): number => {
      const a = analyzeFingerprint(image, EXTRACTION_PARAMETERS, NO_DEBUG);
      let sum = 0, n = 0;
      a.orientation.coherence.forEach((c, i) => { if (a.mask.blocks[i]) { sum += c; n++; } });
      return sum / n;
    };
    expect(coherence(ragged.image)).toBeLessThan(coherence(clean.image) - 0.05);
  });
});
