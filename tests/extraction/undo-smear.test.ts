import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { CollectingDebugSink } from '../../src/core/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { fft, fft2 } from '../../src/extraction/fourier-transform.js';
import { SMEAR_FEATURES, deconvolveLine, estimateSmear, smearFeatures, smearGateOpens, smearProbability, undoSmear, useSmearGateModel } from '../../src/extraction/undo-smear.js';
import { smeared } from '../helpers/smeared.js';
import { createRng, mixSeed, pairTruthMinutiae, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

const on = EXTRACTION_PARAMETERS;
const off = { ...EXTRACTION_PARAMETERS, smearUndoMinCorrelation: 0 } as unknown as typeof EXTRACTION_PARAMETERS;

/** A synthetic optical impression (no real person's print). */
function printOf(subject: number) {
  const master = syntheticMasterPrint(401, subject, 1);
  return renderImpression(master, 'optical', createRng(mixSeed(401, subject, 1)));
}
const angleApart = (a: number, b: number): number => {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
};

describe('Fourier transform', () => {
  it('matches the direct sum and comes back by the inverse', () => {
    const n = 16;
    const re = Float64Array.from({ length: n }, (_, k) => Math.sin(k * 1.3) + k / 7);
    const im = Float64Array.from({ length: n }, (_, k) => Math.cos(k * 0.7));
    const [r0, i0] = [re.slice(), im.slice()];
    fft(re, im, n);
    for (let f = 0; f < n; f++) {
      let sr = 0, si = 0;
      for (let x = 0; x < n; x++) {
        const a = (-2 * Math.PI * f * x) / n;
        sr += r0[x]! * Math.cos(a) - i0[x]! * Math.sin(a);
        si += r0[x]! * Math.sin(a) + i0[x]! * Math.cos(a);
      }
      expect(re[f]).toBeCloseTo(sr, 9);
      expect(im[f]).toBeCloseTo(si, 9);
    }
    fft(re, im, n, true);
    for (let x = 0; x < n; x++) expect(re[x]).toBeCloseTo(r0[x]!, 9);
  });

  it('transforms a rectangle in two dimensions: a plane wave is one peak', () => {
    const w = 8, h = 4;
    const re = new Float64Array(w * h), im = new Float64Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) re[y * w + x] = Math.cos(2 * Math.PI * (3 * x / w + y / h));
    fft2(re, im, w, h);
    const peaks = [...re].map((v, i) => [Math.hypot(v, im[i]!), i] as const).filter(([m]) => m > 1e-6).map(([, i]) => i);
    // cos splits into the frequencies (3, 1) and (−3, −1) = (5, 3)
    expect(peaks.sort((a, b) => a - b)).toEqual([1 * w + 3, 3 * w + 5]);
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(12), new Float64Array(12), 12)).toThrow(RangeError);
  });
});

describe('a slid finger: the smear estimated and undone', () => {
  const print = printOf(1);
  const theta = 0.35 * Math.PI;
  const slid = smeared(print.image, 5, theta);

  it('reads the smear’s direction and length from the smeared print, and no clear smear from the clean one', () => {
    const e = estimateSmear(slid.data, slid.width, slid.height)!;
    expect(angleApart(e.theta, theta)).toBeLessThan((15 * Math.PI) / 180);
    expect(Math.abs(e.length - 5)).toBeLessThanOrEqual(1);
    expect(e.correlation).toBeGreaterThan(0.55);
    const clean = estimateSmear(print.image.data, print.image.width, print.image.height)!;
    expect(clean.correlation).toBeLessThan(0.4);
  });

  it('leaves an image too large for a finger as it is (its transform would take gigabytes)', () => {
    // the smeared print tiled 3 × 3: 1,164 × 1,122 px, a slap's size
    const big = new Uint8Array(slid.width * 3 * slid.height * 3);
    for (let y = 0; y < slid.height * 3; y++) for (let x = 0; x < slid.width * 3; x++) big[y * slid.width * 3 + x] = slid.data[(y % slid.height) * slid.width + (x % slid.width)]!;
    const image = { width: slid.width * 3, height: slid.height * 3, ppi: 500, data: big };
    expect(undoSmear(image, on)).toBe(image);
    expect(() => deconvolveLine(big, image.width, image.height, 5, theta, 20)).toThrow(RangeError);
  });

  it('has no estimate without a tile of print', () => {
    expect(estimateSmear(new Uint8Array(200 * 200).fill(200), 200, 200)).toBeNull();
  });

  it('deconvolution brings the smeared print closer to the clean one', () => {
    const restored = deconvolveLine(slid.data, slid.width, slid.height, 5, theta, 20);
    let before = 0, after = 0;
    for (let i = 0; i < slid.data.length; i++) {
      before += Math.abs(slid.data[i]! - print.image.data[i]!);
      after += Math.abs(restored[i]! - print.image.data[i]!);
    }
    expect(after).toBeLessThan(0.85 * before);
  });

  it('is on by default; off at 0; it leaves the clean print’s template as it was', () => {
    expect(EXTRACTION_PARAMETERS.smearUndoMinCorrelation).toBe(0.45);
    expect(EXTRACTION_PARAMETERS.smearGateThreshold).toBe(0.99);
    expect(undoSmear(slid, off)).toBe(slid);
    expect(undoSmear(slid, on)).not.toBe(slid);
    expect(undoSmear(print.image, on)).toBe(print.image);
    expect(extractTemplate(print.image, { parameters: on })).toEqual(extractTemplate(print.image, { parameters: off }));
  });

  it('on, the smeared print’s minutiae come closer to the truth, and the debug images show it', () => {
    const truthPaired = (parameters: typeof EXTRACTION_PARAMETERS): number =>
      pairTruthMinutiae(print.minutiae, extractTemplate(slid, { parameters }).minutiae, 12, (40 * Math.PI) / 180).pairs.length;
    expect(truthPaired(on)).toBeGreaterThan(truthPaired(off));
    const debug = new CollectingDebugSink();
    extractTemplate(slid, { parameters: on, debug });
    const keys = debug.artifacts.map((a) => a.key);
    expect(keys).toContain('extraction.smear');
    expect(keys).toContain('extraction.unsmeared');
  });
});

