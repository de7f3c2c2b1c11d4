/** A rigid least-squares fit's sums (see {@link sumRigidFit}). */
export interface RigidFitSums {
  /** Centroid of the first point set (`ax`, `ay`) and of the second (`bx`, `by`). */
  ax: number;
  ay: number;
  bx: number;
  by: number;
  /** Σ a·b and Σ a × b (a × b = a.x·b.y − a.y·b.x) over the centred pairs: the rotation from a to b is atan2(cross, dot). */
  dot: number;
  cross: number;
}

/**
 * The sums of a 2-D rigid least-squares fit (Procrustes) of pairs of points: the points
 * (ax[p], ay[p]) of the first set, for p = list[0 … count), paired with (bx[partner[p]],
 * by[partner[p]]) of the second. Sums in the order of `list`, so a caller that needs the same
 * result to the last bit orders it first. Writes into `out`; allocates nothing; O(count). Shared
 * by the matcher's fit of its best pairing (compare-templates.ts) and the orientation agreement
 * (compare-orientation-maps.ts).
 */
export function sumRigidFit(
  ax: Float32Array, ay: Float32Array, bx: Float32Array, by: Float32Array,
  list: Int16Array, count: number, partner: Int16Array, out: RigidFitSums,
): void {
  let max = 0, may = 0, mbx = 0, mby = 0;
  for (let k = 0; k < count; k++) {
    const p = list[k], c = partner[p];
    max += ax[p]; may += ay[p]; mbx += bx[c]; mby += by[c];
  }
  max /= count; may /= count; mbx /= count; mby /= count;
  let dot = 0, cross = 0;
  for (let k = 0; k < count; k++) {
    const p = list[k], c = partner[p];
    const ux = ax[p] - max, uy = ay[p] - may, vx = bx[c] - mbx, vy = by[c] - mby;
    dot += ux * vx + uy * vy;
    cross += ux * vy - uy * vx;
  }
  out.ax = max; out.ay = may; out.bx = mbx; out.by = mby;
  out.dot = dot; out.cross = cross;
}

/** A rigid fit's sums with its rotation's terms (see {@link fitRigidRotation}). */
export interface RigidFitRotation extends RigidFitSums {
  /** The rotation from the first set to the second in image coordinates (y down), radians, with cos / sin of it and of twice it. */
  rot: number;
  cr: number;
  sr: number;
  c2r: number;
  s2r: number;
}

/**
 * {@link sumRigidFit} and the terms of its rotation, which the orientation agreements (rigid,
 * compare-orientation-maps.ts, and local, compare-orientation-maps-locally.ts) turn the probe's
 * cells and directions by. Writes into `out`; allocates nothing.
 */
export function fitRigidRotation(
  ax: Float32Array, ay: Float32Array, bx: Float32Array, by: Float32Array,
  list: Int16Array, count: number, partner: Int16Array, out: RigidFitRotation,
): void {
  sumRigidFit(ax, ay, bx, by, list, count, partner, out);
  const rot = Math.atan2(out.cross, out.dot);
  out.rot = rot;
  out.cr = Math.cos(rot); out.sr = Math.sin(rot);
  out.c2r = Math.cos(2 * rot); out.s2r = Math.sin(2 * rot);
}
