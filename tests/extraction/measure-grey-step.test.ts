import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { createGrayImage } from '../../src/core/index.js';
import { measureGreyRange, measureGreyStep, measureOctaveGreyStep, measureOctaveStepRidgeContrast, measureRangeRidgeContrast, measureStepRidgeContrast, prepareAnalysis } from '../../src/extraction/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { medianRidgeContrast } from '../../src/extraction/score-finger-quality.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

/** Noisy 8-bit ridges (period 9) around grey `mean`, `depth` grey levels deep: every level in range used. */
function faintRidges(width: number, height: number, mean: number, depth: number, seed = 3): Uint8Array {
  const rng = createRng(seed);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * width + x] = Math.round(mean + depth * Math.cos((2 * Math.PI * (x + 0.4 * y)) / 9) + 5 * (rng.next() + rng.next() - 1));
  }
  return data;
}

/** The image stretched linearly by `gain` about grey `from`, rounded and clipped to 8 bits (a scanner's digital gain). */
const gained = (data: Uint8Array, from: number, gain: number): Uint8Array => Uint8Array.from(data, (v) => Math.max(0, Math.min(255, Math.round((v - from) * gain))));

describe('measureGreyStep', () => {
  const all = new Uint8Array(120 * 100).fill(1);

  it('is 1 for a print as digitised, whose noise fills every level of its range', () => {
    expect(measureGreyStep({ data: faintRidges(120, 100, 200, 12) }, all)).toBe(1);
  });

  it('is about the gain for a print whose grey range was stretched after digitising', () => {
    const data = faintRidges(120, 100, 200, 12);
    for (const g of [2, 3.5, 6]) expect(measureGreyStep({ data: gained(data, 180, g) }, all)).toBeCloseTo(g, 0);
  });

  it('stays 1 when the range was compressed (levels merge), and reads the foreground pixels only', () => {
    const data = faintRidges(120, 100, 128, 60);
    expect(measureGreyStep({ data: Uint8Array.from(data, (v) => 200 + Math.round(v / 5)) }, all)).toBe(1);
    // a stretched left half outside the foreground does not count
    const mixed = Uint8Array.from(data, (v, i) => (i % 120 < 60 ? Math.min(255, v * 4) : v));
    const right = Uint8Array.from(all, (_, i) => (i % 120 >= 60 ? 1 : 0));
    expect(measureGreyStep({ data: mixed }, right)).toBe(1);
    expect(measureGreyStep({ data: mixed }, all)).toBeGreaterThan(1.2);
  });

  it('is 1 for an empty foreground and for a flat print', () => {
    expect(measureGreyStep({ data: faintRidges(120, 100, 128, 20) }, new Uint8Array(120 * 100))).toBe(1);
    expect(measureGreyStep({ data: new Uint8Array(120 * 100).fill(90) }, all)).toBe(1);
  });
});

describe('measureOctaveGreyStep (issue 12, gainsuite)', () => {
  const all = new Uint8Array(120 * 100).fill(1);
  const image = (data: Uint8Array) => createGrayImage(120, 100, data);
  const data = faintRidges(120, 100, 150, 12);

  it('is 1 for a print as digitised at 8 bits, and at 6 and 5 bits, where the step measure reads about 4 and 8', () => {
    expect(measureOctaveGreyStep({ data }, all)).toBe(1);
    const six = perturbImage(image(data), 'quantise', 1).image;
    const five = perturbImage(image(data), 'quantise-coarse', 1).image;
    expect(measureGreyStep(six, all)).toBeGreaterThan(3.5);
    expect(measureGreyStep(five, all)).toBeGreaterThan(6);
    expect(measureOctaveGreyStep(six, all)).toBe(1);
    expect(measureOctaveGreyStep(five, all)).toBe(1);
  });

  it('reads a gain below 2 after an 8-bit or a 6-bit digitiser, and under-reads a gain of 2 or more', () => {
    for (const g of [1.3, 1.6, 1.9]) {
      expect(measureOctaveGreyStep({ data: gained(data, 120, g) }, all)).toBeCloseTo(g, 1);
      const six = perturbImage(image(data), 'quantise', 1).image.data;
      expect(measureOctaveGreyStep({ data: gained(six, 120, g) }, all)).toBeCloseTo(g, 1);
    }
    // 8 bits × 2.5 spaces the levels as 7 bits × 1.25 would
    expect(measureOctaveGreyStep({ data: gained(data, 120, 2.5) }, all)).toBeCloseTo(1.25, 1);
  });

  it('is 1 for an empty foreground and for a flat print', () => {
    expect(measureOctaveGreyStep({ data }, new Uint8Array(120 * 100))).toBe(1);
    expect(measureOctaveGreyStep({ data: new Uint8Array(120 * 100).fill(90) }, all)).toBe(1);
  });

  it('leaves a quantised print its grey-level contrast and takes a gain below 2 out of a stretched one', () => {
    const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;
    const faint = createGrayImage(print.width, print.height, Uint8Array.from(print.data, (v) => 255 - Math.round((255 - v) / 6)), print.ppi);
    const read = (im: typeof print) => {
      const a = prepareAnalysis(im, EXTRACTION_PARAMETERS);
      return { grey: medianRidgeContrast(a.mask, a.frequency), octave: measureOctaveStepRidgeContrast(im, a.mask, a.frequency), step: measureStepRidgeContrast(im, a.mask, a.frequency) };
    };
    const q = read(perturbImage(faint, 'quantise-coarse', 1).image);
    expect(q.octave).toBe(q.grey);
    expect(q.step).toBeLessThan(q.grey / 5);
    const before = read(faint).grey;
    const g = read(createGrayImage(print.width, print.height, gained(perturbImage(faint, 'quantise', 1).image.data, 100, 1.6), print.ppi));
    expect(g.grey / before).toBeGreaterThan(1.4);
    expect(Math.abs(g.octave / before - 1)).toBeLessThan(0.1);
  });
});

