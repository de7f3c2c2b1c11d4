import { describe, expect, it } from 'vitest';
import { dilateSquare, gaussianKernel, hypot2, smoothGrid } from '../../src/extraction/filters.js';
import { loadEnhanceKernel, useEnhanceKernel } from '../../src/extraction/load-enhance-kernel.js';

const lcg = (seed: number): (() => number) => () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

describe('dilateSquare against its definition', () => {
  it('marks exactly the pixels within r (Chebyshev) of a pixel of the value, or of the outside with sides', () => {
    expect(loadEnhanceKernel()).not.toBeNull();
    const random = lcg(99);
    let set = 0;
    let clear = 0;
    for (let trial = 0; trial < 150; trial++) {
      // widths that are and are not multiples of four, radii from 0 to wider than the image
      const width = 1 + Math.floor(random() * 37);
      const height = 1 + Math.floor(random() * 29);
      const r = Math.floor(random() * 14);
      const density = random() * 0.15;
      const mask = Uint8Array.from({ length: width * height }, () => (random() < density ? 1 : 0));
      for (const [value, sides, inKernel] of [[1, false, true], [0, true, true], [0, false, false], [1, true, false]] as const) {
        // the columns in the WebAssembly kernel, or in JavaScript
        useEnhanceKernel(inKernel);
        let got: Uint8Array;
        try {
          got = dilateSquare(mask, width, height, r, value, sides);
        } finally {
          useEnhanceKernel(true);
        }
        const want = new Uint8Array(width * height);
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            let near = 0;
            for (let dy = -r; dy <= r && !near; dy++) {
              for (let dx = -r; dx <= r && !near; dx++) {
                const xx = x + dx;
                const yy = y + dy;
                if (xx < 0 || yy < 0 || xx >= width || yy >= height) near = sides ? 1 : 0;
                else if (mask[yy * width + xx] === value) near = 1;
              }
            }
            want[y * width + x] = near;
          }
        }
        expect(Array.from(got), `trial ${trial} value ${value} sides ${sides} kernel ${inKernel}`).toEqual(Array.from(want));
        for (const v of want) v ? set++ : clear++;
      }
    }
    expect(Math.min(set, clear)).toBeGreaterThan(10000);
  });
});

/** smoothGrid as its definition reads: per cell, the taps inside the grid, the rows then the columns. */
function referenceSmooth(src: Float32Array, cols: number, rows: number, sigma: number, weight?: Float32Array): Float32Array {
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  const n = cols * rows;
  const tmpNum = new Float32Array(n);
  const tmpDen = new Float32Array(n);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let sv = 0;
      let sw = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i;
        if (xx < 0 || xx >= cols) continue;
        const w = k[i + r] * (weight ? weight[y * cols + xx] : 1);
        sv += w * src[y * cols + xx];
        sw += w;
      }
      tmpNum[y * cols + x] = sv;
      tmpDen[y * cols + x] = sw;
    }
  }
  const out = new Float32Array(n);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let sv = 0;
      let sw = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i;
        if (yy < 0 || yy >= rows) continue;
        sv += k[i + r] * tmpNum[yy * cols + x];
        sw += k[i + r] * tmpDen[yy * cols + x];
      }
      const num = Math.fround(sv);
      const den = Math.fround(sw);
      out[y * cols + x] = den > 1e-12 ? num / den : 0;
    }
  }
  return out;
}

describe('smoothGrid against its definition', () => {
  it('gives the same bits with and without weights, on grids narrower than the kernel, in WebAssembly and JavaScript', () => {
    expect(loadEnhanceKernel()).not.toBeNull();
    const random = lcg(5);
    for (let trial = 0; trial < 120; trial++) {
      const cols = 1 + Math.floor(random() * 45);
      const rows = 1 + Math.floor(random() * 45);
      const sigma = [0.5, 1, 2, 2.5, 3, 6][trial % 6];
      const src = Float32Array.from({ length: cols * rows }, () => random() * 100 - 50);
      const weight = Float32Array.from({ length: cols * rows }, () => (random() < 0.3 ? 0 : random() < 0.5 ? 1 : random()));
      for (const w of [undefined, weight]) {
        const want = referenceSmooth(src, cols, rows, sigma, w);
        // the WebAssembly kernel, then the JavaScript
        for (const inKernel of [true, false]) {
          useEnhanceKernel(inKernel);
          let got: Float32Array;
          try {
            got = smoothGrid(src, cols, rows, sigma, w);
          } finally {
            useEnhanceKernel(true);
          }
          expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.buffer)), `trial ${trial} kernel ${inKernel}`).toBe(true);
        }
      }
    }
  });
});

describe('hypot2', () => {
  it('is Math.hypot of two numbers to the bit, special values included', () => {
    const special = [0, -0, 1, -1, 0.5, Infinity, -Infinity, NaN, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1e-300, 1e300, 3, 4];
    for (const a of special) for (const b of special) expect(Object.is(hypot2(a, b), Math.hypot(a, b))).toBe(true);
    // magnitudes over many octaves, equal ones, float32 values, and one argument zero
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 200000; i++) {
      const e1 = Math.floor(random() * 120 - 60);
      const e2 = random() < 0.3 ? e1 : Math.floor(random() * 120 - 60);
      let x = (random() * 2 - 1) * 2 ** e1;
      let y = (random() * 2 - 1) * 2 ** e2;
      if (i % 7 === 0) x = Math.fround(x);
      if (i % 11 === 0) y = 0;
      if (i % 13 === 0) y = x;
      const h = hypot2(x, y);
      if (!Object.is(h, Math.hypot(x, y))) expect([x, y, h]).toEqual([x, y, Math.hypot(x, y)]);
    }
  });
});
