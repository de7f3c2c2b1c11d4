import { fileURLToPath } from 'node:url';
import { NO_DEBUG, createGrayImage, type DebugSink, type GrayImage } from '../core/index.js';
import type { ExtractionParameters } from '../config/parameters.js';
import { fft2 } from './fourier-transform.js';
import { loadOnnxSession } from './load-onnx-session.js';

/** Where the learned smear gate lives in the repository (models/smear-gate.md). */
export const SMEAR_GATE_MODEL = fileURLToPath(new URL('../../models/smear-gate.onnx', import.meta.url));
let gateModel = SMEAR_GATE_MODEL;

/**
 * The learned gate's model file {@link smearProbability} reads by default: `path`, or the shipped
 * {@link SMEAR_GATE_MODEL} when omitted. For judging a retrained gate against the shipped one
 * (bench/extraction/paired-option.mjs --smear-gate-model); the service never calls it.
 */
export function useSmearGateModel(path?: string): void {
  gateModel = path ?? SMEAR_GATE_MODEL;
}

/**
 * A finger that slid while it was captured (issue 12, `smear`): the image is the print averaged
 * along a short line. Such a blur leaves its mark in the print's cepstrum (the inverse transform
 * of the log power spectrum), where the zeros of the line's sinc make a ridge of its own, while a
 * print's ridges make none there; so the line is estimated blind from the print and, when the mark
 * is clear and long enough to cost, deconvolved before any stage reads the image.
 *
 * Estimate: the mean log power spectrum of the print's 64 × 64 tiles (not overlapping, Hann
 * window; the 8 whose quarters' least grey spread is greatest, at least 14), its cepstrum
 * compared, over radii 1.5–12 px, with the cepstra of line blurs 2.5–7 px long (by 0.5) in 36
 * directions (log sinc² on the same grid): the best correlation gives the line. Undoing: in one
 * Fourier transform of the image (mirrored out to powers of two), the filter of
 * `smearUndoIterations` Landweber iterations f ← f + h(g − hf) for the line's symmetric operator
 * h, (1 − (1 − H²)^n) / H, which stays bounded where H vanishes. Measured in bench/RESULTS.md
 * (issue 12, "smearundo"; the fault itself in "A finger that slid").
 */

/** The estimated line of a smear: its length (px), direction (radians, 0–π) and the cepstral correlation. */
export interface SmearEstimate {
  readonly length: number;
  readonly theta: number;
  readonly correlation: number;
  /** The correlation less the mean correlation of the same length in all 36 directions. */
  readonly anisotropy: number;
  /** Every line model's correlation, length by length (2.5–7 px by 0.5), each in 36 directions from 0. */
  readonly correlations: Float32Array;
  /** Tiles read (1–8), and their quarters' least grey spread, averaged. */
  readonly tiles: number;
  readonly spread: number;
}

/** How many values {@link smearFeatures} gives. */
export const SMEAR_FEATURES = 2 * 10 + 19 + 3;

/**
 * What a learned gate reads of an estimate (models/smear-gate.md), the same at training and at
 * inference; none depends on the smear's direction: per model length the best and the mean
 * correlation over the 36 directions; at the best length the correlation 0–90° away from the best
 * direction (10° steps, both sides averaged); the best length (scaled 0–1), the tiles read (0–1)
 * and their spread (/ 64).
 */
export function smearFeatures(e: SmearEstimate): Float32Array {
  const f = new Float32Array(SMEAR_FEATURES);
  const c = e.correlations;
  let best = 0;
  for (let i = 1; i < c.length; i++) if (c[i]! > c[best]!) best = i;
  for (let l = 0; l < LENGTHS.length; l++) {
    let max = -Infinity, mean = 0;
    for (let d = 0; d < DIRECTIONS; d++) {
      const v = c[l * DIRECTIONS + d]!;
      max = Math.max(max, v);
      mean += v;
    }
    f[2 * l] = max;
    f[2 * l + 1] = mean / DIRECTIONS;
  }
  const l0 = Math.floor(best / DIRECTIONS) * DIRECTIONS, d0 = best % DIRECTIONS;
  for (let k = 0; k <= DIRECTIONS / 2; k++) {
    f[20 + k] = (c[l0 + ((d0 + k) % DIRECTIONS)]! + c[l0 + ((d0 - k + DIRECTIONS) % DIRECTIONS)]!) / 2;
  }
  f[39] = (e.length - LENGTHS[0]!) / (LENGTHS.at(-1)! - LENGTHS[0]!);
  f[40] = e.tiles / MAX_TILES;
  f[41] = e.spread / 64;
  return f;
}

