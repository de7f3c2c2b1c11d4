import { ORIENTATION_MAP_LEVELS, type OrientationMap } from '../templates/index.js';
import { SYNTHETIC_PARAMETERS } from '../config/parameters.js';

/** Cell size of the synthetic orientation maps, pixels: extraction's (16 px at 500 ppi). */
export const SYNTHETIC_MAP_CELL = 16;

/**
 * An orientation map for a synthetic impression of `width` × `height` pixels, for 1:N cost
 * measurements only (`afis bench search`, bench/search/gallery-orientation-maps.mjs): real
 * templates carry a map (extraction always writes one), the template generator gives none. Print
 * inside the capture's ellipse (the image less the synthetic margin on every side), a one-core
 * field turned by `turn` radians, quantised as extraction quantises (map-orientation-cells.ts).
 * 456 cells, 58 % print, for the generator's impressions. Not the impression's own ridge flow:
 * the agreement it gives between two impressions says nothing about accuracy. Pure; O(cells).
 */
export function drawSyntheticOrientationMap(width: number, height: number, turn: number): OrientationMap {
  const cell = SYNTHETIC_MAP_CELL, levels = ORIENTATION_MAP_LEVELS, margin = SYNTHETIC_PARAMETERS.imageMargin;
  const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const codes = new Uint8Array(columns * rows);
  const a = width / 2 - margin, b = height / 2 - margin;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = (c + 0.5) * cell - width / 2, y = (r + 0.5) * cell - height / 2;
      if ((x / a) ** 2 + (y / b) ** 2 > 1) continue;
      const along = (((0.5 * Math.atan2(-y, x) + turn) % Math.PI) + Math.PI) % Math.PI;
      codes[r * columns + c] = 1 + (Math.round((along / Math.PI) * levels) % levels);
    }
  }
  return { cell, columns, rows, codes };
}

/**
 * The turn of a synthetic subject's finger's map (radians, [0, π)): the same in every impression
 * of that finger, apart between fingers. `finger` is the index 0–9 in the ten-print.
 */
export function syntheticMapTurn(subject: number, finger: number): number {
  return (((Math.imul(subject + 1, 0x9e3779b1) ^ Math.imul(finger + 1, 0x85ebca6b)) >>> 0) / 2 ** 32) * Math.PI;
}
