import type { BlockGradients } from '../../src/extraction/compute-block-gradients.js';

/** The block grid of the orientation-field tests: 20 × 10 blocks of 8 px. */
export const cols = 20;
export const rows = 10;
export const grid = { blockSize: 8, cols, rows };

/** Block moments of straight ridges at `ridge(c)` radians with gradient energy `energy(c)`, by column. */
export function moments(ridge: (c: number) => number, energy: (c: number) => number): BlockGradients {
  const n = cols * rows;
  const gxx = new Float32Array(n);
  const gyy = new Float32Array(n);
  const gxy = new Float32Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const g = ridge(c) + Math.PI / 2; // the gradient is across the ridges
      const e = energy(c);
      const b = r * cols + c;
      gxx[b] = e * Math.cos(g) ** 2;
      gyy[b] = e * Math.sin(g) ** 2;
      gxy[b] = e * Math.cos(g) * Math.sin(g);
    }
  }
  return { grid, gxx, gyy, gxy };
}

/** The angle between two ridge directions, 0 – π/2. */
export function turn(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
}