const N = 64;
/** Tiles start this far apart (they do not overlap). */
const TILE_STEP = 64;
/** At most this many tiles are read: those whose four quarters' least grey spread is greatest. */
const MAX_TILES = 8;
/** A tile is read only when each of its quarters has at least this grey spread (print, not background). */
const MIN_TILE_SPREAD = 14;
const LENGTHS = Array.from({ length: 10 }, (_, i) => 2.5 + 0.5 * i);
const DIRECTIONS = 36;

interface Model {
  readonly length: number;
  readonly theta: number;
  /** The model cepstrum at the compared radii, centred and scaled to unit norm. */
  readonly values: Float64Array;
}
let models: Model[] | null = null;
/** Cepstrum indices (in the N × N grid) of the compared radii. */
let radii: Uint32Array | null = null;

function comparedRadii(): Uint32Array {
  if (radii) return radii;
  const list: number[] = [];
  for (let y = -12; y <= 12; y++) {
    for (let x = -12; x <= 12; x++) {
      const r = Math.hypot(x, y);
      if (r >= 1.5 && r <= 12) list.push(((y + N) % N) * N + ((x + N) % N));
    }
  }
  radii = Uint32Array.from(list);
  return radii;
}

/** Centred values at the compared radii, scaled to unit norm (all zero when flat). */
function centredAt(cepstrum: Float64Array, at: Uint32Array): Float64Array {
  const v = new Float64Array(at.length);
  let mean = 0;
  for (let i = 0; i < at.length; i++) mean += (v[i] = cepstrum[at[i]!]!);
  mean /= at.length;
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] = v[i]! - mean) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

/** The line blurs' cepstra, made once per thread. */
function lineModels(): Model[] {
  if (models) return models;
  const at = comparedRadii();
  const re = new Float64Array(N * N), im = new Float64Array(N * N);
  models = [];
  for (const length of LENGTHS) {
    for (let k = 0; k < DIRECTIONS; k++) {
      const theta = (k * Math.PI) / DIRECTIONS;
      const c = Math.cos(theta), s = Math.sin(theta);
      for (let y = 0; y < N; y++) {
        const v = (y < N / 2 ? y : y - N) / N;
        for (let x = 0; x < N; x++) {
          const u = (x < N / 2 ? x : x - N) / N;
          const a = Math.PI * length * (u * c + v * s);
          const sinc = a === 0 ? 1 : Math.sin(a) / a;
          re[y * N + x] = Math.log(sinc * sinc + 1e-3);
        }
      }
      im.fill(0);
      fft2(re, im, N, N, true);
      models.push({ length, theta, values: centredAt(re, at) });
    }
  }
  return models;
}

/**
 * The smear's line as the cepstrum reads it, or null when the image has no tile of print. Reads
 * the grey as given (0–255); O(W·H) for the tiles' spread, then a fixed cost: four 64 × 64
 * transforms and a 360 × 430 comparison (about 1–2 ms; the line models, made once per thread,
 * about 0.1 s).
 */
