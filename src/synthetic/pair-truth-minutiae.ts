/** A minutia for pairing: pixels and radians (Template convention). */
export interface PointedMinutia {
  readonly x: number;
  readonly y: number;
  readonly angle: number;
}

/** Result of pairing extracted minutiae with the truth. */
export interface MinutiaPairing {
  /** Pairs as [truth index, extracted index]. */
  readonly pairs: ReadonlyArray<readonly [number, number]>;
  /** Per pair: distance (pixels) and direction difference (radians, 0…π). */
  readonly distances: readonly number[];
  readonly angleErrors: readonly number[];
}

/** Absolute difference of two directions, in [0, π]. */
export function angleDifference(a: number, b: number): number {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/**
 * Pairs extracted minutiae with true ones, one to one, by the usual criterion: within
 * `maxDistance` pixels (15 at 500 ppi) and `maxAngle` radians (30°). Greedy on distance: the
 * closest admissible pair first. O(T·E log(T·E)); fine for hundreds of minutiae.
 */
export function pairTruthMinutiae(
  truth: readonly PointedMinutia[], extracted: readonly PointedMinutia[], maxDistance = 15, maxAngle = Math.PI / 6,
): MinutiaPairing {
  const cand: Array<[number, number, number, number]> = [];
  const d2max = maxDistance * maxDistance;
  for (let t = 0; t < truth.length; t++) {
    for (let e = 0; e < extracted.length; e++) {
      const d2 = (truth[t]!.x - extracted[e]!.x) ** 2 + (truth[t]!.y - extracted[e]!.y) ** 2;
      if (d2 > d2max) continue;
      const da = angleDifference(truth[t]!.angle, extracted[e]!.angle);
      if (da > maxAngle) continue;
      cand.push([d2, t, e, da]);
    }
  }
  cand.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const usedT = new Uint8Array(truth.length);
  const usedE = new Uint8Array(extracted.length);
  const pairs: Array<readonly [number, number]> = [];
  const distances: number[] = [];
  const angleErrors: number[] = [];
  for (const [d2, t, e, da] of cand) {
    if (usedT[t] || usedE[e]) continue;
    usedT[t] = 1;
    usedE[e] = 1;
    pairs.push([t, e]);
    distances.push(Math.sqrt(d2));
    angleErrors.push(da);
  }
  return { pairs, distances, angleErrors };
}
