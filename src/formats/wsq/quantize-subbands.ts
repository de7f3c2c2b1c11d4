import { BLOCK_2_START, BLOCK_3_START, CODED_SUBBANDS, type SubbandLayout } from './compute-subband-layout.js';
import { toScaledInteger } from './wavelet-filters.js';

/**
 * Subband quantisation of the WSQ encoder (IAFIS-IC-0110 v3 §A, "bit allocation"): subband
 * variances, the quantiser step Q_k of every subband for a target bit rate, and the uniform
 * dead-zone quantiser itself. The constants below are the specification's.
 */

/** Subbands with a variance below this are not coded (Q = 0). */
const VARIANCE_THRESHOLD = 1.01;
/** Zero-bin width as a multiple of the step (Z = 1.2 Q). */
const ZERO_BIN_FACTOR = 1.2;
/** Quantiser bin centre C, transmitted as 44 / 10^2. */
export const BIN_CENTER_SCALE = 2;
export const BIN_CENTER_VALUE = 44;
/** Below this sum of the four coarsest variances the whole subband is used for variance. */
const SMALL_VARIANCE_SUM = 20000;

/** Relative weights A_k (1 except the finest coded subbands 52–59). */
function weight(k: number): number {
  const fine = [1.32, 1.08, 1.42, 1.08, 1.32, 1.42, 1.08, 1.08];
  return k >= BLOCK_3_START ? fine[k - BLOCK_3_START]! : 1;
}

/** Reciprocal of the subband's decimation factor m_k (its share of the image's pixels). */
function share(k: number): number {
  if (k < 4) return 1 / 1024;
  if (k < 51) return 1 / 256;
  return 1 / 16;
}

/**
 * Variance of each coded subband. For the statistics the specification uses the central part
 * of a subband (skipping 1/8 of the width on the left and 9/32 of the height at the top, and
 * keeping 3/4 × 7/16 of it), where the fingerprint usually is, unless the image is nearly flat.
 */
export function computeSubbandVariances(plane: Float32Array, stride: number, layout: SubbandLayout): Float64Array {
  const variance = new Float64Array(CODED_SUBBANDS);
  const measure = (k: number, cropped: boolean): number => {
    const band = layout.subbands[k]!;
    let x0 = band.x;
    let y0 = band.y;
    let w = band.width;
    let h = band.height;
    if (cropped) {
      x0 += Math.floor(band.width / 8);
      y0 += Math.floor((9 * band.height) / 32);
      w = Math.floor((3 * band.width) / 4);
      h = Math.floor((7 * band.height) / 16);
    }
    const n = w * h;
    if (n < 2) return 0;
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < h; r++) {
      const row = (y0 + r) * stride + x0;
      for (let c = 0; c < w; c++) {
        const v = plane[row + c]!;
        sum += v;
        squares += v * v;
      }
    }
    return (squares - (sum * sum) / n) / (n - 1);
  };
  let coarse = 0;
  for (let k = 0; k < 4; k++) {
    variance[k] = measure(k, true);
    coarse += variance[k]!;
  }
  const flat = coarse < SMALL_VARIANCE_SUM;
  for (let k = flat ? 0 : 4; k < CODED_SUBBANDS; k++) variance[k] = measure(k, !flat);
  return variance;
}

/** Quantiser steps as transmitted (and as the decoder will read them back). */
export interface QuantizerSteps {
  /** Per subband 0…63: [scale, integer] of Q and Z as written to the DQT segment. */
  readonly qField: readonly (readonly [number, number])[];
  readonly zField: readonly (readonly [number, number])[];
  /** Decoded Q_k and Z_k (0 for uncoded subbands). */
  readonly q: Float64Array;
  readonly z: Float64Array;
}

/**
 * Chooses Q_k so that the coded subbands average `bitRate` bits per pixel under the
 * specification's rate model, dropping subbands whose allotted rate would be non-positive
 * and solving again. Converges in at most 60 rounds (each drops at least one subband).
 */
export function allocateQuantizerSteps(variance: Float64Array, bitRate: number): QuantizerSteps {
  const sigma = new Float64Array(CODED_SUBBANDS);
  const qPrime = new Float64Array(CODED_SUBBANDS);
  const initial: number[] = [];
  for (let k = 0; k < CODED_SUBBANDS; k++) {
    if (!(variance[k]! >= VARIANCE_THRESHOLD)) continue;
    sigma[k] = Math.sqrt(variance[k]!);
    qPrime[k] = k < 4 ? 1 : 10 / (weight(k) * Math.log(variance[k]!));
    initial.push(k);
  }
  let active = initial.slice();
  let gamma = 1;
  while (active.length > 0) {
    let s = 0;
    let logP = 0;
    for (const k of active) {
      s += share(k);
      logP += share(k) * Math.log(sigma[k]! / qPrime[k]!);
    }
    gamma = 2 ** (bitRate / s - 1) / 2.5 / Math.exp(logP / s);
    const kept = active.filter((k) => qPrime[k]! / gamma < 5 * sigma[k]!);
    if (kept.length === active.length || kept.length === 0) break;
    active = kept;
  }
  const q = new Float64Array(64);
  const z = new Float64Array(64);
  const qField: [number, number][] = [];
  const zField: [number, number][] = [];
  const inInitial = new Set(initial);
  for (let k = 0; k < 64; k++) {
    if (k < CODED_SUBBANDS && inInitial.has(k) && Number.isFinite(qPrime[k]! / gamma) && qPrime[k]! / gamma > 0) {
      const [qs, qi, qv] = toScaledInteger(qPrime[k]! / gamma, 65535);
      const [zs, zi, zv] = toScaledInteger((ZERO_BIN_FACTOR * qPrime[k]!) / gamma, 65535);
      qField.push([qs, qi]);
      zField.push([zs, zi]);
      q[k] = qv;
      z[k] = zv;
    } else {
      qField.push([0, 0]);
      zField.push([0, 0]);
    }
  }
  return { qField, zField, q, z };
}

/**
 * Quantises the coded subbands (Q ≠ 0) in stream order into `out`, returning how many
 * coefficients each of the three blocks holds. Dead-zone quantiser: |a| ≤ Z/2 → 0, otherwise
 * ±(⌊(|a| − Z/2)/Q⌋ + 1), clamped to ±32767 (the reference decoder stores 16-bit values).
 */
export function quantizeSubbands(plane: Float32Array, stride: number, layout: SubbandLayout, steps: QuantizerSteps, out: Int32Array): [number, number, number] {
  const blockSizes: [number, number, number] = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < CODED_SUBBANDS; k++) {
    const q = steps.q[k]!;
    if (q === 0) continue;
    const halfZ = steps.z[k]! / 2;
    const band = layout.subbands[k]!;
    const before = n;
    for (let r = 0; r < band.height; r++) {
      const row = (band.y + r) * stride + band.x;
      for (let c = 0; c < band.width; c++) {
        const a = plane[row + c]!;
        let v = 0;
        if (a > halfZ) v = Math.min(32767, Math.trunc((a - halfZ) / q + 1));
        else if (a < -halfZ) v = Math.max(-32767, Math.trunc((a + halfZ) / q - 1));
        out[n++] = v;
      }
    }
    blockSizes[k < BLOCK_2_START ? 0 : k < BLOCK_3_START ? 1 : 2] += n - before;
  }
  return blockSizes;
}
