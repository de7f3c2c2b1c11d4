import type { ValidArea } from '../../src/templates/index.js';

/** A valid area of `cell`-pixel cells over width × height, usable where `on(cx, cy)`. */
export function validAreaOf(width: number, height: number, cell: number, on: (cx: number, cy: number) => boolean): ValidArea {
  const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const bits = new Uint8Array(Math.ceil((columns * rows) / 8));
  for (let cy = 0; cy < rows; cy++) for (let cx = 0; cx < columns; cx++) if (on(cx, cy)) { const i = cy * columns + cx; bits[i >> 3] |= 1 << (i & 7); }
  return { cell, columns, rows, bits };
}
