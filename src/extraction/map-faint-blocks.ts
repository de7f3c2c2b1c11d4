import { blockRidgeContrast } from './score-finger-quality.js';
import type { ForegroundMask, FrequencyField } from './types.js';

/**
 * Per block of the mask's grid, the local ridge contrast in grey levels (issue 12, faintregion):
 * the per-print gate's measure (medianRidgeContrast: the block's grey standard deviation ×
 * √ridge evidence, over sampled foreground blocks) taken per block and averaged over the sampled
 * foreground blocks within `radius` blocks (a square of side 2·radius+1), so one dark pore or one
 * valley-filled block does not open or close a block on its own. NaN where no sampled foreground
 * block lies within the square, and outside the foreground.
 */
export function localRidgeContrast(
  mask: Pick<ForegroundMask, 'blocks' | 'contrast' | 'grid'>,
  frequency: Pick<FrequencyField, 'sampled' | 'share'>,
  radius: number,
): Float64Array {
  const { cols, rows } = mask.grid;
  const n = cols * rows;
  const value = new Float64Array(n);
  const has = new Uint8Array(n);
  for (let b = 0; b < n; b++) {
    if (!mask.blocks[b] || !frequency.sampled[b]) continue;
    value[b] = blockRidgeContrast(mask, frequency, b);
    has[b] = 1;
  }
  const r = Math.max(0, Math.round(radius));
  const out = new Float64Array(n).fill(Number.NaN);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < cols; col++) {
      const b = row * cols + col;
      if (!mask.blocks[b]) continue;
      let sum = 0;
      let count = 0;
      for (let y = Math.max(0, row - r); y <= Math.min(rows - 1, row + r); y++) {
        for (let x = Math.max(0, col - r); x <= Math.min(cols - 1, col + r); x++) {
          const k = y * cols + x;
          if (has[k]) {
            sum += value[k]!;
            count++;
          }
        }
      }
      if (count > 0) out[b] = sum / count;
    }
  }
  return out;
}

/**
 * The block-level contrast gate (issue 12, faintregion): 1 for the foreground blocks whose local
 * ridge contrast ({@link localRidgeContrast} over `radius` blocks) is below `maxContrast` grey
 * levels, 0 elsewhere; null when no block opens (the caller then need not run the network).
 * Meant for prints faint only in part, whose median the per-print gate reads as deep. With
 * `edge` > 0 only interior blocks may open, those whose square of side 2·edge+1 blocks lies wholly
 * in the foreground: a clean print's ridges fade where the finger leaves the glass, and those
 * margins are most of the clean blocks that read faint.
 */
export function findFaintBlocks(
  mask: Pick<ForegroundMask, 'blocks' | 'contrast' | 'grid'>,
  frequency: Pick<FrequencyField, 'sampled' | 'share'>,
  maxContrast: number,
  radius: number,
  edge = 0,
): Uint8Array | null {
  const local = localRidgeContrast(mask, frequency, radius);
  const { cols, rows } = mask.grid;
  const e = Math.max(0, Math.round(edge));
  const gate = new Uint8Array(local.length);
  let any = false;
  for (let b = 0; b < local.length; b++) {
    if (!(local[b]! < maxContrast)) continue;
    if (e > 0 && !interior(mask.blocks, cols, rows, b % cols, (b / cols) | 0, e)) continue;
    gate[b] = 1;
    any = true;
  }
  return any ? gate : null;
}

/** Whether every block within `edge` blocks (a square) of (col, row) is inside the grid and foreground. */
function interior(blocks: Uint8Array, cols: number, rows: number, col: number, row: number, edge: number): boolean {
  if (col < edge || row < edge || col + edge >= cols || row + edge >= rows) return false;
  for (let y = row - edge; y <= row + edge; y++) for (let x = col - edge; x <= col + edge; x++) if (!blocks[y * cols + x]) return false;
  return true;
}
