import type { PatternClass } from './generate-master-finger.js';

/**
 * Minutiae as flat arrays. Coordinates are pixels (origin top-left, y down); `angle` follows the
 * Template convention (radians in [0, 2π), counter-clockwise on screen: an ending points along
 * its ridge, a bifurcation along the valley between its branches); `type` 1 ending, 2 bifurcation.
 */
export interface MinutiaArrays {
  readonly count: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly angle: Float32Array;
  readonly type: Uint8Array;
}

/** Singular points of a finger (pixels in the master's frame). */
export interface SingularPoints {
  /** x, y pairs. */
  readonly cores: Float32Array;
  readonly deltas: Float32Array;
}

/** The ridge-flow model of one finger: class, singular points and the corrections drawn for it. */
export interface FingerPattern extends SingularPoints {
  readonly position: number;
  readonly patternClass: PatternClass;
  /** Centre of the finger area in the master's frame, and its semi-axes (half-width, half-height below, above). */
  readonly centerX: number;
  readonly centerY: number;
  readonly halfWidth: number;
  readonly halfHeightBelow: number;
  readonly halfHeightAbove: number;
  /** Vizcaya & Gerhardt control values: 9 per singular point (cores first), radians. */
  readonly correction: Float32Array;
  /** Global rotation of the flow, radians (y up). */
  readonly flowRotation: number;
}

/**
 * A master fingerprint: the noise-free ridge pattern of one finger and its ground truth.
 * `ridges` is in [-1, 1], positive on a ridge. `orientation` is the ridge direction per pixel in
 * image coordinates (radians in [0, π), angle of (cos θ, sin θ) with y down); `period` the ridge
 * period per pixel; `mask` 1 inside the finger area.
 */
export interface MasterPrint {
  readonly pattern: FingerPattern;
  readonly width: number;
  readonly height: number;
  readonly ridges: Float32Array;
  readonly orientation: Float32Array;
  readonly period: Float32Array;
  readonly mask: Uint8Array;
  readonly minutiae: MinutiaArrays;
}
