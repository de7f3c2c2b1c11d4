import { fileURLToPath } from 'node:url';
import type { ExtractionParameters } from '../config/parameters.js';
import { ridgeNetBox, ridgeNetModelFor, ridgeNetModelPath, runRidgeNetAround, RIDGE_NET_CONTEXT, type PixelBox, type RidgeNetRun } from './blend-ridge-net.js';
import { computeBlockGradients } from './compute-block-gradients.js';
import { dilateSquare, smoothGrid } from './filters.js';
import { blendOrientationField, computeOrientationField, computeOrientationVectors, ridgeAngleOf } from './compute-orientation-field.js';
import { replaceDoubtedByModel } from './fit-orientation-model.js';
import { inpaintUnclearBlocks } from './inpaint-orientation-net.js';
import type { FloatImage, ForegroundMask, OrientationField } from './types.js';

/**
 * Where the field's own narrow ridge network lives (models/ridge-net.md, "The field's narrow
 * network"): the enhancer's recipe at 4 / 8 / 16 channels, ≈ ¼ of its multiply-adds, read only
 * while `orientationFromRidgeNetModel` is 0. The shipped field (since the twenty-second session)
 * reads the enhancer's full network in its int8 form instead (`orientationFromRidgeNetModel` 1,
 * `ridgeNetInt8` 1), whose one run the faint-print blend then shares.
 */
export const RIDGE_NET_FIELD_MODEL = fileURLToPath(new URL('../../models/ridge-net-field.onnx', import.meta.url));

/** The model file {@link readFieldFromRidgeNet} loads; {@link useRidgeNetFieldModel} changes it. */
let activeFieldModel = RIDGE_NET_FIELD_MODEL;

/**
 * Which model file the orientation field's network is loaded from now on in this thread (no
 * argument: the shipped field model) while `orientationFromRidgeNetModel` is 0. For tests and
 * benches; extraction itself never calls it.
 */
export function useRidgeNetFieldModel(modelPath: string = RIDGE_NET_FIELD_MODEL): void {
  activeFieldModel = modelPath;
}

/**
 * The model file the field's network is read from under these parameters:
 * `orientationFromRidgeNetModel` 1 = the enhancer's (models/ridge-net.onnx, or what
 * useRidgeNetModel set), otherwise the field's own (models/ridge-net-field.onnx, or what
 * {@link useRidgeNetFieldModel} set).
 */
export function ridgeNetFieldModelPath(params: ExtractionParameters): string {
  return params.orientationFromRidgeNetModel >= 1 ? ridgeNetModelPath() : activeFieldModel;
}


/**
 * Where the classical field doubts (issue 12, fielddoubt): the foreground blocks whose classical
 * coherence is below `orientationDoubtCoherence`, grown by `orientationDoubtDilation` blocks
 * (8-neighbourhood, kept inside the foreground). Null when none doubts, or when fewer than
 * `orientationDoubtMinShare` of the foreground blocks do (> 0). Low coherence is where the
 * estimator's window holds no single direction: a core or delta, a crease, a wet blot or a faded
 * patch, which the network's ≈ 60 px view can draw from the ridges around; a coherent block's
 * direction is already read well from its own gradients.
 */
export function findDoubtBlocks(field: OrientationField, mask: ForegroundMask, params: ExtractionParameters): Uint8Array | null {
  const c = params.orientationDoubtCoherence;
  const { cols, rows } = mask.grid;
  const seed = new Uint8Array(cols * rows);
  let doubting = 0;
  let foreground = 0;
  for (let b = 0; b < seed.length; b++) {
    if (!mask.blocks[b]) continue;
    foreground++;
    if (field.coherence[b]! < c) {
      seed[b] = 1;
      doubting++;
    }
  }
  if (doubting === 0) return null;
  if (params.orientationDoubtMinShare > 0 && doubting < params.orientationDoubtMinShare * foreground) return null;
  const d = Math.max(0, Math.round(params.orientationDoubtDilation));
  if (d === 0) return seed;
  const out = dilateSquare(seed, cols, rows, d);
  for (let b = 0; b < out.length; b++) if (!mask.blocks[b]) out[b] = 0;
  return out;
}