export function estimateSmear(grey: ArrayLike<number>, width: number, height: number): SmearEstimate | null {
  const hann = new Float64Array(N);
  for (let i = 0; i < N; i++) hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (N - 1));
  // the tiles of print: their corners, mean grey and spread, the spread the least of their four
  // quarters', so a tile half on the background, a frame's fill or a cut edge ranks low
  const tiles: Array<{ x: number; y: number; mean: number; spread: number }> = [];
  const Q = N / 2;
  for (let ty = 0; ty + N <= height; ty += TILE_STEP) {
    for (let tx = 0; tx + N <= width; tx += TILE_STEP) {
      let total = 0, spread = Infinity;
      for (let qy = 0; qy < N; qy += Q) {
        for (let qx = 0; qx < N; qx += Q) {
          let sum = 0, sq = 0;
          for (let y = 0; y < Q; y++) {
            const row = (ty + qy + y) * width + tx + qx;
            for (let x = 0; x < Q; x++) {
              const g = grey[row + x]!;
              sum += g;
              sq += g * g;
            }
          }
          total += sum;
          const mean = sum / (Q * Q);
          spread = Math.min(spread, Math.sqrt(Math.max(0, sq / (Q * Q) - mean * mean)));
        }
      }
      if (spread >= MIN_TILE_SPREAD) tiles.push({ x: tx, y: ty, mean: total / (N * N), spread });
    }
  }
  if (tiles.length === 0) return null;
  if (tiles.length > MAX_TILES) {
    tiles.sort((p, q) => q.spread - p.spread);
    tiles.length = MAX_TILES;
  }
  const sum = new Float64Array(N * N);
  const re = new Float64Array(N * N), im = new Float64Array(N * N);
  // two real tiles in one complex transform (the first as real part, the second as imaginary),
  // their power spectra separated by the transform's symmetry Z(−k) = conj of the pair's
  for (let t = 0; t < tiles.length; t += 2) {
    const a = tiles[t]!, b = tiles[t + 1];
    for (let y = 0; y < N; y++) {
      const rowA = (a.y + y) * width + a.x;
      const rowB = b ? (b.y + y) * width + b.x : 0;
      for (let x = 0; x < N; x++) {
        const w = hann[x]! * hann[y]!;
        re[y * N + x] = (grey[rowA + x]! - a.mean) * w;
        im[y * N + x] = b ? (grey[rowB + x]! - b.mean) * w : 0;
      }
    }
    fft2(re, im, N, N, false);
    // each power is even in k: computed once for k and −k
    for (let y = 0; y < N; y++) {
      const ny = ((N - y) % N) * N;
      for (let x = 0; x < N; x++) {
        const k = y * N + x, nk = ny + ((N - x) % N);
        if (nk < k) continue;
        const rs = re[k]! + re[nk]!, rd = re[k]! - re[nk]!, is = im[k]! + im[nk]!, id = im[k]! - im[nk]!;
        let v = Math.log((rs * rs + id * id) / 4 + 1e-3);
        if (b) v += Math.log((is * is + rd * rd) / 4 + 1e-3);
        sum[k] = sum[k]! + v;
        if (nk !== k) sum[nk] = sum[nk]! + v;
      }
    }
  }
  for (let i = 0; i < N * N; i++) re[i] = sum[i]! / tiles.length;
  im.fill(0);
  fft2(re, im, N, N, true);
  const observed = centredAt(re, comparedRadii());
  const correlations = lineModels().map((m) => {
    let dot = 0;
    for (let i = 0; i < observed.length; i++) dot += observed[i]! * m.values[i]!;
    return dot;
  });
  let best = 0;
  for (let i = 1; i < correlations.length; i++) if (correlations[i]! > correlations[best]!) best = i;
  const m = lineModels()[best]!;
  // the same length's mean correlation over all directions: an isotropic blur reads alike in each
  const first = best - (best % DIRECTIONS);
  let mean = 0;
  for (let i = first; i < first + DIRECTIONS; i++) mean += correlations[i]!;
  mean /= DIRECTIONS;
  const spread = tiles.reduce((a, t) => a + t.spread, 0) / tiles.length;
  return {
    length: m.length, theta: m.theta, correlation: correlations[best]!, anisotropy: correlations[best]! - mean,
    correlations: Float32Array.from(correlations), tiles: tiles.length, spread,
  };
}

/** Index of `i` in 0..n−1 reflected about the edges (period 2n), so any offset maps inside. */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/**
 * The learned gate's probability (models/smear-gate.onnx, a small perceptron on
 * {@link smearFeatures}) that the print slid and the estimate read the smear's line. Well under
 * 0.1 ms. Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the model cannot be loaded.
 */
export function smearProbability(e: SmearEstimate, modelPath: string = gateModel): number {
  const ort = loadOnnxSession(modelPath);
  const input = new ort.Tensor('float32', smearFeatures(e), [1, SMEAR_FEATURES]);
  return ort.session.run({ features: input }, { probability: null }, {}).probability!.data[0]!;
}

/**
 * Whether the gate opens for an estimate: its length at least `smearUndoMinLength`, its correlation
 * above `smearUndoMinCorrelation` and, with `smearGateThreshold` set, the learned gate's
 * probability at least that (the model is read only for an estimate the rest lets through).
 */
export function smearGateOpens(e: SmearEstimate, params: ExtractionParameters): boolean {
  if (e.length < params.smearUndoMinLength || !(e.correlation > params.smearUndoMinCorrelation)) return false;
  return !(params.smearGateThreshold > 0) || smearProbability(e) >= params.smearGateThreshold;
}

/**
 * The largest transform the undoing makes (entries): 1024 × 1024, room for any finger at 500 ppi
 * (FVC2002's largest is 296 × 560). A larger image (the service takes captures up to 8,000 px a
 * side: a whole slap sent as one finger, say) is not deconvolved, which would take gigabytes.
 */
