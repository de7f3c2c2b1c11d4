import type { FingerPattern } from './image-types.js';

/**
 * The direction a loop's arms leave its core in the plain zero-pole model, radians in the master's
 * frame (y down): where the model's field is radial near the core. It is set by the direction from
 * the delta to the core (the hairpin's axis in compute-master-orientation.ts, mirrored to y down);
 * NaN unless the pattern is a left or right loop (an arch's and a tented arch's core–delta pairs are left alone).
 */
export function loopArmsDirection(p: FingerPattern): number {
  if (p.patternClass !== 'left-loop' && p.patternClass !== 'right-loop') return Number.NaN;
  const axisUp = 2 * p.flowRotation - Math.atan2(-(p.deltas[1]! - p.cores[1]!), p.deltas[0]! - p.cores[0]!) - Math.PI;
  return -axisUp;
}

/**
 * A turn of a loop's flow around its core that brings the arms towards straight down the finger,
 * radians as a function of the master's frame (pixels, y down); undefined when it does nothing
 * (`fraction` 0, or not a loop). Near a +1/2 singular point the field is θ = φ/2 + c, so turning
 * it by τ turns the direction where it is radial (the arms) by 2τ: τ = fraction · Δ / 2 at the
 * core, Δ the arms' angle from straight down, fading with a Gaussian of the distance to the core
 * (deviation `reach` px), so the far field and the delta stay as the model has them. A scalar turn
 * keeps every singular point's index. On FVC2002 DB1–3 the arms of one-core prints leave the core
 * a median 7.6° from straight down (p95 24°), synthetic loops 42° (p95 75°): the zero-pole model
 * ties them to the delta's direction, which lies well to the side (bench/synthetic/field-by-class.mjs,
 * bench/RESULTS.md, sense's section of 2026-12-03).
 */
export function loopArmsTurn(p: FingerPattern, fraction: number, reach: number): ((x: number, y: number) => number) | undefined {
  const arms = loopArmsDirection(p);
  if (fraction === 0 || Number.isNaN(arms)) return undefined;
  let delta = Math.PI / 2 - arms;
  delta -= 2 * Math.PI * Math.round(delta / (2 * Math.PI));
  const tau = (fraction * delta) / 2;
  const cx = p.cores[0]!, cy = p.cores[1]!;
  const inv2r2 = 1 / (2 * reach * reach);
  return (x: number, y: number): number => tau * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) * inv2r2);
}
