import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';

/** The two cores of an added pair (pixels). */
export interface DislocationPair {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

/** Pixels per centimetre at 500 ppi. */
const PX_PER_CM = 500 / 2.54;
/** Inner and outer radius (pixels) of the disc around a core where its extra pairs are centred. */
const CORE_RING = [12, 56] as const;

/**
 * Adds pairs of opposite dislocations to a grown ridge pattern (in place) and returns their
 * cores (pixels; the pattern is unchanged farther than `dislocationPairReach` periods of the
 * centre's period from each pair's centre, the cores' midpoint).
 * Real prints are full of them, as our extraction reads FVC2002 DB1–3: close minutiae pointing
 * opposite ways, nearly all side by side — one ridge ends and one a ridge period over starts
 * (or forks) about a period further on (bench/synthetic/facing-pairs.mjs); the iterated Gabor
 * growth anneals such neutral pairs away, so grown masters hardly have them. A pair is made by
 * a phase vortex and an antivortex (winding +1 and −1) `lateral` periods apart across the ridges
 * and `along` periods apart along them: the pattern is warped across the ridges by
 * period · ψ / 2π, where ψ is the angle difference seen from the two cores. ψ jumps by 2π on
 * the segment between the cores, where the shift is one whole period and the periodic pattern
 * stays seamless; away from the pair ψ falls off like a dipole's field and a smooth window
 * brings it to zero within `dislocationPairReach` periods. Whether a core reads as an ending
 * or a bifurcation follows from the pattern's phase there, so all type combinations occur.
 *
 * `mask` (1 = finger area) is where pair centres fall; centres where the flow turns by more
 * than 0.35 rad within the reach (near cores and deltas) are skipped, as are centres closer
 * than the reach to an earlier pair. So no pair lands near a core, where every grown finger of a
 * class has the same minutiae pointing the same way (bench/synthetic/master-density.mjs
 * sameClassSense): `dislocationPairCoreExtra` pairs per core (Poisson; `cores` = x, y of each
 * core) are placed first, centred 12–56 px from a core, where the flow may turn by up to
 * `dislocationPairCoreMaxTurn`. 0 draws nothing for them.
 * Pure given the rng state.
 */
export function addDislocationPairs(
  ridges: Float32Array, width: number, height: number, orientation: Float32Array, period: Float32Array,
  mask: Uint8Array, rng: Rng, params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS, cores: Float32Array = new Float32Array(0),
): DislocationPair[] {
  let area = 0;
  for (let i = 0; i < mask.length; i++) area += mask[i]!;
  // fingers differ in how many such pairs they carry: the density is the mean of an exponential
  // per-finger draw (real prints' minutiae per cm² spread wider than grown ones)
  const density = -Math.log(1 - rng.next()) * params.dislocationPairDensity;
  const wanted = rng.poisson(Math.min(30, (density * area) / (PX_PER_CM * PX_PER_CM)));
  const placed: DislocationPair[] = [];
  const src = new Float32Array(ridges.length);
  const nCore = cores.length / 2;
  const coreWanted = params.dislocationPairCoreExtra > 0 ? rng.poisson(params.dislocationPairCoreExtra * nCore) : 0;
  for (let attempt = 0; attempt < 8 * (wanted + coreWanted) && placed.length < wanted + coreWanted; attempt++) {
    const nearCore = placed.length < coreWanted;
    let cx = rng.next() * width;
    let cy = rng.next() * height;
    if (nearCore) {
      // a core chosen by the first draw, the centre uniform over the disc 12–56 px around it
      const k = Math.min(nCore - 1, Math.floor((cx / width) * nCore));
      const r = Math.sqrt(CORE_RING[0] ** 2 + rng.next() * (CORE_RING[1] ** 2 - CORE_RING[0] ** 2)), t = 2 * Math.PI * rng.next();
      cx = cores[2 * k]! + r * Math.cos(t);
      cy = cores[2 * k + 1]! + r * Math.sin(t);
    }
    const along = params.dislocationPairAlongMin + rng.next() * (params.dislocationPairAlongMax - params.dislocationPairAlongMin);
    const lateral = params.dislocationPairLateralMin + rng.next() * (params.dislocationPairLateralMax - params.dislocationPairLateralMin);
    const sign = rng.next() < 0.5 ? -1 : 1;
    const ci = Math.floor(cy) * width + Math.floor(cx);
    if (!mask[ci]) continue;
    const p = period[ci]!;
    const reach = params.dislocationPairReach * p;
    if (cx < reach + 2 || cy < reach + 2 || cx > width - reach - 3 || cy > height - reach - 3) continue;
    if (placed.some((q) => Math.hypot((q.x1 + q.x2) / 2 - cx, (q.y1 + q.y2) / 2 - cy) < reach)) continue;
    const th = orientation[ci]!;
    if (!steadyFlow(orientation, width, cx, cy, th, reach, nearCore ? params.dislocationPairCoreMaxTurn : 0.35)) continue;
    // cores, ridge frame at the centre: t along the ridges, n across
    const tx = Math.cos(th), ty = Math.sin(th), nx = -ty, ny = tx;
    const hx = (sign * along * p * tx + lateral * p * nx) / 2;
    const hy = (sign * along * p * ty + lateral * p * ny) / 2;
    const x1 = cx - hx, y1 = cy - hy, x2 = cx + hx, y2 = cy + hy;
    placed.push({ x1, y1, x2, y2 });
    const x0 = Math.floor(cx - reach), x9 = Math.ceil(cx + reach), y0 = Math.floor(cy - reach), y9 = Math.ceil(cy + reach);
    for (let y = y0; y <= y9; y++) for (let x = x0; x <= x9; x++) src[y * width + x] = ridges[y * width + x]!;
    const inner = Math.hypot(hx, hy) + p;
    for (let y = y0; y <= y9; y++) {
      for (let x = x0; x <= x9; x++) {
        const r = Math.hypot(x - cx, y - cy);
        if (r >= reach) continue;
        const i = y * width + x;
        let psi = Math.atan2(y - y1, x - x1) - Math.atan2(y - y2, x - x2);
        if (psi > Math.PI) psi -= 2 * Math.PI;
        else if (psi <= -Math.PI) psi += 2 * Math.PI;
        const w = r <= inner ? 1 : 0.5 + 0.5 * Math.cos((Math.PI * (r - inner)) / (reach - inner));
        const a = orientation[i]!;
        const shift = (period[i]! * psi * w) / (2 * Math.PI);
        ridges[i] = sample(src, width, x + Math.sin(a) * shift, y - Math.cos(a) * shift, ridges[i]!);
      }
    }
  }
  return placed;
}

/** True when the flow within `reach` of (cx, cy) stays within `maxTurn` rad of `th` (8 probes). */
function steadyFlow(orientation: Float32Array, width: number, cx: number, cy: number, th: number, reach: number, maxTurn: number): boolean {
  for (let k = 0; k < 8; k++) {
    const x = Math.round(cx + reach * Math.cos((k * Math.PI) / 4));
    const y = Math.round(cy + reach * Math.sin((k * Math.PI) / 4));
    let d = Math.abs(orientation[y * width + x]! - th) % Math.PI;
    if (d > Math.PI / 2) d = Math.PI - d;
    if (d > maxTurn) return false;
  }
  return true;
}

/** Bilinear sample of `img` at (x, y); `fallback` when the four taps are not all inside the patch copy. */
function sample(img: Float32Array, width: number, x: number, y: number, fallback: number): number {
  const xi = Math.floor(x), yi = Math.floor(y);
  const fx = x - xi, fy = y - yi;
  const i = yi * width + xi;
  if (i < 0 || i + width + 1 >= img.length) return fallback;
  return (1 - fy) * ((1 - fx) * img[i]! + fx * img[i + 1]!) + fy * ((1 - fx) * img[i + width]! + fx * img[i + width + 1]!);
}
