import { describe, expect, it } from 'vitest';
import { blockGridOf, computeBlockGradients } from '../../src/extraction/index.js';
import { computeScharrGradients, computeWindowedGradients, type BlockGradients } from '../../src/extraction/compute-block-gradients.js';

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

  it('keeps that order at every width and block size, and with whole zero regions (a network map outside its box)', () => {
    const reference = (pixels: Float32Array, width: number, height: number, size: number): Float32Array[] => {
      const grid = blockGridOf(width, height, size);
      const n = grid.cols * grid.rows;
      const sums = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
      const p = (x: number, y: number): number => pixels[y * width + x];
      for (let y = 1; y < height - 1; y++) {
        for (let x = 1; x < width - 1; x++) {
          const gx = p(x + 1, y - 1) + 2 * p(x + 1, y) + p(x + 1, y + 1) - p(x - 1, y - 1) - 2 * p(x - 1, y) - p(x - 1, y + 1);
          const gy = p(x - 1, y + 1) + 2 * p(x, y + 1) + p(x + 1, y + 1) - p(x - 1, y - 1) - 2 * p(x, y - 1) - p(x + 1, y - 1);
          const b = Math.floor(y / size) * grid.cols + Math.floor(x / size);
          sums[0][b] += gx * gx;
          sums[1][b] += gy * gy;
          sums[2][b] += gx * gy;
        }
      }
      return sums;
    };
    for (const [width, height, size] of [[3, 3, 8], [9, 10, 8], [17, 33, 8], [50, 41, 16], [64, 64, 8], [33, 29, 5]] as const) {
      const pixels = new Float32Array(width * height).map((_, i) => ((i * 7919) % 13 === 0 ? 0 : 0.8 * Math.sin(i * 0.61) + 0.01 * Math.cos(i * 2.3)));
      // a zero band, as the ridge network's map is zero outside the box it ran on
      for (let y = 0; y < height; y++) for (let x = 0; x < Math.min(width, 4); x++) pixels[y * width + x] = 0;
      const out = computeBlockGradients(pixels, width, height, blockGridOf(width, height, size));
      const [gxx, gyy, gxy] = reference(pixels, width, height, size);
      expect(Array.from(out.gxx)).toEqual(Array.from(gxx));
      expect(Array.from(out.gyy)).toEqual(Array.from(gyy));
      expect(Array.from(out.gxy)).toEqual(Array.from(gxy));
    }
  });
});

describe('computeWindowedGradients', () => {
  const width = 67;
  const height = 53;
  const grid = blockGridOf(width, height, 8);
  const sobel = (pixels: Float32Array, x: number, y: number): [number, number] => {
    const p = (u: number, v: number): number => pixels[v * width + u];
    return [
      p(x + 1, y - 1) + 2 * p(x + 1, y) + p(x + 1, y + 1) - p(x - 1, y - 1) - 2 * p(x - 1, y) - p(x - 1, y + 1),
      p(x - 1, y + 1) + 2 * p(x, y + 1) + p(x + 1, y + 1) - p(x - 1, y - 1) - 2 * p(x, y - 1) - p(x + 1, y - 1),
    ];
  };

  it('is the Gaussian-weighted sum of the Sobel moments about each block centre, scaled to the block area', () => {
    const pixels = new Float32Array(width * height).map((_, i) => 128 + 90 * Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.9));
    const sigma = 3;
    const out = computeWindowedGradients(pixels, width, height, grid, sigma);
    // the weights of one interior window, for the scale
    let norm = 0;
    for (let d = -20; d <= 20; d++) norm += Math.exp(-((d - 0.5) ** 2) / (2 * sigma * sigma)) * (Math.abs(d - 0.5) <= 3 * sigma + 1 ? 1 : 0);
    for (const [c, r] of [[0, 0], [3, 2], [grid.cols - 1, grid.rows - 1]] as const) {
      const cx = c * 8 + 3.5;
      const cy = r * 8 + 3.5;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let y = 1; y < height - 1; y++) {
        for (let x = 1; x < width - 1; x++) {
          if (Math.abs(x - cx) > 3 * sigma + 1 || Math.abs(y - cy) > 3 * sigma + 1) continue;
          const w = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma));
          const [gx, gy] = sobel(pixels, x, y);
          sxx += w * gx * gx;
          syy += w * gy * gy;
          sxy += w * gx * gy;
        }
      }
      const b = r * grid.cols + c;
      const scale = 64 / (norm * norm);
      expect(out.gxx[b]).toBeCloseTo(sxx * scale, -1);
      expect(out.gyy[b]).toBeCloseTo(syy * scale, -1);
      expect(out.gxy[b] / (sxy * scale)).toBeCloseTo(1, 3);
    }
  });

  it('gives an interior block of a uniform ramp the box sum of its moments', () => {
    // gx = 8 · slope everywhere: the box sum is 64 · (8 · 1.5)², and so must the window's be
    const pixels = new Float32Array(width * height).map((_, i) => 1.5 * (i % width));
    const out = computeWindowedGradients(pixels, width, height, grid, 4);
    const box = computeBlockGradients(pixels, width, height, grid);
    const b = 3 * grid.cols + 4;
    expect(out.gxx[b]).toBeCloseTo(box.gxx[b], 1);
    expect(out.gyy[b]).toBe(0);
  });

  it('moves with the content smoothly: a 3 px shift changes the ridge direction at the blocks less than the box sums do', () => {
    // ridges curving slowly (the direction turns by about 40° across the image)
    const image = (dx: number): Float32Array => {
      const out = new Float32Array(width * height);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const u = x + dx;
          out[y * width + x] = 128 + 60 * Math.sin((2 * Math.PI * (y + 0.006 * (u - 33) ** 2)) / 9) + 20 * Math.sin(u * 1.3 + y * 0.7);
        }
      }
      return out;
    };
    const direction = (g: { gxx: Float32Array; gyy: Float32Array; gxy: Float32Array }, b: number): number => 0.5 * Math.atan2(-2 * g.gxy[b], g.gyy[b] - g.gxx[b]);
    // block b of the shifted image sees the content of the original 3 px to the right of it:
    // compare each field with the one interpolated between the blocks, a 3/8 step apart
    const change = (f: (p: Float32Array) => { gxx: Float32Array; gyy: Float32Array; gxy: Float32Array }): number => {
      const a = f(image(0));
      const s = f(image(3));
      let sum = 0;
      let count = 0;
      for (let r = 2; r < grid.rows - 2; r++) {
        for (let c = 2; c < grid.cols - 3; c++) {
          const b = r * grid.cols + c;
          const expected = direction(a, b) + (3 / 8) * (direction(a, b + 1) - direction(a, b));
          let d = Math.abs(direction(s, b) - expected);
          if (d > Math.PI / 2) d = Math.PI - d;
          sum += d;
          count++;
        }
      }
      return sum / count;
    };
    const windowed = change((p) => computeWindowedGradients(p, width, height, grid, 4));
    const box = change((p) => computeBlockGradients(p, width, height, grid));
    expect(windowed).toBeLessThan(0.2 * box);
  });
});