describe('measureStepRidgeContrast', () => {
  // a synthetic print with its grey range cut to a tenth (ridges a few grey levels deep), then
  // stretched back by four as a scanner's automatic gain would
  const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;
  const faint = createGrayImage(print.width, print.height, Uint8Array.from(print.data, (v) => 115 + Math.round(v / 10)), print.ppi);
  const stretched = createGrayImage(print.width, print.height, gained(faint.data, 110, 4), print.ppi);

  it('is the median ridge contrast itself on a print as digitised', () => {
    const a = prepareAnalysis(faint, EXTRACTION_PARAMETERS);
    expect(measureStepRidgeContrast(faint, a.mask, a.frequency)).toBe(medianRidgeContrast(a.mask, a.frequency));
  });

  it('is unchanged by a linear stretch of the grey levels, which multiplies the grey-level contrast', () => {
    const a = prepareAnalysis(faint, EXTRACTION_PARAMETERS);
    const b = prepareAnalysis(stretched, EXTRACTION_PARAMETERS);
    const before = measureStepRidgeContrast(faint, a.mask, a.frequency);
    const after = measureStepRidgeContrast(stretched, b.mask, b.frequency);
    expect(before).toBeLessThan(10);
    expect(medianRidgeContrast(b.mask, b.frequency) / medianRidgeContrast(a.mask, a.frequency)).toBeGreaterThan(3.5);
    expect(Math.abs(after / before - 1)).toBeLessThan(0.1);
  });
});

describe('measureGreyRange and measureRangeRidgeContrast', () => {
  const all = new Uint8Array(120 * 100).fill(1);
  const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;
  // the measure's own invariance, read without the denoise gate (on since the thirty-seventh session):
  // the generator's noise reads above its level on the print but not on its faded copy
  const range = (image: typeof print): number => {
    const a = prepareAnalysis(image, { ...EXTRACTION_PARAMETERS, denoiseAboveNoise: 0 } as unknown as typeof EXTRACTION_PARAMETERS);
    return measureRangeRidgeContrast(image, a.mask, a.frequency);
  };

  it("is the foreground grey's span once 1 % is left out at each end (as the grey step reads it), at least 1", () => {
    // 0…99 once each: the lowest 1 % is level 0 and the highest level 99, so the span is 1…98
    const ramp = Uint8Array.from({ length: 100 }, (_, i) => i);
    expect(measureGreyRange({ data: ramp }, new Uint8Array(100).fill(1))).toBe(97);
    // 0…49: half a pixel's share is below one pixel, so no level is left out
    expect(measureGreyRange({ data: ramp }, Uint8Array.from(ramp, (v) => (v < 50 ? 1 : 0)))).toBe(49);
    expect(measureGreyRange({ data: new Uint8Array(100).fill(7) }, new Uint8Array(100).fill(1))).toBe(1);
    expect(measureGreyRange({ data: faintRidges(120, 100, 128, 20) }, new Uint8Array(120 * 100))).toBe(1);
    expect(measureGreyRange({ data: faintRidges(120, 100, 128, 20) }, all)).toBeGreaterThan(40);
  });

  it('is unchanged by a linear gain, a compression or a stretch, of the print', () => {
    const faint = createGrayImage(print.width, print.height, Uint8Array.from(print.data, (v) => 115 + Math.round(v / 4)), print.ppi);
    const stretched = createGrayImage(print.width, print.height, gained(faint.data, 110, 2.5), print.ppi);
    const r = range(print);
    expect(Math.abs(range(faint) / r - 1)).toBeLessThan(0.1);
    expect(Math.abs(range(stretched) / r - 1)).toBeLessThan(0.1);
  });

  it('reads a print faded in part lower than the print itself', () => {
    const faded = perturbImage(print, 'low-contrast', 3).image;
    expect(range(faded)).toBeLessThan(0.8 * range(print));
  });
});
