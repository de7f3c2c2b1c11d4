import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { NO_DEBUG } from '../../src/core/index.js';
import {
  analyzeFingerprint, extractFromAnalysis, measureMinutiaFeatures, minutiaLogitWeights, minutiaProbabilities,
  MINUTIA_FEATURE_COUNT, MINUTIA_FEATURE_NAMES, MINUTIA_LOGIT_PARAMETERS, rateMinutiaReliability,
} from '../../src/extraction/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

const master = syntheticMasterPrint(311, 4, 1);
const impression = renderImpression(master, 'optical', createRng(mixSeed(311, 4, 1)));
const image = impression.image;
const analysis = analyzeFingerprint(image);
const P = EXTRACTION_PARAMETERS;
const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;
const shipped = extractFromAnalysis(image, analysis, P, NO_DEBUG);
const F = MINUTIA_FEATURE_COUNT;
const col = (name: (typeof MINUTIA_FEATURE_NAMES)[number]) => MINUTIA_FEATURE_NAMES.indexOf(name);
// a model that trusts a minutia exactly when its quality reaches 50
const byQuality = { minutiaLogitBias: -5, minutiaLogitQuality: 10 };

describe('learned minutia reliability (rate-minutia-reliability.ts)', () => {
  it('is off by default: the list itself comes back and nothing is computed', () => {
    const list = shipped.minutiae.map((m) => ({ ...m }));
    expect(rateMinutiaReliability(list, analysis, P)).toBe(list);
    expect(P.minutiaLogitDropBelow).toBe(0);
    expect(P.minutiaLogitAsQuality).toBe(0);
    // one weight parameter per feature, all in the parameters
    expect(MINUTIA_LOGIT_PARAMETERS.length).toBe(F);
    for (const name of MINUTIA_LOGIT_PARAMETERS) expect(P[name]).toBe(0);
  });

  it('measures features that tell the print from its edge and count close neighbours', () => {
    expect(shipped.minutiae.length).toBeGreaterThan(10);
    const f = measureMinutiaFeatures(analysis, shipped.minutiae);
    expect(f.length).toBe(shipped.minutiae.length * F);
    for (let i = 0; i < shipped.minutiae.length; i++) {
      expect(f[i * F + col('coherence')]).toBeGreaterThanOrEqual(0);
      expect(f[i * F + col('coherence')]).toBeLessThanOrEqual(1);
      expect(Math.abs(f[i * F + col('agreement')]!)).toBeLessThanOrEqual(1 + 1e-9);
      expect(f[i * F + col('quality')]).toBeCloseTo(shipped.minutiae[i]!.quality / 100, 9);
    }
    // inside a clean print the enhanced image follows the grey
    const agreement = Array.from({ length: shipped.minutiae.length }, (_, i) => f[i * F + col('agreement')]!).sort((a, b) => a - b);
    expect(agreement[Math.floor(agreement.length / 2)]).toBeGreaterThan(0.3);
    // three points by hand: two 10 px apart, one far away, at the print's centre and at the image corner
    const cx = Math.round(image.width / 2), cy = Math.round(image.height / 2);
    const pts = [
      { x: cx, y: cy, type: 'ending' as const, quality: 80 },
      { x: cx + 10, y: cy, type: 'bifurcation' as const, quality: 40 },
      { x: 1, y: 1, type: 'ending' as const, quality: 10 },
    ];
    const g = measureMinutiaFeatures(analysis, pts);
    expect(g[col('nearestDistance')]).toBeCloseTo(10 / 40, 9);
    expect(g[col('neighbours')]).toBeCloseTo(1 / 5, 9);
    expect(g[2 * F + col('nearestDistance')]).toBe(1);
    expect(g[2 * F + col('neighbours')]).toBe(0);
    expect(g[F + col('bifurcation')]).toBe(1);
    expect(g[col('bifurcation')]).toBe(0);
    expect(g[col('edgeDistance')]).toBeGreaterThan(g[2 * F + col('edgeDistance')]!);
    expect(g[2 * F + col('edgeDistance')]).toBeLessThan(0.05);
    // the print's density is shared by its minutiae
    expect(g[col('density')]).toBe(g[2 * F + col('density')]);
  });

  it('turns the weights held in the parameters into a logistic probability', () => {
    const params = withParams({ minutiaLogitBias: 0.5, minutiaLogitCoherence: -2, minutiaLogitDensity: 3 });
    const w = minutiaLogitWeights(params);
    expect(w[0]).toBe(0.5);
    expect(w[1 + col('coherence')]).toBe(-2);
    expect(w[1 + col('density')]).toBe(3);
    const feat = new Float64Array(F);
    feat[col('coherence')] = 0.25;
    feat[col('density')] = 0.5;
    expect(minutiaProbabilities(feat, w)[0]).toBeCloseTo(1 / (1 + Math.exp(-(0.5 - 0.5 + 1.5))), 12);
  });

  it('drops the minutiae below the probability threshold, keeping the order of the others', () => {
    const list = shipped.minutiae.map((m) => ({ ...m }));
    // a model that trusts a minutia from the print's median quality on (halfway between integer
    // qualities, so no minutia sits on the threshold): some are dropped whatever the extraction gives
    const median = list.map((m) => m.quality).sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const byMedian = { minutiaLogitBias: -(median - 0.5) / 10, minutiaLogitQuality: 10 };
    const kept = rateMinutiaReliability(list, analysis, withParams({ ...byMedian, minutiaLogitDropBelow: 0.5 }));
    expect(kept).toEqual(list.filter((m) => m.quality >= median));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(list.length);
  });

  it('writes 100·p into the quality when asked, dropping nothing', () => {
    const list = shipped.minutiae.map((m) => ({ ...m }));
    const rated = rateMinutiaReliability(list, analysis, withParams({ ...byQuality, minutiaLogitAsQuality: 1 }));
    expect(rated.length).toBe(list.length);
    rated.forEach((m, i) => {
      expect(m.x).toBe(list[i]!.x);
      expect(m.quality).toBe(Math.round(100 / (1 + Math.exp(-(-5 + 10 * list[i]!.quality / 100)))));
    });
  });

  it('runs inside the extraction after the other stages: the template loses exactly the low-probability minutiae', () => {
    const median = shipped.minutiae.map((m) => m.quality).sort((a, b) => a - b)[Math.floor(shipped.minutiae.length / 2)]!;
    const byMedian = { minutiaLogitBias: -(median - 0.5) / 10, minutiaLogitQuality: 10 };
    const t = extractFromAnalysis(image, analysis, withParams({ ...byMedian, minutiaLogitDropBelow: 0.5 }), NO_DEBUG);
    expect(t.minutiae.length).toBeLessThan(shipped.minutiae.length);
    expect(t.minutiae).toEqual(shipped.minutiae.filter((m) => m.quality >= median));
  });
});
