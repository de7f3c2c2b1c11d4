import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { blockGridOf, type ForegroundMask } from '../../src/extraction/types.js';

/** A mask with every block and pixel of a width × height image in the print. */
export function fullMask(width: number, height: number): ForegroundMask {
  const grid = blockGridOf(width, height, P.blockSize);
  const n = grid.cols * grid.rows;
  return {
    grid,
    blocks: new Uint8Array(n).fill(1),
    pixels: new Uint8Array(width * height).fill(1),
    contrast: new Float32Array(n),
    ridgeShare: new Float32Array(n),
  };
}

/**
 * Contrast-normalised vertical ridges, period 12, on a size × size image: on the left half well
 * printed (6 px of ridge at −1), on the right half eroded (2 px at −2, the rest +0.4 above the mean).
 */
export function halfErodedRidges(size: number): { width: number; height: number; data: Float32Array } {
  const data = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const phase = x % 12;
      data[y * size + x] = x < size / 2 ? (phase < 6 ? -1 : 1) : phase < 2 ? -2 : 0.4;
    }
  }
  return { width: size, height: size, data };
}
