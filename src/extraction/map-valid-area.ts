import type { ValidArea } from '../templates/index.js';
import type { ForegroundMask } from './types.js';

/**
 * The template's valid area (Template.validArea): the image cut into square cells of `cell`
 * pixels, a cell usable when at least half of its pixels (those inside the image) lie in the
 * final mask and not on `mask.residueArea` (a smudge grown by `validAreaResidueMargin`). The
 * mask at pixel precision already leaves out the background, a sensor's frame and flat
 * patches; a smudge's partial blocks and soft rim stay in it (segment-foreground.ts), which the
 * residue takes out here. Cost O(pixels); pure.
 */
export function mapValidArea(mask: ForegroundMask, width: number, height: number, cell: number): ValidArea {
  const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const usable = new Int32Array(columns * rows);
  const pixels = mask.pixels, residue = mask.residueArea;
  for (let y = 0; y < height; y++) {
    const r = ((y / cell) | 0) * columns;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (pixels[i] && !(residue && residue[i])) usable[r + ((x / cell) | 0)]++;
    }
  }
  const bits = new Uint8Array(Math.ceil((columns * rows) / 8));
  for (let cy = 0; cy < rows; cy++) {
    const h = Math.min(cell, height - cy * cell);
    for (let cx = 0; cx < columns; cx++) {
      const w = Math.min(cell, width - cx * cell);
      const i = cy * columns + cx;
      if (2 * usable[i] >= w * h) bits[i >> 3] |= 1 << (i & 7);
    }
  }
  return { cell, columns, rows, bits };
}
