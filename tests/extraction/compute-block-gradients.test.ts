import { describe, expect, it } from 'vitest';
import { blockGridOf, computeBlockGradients } from '../../src/extraction/index.js';

describe('computeBlockGradients', () => {
  it('equals the Sobel moments summed pixel by pixel in row order, bit for bit', () => {
    // width and height not multiples of the block size, and non-integer greys, so the float32
    // rounding of every addition shows any change of order
    const width = 61;
    const height = 45;
    const pixels = new Float32Array(width * height).map((_, i) => 128 + 90 * Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.9));
    const grid = blockGridOf(width, height, 8);
    const out = computeBlockGradients(pixels, width, height, grid);
    const n = grid.cols * grid.rows;
    const gxx = new Float32Array(n);
    const gyy = new Float32Array(n);
    const gxy = new Float32Array(n);
    const p = (x: number, y: number): number => pixels[y * width + x];
    for (let y = 1; y < height - 1; y++) {
      for (let x = 1; x < width - 1; x++) {
        const gx = p(x + 1, y - 1) + 2 * p(x + 1, y) + p(x + 1, y + 1) - p(x - 1, y - 1) - 2 * p(x - 1, y) - p(x - 1, y + 1);
        const gy = p(x - 1, y + 1) + 2 * p(x, y + 1) + p(x + 1, y + 1) - p(x - 1, y - 1) - 2 * p(x, y - 1) - p(x + 1, y - 1);
        const b = Math.floor(y / 8) * grid.cols + Math.floor(x / 8);
        gxx[b] += gx * gx;
        gyy[b] += gy * gy;
        gxy[b] += gx * gy;
      }
    }
    expect(Array.from(out.gxx)).toEqual(Array.from(gxx));
    expect(Array.from(out.gyy)).toEqual(Array.from(gyy));
    expect(Array.from(out.gxy)).toEqual(Array.from(gxy));
    expect(gxx[0]).toBeGreaterThan(0);
  });
});
