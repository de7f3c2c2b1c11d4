import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { createGrayImage, type GrayImage } from '../../src/core/index.js';
import { prepareAnalysis, prepareFields } from '../../src/extraction/index.js';
import { measureWideRidgeShare, ridgeNetWetModelPath, useRidgeNetWetModel } from '../../src/extraction/gate-ridge-net-wet.js';
import { sinusoidImage } from './synthetic.js';

const P = EXTRACTION_PARAMETERS;
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
