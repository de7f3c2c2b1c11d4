import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';
import type { FingerPattern } from './image-types.js';
import { interpolateLattice } from './interpolate-lattice.js';

/**
 * The density map of a master: ridge period per pixel (pixels at 500 ppi, clamped to 7–12).
 * A per-finger mean, a linear trend that makes the tip denser than the base, and a smooth
 * random variation (four plane waves of about `periodNoiseScale` wavelength). Evaluated on an
 * 8-pixel lattice and interpolated. Pure given the rng state; ≈ 2 ms for 400 × 520.
 */
export function computeRidgePeriod(p: FingerPattern, width: number, height: number, rng: Rng, params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS): Float32Array {
  const mean = params.periodMean + params.periodSpread * Math.max(-2.5, Math.min(2.5, rng.normal()));
  const waves = new Float64Array(12);
  for (let k = 0; k < 4; k++) {
    const dir = Math.PI * rng.next();
    const f = (2 * Math.PI) / (params.periodNoiseScale * (0.7 + 0.6 * rng.next()));
    waves[3 * k] = f * Math.cos(dir);
    waves[3 * k + 1] = f * Math.sin(dir);
    waves[3 * k + 2] = 2 * Math.PI * rng.next();
  }
  const amp = params.periodNoise / Math.SQRT2;
  const span = p.halfHeightAbove + p.halfHeightBelow;
  const at = (x: number, y: number): number => {
    let n = 0;
    for (let k = 0; k < 4; k++) n += Math.cos(waves[3 * k]! * x + waves[3 * k + 1]! * y + waves[3 * k + 2]!);
    // v = 0 at the tip, 1 at the base of the finger area
    const v = (y - (p.centerY - p.halfHeightAbove)) / span;
    const period = mean + params.periodTipSlope * (v - 0.5) + amp * n;
    return Math.max(params.periodMin, Math.min(params.periodMax, period));
  };
  const step = 8;
  const gw = Math.ceil((width - 1) / step) + 1;
  const gh = Math.ceil((height - 1) / step) + 1;
  const g = new Float32Array(gw * gh);
  for (let j = 0; j < gh; j++) for (let i = 0; i < gw; i++) g[j * gw + i] = at(i * step, j * step);
  return interpolateLattice(g, gw, gh, step, width, height);
}
