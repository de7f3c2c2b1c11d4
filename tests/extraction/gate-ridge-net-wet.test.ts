import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { createGrayImage, type GrayImage } from '../../src/core/index.js';
import { prepareAnalysis, prepareFields } from '../../src/extraction/index.js';
import { measureUnclearMapShare, measureWideRidgeShare, ridgeNetWetMapModelFor, ridgeNetWetModelPath, useRidgeNetWetModel } from '../../src/extraction/gate-ridge-net-wet.js';
import { sinusoidImage } from './synthetic.js';

const P = EXTRACTION_PARAMETERS;
const GATE_03 = { ...P, ridgeNetWetMapGate: 0.3 } as unknown as ExtractionParameters;
const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));

/** Parallel ridges whose dark part takes `duty` of each period (a wet print's spread ridges above 0.5). */
function wideRidges(width: number, height: number, period: number, duty: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = ((x * 0.6 + y * 0.8) / period) % 1;
      data[y * width + x] = t < duty ? 50 : 210;
    }
  }
  return createGrayImage(width, height, data);
}

const wide = (image: GrayImage): number => {
  const f = prepareFields(image, P);
  return measureWideRidgeShare(f.normalized, f.mask.pixels, f.mask.grid);
};

describe('the ridge network wet gate', () => {
  afterEach(() => useRidgeNetWetModel());

  it('reads spread ridges as wide and balanced ridges as not', () => {
    expect(wide(wideRidges(200, 200, 9, 0.75))).toBeGreaterThan(0.8);
    expect(wide(sinusoidImage(200, 200, 8, 0.4))).toBeLessThan(0.1);
  });

  it('is off by default: no wet model is set and the gate is 0', () => {
    expect(P.ridgeNetWetGate).toBe(0);
    expect(ridgeNetWetModelPath()).toBeNull();
    useRidgeNetWetModel(NEGATE);
    expect(prepareAnalysis(wideRidges(200, 200, 9, 0.75), P).ridgeNetWetModel).toBeUndefined();
  });

  it('opens for a wet-looking print and not for a clean one, and only with a wet model set', () => {
    const on = { ...P, ridgeNetWetGate: 0.37 } as unknown as ExtractionParameters;
    const wet = wideRidges(200, 200, 9, 0.75);
    expect(prepareAnalysis(wet, on).ridgeNetWetModel).toBeUndefined();
    useRidgeNetWetModel(NEGATE);
    const a = prepareAnalysis(wet, on);
    expect(a.ridgeNetWetModel).toBe(NEGATE);
    expect(a.ridgeNetRun?.modelPath).toBe(NEGATE);
    expect(prepareAnalysis(sinusoidImage(200, 200, 8, 0.4), on).ridgeNetWetModel).toBeUndefined();
  });
});

/** Parallel ridges with a square of random grey in the middle (where a network can draw no clear ridges). */
function ridgesWithNoise(width: number, height: number, period: number): GrayImage {
  const image = sinusoidImage(width, height, period, 0.4);
  const data = new Uint8Array(image.data);
  let s = 12345;
  for (let y = 40; y < height - 40; y++) {
    for (let x = 40; x < width - 40; x++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[y * width + x] = 60 + ((s >>> 16) % 140);
    }
  }
  return createGrayImage(width, height, data);
}

describe('the ridge network wet gate read from the shipped map (wetgate2)', () => {
  afterEach(() => useRidgeNetWetModel());

  it('counts the foreground blocks whose map coherence is below 0.6', () => {
    expect(measureUnclearMapShare([0.9, 0.5, 0.2, 0.95, 0.1], [1, 1, 1, 1, 0])).toBeCloseTo(0.5);
    expect(measureUnclearMapShare([0.5], [0])).toBe(0);
  });

  it('is off by default and shut without a wet model', () => {
    expect(P.ridgeNetWetMapGate).toBe(0);
    useRidgeNetWetModel(NEGATE);
    expect(ridgeNetWetMapModelFor([0.1, 0.1], [1, 1], P)).toBeNull();
    expect(prepareAnalysis(ridgesWithNoise(200, 200, 8), P).ridgeNetWetModel).toBeUndefined();
    useRidgeNetWetModel();
    expect(ridgeNetWetMapModelFor([0.1, 0.1], [1, 1], GATE_03)).toBeNull();
  });

  it('opens for a print whose shipped map is unclear in many blocks and not for a clean one', () => {
    useRidgeNetWetModel(NEGATE);
    expect(ridgeNetWetMapModelFor([0.1, 0.2, 0.9, 0.95], [1, 1, 1, 1], GATE_03)).toBe(NEGATE);
    expect(ridgeNetWetMapModelFor([0.1, 0.9, 0.9, 0.95], [1, 1, 1, 1], GATE_03)).toBeNull();
    const on = { ...P, ridgeNetWetMapGate: 0.1 } as unknown as ExtractionParameters;
    const noisy = prepareAnalysis(ridgesWithNoise(200, 200, 8), on);
    expect(noisy.ridgeNetWetModel).toBe(NEGATE);
    expect(noisy.ridgeNetRun?.modelPath).toBe(NEGATE);
    expect(prepareAnalysis(sinusoidImage(200, 200, 8, 0.4), on).ridgeNetWetModel).toBeUndefined();
  });
});
