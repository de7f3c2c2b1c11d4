import type { OrientationField } from '../../src/extraction/types.js';

/** A field of one ridge direction θ on a cols × rows grid of 8-px blocks, every block at `coherence`. */
export function uniformField(cols: number, rows: number, theta: number, coherence: number): OrientationField {
  const n = cols * rows;
  return {
    grid: { blockSize: 8, cols, rows },
    cos2: new Float32Array(n).fill(Math.cos(2 * theta)),
    sin2: new Float32Array(n).fill(Math.sin(2 * theta)),
    angle: new Float32Array(n).fill(theta),
    coherence: new Float32Array(n).fill(coherence),
  } as unknown as OrientationField;
}
