import type { FingerPattern } from './image-types.js';

/**
 * Whether a point of the master's frame lies in the finger area: an ellipse above the centre
 * (the rounded tip) and a flatter super-ellipse below it (toward the distal crease), as in
 * SFinGe's fingerprint-area model. `inset` shrinks the area by that many pixels.
 */
export function insideFingerArea(p: FingerPattern, x: number, y: number, inset = 0): boolean {
  const u = Math.abs(x - p.centerX) / Math.max(1, p.halfWidth - inset);
  if (y < p.centerY) {
    const v = (p.centerY - y) / Math.max(1, p.halfHeightAbove - inset);
    return u * u + v * v <= 1;
  }
  const v = (y - p.centerY) / Math.max(1, p.halfHeightBelow - inset);
  return u * u * u + v * v * v <= 1;
}

/**
 * The finger area of a master as a mask (1 inside) over a width × height canvas, shrunk by
 * `inset` pixels (negative: grown). Filled row by row from the area's half-width at that row.
 */
export function drawFingerArea(p: FingerPattern, width: number, height: number, inset = 0): Uint8Array {
  const mask = new Uint8Array(width * height);
  const a = Math.max(1, p.halfWidth - inset);
  for (let y = 0; y < height; y++) {
    const v = y < p.centerY ? (p.centerY - y) / Math.max(1, p.halfHeightAbove - inset) : (y - p.centerY) / Math.max(1, p.halfHeightBelow - inset);
    if (v > 1) continue;
    const half = a * (y < p.centerY ? Math.sqrt(1 - v * v) : Math.cbrt(1 - v * v * v));
    const x0 = Math.max(0, Math.ceil(p.centerX - half));
    const x1 = Math.min(width - 1, Math.floor(p.centerX + half));
    if (x1 >= x0) mask.fill(1, y * width + x0, y * width + x1 + 1);
  }
  return mask;
}
