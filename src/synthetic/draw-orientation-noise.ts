import type { Rng } from './create-rng.js';
import type { FingerPattern } from './image-types.js';

/**
 * A per-finger smooth random turn of the ridge flow, radians, as a function of the master's
 * frame (pixels, y down): value noise on a lattice of `scale` px (lattice values uniform, scaled to
 * unit variance), times `amplitude`, times a Gaussian weight of the distance to the finger's nearest
 * core (deviation `reach` px; 0 = the same amplitude everywhere). Added to the zero-pole model it
 * varies each finger's flow around its core (the loop's shape, where its arms converge, how the
 * recurving ridges bend), so that the ridge endings the flow forces land elsewhere in every finger
 * of a class, and makes the flow lines converge and diverge locally, which adds endings of either
 * sense (bench/RESULTS.md, "A per-finger random turn of the flow", 2026-12-03). A scalar turn added
 * to the orientation keeps every singular point's index. Draws (W/scale + 3) · (H/scale + 3)
 * uniforms from `rng`.
 */
export function drawOrientationNoise(
  rng: Rng, pattern: FingerPattern, width: number, height: number, amplitude: number, scale: number, reach: number,
): (x: number, y: number) => number {
  const gw = Math.ceil(width / scale) + 3;
  const gh = Math.ceil(height / scale) + 3;
  const lattice = new Float64Array(gw * gh);
  const unit = Math.sqrt(12);
  for (let i = 0; i < lattice.length; i++) lattice[i] = (rng.next() - 0.5) * unit;
  const cores = pattern.cores;
  const inv2r2 = reach > 0 ? 1 / (2 * reach * reach) : 0;
  return (x: number, y: number): number => {
    const fx = Math.max(0, x / scale), fy = Math.max(0, y / scale);
    const i = Math.min(gw - 2, Math.floor(fx)), j = Math.min(gh - 2, Math.floor(fy));
    let tx = Math.min(1, fx - i), ty = Math.min(1, fy - j);
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    const a = j * gw + i;
    const v = (1 - ty) * ((1 - tx) * lattice[a]! + tx * lattice[a + 1]!) + ty * ((1 - tx) * lattice[a + gw]! + tx * lattice[a + gw + 1]!);
    if (reach <= 0 || cores.length === 0) return amplitude * v;
    let d2 = Infinity;
    for (let k = 0; k < cores.length; k += 2) d2 = Math.min(d2, (x - cores[k]!) ** 2 + (y - cores[k + 1]!) ** 2);
    return amplitude * v * Math.exp(-d2 * inv2r2);
  };
}
