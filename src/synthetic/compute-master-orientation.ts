import type { FingerPattern } from './image-types.js';
import { interpolateLattice } from './interpolate-lattice.js';

const QUARTER = Math.PI / 4;

/** Vizcaya & Gerhardt's corrected argument: piecewise-linear through 9 control values over [-π, π]. */
function correctedArgument(c: Float32Array, base: number, alpha: number): number {
  const t = (alpha + Math.PI) / QUARTER;
  const i = t >= 8 ? 7 : t <= 0 ? 0 : Math.floor(t);
  const f = t - i;
  return c[base + i]! + (c[base + i + 1]! - c[base + i]!) * f;
}

/**
 * How far a hairpin core's argument departs from the zero-pole model's, at angle β from the
 * core's axis (the direction its arms run, towards the delta's side): the hairpin's argument stays
 * at the axis over the half-plane of the arms (β within ±π/2: the loop's arms run parallel to the axis) and turns
 * twice as fast over the other half (there the ridges circle the core). Continuous and 2π-periodic
 * in β, zero on the axis and opposite it. The zero-pole core (θ = ½ arg) makes the arms confocal
 * parabolas that close in on the core, so a fan of ridges has to end there; nested hairpins of
 * one period need none (bench/RESULTS.md, 2026-12-03).
 */
function hairpinShift(beta: number): number {
  let b = beta % (2 * Math.PI);
  if (b > Math.PI) b -= 2 * Math.PI;
  else if (b < -Math.PI) b += 2 * Math.PI;
  const f = Math.abs(b) <= Math.PI / 2 ? 0 : 2 * (b - Math.sign(b) * (Math.PI / 2));
  return f - b;
}

/**
 * Weight of the hairpin at distance r from the core when it is confined to `reach` px: 1 within
 * `reach`, falling smoothly (raised cosine) to 0 at twice `reach`, 0 beyond; `reach` 0 = 1
 * everywhere (the hairpin bends the whole field).
 */
export function hairpinWeight(r: number, reach: number): number {
  if (reach <= 0 || r <= reach) return 1;
  if (r >= 2 * reach) return 0;
  return 0.5 * (1 + Math.cos((Math.PI * (r - reach)) / reach));
}

/**
 * Ridge orientation at a point of the master's frame (pixels, y down) by Sherlock & Monro's
 * zero-pole model, θ = ½ (Σ g_core(arg(z − core)) − Σ g_delta(arg(z − delta))), with Vizcaya &
 * Gerhardt's corrections g. `hairpin` (0–1) bends a loop's core towards a hairpin ({@link
 * hairpinShift}); 0 is the plain model. `reach` (px, 0 = everywhere) confines the bend to the
 * core's neighbourhood ({@link hairpinWeight}): far from the core the field is the plain model's.
 * Returns the direction in image coordinates: radians in [0, π) of the vector (cos θ, sin θ) with y down.
 */
export function orientationAt(p: FingerPattern, x: number, y: number, hairpin = 0, reach = 0, armsDown = 0): number {
  let o = p.flowRotation;
  let k = 0;
  // a loop's core (one core, a delta): its arms run where the plain field is radial, near the core
  // θ = ρ + ½α − ½ arg(core − delta) ≡ α, i.e. α = 2ρ − arg(delta − core) − π
  let axis = hairpin !== 0 && p.cores.length === 2 && p.deltas.length >= 2
    ? 2 * p.flowRotation - Math.atan2(-(p.deltas[1]! - p.cores[1]!), p.deltas[0]! - p.cores[0]!) - Math.PI : NaN;
  // with the arms turned down (turn-loop-arms.ts, which turns the flow by half this near the core)
  // the hairpin's arms run down too: its axis turns by armsDown times the arms' angle from straight down
  if (armsDown !== 0 && !Number.isNaN(axis) && (p.patternClass === 'left-loop' || p.patternClass === 'right-loop')) {
    let d = -Math.PI / 2 - axis;
    d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
    axis += armsDown * d;
  }
  for (let i = 0; i < p.cores.length; i += 2, k++) {
    const alpha = Math.atan2(-(y - p.cores[i + 1]!), x - p.cores[i]!);
    let g = correctedArgument(p.correction, 9 * k, alpha);
    if (!Number.isNaN(axis)) {
      const w = reach > 0 ? hairpinWeight(Math.hypot(x - p.cores[i]!, y - p.cores[i + 1]!), reach) : 1;
      if (w > 0) g += hairpin * w * hairpinShift(alpha - axis);
    }
    o += 0.5 * g;
  }
  for (let i = 0; i < p.deltas.length; i += 2, k++) o -= 0.5 * correctedArgument(p.correction, 9 * k, Math.atan2(-(y - p.deltas[i + 1]!), x - p.deltas[i]!));
  // y up → y down mirrors the angle
  o = -o % Math.PI;
  return o < 0 ? o + Math.PI : o;
}

/**
 * The orientation field of a master over a width × height canvas, per pixel (see
 * {@link orientationAt}). Evaluated exactly on a 4-pixel lattice and interpolated bilinearly in
 * doubled-angle form in between (the field is smooth away from singular points, where the lattice
 * error stays below a degree at 20 px). Cost: about W·H/16 model evaluations plus W·H
 * interpolations (≈ 5 ms for 400 × 520). `turn` (radians, optional) is added to the model's
 * orientation at each lattice point (a per-finger random turn of the flow, draw-orientation-noise.ts,
 * and a loop's arms turned down, turn-loop-arms.ts); `armsDown` turns a hairpin's axis with them.
 */
export function computeMasterOrientation(
  p: FingerPattern, width: number, height: number, hairpin = 0, reach = 0, turn?: (x: number, y: number) => number, armsDown = 0,
): Float32Array {
  const step = 4;
  const gw = Math.ceil((width - 1) / step) + 1;
  const gh = Math.ceil((height - 1) / step) + 1;
  const gc = new Float32Array(gw * gh);
  const gs = new Float32Array(gw * gh);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      const o = turn === undefined ? orientationAt(p, i * step, j * step, hairpin, reach, armsDown) : orientationAt(p, i * step, j * step, hairpin, reach, armsDown) + turn(i * step, j * step);
      gc[j * gw + i] = Math.cos(2 * o);
      gs[j * gw + i] = Math.sin(2 * o);
    }
  }
  const c = interpolateLattice(gc, gw, gh, step, width, height);
  const out = interpolateLattice(gs, gw, gh, step, width, height);
  for (let i = 0; i < out.length; i++) {
    const o = 0.5 * Math.atan2(out[i]!, c[i]!);
    out[i] = o < 0 ? o + Math.PI : o;
  }
  return out;
}
