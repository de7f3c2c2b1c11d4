import { ORIENTATION_MAP_LEVELS, type OrientationMap } from '../templates/index.js';
import type { OrientationField } from './types.js';

/**
 * The template's orientation map (Template.orientationMap, `orientationMapCell`): the block
 * field coarsened to square cells of `cell` pixels. Each cell takes the blocks whose centre lies
 * in it; it holds print when at least half of them are print (`blocks` = the mask's blocks), and
 * then the doubled-angle mean of their ridge directions, turned into the Template convention
 * (counter-clockwise on screen: an image angle θ, y down, is −θ) and quantised to one of
 * {@link ORIENTATION_MAP_LEVELS} directions over π (code 1 + level; 0 = no print). Cost O(blocks).
 */
export function mapOrientationCells(field: OrientationField, blocks: Uint8Array, width: number, height: number, cell: number): OrientationMap {
  const { grid, cos2, sin2 } = field;
  const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const cells = columns * rows;
  const c2 = new Float64Array(cells), s2 = new Float64Array(cells);
  const inside = new Int32Array(cells), all = new Int32Array(cells);
  for (let by = 0; by < grid.rows; by++) {
    const cy = Math.min(rows - 1, Math.floor(((by + 0.5) * grid.blockSize) / cell));
    for (let bx = 0; bx < grid.cols; bx++) {
      const cx = Math.min(columns - 1, Math.floor(((bx + 0.5) * grid.blockSize) / cell));
      const i = by * grid.cols + bx, o = cy * columns + cx;
      all[o]++;
      if (!blocks[i]) continue;
      inside[o]++;
      c2[o] += cos2[i];
      s2[o] += sin2[i];
    }
  }
  const codes = new Uint8Array(cells);
  for (let o = 0; o < cells; o++) {
    if (all[o] === 0 || 2 * inside[o] < all[o] || (c2[o] === 0 && s2[o] === 0)) continue;
    // image direction θ = atan2(s2, c2) / 2; the Template convention's is −θ (mod π)
    const doubled = -Math.atan2(s2[o], c2[o]);
    const turn = (doubled < 0 ? doubled + 2 * Math.PI : doubled) / (2 * Math.PI);
    codes[o] = 1 + (Math.round(turn * ORIENTATION_MAP_LEVELS) % ORIENTATION_MAP_LEVELS);
  }
  return { cell, columns, rows, codes };
}
