/** Angles are radians, counter-clockwise in image coordinates with y pointing down unless said otherwise. */

export const TWO_PI = Math.PI * 2;

/** Wraps an angle into [0, 2π). */
export function normalizeAngle(a: number): number {
  const r = a % TWO_PI;
  return r < 0 ? r + TWO_PI : r;
}

/** Smallest absolute difference between two directions, in [0, π]. */
export function angleDistance(a: number, b: number): number {
  const d = Math.abs(normalizeAngle(a) - normalizeAngle(b));
  return d > Math.PI ? TWO_PI - d : d;
}

/** Signed difference a − b wrapped into (−π, π]. */
export function angleDifference(a: number, b: number): number {
  let d = normalizeAngle(a - b);
  if (d > Math.PI) d -= TWO_PI;
  return d;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}
