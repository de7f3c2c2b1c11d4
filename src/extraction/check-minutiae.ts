import { fileURLToPath } from 'node:url';
import type { ExtractionParameters } from '../config/parameters.js';
import { sampleBlockMap } from './filters.js';
import { loadOnnxSession } from './load-onnx-session.js';
import { mapReliability } from './map-reliability.js';
import type { FloatImage, ForegroundMask, FrequencyField, OrientationField } from './types.js';

/** Where the learned minutia check lives in the repository (models/minutia-check.md). */
export const MINUTIA_CHECK_MODEL = fileURLToPath(new URL('../../models/minutia-check.onnx', import.meta.url));

/** Patch layout the model was trained on (scripts/minutia-check/cut-patches.mjs cuts with this code). */
export const MINUTIA_PATCH_SIDE = 32;
export const MINUTIA_PATCH_CHANNELS = 3;
/** Samples per local ridge period: a patch spans 32 / 7.2 ≈ 4.4 ridge periods whatever the period. */
const SAMPLES_PER_PERIOD = 7.2;
const MIN_PERIOD = 5;
const MAX_PERIOD = 15;

/** What the patches are cut from: the analysis of one image. */
export interface PatchSource {
  readonly normalized: FloatImage;
  readonly enhanced: FloatImage;
  readonly mask: ForegroundMask;
  readonly frequency: FrequencyField;
}

/** A minutia to cut a patch for: pixels, direction in image coordinates (y down). */
export interface PatchPoint {
  readonly x: number;
  readonly y: number;
  readonly direction: number;
}

/**
 * Patches around minutiae, turned so the minutia's direction points along +x and scaled so
 * that a patch spans the same number of ridge periods everywhere (the local period from the
 * frequency field). Three channels, 32 × 32 each, row-major, bilinear samples: the
 * contrast-normalised grey (clipped to ±4), the enhanced image (clipped to ±2) and the
 * foreground mask; 0 outside the image. Returned as one float32 array [n, 3, 32, 32].
 * Cost: 3 × 1,024 bilinear samples per minutia.
 */
export function cutMinutiaPatches(source: PatchSource, points: readonly PatchPoint[]): Float32Array {
  const S = MINUTIA_PATCH_SIDE;
  const plane = S * S;
  const out = new Float32Array(points.length * MINUTIA_PATCH_CHANNELS * plane);
  const { width, height } = source.normalized;
  const norm = source.normalized.data;
  const enh = source.enhanced.data;
  const mask = source.mask.pixels;
  const { cols, rows, blockSize } = source.frequency.grid;
  const half = (S - 1) / 2;
  for (let n = 0; n < points.length; n++) {
    const p = points[n]!;
    let period = sampleBlockMap(source.frequency.period, cols, rows, blockSize, p.x, p.y);
    if (!(period >= MIN_PERIOD)) period = MIN_PERIOD;
    if (period > MAX_PERIOD) period = MAX_PERIOD;
    const step = period / SAMPLES_PER_PERIOD;
    const c = Math.cos(p.direction) * step;
    const s = Math.sin(p.direction) * step;
    const base = n * MINUTIA_PATCH_CHANNELS * plane;
    for (let j = 0; j < S; j++) {
      const v = j - half;
      for (let i = 0; i < S; i++) {
        const u = i - half;
        const fx = p.x + u * c - v * s;
        const fy = p.y + u * s + v * c;
        const x0 = Math.floor(fx);
        const y0 = Math.floor(fy);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) continue;
        const ax = fx - x0;
        const ay = fy - y0;
        const k = y0 * width + x0;
        const w00 = (1 - ax) * (1 - ay), w01 = ax * (1 - ay), w10 = (1 - ax) * ay, w11 = ax * ay;
        const o = base + j * S + i;
        const g = w00 * norm[k]! + w01 * norm[k + 1]! + w10 * norm[k + width]! + w11 * norm[k + width + 1]!;
        out[o] = g > 4 ? 4 : g < -4 ? -4 : g;
        const e = w00 * enh[k]! + w01 * enh[k + 1]! + w10 * enh[k + width]! + w11 * enh[k + width + 1]!;
        out[o + plane] = e > 2 ? 2 : e < -2 ? -2 : e;
        out[o + 2 * plane] = w00 * mask[k]! + w01 * mask[k + 1]! + w10 * mask[k + width]! + w11 * mask[k + width + 1]!;
      }
    }
  }
  return out;
}

/**
 * Probability 0–1 that each minutia is a true one, from the learned check
 * (models/minutia-check.onnx: a small CNN on the patches of {@link cutMinutiaPatches}), all
 * minutiae of an image in one batch. Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the
 * model cannot be loaded.
 */
export function scoreMinutiae(source: PatchSource, points: readonly PatchPoint[], modelPath: string = MINUTIA_CHECK_MODEL): Float32Array {
  if (points.length === 0) return new Float32Array(0);
  const ort = loadOnnxSession(modelPath);
  const patches = cutMinutiaPatches(source, points);
  const input = new ort.Tensor('float32', patches, [points.length, MINUTIA_PATCH_CHANNELS, MINUTIA_PATCH_SIDE, MINUTIA_PATCH_SIDE]);
  const result = ort.session.run({ patches: input }, { probability: null }, {});
  return Float32Array.from(result.probability!.data);
}

/**
 * The learned minutia check as an extraction stage: keeps the minutiae whose probability of
 * being true reaches `minutiaCheckThreshold` (0 = off: the list is returned as it is, and the
 * model is not loaded). With `minutiaCheckMaxReliability` below 1 only the minutiae where the
 * absolute reliability map (map-reliability.ts) is below it are judged (the others are kept
 * and the model sees only the doubtful ones). Order is kept.
 */
export function checkMinutiae<T extends PatchPoint>(
  minutiae: T[],
  source: PatchSource & { readonly orientation: OrientationField },
  params: ExtractionParameters,
): T[] {
  const threshold = params.minutiaCheckThreshold;
  if (!(threshold > 0) || minutiae.length === 0) return minutiae;
  const maxReliability = params.minutiaCheckMaxReliability;
  if (!(maxReliability < 1)) {
    const p = scoreMinutiae(source, minutiae);
    return minutiae.filter((_, i) => p[i]! >= threshold);
  }
  const reliability = mapReliability(source.mask, source.orientation, source.frequency, params);
  const { cols, rows, blockSize } = source.frequency.grid;
  const doubtful: number[] = [];
  minutiae.forEach((m, i) => {
    if (sampleBlockMap(reliability, cols, rows, blockSize, m.x, m.y) < maxReliability) doubtful.push(i);
  });
  if (doubtful.length === 0) return minutiae;
  const p = scoreMinutiae(source, doubtful.map((i) => minutiae[i]!));
  const rejected = new Set<number>();
  doubtful.forEach((i, k) => {
    if (p[k]! < threshold) rejected.add(i);
  });
  return minutiae.filter((_, i) => !rejected.has(i));
}
