import { TWO_PI } from '../core/index.js';
import { SYNTHETIC_PARAMETERS, type SyntheticParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';

/** Henry-style pattern classes. */
export type PatternClass = 'arch' | 'tented-arch' | 'left-loop' | 'right-loop' | 'whorl';
export const PATTERN_CLASSES: readonly PatternClass[] = ['arch', 'tented-arch', 'left-loop', 'right-loop', 'whorl'];

/**
 * A synthetic finger: its true minutiae over the whole finger area and its ridge-flow model.
 * Coordinates are pixels at 500 ppi in a frame centred on the finger (y down, as in images);
 * angles follow the Template convention (radians, counter-clockwise on screen).
 * Flat typed arrays so that millions can be made quickly.
 */
export interface MasterFinger {
  readonly patternClass: PatternClass;
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly angle: Float32Array;
  /** 1 ending, 2 bifurcation. */
  readonly type: Uint8Array;
  /** Singular points of the ridge-flow model (pixels, same frame). */
  readonly cores: Float32Array;
  readonly deltas: Float32Array;
  /** Global rotation of the flow model, radians. */
  readonly flowRotation: number;
}

/**
 * Ridge orientation at (x, y) in [0, π) by the zero-pole model (Sherlock & Monro 1993): half the
 * sum of the arguments to the cores minus those to the deltas. Computed with y up so the result
 * is in the Template's angle convention.
 */
export function ridgeOrientationAt(f: Pick<MasterFinger, 'cores' | 'deltas' | 'flowRotation'>, x: number, y: number): number {
  let o = f.flowRotation;
  for (let i = 0; i < f.cores.length; i += 2) o += 0.5 * Math.atan2(-(y - f.cores[i + 1]), x - f.cores[i]);
  for (let i = 0; i < f.deltas.length; i += 2) o -= 0.5 * Math.atan2(-(y - f.deltas[i + 1]), x - f.deltas[i]);
  o %= Math.PI;
  return o < 0 ? o + Math.PI : o;
}

function pickClass(rng: Rng, freq: readonly number[]): PatternClass {
  let u = rng.next();
  for (let i = 0; i < freq.length; i++) {
    u -= freq[i];
    if (u < 0) return PATTERN_CLASSES[i];
  }
  return PATTERN_CLASSES[PATTERN_CLASSES.length - 1];
}

/** Singular points per class; positions jittered so fingers of one class still differ. */
function placeSingularities(cls: PatternClass, rng: Rng, b: number): { cores: number[]; deltas: number[] } {
  const j = (s: number): number => s * rng.normal();
  switch (cls) {
    case 'arch':
      // a core/delta pair far below the finger bends the flow into a gentle arch
      return { cores: [j(20), 1.6 * b + j(30)], deltas: [j(20), 1.9 * b + j(30)] };
    case 'tented-arch':
      return { cores: [j(15), -20 + j(15)], deltas: [j(15), 45 + j(15)] };
    case 'left-loop':
      return { cores: [j(20), -25 + j(20)], deltas: [-110 + j(25), 95 + j(25)] };
    case 'right-loop':
      return { cores: [j(20), -25 + j(20)], deltas: [110 + j(25), 95 + j(25)] };
    case 'whorl':
      return { cores: [j(10), -45 + j(12), j(10), 10 + j(12)], deltas: [-120 + j(25), 100 + j(25), 120 + j(25), 100 + j(25)] };
  }
}

/**
 * Generates a master finger from `rng`: pattern class, singular points, and true minutiae placed
 * by dart throwing (no two closer than `minMinutiaDistance`) inside an elliptic finger area, each
 * pointing along the local ridge flow (either sense) with a small deviation.
 * Cost: O(minutiae) with a spatial grid (≈ 80 minutiae, a few µs). Pure given the rng state.
 */
export function generateMasterFinger(rng: Rng, params: SyntheticParameters = SYNTHETIC_PARAMETERS): MasterFinger {
  const [a, b] = params.fingerSemiAxes;
  const patternClass = pickClass(rng, params.classFrequencies);
  const sing = placeSingularities(patternClass, rng, b);
  const cores = Float32Array.from(sing.cores);
  const deltas = Float32Array.from(sing.deltas);
  const flowRotation = 0.08 * rng.normal();
  const target = Math.max(8, Math.round(Math.PI * a * b * params.minutiaDensity * (0.85 + 0.3 * rng.next())));
  const x = new Float32Array(target);
  const y = new Float32Array(target);
  const angle = new Float32Array(target);
  const type = new Uint8Array(target);
  // grid with cells of the minimum distance: a neighbour check looks at 3 × 3 cells
  const cell = params.minMinutiaDistance;
  const gw = Math.ceil((2 * a) / cell) + 1;
  const gh = Math.ceil((2 * b) / cell) + 1;
  const grid = new Int32Array(gw * gh).fill(-1);
  const min2 = params.minMinutiaDistance * params.minMinutiaDistance;
  const field = { cores, deltas, flowRotation };
  let count = 0;
  for (let tries = 0; count < target && tries < target * 6; tries++) {
    const px = (2 * rng.next() - 1) * a;
    const py = (2 * rng.next() - 1) * b;
    if ((px * px) / (a * a) + (py * py) / (b * b) > 1) continue;
    const gx = Math.floor((px + a) / cell);
    const gy = Math.floor((py + b) / cell);
    let free = true;
    for (let dy = -1; dy <= 1 && free; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const cx = gx + dx;
        const cy = gy + dy;
        if (cx < 0 || cy < 0 || cx >= gw || cy >= gh) continue;
        const k = grid[cy * gw + cx];
        if (k >= 0 && (x[k] - px) ** 2 + (y[k] - py) ** 2 < min2) {
          free = false;
          break;
        }
      }
    }
    if (!free) continue;
    grid[gy * gw + gx] = count;
    x[count] = px;
    y[count] = py;
    let th = ridgeOrientationAt(field, px, py) + (rng.next() < 0.5 ? 0 : Math.PI) + params.directionJitter * rng.normal();
    th %= TWO_PI;
    angle[count] = th < 0 ? th + TWO_PI : th;
    type[count] = rng.next() < params.bifurcationShare ? 2 : 1;
    count++;
  }
  return {
    patternClass,
    count,
    x: x.subarray(0, count),
    y: y.subarray(0, count),
    angle: angle.subarray(0, count),
    type: type.subarray(0, count),
    cores,
    deltas,
    flowRotation,
  };
}
