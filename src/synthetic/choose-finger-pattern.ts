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

/**
 * Singular points per class, relative to the finger centre (pixels, y down), scaled by the
 * finger's half-width `a` and half-height `b`. A loop's delta lies on the side opposite its
 * opening: a left loop (opening to the image's left) has its delta lower right.
 */
function placeSingularities(cls: PatternClass, rng: Rng, a: number, b: number, jitter: number): { cores: number[]; deltas: number[] } {
  const j = (s: number): number => s * jitter * rng.normal();
  switch (cls) {
    case 'arch':
      // a core/delta pair far below the finger bends the flow into a gentle arch
      return { cores: [j(1), 1.5 * b + j(1.5)], deltas: [j(1), 1.85 * b + j(1.5)] };
    case 'tented-arch':
      return { cores: [j(0.8), -0.12 * b + j(0.8)], deltas: [j(0.8), 0.28 * b + j(0.8)] };
    case 'left-loop':
      return { cores: [-0.05 * a + j(1), -0.1 * b + j(1)], deltas: [0.6 * a + j(1.2), 0.45 * b + j(1.2)] };
    case 'right-loop':
      return { cores: [0.05 * a + j(1), -0.1 * b + j(1)], deltas: [-0.6 * a + j(1.2), 0.45 * b + j(1.2)] };
    case 'whorl': {
      // two cores around the centre (a spiral when they are apart sideways), two deltas low left and right
      const tilt = 0.5 * rng.normal();
      const half = 0.12 * b + Math.abs(j(0.4));
      return {
        cores: [half * Math.sin(tilt) + j(0.5), -0.1 * b - half * Math.cos(tilt) + j(0.5), -half * Math.sin(tilt) + j(0.5), -0.1 * b + half * Math.cos(tilt) + j(0.5)],
        deltas: [-0.7 * a + j(1.2), 0.5 * b + j(1.2), 0.7 * a + j(1.2), 0.5 * b + j(1.2)],
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
  const sing = placeSingularities(patternClass, rng, halfWidth, halfHeightBelow, params.singularJitter / 20);
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
