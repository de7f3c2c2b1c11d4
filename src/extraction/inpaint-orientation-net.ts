import { fileURLToPath } from 'node:url';
import { loadOnnxSession } from './load-onnx-session.js';
import { ridgeAngleOf } from './compute-orientation-field.js';
import type { OrientationField } from './types.js';

/** Where the learned orientation inpainter lives in the repository (models/orientation-inpaint.md). */
export const ORIENTATION_INPAINT_MODEL = fileURLToPath(new URL('../../models/orientation-inpaint.onnx', import.meta.url));

/** The model file {@link inpaintUnclearBlocks} loads; {@link useOrientationInpaintModel} changes it. */
let activeModel = ORIENTATION_INPAINT_MODEL;

/**
 * Which model file the inpainter loads from now on in this thread (no argument: the shipped one).
 * For tests and benches; extraction itself never calls it.
 */
export function useOrientationInpaintModel(modelPath: string = ORIENTATION_INPAINT_MODEL): void {
  activeModel = modelPath;
}

/**
 * Input planes of the inpainter, per block, in this order (scripts/orientation-inpaint/make-data.mjs
 * stores the first five, the training adds the hole): the field as the analysis has it after the
 * ridge network's blend (doubled-angle unit vector), its classical coherence, the coherence of the
 * ridge network's map, the foreground mask, and the hole (a foreground block the gate doubts).
 */
export const ORIENTATION_INPAINT_FEATURES = ['fieldCos2', 'fieldSin2', 'coherence', 'mapCoherence', 'mask', 'hole'] as const;
export const ORIENTATION_INPAINT_CHANNELS = ORIENTATION_INPAINT_FEATURES.length;

/**
 * The inpainter's input for one print: {@link ORIENTATION_INPAINT_CHANNELS} planes of rows × cols
 * (row-major, plane after plane). `hole` marks the blocks the network is asked to fill.
 */
export function inpaintFeatures(field: OrientationField, mapCoherence: ArrayLike<number>, foreground: Uint8Array, hole: Uint8Array): Float32Array {
  const n = field.grid.cols * field.grid.rows;
  const out = new Float32Array(ORIENTATION_INPAINT_CHANNELS * n);
  for (let b = 0; b < n; b++) {
    if (!foreground[b]) continue;
    out[b] = field.cos2[b]!;
    out[n + b] = field.sin2[b]!;
    out[2 * n + b] = field.coherence[b]!;
    out[3 * n + b] = mapCoherence[b]!;
    out[4 * n + b] = 1;
    out[5 * n + b] = hole[b] ? 1 : 0;
  }
  return out;
}

/**
 * The foreground blocks whose coherence on the ridge network's map is below `threshold`: where the
 * network drew no clear ridges (a wet print's closed masses; bench/RESULTS.md, wet3). Null when none.
 */
export function unclearBlocks(mapCoherence: ArrayLike<number>, foreground: Uint8Array, threshold: number): Uint8Array | null {
  const hole = new Uint8Array(foreground.length);
  let any = false;
  for (let b = 0; b < hole.length; b++) {
    if (foreground[b] && mapCoherence[b]! < threshold) {
      hole[b] = 1;
      any = true;
    }
  }
  return any ? hole : null;
}

/**
 * Learned inpainting of the direction where the ridge network's map shows no clear ridges (issue 12,
 * fieldnet2; off while `orientationInpaintCoherence` is 0): a small fully convolutional network on
 * the block grid with dilations (models/orientation-inpaint.md), trained on synthetic prints only
 * with the master print's field as target, reads the flow around a hole (and what the hole's own
 * estimate says) and gives the hole's blocks its direction. Every block outside the hole keeps
 * `field` bit for bit; so does the coherence. Returns `field` itself when no block is unclear
 * (the network is then not run). Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the model
 * cannot be loaded.
 */
export function inpaintUnclearBlocks(field: OrientationField, mapCoherence: ArrayLike<number>, foreground: Uint8Array, threshold: number, modelPath: string = activeModel): OrientationField {
  const hole = unclearBlocks(mapCoherence, foreground, threshold);
  if (!hole) return field;
  const { cols, rows } = field.grid;
  const n = cols * rows;
  const ort = loadOnnxSession(modelPath);
  const features = inpaintFeatures(field, mapCoherence, foreground, hole);
  const result = ort.session.run({ features: new ort.Tensor('float32', features, [1, ORIENTATION_INPAINT_CHANNELS, rows, cols]) }, { field: null }, {});
  const net = result.field!.data;
  const cos2 = Float32Array.from(field.cos2);
  const sin2 = Float32Array.from(field.sin2);
  const angle = Float32Array.from(field.angle);
  for (let b = 0; b < n; b++) {
    if (!hole[b]) continue;
    const px = net[b]!;
    const py = net[n + b]!;
    const m = Math.hypot(px, py);
    if (!(m > 1e-9)) continue;
    cos2[b] = px / m;
    sin2[b] = py / m;
    angle[b] = ridgeAngleOf(cos2[b]!, sin2[b]!);
  }
  return { grid: field.grid, cos2, sin2, angle, coherence: field.coherence };
}
