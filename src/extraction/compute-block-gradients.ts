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
  for (let y = 1; y < height - 1; y++) {
    const by = ((y / size) | 0) * grid.cols;
    const r0 = (y - 1) * width;
    const r1 = y * width;
    const r2 = (y + 1) * width;
    // The block sums are float32 and rounded at every addition, so each block must take its
    // pixels in the order of x; but running along the row would make every addition wait for the
    // one before it (same block). Taking pixel j of every block, then pixel j + 1 of every block…
    // keeps each block's order while consecutive additions go to different blocks.
    for (let j = 0; j < size; j++) {
      const first = j === 0 ? size : j;
      for (let x = first, b = by + ((first / size) | 0); x < width - 1; x += size, b++) {
        const gx =
          pixels[r0 + x + 1] + 2 * pixels[r1 + x + 1] + pixels[r2 + x + 1] - pixels[r0 + x - 1] - 2 * pixels[r1 + x - 1] - pixels[r2 + x - 1];
        const gy =
          pixels[r2 + x - 1] + 2 * pixels[r2 + x] + pixels[r2 + x + 1] - pixels[r0 + x - 1] - 2 * pixels[r0 + x] - pixels[r0 + x + 1];
        gxx[b] += gx * gx;
        gyy[b] += gy * gy;
        gxy[b] += gx * gy;
      }
    }
  }
  return { grid, gxx, gyy, gxy };
}
