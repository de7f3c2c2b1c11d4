import { fileURLToPath } from 'node:url';
import type { ExtractionParameters } from '../config/parameters.js';
import type { BlockGradients } from './compute-block-gradients.js';
import { loadOnnxSession } from './load-onnx-session.js';
import { blendOrientationField } from './compute-orientation-field.js';
import type { OrientationField } from './types.js';

/** Where the learned orientation restoration lives in the repository (models/orientation-net.md). */
export const ORIENTATION_NET_MODEL = fileURLToPath(new URL('../../models/orientation-net.onnx', import.meta.url));

/** The model file {@link restoreOrientationField} loads; {@link useOrientationNetModel} changes it. */
let activeModel = ORIENTATION_NET_MODEL;

/**
 * Which model file the orientation restoration loads from now on in this thread (no argument:
 * the shipped one). For the leave-one-set-out bench (bench/extraction/paired-option.mjs
 * --field-models), which analyses each held-out set with the fold model that never saw it;
 * extraction itself never calls it.
 */
export function useOrientationNetModel(modelPath: string = ORIENTATION_NET_MODEL): void {
  activeModel = modelPath;
}

/**
 * Input planes of the network, per block (the names document the order; the training data
 * script, scripts/orientation-net/make-data.mjs, writes them with {@link orientationNetFeatures}):
 * the block's own doubled gradient direction scaled by its coherence, its log energy against the
 * print's median, the classical field (doubled angle and coherence), the block mask, and the
 * block's grey mean and deviation.
 */
export const ORIENTATION_NET_FEATURES = ['blockCos2', 'blockSin2', 'logEnergy', 'fieldCos2', 'fieldSin2', 'coherence', 'mask', 'greyMean', 'greyDeviation'] as const;
export const ORIENTATION_NET_CHANNELS = ORIENTATION_NET_FEATURES.length;

/**
 * The network's input for one image: {@link ORIENTATION_NET_CHANNELS} planes of rows × cols
 * (row-major, plane after plane) from what the analysis has when the orientation field is made.
 * Cost: one pass over the pixels (grey mean and deviation per block) and a few over the blocks.
 */
export function orientationNetFeatures(
  grey: Float32Array,
  width: number,
  height: number,
  gradients: BlockGradients,
  foreground: Uint8Array,
  field: OrientationField,
): Float32Array {
  const { cols, rows, blockSize } = gradients.grid;
  const n = cols * rows;
  const out = new Float32Array(ORIENTATION_NET_CHANNELS * n);
  const { gxx, gyy, gxy } = gradients;
  const inside: number[] = [];
  for (let i = 0; i < n; i++) if (foreground[i]) inside.push(gxx[i]! + gyy[i]!);
  inside.sort((a, b) => a - b);
  const median = inside.length ? Math.max(inside[inside.length >> 1]!, 1e-6) : 1;
  const sum = new Float64Array(n);
  const sum2 = new Float64Array(n);
  const count = new Float64Array(n);
  for (let y = 0; y < height; y++) {
    const r = Math.min(rows - 1, (y / blockSize) | 0);
    for (let x = 0; x < width; x++) {
      const b = r * cols + Math.min(cols - 1, (x / blockSize) | 0);
      const v = grey[y * width + x]!;
      sum[b] += v;
      sum2[b] += v * v;
      count[b]++;
    }
  }
  for (let i = 0; i < n; i++) {
    const e = gxx[i]! + gyy[i]!;
    const vx = gyy[i]! - gxx[i]!;
    const vy = -2 * gxy[i]!;
    out[i] = e > 1e-9 ? vx / e : 0;
    out[n + i] = e > 1e-9 ? vy / e : 0;
    const le = Math.log((e + 1e-6) / median) / 4;
    out[2 * n + i] = le < -2 ? -2 : le > 2 ? 2 : le;
    out[3 * n + i] = field.cos2[i]!;
    out[4 * n + i] = field.sin2[i]!;
    out[5 * n + i] = field.coherence[i]!;
    out[6 * n + i] = foreground[i] ? 1 : 0;
    const c = count[i]! || 1;
    const mean = sum[i]! / c;
    out[7 * n + i] = (mean - 128) / 64;
    out[8 * n + i] = Math.sqrt(Math.max(0, sum2[i]! / c - mean * mean)) / 32;
  }
  return out;
}

/** The network's doubled-angle vector per block: two planes of rows × cols (not unit length). */
export function runOrientationNet(features: Float32Array, cols: number, rows: number, modelPath: string = activeModel): Float32Array {
  const ort = loadOnnxSession(modelPath);
  const result = ort.session.run({ features: new ort.Tensor('float32', features, [1, ORIENTATION_NET_CHANNELS, rows, cols]) }, { field: null }, {});
  return Float32Array.from(result.field!.data);
}

/**
 * Learned restoration of the orientation field (issue 12; off while `orientationNetBlend` is 0):
 * a small fully convolutional network on the block grid (models/orientation-net.md) predicts
 * the clean print's doubled-angle field from the features of {@link orientationNetFeatures};
 * each block's direction becomes the normalised blend (1 − w)·classical + w·learned. The
 * coherence is the classical one (the minutia gates and the blend thresholds read it).
 * Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the model cannot be loaded.
 */
export function restoreOrientationField(
  field: OrientationField,
  grey: Float32Array,
  width: number,
  height: number,
  gradients: BlockGradients,
  foreground: Uint8Array,
  params: ExtractionParameters,
): OrientationField {
  const w = params.orientationNetBlend;
  if (!(w > 0)) return field;
  const { cols, rows } = field.grid;
  const n = cols * rows;
  const net = runOrientationNet(orientationNetFeatures(grey, width, height, gradients, foreground, field), cols, rows);
  // the network's doubled-angle vectors made unit (a zero vector adds nothing to the blend)
  const lcos = new Float32Array(n);
  const lsin = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const px = net[i]!;
    const py = net[n + i]!;
    const pm = Math.hypot(px, py);
    if (pm > 1e-9) {
      lcos[i] = px / pm;
      lsin[i] = py / pm;
    }
  }
  return blendOrientationField(field, w, lcos, lsin);
}
