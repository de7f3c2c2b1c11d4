import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../config/parameters.js';
import type { Rng } from './create-rng.js';
import { PATTERN_CLASSES, type PatternClass } from './generate-master-finger.js';
import type { FingerPattern } from './image-types.js';

function pickClass(rng: Rng, freq: readonly number[]): PatternClass {
  let u = rng.next();
  for (let i = 0; i < freq.length; i++) {
    u -= freq[i]!;
    if (u < 0) return PATTERN_CLASSES[i]!;
  }
  return PATTERN_CLASSES[PATTERN_CLASSES.length - 1]!;
}

/** A normal deviate clipped to ±2.5 so that no draw lands a singular point far outside the finger. */
function clipped(rng: Rng): number {
  return Math.max(-2.5, Math.min(2.5, rng.normal()));
}

/**
 * A delta placed from its core: `distance` pixels (the mean core–delta distance times a
 * log-normal factor, as loops and whorls range from a few to over twenty ridges between core
 * and delta) along `direction` (radians, y down) turned by a random deviation.
 */
function deltaFrom(core: readonly [number, number], direction: number, distance: number, rng: Rng, params: SyntheticImageParameters): [number, number] {
  const d = distance * Math.exp(params.coreDeltaSpread * clipped(rng));
  const t = direction + params.deltaDirectionSigma * clipped(rng);
  return [core[0] + d * Math.cos(t), core[1] + d * Math.sin(t)];
}

/**
 * Singular points per class, relative to the finger centre (pixels, y down), scaled by the
 * finger's half-width `a` and half-height `b`; every position deviates by `singularJitter`
 * pixels (a standard deviation) and every core–delta distance by a log-normal factor, so that
 * two fingers of one class differ in their flow as real ones do. A loop's delta lies on the
 * side opposite its opening: a left loop (opening to the image's left) has its delta lower right.
 */
function placeSingularities(cls: PatternClass, rng: Rng, a: number, b: number, params: SyntheticImageParameters): { cores: number[]; deltas: number[] } {
  const j = (s: number): number => s * params.singularJitter * clipped(rng);
  switch (cls) {
    case 'arch':
      // a core/delta pair far below the finger bends the flow into a gentle arch
      return { cores: [j(1), 1.5 * b + j(1.5)], deltas: [j(1), 1.85 * b + j(1.5)] };
    case 'tented-arch': {
      const core: [number, number] = [j(0.8), -0.12 * b + j(0.8)];
      return { cores: [...core], deltas: deltaFrom(core, Math.PI / 2, 0.4 * b, rng, params) };
    }
    case 'left-loop':
    case 'right-loop': {
      const side = cls === 'left-loop' ? 1 : -1;
      const core: [number, number] = [-side * 0.05 * a + j(1), -0.1 * b + j(1)];
      // the delta lies below the core on the side opposite the opening: (0.65 a, 0.55 b) away on average
      const dx = 0.65 * a, dy = 0.55 * b;
      const dir = side > 0 ? Math.atan2(dy, dx) : Math.atan2(dy, -dx);
      return { cores: [...core], deltas: deltaFrom(core, dir, params.coreDeltaScale * Math.hypot(dx, dy), rng, params) };
    }
    case 'whorl': {
      // two cores around the centre (a spiral when they are apart sideways), two deltas low left and right
      const tilt = 0.5 * rng.normal();
      const half = Math.max(4, 0.12 * b * Math.exp(params.coreDeltaSpread * clipped(rng)));
      const cx = j(1), cy = -0.1 * b + j(1);
      const c1: [number, number] = [cx + half * Math.sin(tilt), cy - half * Math.cos(tilt)];
      const c2: [number, number] = [cx - half * Math.sin(tilt), cy + half * Math.cos(tilt)];
      const centre: [number, number] = [cx, cy];
      const dx = 0.7 * a, dy = 0.6 * b;
      return {
        cores: [...c1, ...c2],
        deltas: [
          ...deltaFrom(centre, Math.atan2(dy, -dx), params.coreDeltaScale * Math.hypot(dx, dy), rng, params),
          ...deltaFrom(centre, Math.atan2(dy, dx), params.coreDeltaScale * Math.hypot(dx, dy), rng, params),
        ],
      };
    }
  }
}

/**
 * Draws the ridge-flow model of the finger at ANSI/NIST position 1–10: its class (frequencies
 * depend on the position), its size (thumbs largest, little fingers smallest), its singular
 * points, and the Vizcaya & Gerhardt (1996) piecewise-linear corrections of the zero-pole model
 * (8 intervals per singular point, end values fixed at ±π so the field stays continuous).
 * Pure given the rng state; a few µs.
 */
export function chooseFingerPattern(rng: Rng, position: number, params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS): FingerPattern {
  const p = ((position - 1) % 10) + 1;
  const patternClass = pickClass(rng, params.classByPosition[p - 1]!);
  const size = params.fingerSize[(p - 1) % 5]!;
  const scale = 1 + params.fingerSizeSpread * Math.max(-2.5, Math.min(2.5, rng.normal()));
  const halfWidth = size[0]! * scale;
  const halfHeightBelow = size[1]! * scale;
  const halfHeightAbove = size[2]! * scale;
  const m = params.masterMargin;
  const centerX = Math.round(halfWidth + m);
  const centerY = Math.round(halfHeightAbove + m);
  const sing = placeSingularities(patternClass, rng, halfWidth, halfHeightBelow, params);
  const cores = Float32Array.from(sing.cores.map((v, i) => v + (i % 2 === 0 ? centerX : centerY)));
  const deltas = Float32Array.from(sing.deltas.map((v, i) => v + (i % 2 === 0 ? centerX : centerY)));
  const n = (cores.length + deltas.length) / 2;
  const correction = new Float32Array(9 * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i <= 8; i++) {
      const alpha = -Math.PI + (i * Math.PI) / 4;
      // interior control values move a little; the ends stay at ±π so each singular point still turns the field by π
      correction[9 * k + i] = i === 0 || i === 8 ? alpha : alpha + params.orientationCorrectionSigma * Math.max(-2, Math.min(2, rng.normal()));
    }
  }
  return {
    position: p, patternClass, centerX, centerY, halfWidth, halfHeightBelow, halfHeightAbove,
    cores, deltas, correction, flowRotation: 0.06 * rng.normal(),
  };
}