describe('computeScharrGradients', () => {
  it("equals Scharr's moments summed pixel by pixel in row order", () => {
    const width = 61;
    const height = 45;
    const pixels = new Float32Array(width * height).map((_, i) => 128 + 90 * Math.sin(i * 0.37) + 0.3 * Math.cos(i * 1.9));
    const grid = blockGridOf(width, height, 8);
    const out = computeScharrGradients(pixels, width, height, grid);
    const n = grid.cols * grid.rows;
    const gxx = new Float32Array(n);
    const gyy = new Float32Array(n);
    const gxy = new Float32Array(n);
    const p = (x: number, y: number): number => pixels[y * width + x];
    for (let y = 1; y < height - 1; y++) {
      for (let x = 1; x < width - 1; x++) {
        const gx = (3 * (p(x + 1, y - 1) - p(x - 1, y - 1)) + 10 * (p(x + 1, y) - p(x - 1, y)) + 3 * (p(x + 1, y + 1) - p(x - 1, y + 1))) / 4;
        const gy = (3 * (p(x - 1, y + 1) - p(x - 1, y - 1)) + 10 * (p(x, y + 1) - p(x, y - 1)) + 3 * (p(x + 1, y + 1) - p(x + 1, y - 1))) / 4;
        const b = Math.floor(y / 8) * grid.cols + Math.floor(x / 8);
        gxx[b] += gx * gx;
        gyy[b] += gy * gy;
        gxy[b] += gx * gy;
      }
    }
    expect(Array.from(out.gxx)).toEqual(Array.from(gxx));
    expect(Array.from(out.gyy)).toEqual(Array.from(gyy));
    expect(Array.from(out.gxy)).toEqual(Array.from(gxy));
  });

  it("reads a ramp as Sobel does, and the direction of fine ridges nearer the truth than Sobel's", () => {
    const width = 96;
    const height = 96;
    const grid = blockGridOf(width, height, 8);
    const ramp = new Float32Array(width * height).map((_, i) => 3 * (i % width));
    const a = computeScharrGradients(ramp, width, height, grid);
    const b = computeBlockGradients(ramp, width, height, grid);
    expect(a.gxx[grid.cols + 1]).toBeCloseTo(b.gxx[grid.cols + 1], 3);
    // stripes of period 6 px (DB3's finest) at 30° off the x axis: the gradient direction from the
    // summed moments (doubled angle) against the stripes' normal
    const errorOf = (g: BlockGradients): number => {
      let xx = 0;
      let yy = 0;
      let xy = 0;
      for (let i = 0; i < g.gxx.length; i++) {
        xx += g.gxx[i];
        yy += g.gyy[i];
        xy += g.gxy[i];
      }
      const normal = 0.5 * Math.atan2(2 * xy, xx - yy);
      return Math.abs(((normal * 180) / Math.PI) - 30);
    };
    const t = (30 * Math.PI) / 180;
    const stripes = new Float32Array(width * height).map((_, i) => {
      const x = i % width;
      const y = Math.floor(i / width);
      return 128 + 100 * Math.cos(((2 * Math.PI) / 6) * (x * Math.cos(t) + y * Math.sin(t)));
    });
    const scharr = errorOf(computeScharrGradients(stripes, width, height, grid));
    const sobel = errorOf(computeBlockGradients(stripes, width, height, grid));
    expect(sobel).toBeGreaterThan(1);
    expect(scharr).toBeLessThan(sobel / 3);
  });
});