/**
 * The orientation field read from the learned ridge enhancer's output (issue 12, wetfield; off
 * while `orientationFromRidgeNet` is 0). Where a wet print's spread closed the valleys the grey
 * holds little gradient energy and its direction comes from remnants and pores; a ridge network
 * (`orientationFromRidgeNetModel`: the field's narrow one or the enhancer's full one,
 * models/ridge-net.md, ≈ 60 px seen per pixel) draws the ridge pattern from the intact print
 * around, so the same classical estimator (Sobel block moments, computeOrientationField) run on
 * its map reads the direction the closed valleys lost. The network is run on the foreground's
 * bounding box with its context (runRidgeNetAround); blocks beyond it have no moments.
 *
 * Each block's direction becomes the normalised doubled-angle blend (1 − w)·classical +
 * w·network-field (w = 1: the network's field alone). The coherence stays the classical one
 * (the minutia gates and the fine/coarse thresholds downstream read it, and the network's map
 * is coherent by construction). Returns the field with the network's run it made (`run` null
 * when it made none, `orientation` the given field itself when off), so a later stage needing the
 * same network's map of the same image (the period map, the faint-print blend) takes it instead
 * of running the network again; `mapCoherence` is the coherence the estimator reads on the map's
 * moments per block (the wet map gate reads it, gate-ridge-net-wet.ts). Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the model
 * cannot be loaded.
 *
 * With `orientationDoubtCoherence` > 0 only the blocks where the classical field doubts
 * ({@link findDoubtBlocks}) are blended, every other block keeps its classical direction bit for
 * bit, and the network is run on the doubting blocks' box with its context only (none doubting:
 * not run, `field` returned). `model`, when given, is run in place of the field's network (the wet
 * gate's choice for this print, gate-ridge-net-wet.ts). The map's moments are read only well inside that box (not within
 * half the context of a side the crop cut), so the crop's edge reaches no direction.
 */
export function readFieldFromRidgeNet(
  field: OrientationField,
  normalized: FloatImage,
  mask: ForegroundMask,
  params: ExtractionParameters,
  model?: string,
): { readonly orientation: OrientationField; readonly run: RidgeNetRun | null; readonly mapCoherence?: Float32Array } {
  const w = Math.min(1, params.orientationFromRidgeNet);
  if (!(w > 0)) return { orientation: field, run: null };
  const { width, height } = normalized;
  const grid = field.grid;
  // with `ridgeNetInt8`, the int8 form when the field reads the full float network
  // (`model`: the wet gate's model for this print, run as it is)
  const modelPath = model ?? ridgeNetModelFor(ridgeNetFieldModelPath(params), params);
  const doubt = params.orientationDoubtCoherence > 0 ? findDoubtBlocks(field, mask, params) : null;
  if (params.orientationDoubtCoherence > 0 && !doubt) return { orientation: field, run: null };
  const open = doubt ?? mask.blocks;
  const box = ridgeNetBox(open, grid, width, height)!;
  const map = runRidgeNetAround(normalized, open, grid, modelPath);
  const run: RidgeNetRun = { modelPath, box, map };
  const gradients = computeBlockGradients(map, width, height, grid);
  if (doubt) clearOutsideBox(gradients, box, width, height);
  // blended (w < 1), the network's field needs no angles of its own: blendOrientationField makes them
  let orientation: OrientationField;
  let mapCoherence: Float32Array;
  if (w >= 1) {
    const own = computeOrientationField(gradients, mask.blocks, params);
    mapCoherence = own.coherence;
    orientation = { ...own, coherence: field.coherence };
  } else {
    const learned = computeOrientationVectors(gradients, mask.blocks, params);
    mapCoherence = learned.coherence;
    orientation = blendOrientationField(field, w, learned.cos2, learned.sin2);
  }
  if (doubt) orientation = keepClassicalOutside(field, orientation, doubt);
  // where the network drew no clear ridges, the direction from the clear blocks around (off by default)
  if (params.orientationFromRidgeNetFillCoherence > 0) orientation = fillUnclearBlocks(orientation, mapCoherence, mask.blocks, params.orientationFromRidgeNetFillCoherence);
  // where the network drew no clear ridges, the direction of a whole-print model fitted to the clear blocks (off by default)
  if (params.orientationModelCoherence > 0 && !doubt) {
    orientation = replaceDoubtedByModel(orientation, mapCoherence, field.coherence, mask.blocks, {
      threshold: params.orientationModelCoherence,
      degree: params.orientationModelDegree,
      lambda: params.orientationModelLambda,
    });
  }
  // where the network drew no clear ridges, the direction a learned inpainter reads from the flow around (off by default)
  if (params.orientationInpaintCoherence > 0 && !doubt) orientation = inpaintUnclearBlocks(orientation, mapCoherence, mask.blocks, params.orientationInpaintCoherence);
  return { orientation, run, mapCoherence };
}

/** The Gaussian scales (blocks) over which {@link fillUnclearBlocks} looks for clear blocks, nearest first. */
const FILL_SIGMAS = [2, 4, 8] as const;
/** The least share of clear blocks under a scale's kernel for a block to take its direction from it. */
const FILL_MIN_SUPPORT = 0.1;

