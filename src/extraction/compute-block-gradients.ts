import type { BlockGrid } from './types.js';

/** Per-block sums of the gradient moments gx², gy², gx·gy (the input of orientation and coherence). */
export interface BlockGradients {
  readonly grid: BlockGrid;
  readonly gxx: Float32Array;
  readonly gyy: Float32Array;
  readonly gxy: Float32Array;
}

/**
 * Sobel gradients of the image, summed per block as the second moments the least-squares
 * orientation estimate needs. Cost: one pass over the pixels.
 */
export function computeBlockGradients(pixels: Float32Array, width: number, height: number, grid: BlockGrid): BlockGradients {
  const n = grid.cols * grid.rows;
  const gxx = new Float32Array(n);
  const gyy = new Float32Array(n);
  const gxy = new Float32Array(n);
  const size = grid.blockSize;
  const last = width - 1;
  for (let y = 1; y < height - 1; y++) {
    const r0 = (y - 1) * width;
    const r1 = y * width;
    const r2 = (y + 1) * width;
    // The block sums are float32 and rounded at every addition, so each block must take its
    // pixels in the order of x (and its rows in order). Along the row the 3 × 3 window slides:
    // columns x − 1 (a) and x (b) are kept from the pixels before and only column x + 1 (c) is
    // read, and each block's three sums are held (rounded to float32 at every addition, as the
    // array would round them) until its last pixel of the row. The Sobel terms are added in the
    // same order as before, so the sums are the same bits.
    let a0 = pixels[r0];
    let a1 = pixels[r1];
    let a2 = pixels[r2];
    let b0 = pixels[r0 + 1];
    let b1 = pixels[r1 + 1];
    let b2 = pixels[r2 + 1];
    let b = ((y / size) | 0) * grid.cols;
    let x = 1;
    while (x < last) {
      const blockEnd = x - (x % size) + size;
      const end = blockEnd < last ? blockEnd : last;
      let sxx = gxx[b];
      let syy = gyy[b];
      let sxy = gxy[b];
      for (; x < end; x++) {
        const c0 = pixels[r0 + x + 1];
        const c1 = pixels[r1 + x + 1];
        const c2 = pixels[r2 + x + 1];
        const gx = c0 + 2 * c1 + c2 - a0 - 2 * a1 - a2;
        const gy = a2 + 2 * b2 + c2 - a0 - 2 * b0 - c0;
        sxx = Math.fround(sxx + gx * gx);
        syy = Math.fround(syy + gy * gy);
        sxy = Math.fround(sxy + gx * gy);
        a0 = b0;
        a1 = b1;
        a2 = b2;
        b0 = c0;
        b1 = c1;
        b2 = c2;
      }
      gxx[b] = sxx;
      gyy[b] = syy;
      gxy[b] = sxy;
      b++;
    }
  }
  return { grid, gxx, gyy, gxy };
}

/**
 * The same block sums from Scharr's derivative (weights 3, 10, 3 across the derivative, divided
 * by 4 so a ramp reads as Sobel's does) instead of Sobel's (1, 2, 1). Sobel's gradient direction
 * leans toward the image axes on fine ridges (DB3's and DB4's periods of 6–8 px): a wet print's
 * spread ridges move its field a further degree toward the axes (bench/RESULTS.md "The orientation
 * field under spread ridges"), Scharr's kernel, designed for rotation invariance, much less so.
 * Each block takes its pixels in the order of x, as computeBlockGradients does. Cost: one pass.
 */
export function computeScharrGradients(pixels: Float32Array, width: number, height: number, grid: BlockGrid): BlockGradients {
  const n = grid.cols * grid.rows;
  const gxx = new Float32Array(n);
  const gyy = new Float32Array(n);
  const gxy = new Float32Array(n);
  const size = grid.blockSize;
  for (let y = 1; y < height - 1; y++) {
    const by = ((y / size) | 0) * grid.cols;
    const r0 = (y - 1) * width;
    const r1 = y * width;
    const r2 = (y + 1) * width;
    for (let x = 1; x < width - 1; x++) {
      const gx =
        (3 * (pixels[r0 + x + 1] - pixels[r0 + x - 1]) + 10 * (pixels[r1 + x + 1] - pixels[r1 + x - 1]) + 3 * (pixels[r2 + x + 1] - pixels[r2 + x - 1])) / 4;
      const gy =
        (3 * (pixels[r2 + x - 1] - pixels[r0 + x - 1]) + 10 * (pixels[r2 + x] - pixels[r0 + x]) + 3 * (pixels[r2 + x + 1] - pixels[r0 + x + 1])) / 4;
      const b = by + ((x / size) | 0);
      gxx[b] += gx * gx;
      gyy[b] += gy * gy;
      gxy[b] += gx * gy;
    }
  }
  return { grid, gxx, gyy, gxy };
}

