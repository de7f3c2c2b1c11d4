import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { normalizeContrast } from '../../src/extraction/index.js';
import { loadEnhanceKernel, useEnhanceKernel } from '../../src/extraction/load-enhance-kernel.js';

/** The shipped parameters with another deviation floor. */
const withFloor = (floor: number): ExtractionParameters => ({ ...P, normalizationDeviationFloor: floor }) as unknown as ExtractionParameters;

/** Vertical ridges of period 10: amplitude `strong` in the left half, `faint` in the right half. */
function twoContrasts(strong: number, faint: number): Float32Array {
  const width = 200, height = 100;
  const grey = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) grey[y * width + x] = 128 + (x < 100 ? strong : faint) * Math.cos((2 * Math.PI * x) / 10);
  }
  return grey;
}

/** RMS of the normalised image over a column band, away from the halves' seam and the image edge. */
function rms(data: Float32Array, x0: number, x1: number): number {
  let s = 0, n = 0;
  for (let y = 30; y < 70; y++) for (let x = x0; x < x1; x++) { s += data[y * 200 + x] ** 2; n++; }
  return Math.sqrt(s / n);
}

describe('normalizeContrast', () => {
  it('brings a faint half close to a strong half, the closer the smaller the deviation floor', () => {
    const grey = twoContrasts(60, 6);
    const ratio = (floor: number): number => {
      const out = normalizeContrast(grey, 200, 100, withFloor(floor));
      return rms(out.data, 130, 170) / rms(out.data, 30, 70);
    };
    // shipped floor 4: the faint half (deviation ≈ 4.2) comes out at ≈ 0.5 of the strong one
    expect(ratio(P.normalizationDeviationFloor)).toBeGreaterThan(0.4);
    expect(ratio(P.normalizationDeviationFloor)).toBeLessThan(0.65);
    expect(ratio(1)).toBeGreaterThan(ratio(4) + 0.15);
    expect(ratio(0.01)).toBeGreaterThan(0.95);
  });

  it('keeps flat grey at zero whatever the floor', () => {
    const grey = new Float32Array(200 * 100).fill(90);
    for (const floor of [0.5, 4]) {
      const out = normalizeContrast(grey, 200, 100, withFloor(floor));
      expect(Math.max(...out.data.map(Math.abs))).toBe(0);
    }
  });
});

describe('normalizeContrast on a flat, saturated area below a print', () => {
  it('gives no NaN where the running sums leave the variance a rounding error below zero (kernel and JavaScript)', () => {
    // ridges over the top rows, a band of 254 with a sprinkle of 253, then flat 254 to the bottom
    // edge (as DB1_B's saturated platen below the print): before the fix 120 pixels came out NaN
    const width = 64, height = 96;
    let seed = 1;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 4294967296;
    };
    const grey = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        grey[y * width + x] = y < 40 ? Math.floor(128 + 120 * Math.cos((2 * Math.PI * (x + 0.3 * y)) / 9) * next()) : y < 56 ? (next() < 0.1 ? 253 : 254) : 254;
      }
    }
    for (const kernel of [true, false]) {
      useEnhanceKernel(kernel);
      try {
        const out = normalizeContrast(grey, width, height, P).data;
        expect(out.filter(Number.isNaN).length).toBe(0);
        // the flat bottom rows come out at zero, as flat grey does anywhere
        expect(Math.max(...out.subarray(80 * width).map(Math.abs))).toBe(0);
      } finally {
        useEnhanceKernel(true);
      }
    }
  });
});

describe('normalizeContrast in the WebAssembly kernel', () => {
  it('gives the same bits as the JavaScript box means, at odd sizes and radii wider than the image', () => {
    expect(loadEnhanceKernel()).not.toBeNull();
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 4294967296;
    };
    // a large image first, so the smaller ones after it find old values in the kernel's memory
    for (const [width, height, rMean, rDev] of [[203, 157, 8, 12], [37, 23, 8, 12], [5, 90, 8, 12], [64, 64, 3, 40], [1, 1, 2, 2]] as const) {
      const grey = new Float32Array(width * height).map(() => Math.floor(next() * 256));
      const params = { ...P, normalizationMeanRadius: rMean, normalizationDeviationRadius: rDev } as unknown as ExtractionParameters;
      const kernel = normalizeContrast(grey, width, height, params).data;
      useEnhanceKernel(false);
      let js: Float32Array;
      try {
        js = normalizeContrast(grey, width, height, params).data;
      } finally {
        useEnhanceKernel(true);
      }
      expect(kernel.length).toBe(width * height);
      expect(Buffer.from(kernel.buffer, kernel.byteOffset, kernel.byteLength).equals(Buffer.from(js.buffer, js.byteOffset, js.byteLength))).toBe(true);
    }
  });
});