/**
 * The direction of the foreground blocks where the ridge network drew no clear ridges (issue 12,
 * wet3; `orientationFromRidgeNetFillCoherence` C > 0): a block whose coherence on the network's map
 * (`mapCoherence`, the estimator's on the map's moments) is below C takes the Gaussian-weighted
 * mean doubled-angle direction of the clear foreground blocks (map coherence ≥ C) around it, at
 * σ = 2 blocks where at least a tenth of the kernel's weight is clear, else at 4, else at 8; a block
 * with no clear block within reach keeps its own direction. Clear blocks, the background and the
 * coherence are untouched. Where a wet print's spread closed the valleys, the network's map is a
 * mush (its coherence a median 0.55–0.63 there against 0.95 on clean prints) and both the grey's
 * and the map's direction there are off by about 21° on the mean; the ridge flow around is intact
 * and smooth. Returns `field` itself when no foreground block is unclear.
 */
export function fillUnclearBlocks(field: OrientationField, mapCoherence: ArrayLike<number>, foreground: Uint8Array, threshold: number): OrientationField {
  const { cols, rows } = field.grid;
  const n = cols * rows;
  const clear = new Float32Array(n);
  const open = new Uint8Array(n);
  let unclear = 0;
  for (let b = 0; b < n; b++) {
    if (!foreground[b]) continue;
    if (mapCoherence[b]! >= threshold) clear[b] = 1;
    else {
      open[b] = 1;
      unclear++;
    }
  }
  if (unclear === 0) return field;
  const cos2 = Float32Array.from(field.cos2);
  const sin2 = Float32Array.from(field.sin2);
  const angle = Float32Array.from(field.angle);
  for (const sigma of FILL_SIGMAS) {
    if (unclear === 0) break;
    const support = smoothGrid(clear, cols, rows, sigma);
    const c = smoothGrid(field.cos2 as Float32Array, cols, rows, sigma, clear);
    const s = smoothGrid(field.sin2 as Float32Array, cols, rows, sigma, clear);
    for (let b = 0; b < n; b++) {
      if (!open[b] || support[b]! < FILL_MIN_SUPPORT) continue;
      const m = Math.hypot(c[b]!, s[b]!);
      if (!(m > 1e-9)) continue;
      cos2[b] = c[b]! / m;
      sin2[b] = s[b]! / m;
      angle[b] = ridgeAngleOf(cos2[b]!, sin2[b]!);
      open[b] = 0;
      unclear--;
    }
  }
  return { grid: field.grid, cos2, sin2, angle, coherence: field.coherence };
}

/**
 * Zeroes, in place, the block moments not well inside the network's box: a block reaching within
 * half the context ({@link RIDGE_NET_CONTEXT} / 2, about the network's half view) of a side where
 * the crop cut the image, or outside the box, adds nothing to the field read from the map.
 */
function clearOutsideBox(g: { readonly grid: OrientationField['grid']; readonly gxx: Float32Array; readonly gyy: Float32Array; readonly gxy: Float32Array }, box: PixelBox, width: number, height: number): void {
  const inside = blocksWellInsideBox(box, g.grid, width, height);
  for (let b = 0; b < inside.length; b++) {
    if (inside[b]) continue;
    g.gxx[b] = 0;
    g.gyy[b] = 0;
    g.gxy[b] = 0;
  }
}

/**
 * 1 for each block of the grid well inside a network run's box: not within half the context
 * ({@link RIDGE_NET_CONTEXT} / 2, about the network's half view) of a side where the box cut the
 * image, nor outside the box; 0 elsewhere. What the network's map says there is read from the
 * print around, not from the crop's edge.
 */
export function blocksWellInsideBox(box: PixelBox, grid: OrientationField['grid'], width: number, height: number): Uint8Array {
  const { blockSize: bs, cols, rows } = grid;
  const m = RIDGE_NET_CONTEXT / 2;
  const left = box.x0 > 0 ? box.x0 + m : 0;
  const top = box.y0 > 0 ? box.y0 + m : 0;
  const right = box.x1 < width ? box.x1 - m : width;
  const bottom = box.y1 < height ? box.y1 - m : height;
  const out = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c * bs >= left && (c + 1) * bs <= right && r * bs >= top && (r + 1) * bs <= bottom) out[r * cols + c] = 1;
    }
  }
  return out;
}

/** The blended field in the open blocks, the classical field's own values everywhere else. */
function keepClassicalOutside(field: OrientationField, blended: OrientationField, open: Uint8Array): OrientationField {
  const cos2 = Float32Array.from(field.cos2);
  const sin2 = Float32Array.from(field.sin2);
  const angle = Float32Array.from(field.angle);
  for (let b = 0; b < open.length; b++) {
    if (!open[b]) continue;
    cos2[b] = blended.cos2[b]!;
    sin2[b] = blended.sin2[b]!;
    angle[b] = blended.angle[b]!;
  }
  return { grid: field.grid, cos2, sin2, angle, coherence: field.coherence };
}
