import { ORIENTATION_MAP_LEVELS, type OrientationMap } from '../../src/templates/index.js';

/** A map of 16-px cells over width × height whose direction (Template convention) at a cell's centre is psi(x, y), print where `on` holds. */
export function mapOf(width: number, height: number, psi: (x: number, y: number) => number, on: (x: number, y: number) => boolean = () => true): OrientationMap {
  const cell = 16, columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const codes = new Uint8Array(columns * rows);
  for (let v = 0; v < rows; v++) for (let u = 0; u < columns; u++) {
    const x = (u + 0.5) * cell, y = (v + 0.5) * cell;
    if (!on(x, y)) continue;
    const a = ((psi(x, y) % Math.PI) + Math.PI) % Math.PI;
    codes[v * columns + u] = 1 + (Math.round((a / Math.PI) * ORIENTATION_MAP_LEVELS) % ORIENTATION_MAP_LEVELS);
  }
  return { cell, columns, rows, codes };
}