/**
 * The same moments taken at the pixel scale and averaged with a Gaussian window of `sigma`
 * pixels centred on each block's centre, instead of summed over the block's square. The window
 * is smooth, so when the image moves by a few pixels against the block grid each block's moments
 * change smoothly with the content under it instead of jumping as pixels cross a block's edge;
 * the field sampled at the block centres then interpolates to nearly the same field at every
 * pixel. Scaled so an interior block's weights add up to its area (the box sums' magnitude);
 * pixels outside the image get no weight. Cost: one pass over the pixels for the moments, then
 * a separable pass per block row and column.
 */
export function computeWindowedGradients(
  pixels: Float32Array,
  width: number,
  height: number,
  grid: BlockGrid,
  sigma: number,
): BlockGradients {
  const { cols, rows, blockSize: size } = grid;
  const n = width * height;
  const mxx = new Float32Array(n);
  const myy = new Float32Array(n);
  const mxy = new Float32Array(n);
  for (let y = 1; y < height - 1; y++) {
    const r0 = (y - 1) * width;
    const r1 = y * width;
    const r2 = (y + 1) * width;
    for (let x = 1; x < width - 1; x++) {
      const gx =
        pixels[r0 + x + 1] + 2 * pixels[r1 + x + 1] + pixels[r2 + x + 1] - pixels[r0 + x - 1] - 2 * pixels[r1 + x - 1] - pixels[r2 + x - 1];
      const gy =
        pixels[r2 + x - 1] + 2 * pixels[r2 + x] + pixels[r2 + x + 1] - pixels[r0 + x - 1] - 2 * pixels[r0 + x] - pixels[r0 + x + 1];
      mxx[r1 + x] = gx * gx;
      myy[r1 + x] = gy * gy;
      mxy[r1 + x] = gx * gy;
    }
  }
  // taps at the half-pixel offsets of a block centre (size/2 − 0.5 from its first pixel)
  const radius = Math.ceil(3 * sigma);
  const half = (size - 1) / 2;
  const offsets: number[] = [];
  const taps: number[] = [];
  let norm = 0;
  const base0 = Math.floor(half);
  const frac = half - base0;
  for (let d = -radius; d <= radius + 1; d++) {
    const w = Math.exp(-((d - frac) ** 2) / (2 * sigma * sigma));
    offsets.push(d);
    taps.push(w);
    norm += w;
  }
  const scale = (size * size) / (norm * norm);
  // vertical pass at each block row's centre, every column
  const vxx = new Float32Array(rows * width);
  const vyy = new Float32Array(rows * width);
  const vxy = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const base = r * size + base0;
    for (let k = 0; k < taps.length; k++) {
      const y = base + offsets[k];
      if (y < 1 || y >= height - 1) continue;
      const w = taps[k];
      const row = y * width;
      const out = r * width;
      for (let x = 1; x < width - 1; x++) {
        vxx[out + x] += w * mxx[row + x];
        vyy[out + x] += w * myy[row + x];
        vxy[out + x] += w * mxy[row + x];
      }
    }
  }
  // horizontal pass at each block column's centre
  const gxx = new Float32Array(cols * rows);
  const gyy = new Float32Array(cols * rows);
  const gxy = new Float32Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const base = c * size + base0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let k = 0; k < taps.length; k++) {
        const x = base + offsets[k];
        if (x < 1 || x >= width - 1) continue;
        const w = taps[k];
        const i = r * width + x;
        sxx += w * vxx[i];
        syy += w * vyy[i];
        sxy += w * vxy[i];
      }
      const b = r * cols + c;
      gxx[b] = sxx * scale;
      gyy[b] = syy * scale;
      gxy[b] = sxy * scale;
    }
  }
  return { grid, gxx, gyy, gxy };
}
