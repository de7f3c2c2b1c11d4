import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { AfisError } from '../../src/core/index.js';
import {
  analyzeFingerprint,
  extractTemplate,
  ORIENTATION_NET_CHANNELS,
  orientationNetFeatures,
  prepareAnalysis,
  prepareFields,
  restoreOrientationField,
  useOrientationNetModel,
} from '../../src/extraction/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';
import { sinusoidImage } from './synthetic.js';

// one-layer models with the network's interface (scripts/orientation-net/make-test-models.py):
// identity returns the classical field, transpose the field reflected about the diagonal
const IDENTITY = fileURLToPath(new URL('../fixtures/orientation-net/identity.onnx', import.meta.url));
const TRANSPOSE = fileURLToPath(new URL('../fixtures/orientation-net/transpose.onnx', import.meta.url));
// the parameters these tests were written under: the field read from the ridge network (shipped on
// since the twenty-second session) off, so the classical field is what they see
const P = { ...EXTRACTION_PARAMETERS, orientationFromRidgeNet: 0, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0 } as unknown as ExtractionParameters;
const withBlend = (w: number): ExtractionParameters => ({ ...P, orientationNetBlend: w }) as unknown as ExtractionParameters;
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

afterEach(() => useOrientationNetModel());

describe('orientationNetFeatures', () => {
  it('gives each block its doubled gradient direction, the classical field, the mask and grey statistics', () => {
    const image = sinusoidImage(128, 96, 9, Math.PI / 2); // vertical ridges
    const f = prepareFields(image, P);
    const { cols, rows } = f.orientation.grid;
    const n = cols * rows;
    const x = orientationNetFeatures(f.grey, image.width, image.height, f.orientationGradients, f.mask.blocks, f.orientation);
    expect(x.length).toBe(ORIENTATION_NET_CHANNELS * n);
    const centre = (rows >> 1) * cols + (cols >> 1);
    // vertical ridges: θ = π/2, doubled angle π: cos 2θ = −1, for the block's own gradients and the field
    expect(x[centre]).toBeLessThan(-0.9);
    expect(Math.abs(x[n + centre]!)).toBeLessThan(0.1);
    expect(x[3 * n + centre]).toBeCloseTo(f.orientation.cos2[centre]!, 6);
    expect(x[4 * n + centre]).toBeCloseTo(f.orientation.sin2[centre]!, 6);
    expect(x[5 * n + centre]).toBeCloseTo(f.orientation.coherence[centre]!, 6);
    expect(x[6 * n + centre]).toBe(f.mask.blocks[centre]);
    // log energy against the print's median: about 0 in a uniform pattern
    expect(Math.abs(x[2 * n + centre]!)).toBeLessThan(0.2);
    // grey deviation of a full-contrast sinusoid is far from 0
    expect(x[8 * n + centre]).toBeGreaterThan(0.5);
  });
});

describe('restoreOrientationField', () => {
  it('is the classical field itself when the blend is 0 (no model loaded)', () => {
    useOrientationNetModel('/nonexistent/model.onnx');
    const f = prepareFields(print, P);
    const out = restoreOrientationField(f.orientation, f.grey, print.width, print.height, f.orientationGradients, f.mask.blocks, P);
    expect(out).toBe(f.orientation);
    expect(prepareAnalysis(print, P).orientation).toEqual(f.orientation);
  });

  it('keeps the field with a network that returns it, and turns it with one that reflects it', () => {
    const f = prepareFields(print, P);
    const args = [f.grey, print.width, print.height, f.orientationGradients, f.mask.blocks] as const;
    useOrientationNetModel(IDENTITY);
    const same = restoreOrientationField(f.orientation, ...args, withBlend(1));
    for (let i = 0; i < same.angle.length; i++) {
      const d = Math.abs(same.angle[i]! - f.orientation.angle[i]!);
      expect(Math.min(d, Math.PI - d)).toBeLessThan(1e-4);
    }
    expect(same.coherence).toBe(f.orientation.coherence);
    useOrientationNetModel(TRANSPOSE);
    const turned = restoreOrientationField(f.orientation, ...args, withBlend(1));
    const half = restoreOrientationField(f.orientation, ...args, withBlend(0.5));
    for (let i = 0; i < turned.angle.length; i++) {
      const want = (Math.PI / 2 - f.orientation.angle[i]! + 2 * Math.PI) % Math.PI;
      const d = Math.abs(turned.angle[i]! - want);
      expect(Math.min(d, Math.PI - d)).toBeLessThan(1e-4);
      // half way: the sum of the two unit vectors (cos 2θ cancels, sin 2θ doubles) where it is not degenerate
      if (Math.abs(f.orientation.sin2[i]!) > 0.1) {
        expect(half.cos2[i]).toBeCloseTo(0, 4);
        expect(half.sin2[i]).toBeCloseTo(Math.sign(f.orientation.sin2[i]!), 4);
      }
    }
  });

  it('reaches the enhancement when on, and fails with AFIS_MODEL_UNAVAILABLE without a model', () => {
    useOrientationNetModel(TRANSPOSE);
    const on = analyzeFingerprint(print, withBlend(1));
    const off = analyzeFingerprint(print, P);
    expect(on.orientation.angle).not.toEqual(off.orientation.angle);
    expect(on.enhanced.data).not.toEqual(off.enhanced.data);
    useOrientationNetModel('/nonexistent/model.onnx');
    let code = '';
    try {
      extractTemplate(print, { parameters: withBlend(1) });
    } catch (err) {
      code = (err as AfisError).code;
    }
    expect(code).toBe('AFIS_MODEL_UNAVAILABLE');
  });
});
