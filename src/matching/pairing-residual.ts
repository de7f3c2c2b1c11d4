import type { RigidFitSums } from './fit-rigid.js';

/**
 * The rigid-fit residual of a pairing relative to its extent: the RMS distance left after the
 * least-squares rotation + translation of the first set's paired points onto the second's,
 * divided by the first set's RMS distance of those points from their centroid (the pairing's
 * radius). Genuine pairings keep it near 0.06–0.09 at every size (elastic distortion grows with
 * the extent, so does the radius); impostor pairings that survive the matcher's local checks sit
 * near 0.15–0.22 (bench/RESULTS.md, "The pairing's global consistency as a score term").
 *
 * `sums` are {@link sumRigidFit}'s of the same pairs (read: the centroids and dot / cross), so the
 * residual costs one more pass: Σ|v − (R u + t)|² = Σ|u|² + Σ|v|² − 2 |(dot, cross)|. Returns 0
 * when the radius is 0. Allocates nothing; O(count).
 */
export function relativeRigidResidual(
  ax: Float32Array, ay: Float32Array, bx: Float32Array, by: Float32Array,
  list: Int16Array, count: number, partner: Int16Array, sums: RigidFitSums,
): number {
  let uu = 0, vv = 0;
  for (let k = 0; k < count; k++) {
    const p = list[k], c = partner[p];
    const ux = ax[p] - sums.ax, uy = ay[p] - sums.ay, vx = bx[c] - sums.bx, vy = by[c] - sums.by;
    uu += ux * ux + uy * uy;
    vv += vx * vx + vy * vy;
  }
  if (!(uu > 0)) return 0;
  const left = uu + vv - 2 * Math.hypot(sums.dot, sums.cross);
  return left > 0 ? Math.sqrt(left / uu) : 0;
}

/**
 * The score factor of a relative residual `rel` ({@link relativeRigidResidual}): 1 up to
 * `scale`, (scale / rel)^exponent beyond it. `scale` ≤ 0 means off (factor 1).
 */
export function residualFactor(rel: number, scale: number, exponent: number): number {
  return scale > 0 && rel > scale ? Math.pow(scale / rel, exponent) : 1;
}
