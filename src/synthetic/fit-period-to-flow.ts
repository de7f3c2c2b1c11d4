import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../config/parameters.js';
import { interpolateLattice } from './interpolate-lattice.js';

/**
 * Lets the density map follow the flow (in place): where ridges fan out along their course the
 * period grows, where they bunch up it shrinks, as on a finger, instead of the pattern having to
 * insert or end ridges to keep a period set independently of the flow.
 *
 * A stripe pattern of ridge normal n and period P has no dislocation where curl(n / P) = 0, i.e.
 * where the log period changes along the ridges at the rate curl n (the flow's fanning); the
 * grown pattern ends or inserts a ridge for each unit of ∫ curl(n / P) over an area
 * (bench/synthetic/master-density.mjs: the flow and the density map force about as many per cm²
 * as the grown masters carry). Here, at every point of an 8-pixel lattice, the streamline is traced
 * `periodFlowReach` pixels both ways, F(s) = ∫₀ˢ curl n is integrated along it, and log P is
 * raised by `periodFollowsFlow` · (−mean F) (the solution of ∂ₜu = curl n that averages zero over
 * the traced window, so the period's level over larger areas is the density map's), clamped to
 * ±`periodFlowMaxLog`. The period stays within periodMin…periodMax. 0 leaves the map as it is.
 * Cost: ≈ 3 ms for 400 × 520 at a 60-pixel reach.
 */
export function fitPeriodToFlow(
  period: Float32Array, orientation: Float32Array, width: number, height: number,
  params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS,
): void {
  const alpha: number = params.periodFollowsFlow;
  if (alpha === 0) return;
  const h = 4;
  const at = (x: number, y: number): number => orientation[Math.max(0, Math.min(height - 1, Math.round(y))) * width + Math.max(0, Math.min(width - 1, Math.round(x)))]!;
  // curl of the normal n = (−sin θ, cos θ) at a point, for the sign of n given by direction (tx, ty)
  const curl = (x: number, y: number, tx: number, ty: number): number => {
    const nx0 = -ty, ny0 = tx;
    const n = (xx: number, yy: number): [number, number] => {
      const a = at(xx, yy);
      const nx = -Math.sin(a), ny = Math.cos(a);
      return nx * nx0 + ny * ny0 < 0 ? [-nx, -ny] : [nx, ny];
    };
    const [, nyE] = n(x + h, y);
    const [, nyW] = n(x - h, y);
    const [nxS] = n(x, y + h);
    const [nxN] = n(x, y - h);
    return (nyE - nyW - (nxS - nxN)) / (2 * h);
  };
  const step = 8;
  const ds = 2;
  const reach = params.periodFlowReach;
  const gw = Math.ceil((width - 1) / step) + 1;
  const gh = Math.ceil((height - 1) / step) + 1;
  const g = new Float32Array(gw * gh);
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      const x0 = Math.min(width - 1, i * step), y0 = Math.min(height - 1, j * step);
      const a0 = at(x0, y0);
      let sum = 0;
      let count = 1; // F(0) = 0
      for (const dir of [1, -1]) {
        let x = x0, y = y0, tx = dir * Math.cos(a0), ty = dir * Math.sin(a0), f = 0;
        for (let s = ds; s <= reach; s += ds) {
          // one sign of the direction along the trace
          const a = at(x, y);
          let ux = Math.cos(a), uy = Math.sin(a);
          if (ux * tx + uy * ty < 0) { ux = -ux; uy = -uy; }
          // ∂ₜu = curl n holds for either sign of t (n and ∂ₜ flip together): integrate along the trace's own direction
          f += curl(x, y, ux, uy) * ds;
          x += ux * ds; y += uy * ds; tx = ux; ty = uy;
          if (x < 0 || y < 0 || x > width - 1 || y > height - 1) break;
          sum += f; count++;
        }
      }
      g[j * gw + i] = -sum / count;
    }
  }
  const u = interpolateLattice(g, gw, gh, step, width, height);
  const limit = params.periodFlowMaxLog;
  for (let k = 0; k < period.length; k++) {
    const v = Math.max(-limit, Math.min(limit, alpha * u[k]!));
    period[k] = Math.max(params.periodMin, Math.min(params.periodMax, period[k]! * Math.exp(v)));
  }
}
