import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { AfisError } from '../../src/core/index.js';
import { analyzeFingerprint, blendRidgeNet, extractTemplate, prepareAnalysis, runRidgeNet, useRidgeNetModel } from '../../src/extraction/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';
import { findThinRidgeBlocks } from '../../src/extraction/map-thin-ridges.js';
import { sinusoidImage } from './synthetic.js';

// a one-layer model with the network's interface (scripts/ridge-net/make-test-models.py): −grey / 4
const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));
const P = EXTRACTION_PARAMETERS;
const withBlend = (w: number): ExtractionParameters => ({ ...P, ridgeNetBlend: w }) as unknown as ExtractionParameters;
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

afterEach(() => useRidgeNetModel());

describe('runRidgeNet', () => {
  it('pads a side that is not a multiple of 4 and cuts the map back to the image, pixel for pixel', () => {
    useRidgeNetModel(NEGATE);
    const a = prepareAnalysis(sinusoidImage(130, 98, 9, 0.3), P);
    const net = runRidgeNet(a.normalized);
    expect(net.length).toBe(130 * 98);
    for (let i = 0; i < net.length; i++) {
      const v = Math.max(-127 / 32, Math.min(127 / 32, a.normalized.data[i]!));
      expect(net[i]).toBeCloseTo(-v / 4, 5);
    }
  });

  it('the shipped model puts dark ridges negative and light valleys positive on clean parallel ridges', () => {
    const a = prepareAnalysis(sinusoidImage(130, 98, 9, 0.3), P);
    const net = runRidgeNet(a.normalized);
    let agree = 0, judged = 0;
    for (let y = 12; y < 98 - 12; y++) {
      for (let x = 12; x < 130 - 12; x++) {
        const n = a.normalized.data[y * 130 + x]!;
        if (Math.abs(n) < 0.5) continue; // near the ridge/valley boundary either sign is right
        judged++;
        if (Math.sign(net[y * 130 + x]!) === Math.sign(n)) agree++;
      }
    }
    expect(agree / judged).toBeGreaterThan(0.97);
  });
});

describe('blendRidgeNet', () => {
  it('is the enhanced image itself when the blend is 0 (no model loaded)', () => {
    useRidgeNetModel('/nonexistent/model.onnx');
    const a = analyzeFingerprint(print, P);
    expect(blendRidgeNet(a.enhanced, a.normalized, a.mask, P)).toBe(a.enhanced);
    expect(Array.from(analyzeFingerprint(print, withBlend(0)).enhanced.data)).toEqual(Array.from(a.enhanced.data));
  });

  it('blends the network map, brought to the enhanced image\'s scale, inside the foreground only', () => {
    useRidgeNetModel(NEGATE);
    const a = analyzeFingerprint(print, P);
    const fg = a.mask.pixels;
    let sum = 0, count = 0;
    for (let i = 0; i < fg.length; i++) if (fg[i]) { sum += a.enhanced.data[i]! ** 2; count++; }
    const s = Math.sqrt(sum / count);
    const full = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(1));
    const half = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(0.5));
    for (let i = 0; i < fg.length; i += 7) {
      const e = a.enhanced.data[i]!;
      const net = -Math.max(-127 / 32, Math.min(127 / 32, a.normalized.data[i]!)) / 4;
      if (!fg[i]) {
        expect(full.data[i]).toBe(e);
        continue;
      }
      expect(full.data[i]).toBeCloseTo(s * net, 4);
      expect(half.data[i]).toBeCloseTo(0.5 * e + 0.5 * s * net, 4);
    }
  });

  it('with a thin-ridge share blends only in the thin-ridged blocks of a half-eroded print', () => {
    useRidgeNetModel(NEGATE);
    const dry = perturbImage(print, 'dry', 5).image;
    const a = analyzeFingerprint(dry, P);
    const share = 0.2;
    const thin = findThinRidgeBlocks(a.normalized, a.mask, P.gapThinDarkLevel, share);
    expect(thin).not.toBeNull();
    const params = { ...withBlend(1), ridgeNetThinDarkShare: share } as unknown as ExtractionParameters;
    const out = blendRidgeNet(a.enhanced, a.normalized, a.mask, params);
    const full = blendRidgeNet(a.enhanced, a.normalized, a.mask, withBlend(1));
    const { blockSize: bs, cols } = a.mask.grid;
    let inThin = 0, outside = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const i = y * a.width + x;
        if (!a.mask.pixels[i]) continue;
        if (thin![((y / bs) | 0) * cols + ((x / bs) | 0)]) {
          expect(out.data[i]).toBe(full.data[i]);
          inThin++;
        } else {
          expect(out.data[i]).toBe(a.enhanced.data[i]);
          outside++;
        }
      }
    }
    expect(inThin).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
  });

  it('with the shipped model extraction runs end to end and changes the enhanced image on a dry print', () => {
    const dry = perturbImage(print, 'dry', 5).image;
    const off = analyzeFingerprint(dry, P);
    const on = analyzeFingerprint(dry, withBlend(1));
    let changed = 0;
    for (let i = 0; i < on.enhanced.data.length; i++) if (Math.sign(on.enhanced.data[i]!) !== Math.sign(off.enhanced.data[i]!) && off.mask.pixels[i]) changed++;
    expect(changed).toBeGreaterThan(0);
    expect(extractTemplate(dry, { parameters: withBlend(1) }).minutiae.length).toBeGreaterThan(10);
  });

  it('throws AFIS_MODEL_UNAVAILABLE when the model cannot be loaded and the blend is on', () => {
    useRidgeNetModel('/nonexistent/model.onnx');
    expect(() => analyzeFingerprint(print, withBlend(0.5))).toThrow(AfisError);
    try {
      analyzeFingerprint(print, withBlend(0.5));
    } catch (err) {
      expect((err as AfisError).code).toBe('AFIS_MODEL_UNAVAILABLE');
    }
  });
});