export const MAX_DECONVOLUTION_ENTRIES = 1 << 20;

/** The next power of two at or above `n`. */
function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/**
 * The grey image (`width` × `height`) deconvolved for a line blur of `length` px in direction
 * `theta` by the filter of `iterations` Landweber iterations (see the module comment), clamped to
 * 0–255. The image is mirrored out by at least 16 px to powers of two first, so its edges do not wrap.
 * Throws RangeError when that transform would exceed {@link MAX_DECONVOLUTION_ENTRIES}.
 */
export function deconvolveLine(grey: ArrayLike<number>, width: number, height: number, length: number, theta: number, iterations: number): Float32Array {
  const W = powerOfTwoAtLeast(width + 32), H = powerOfTwoAtLeast(height + 32);
  if (W * H > MAX_DECONVOLUTION_ENTRIES) throw new RangeError(`a ${width} × ${height} image is too large to deconvolve (at most ${MAX_DECONVOLUTION_ENTRIES} entries)`);
  const ox = (W - width) >> 1, oy = (H - height) >> 1;
  const re = new Float64Array(W * H), im = new Float64Array(W * H);
  for (let y = 0; y < H; y++) {
    const row = reflect(y - oy, height) * width;
    for (let x = 0; x < W; x++) re[y * W + x] = grey[row + reflect(x - ox, width)]!;
  }
  fft2(re, im, W, H, false);
  // the line's taps one pixel apart, the ends weighted by what of them the length covers
  const half = length / 2, n = Math.floor(half);
  const taps: Array<[number, number]> = [];
  let total = 0;
  for (let k = -n - 1; k <= n + 1; k++) {
    const weight = Math.max(0, Math.min(1, half + 0.5 - Math.abs(k)));
    if (weight > 0) {
      taps.push([k, weight]);
      total += weight;
    }
  }
  const c = Math.cos(theta), s = Math.sin(theta);
  for (let y = 0; y < H; y++) {
    const v = (y < H / 2 ? y : y - H) / H;
    for (let x = 0; x < W; x++) {
      const u = (x < W / 2 ? x : x - W) / W;
      const phase = 2 * Math.PI * (u * c + v * s);
      let h = 0;
      for (const [k, weight] of taps) h += weight * Math.cos(k * phase);
      h /= total;
      const gain = Math.abs(h) < 1e-9 ? iterations * h : (1 - (1 - h * h) ** iterations) / h;
      re[y * W + x] = re[y * W + x]! * gain;
      im[y * W + x] = im[y * W + x]! * gain;
    }
  }
  fft2(re, im, W, H, true);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = Math.max(0, Math.min(255, re[(y + oy) * W + x + ox]!));
  }
  return out;
}

/**
 * The image with its smear undone when the estimate is clear (correlation above
 * `smearUndoMinCorrelation`, and with `smearGateThreshold` the learned gate's probability at least
 * that) and long enough to cost (at least `smearUndoMinLength` px); else the image itself. Off (the
 * image itself, nothing estimated) while `smearUndoMinCorrelation` is 0;
 * an image whose transform would exceed {@link MAX_DECONVOLUTION_ENTRIES} is left as it is.
 * `estimate`: {@link estimateSmear} of this very image, made already by the caller (the desk's
 * slid read), read instead of estimating again; omitted, the image is estimated here.
 */
export function undoSmear(image: GrayImage, params: ExtractionParameters, debug: DebugSink = NO_DEBUG, estimate?: SmearEstimate | null): GrayImage {
  if (!(params.smearUndoMinCorrelation > 0)) return image;
  const { width, height, data } = image;
  if (powerOfTwoAtLeast(width + 32) * powerOfTwoAtLeast(height + 32) > MAX_DECONVOLUTION_ENTRIES) return image;
  if (estimate === undefined) estimate = estimateSmear(data, width, height);
  if (debug.enabled) {
    debug.emit('extraction.smear', { kind: 'json', value: estimate && { length: estimate.length, theta: estimate.theta, correlation: estimate.correlation, anisotropy: estimate.anisotropy } });
  }
  if (!estimate || !smearGateOpens(estimate, params)) return image;
  const restored = deconvolveLine(data, width, height, estimate.length, estimate.theta, params.smearUndoIterations);
  const out = createGrayImage(width, height, Uint8Array.from(restored, (v) => Math.round(v)), image.ppi);
  if (debug.enabled) debug.emit('extraction.unsmeared', { kind: 'image', image: out });
  return out;
}