describe('the learned smear gate (models/smear-gate.onnx)', () => {
  const print = printOf(2);
  const gated = { ...EXTRACTION_PARAMETERS, smearUndoMinCorrelation: 0.45, smearGateThreshold: 0.9 } as unknown as typeof EXTRACTION_PARAMETERS;

  it('reads features that do not depend on the slide’s direction', () => {
    const a = estimateSmear(smeared(print.image, 5, 0.1 * Math.PI).data, print.image.width, print.image.height)!;
    const b = estimateSmear(smeared(print.image, 5, 0.6 * Math.PI).data, print.image.width, print.image.height)!;
    const [fa, fb] = [smearFeatures(a), smearFeatures(b)];
    expect(fa).toHaveLength(SMEAR_FEATURES);
    // the same print slid the same length two ways: the features agree far better than a clean print's
    const clean = smearFeatures(estimateSmear(print.image.data, print.image.width, print.image.height)!);
    const distance = (x: Float32Array, y: Float32Array) => Math.hypot(...x.map((v, i) => v - y[i]!));
    expect(distance(fa, fb)).toBeLessThan(distance(fa, clean) / 3);
  });

  it('opens for a slid synthetic print and stays shut for the clean one', () => {
    const slid = smeared(print.image, 5, 0.35 * Math.PI);
    const e = estimateSmear(slid.data, slid.width, slid.height)!;
    expect(smearProbability(e)).toBeGreaterThan(0.9);
    expect(smearGateOpens(e, gated)).toBe(true);
    const clean = estimateSmear(print.image.data, print.image.width, print.image.height)!;
    expect(smearProbability(clean)).toBeLessThan(0.5);
    expect(smearGateOpens(clean, gated)).toBe(false);
    // the correlation gate comes first: below its floor the model is not asked
    expect(smearGateOpens({ ...e, correlation: 0.4 }, gated)).toBe(false);
    expect(undoSmear(slid, gated)).not.toBe(slid);
  });

  it('reads the caller\'s estimate of the image instead of making its own, to the same template', () => {
    const slid = smeared(print.image, 5, 0.35 * Math.PI);
    const e = estimateSmear(slid.data, slid.width, slid.height)!;
    expect(smearGateOpens(e, on)).toBe(true);
    const own = extractTemplate(slid);
    expect(extractTemplate(slid, { smearEstimate: e })).toEqual(own);
    // it is read: an estimate the gate stays shut for gives the template of the image as it is
    expect(extractTemplate(slid, { smearEstimate: { ...e, correlation: 0 } })).toEqual(extractTemplate(slid, { parameters: off }));
    expect(extractTemplate(slid, { smearEstimate: null })).toEqual(extractTemplate(slid, { parameters: off }));
    expect(own).not.toEqual(extractTemplate(slid, { parameters: off }));
  });

  it('reads a candidate gate a bench names, and the shipped one again after', () => {
    const slid = smeared(print.image, 5, 0.35 * Math.PI);
    const e = estimateSmear(slid.data, slid.width, slid.height)!;
    const shipped = smearProbability(e);
    useSmearGateModel('/nonexistent/smear-gate.onnx');
    try {
      expect(() => smearProbability(e)).toThrow(expect.objectContaining({ code: 'AFIS_MODEL_UNAVAILABLE' }));
    } finally {
      useSmearGateModel();
    }
    expect(smearProbability(e)).toBe(shipped);
  });
});
