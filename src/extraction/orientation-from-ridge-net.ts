import { fileURLToPath } from 'node:url';
import type { ExtractionParameters } from '../config/parameters.js';
import { ridgeNetModelFor, runRidgeNetAround } from './blend-ridge-net.js';
import { computeBlockGradients } from './compute-block-gradients.js';
import { blendOrientationField, computeOrientationField } from './compute-orientation-field.js';
import type { FloatImage, ForegroundMask, OrientationField } from './types.js';

/**
 * Where the field's own ridge network lives (models/ridge-net.md, "The field's narrow network"):
 * the shipped enhancer's recipe at 4 / 8 / 16 channels, ≈ ¼ of its multiply-adds, since the field
 * needs ridges clear enough for block gradients only. The enhancer keeps models/ridge-net.onnx.
 */
export const RIDGE_NET_FIELD_MODEL = fileURLToPath(new URL('../../models/ridge-net-field.onnx', import.meta.url));

/** The model file {@link orientationFromRidgeNet} loads; {@link useRidgeNetFieldModel} changes it. */
let activeFieldModel = RIDGE_NET_FIELD_MODEL;

/**
 * Which model file the orientation field's network is loaded from now on in this thread (no
 * argument: the shipped field model). For tests and benches; extraction itself never calls it.
 */
export function useRidgeNetFieldModel(modelPath: string = RIDGE_NET_FIELD_MODEL): void {
  activeFieldModel = modelPath;
}

/**
 * The orientation field read from the learned ridge enhancer's output (issue 12, wetfield; off
 * while `orientationFromRidgeNet` is 0). Where a wet print's spread closed the valleys the grey
 * holds little gradient energy and its direction comes from remnants and pores; the field's
 * narrow ridge network (RIDGE_NET_FIELD_MODEL, models/ridge-net.md, ≈ 60 px seen per pixel) draws the ridge pattern from the intact print
 * around, so the same classical estimator (Sobel block moments, computeOrientationField) run on
 * its map reads the direction the closed valleys lost. The network is run on the foreground's
 * bounding box with its context (runRidgeNetAround); blocks beyond it have no moments.
 *
 * Each block's direction becomes the normalised doubled-angle blend (1 − w)·classical +
 * w·network-field (w = 1: the network's field alone). The coherence stays the classical one
 * (the minutia gates and the fine/coarse thresholds downstream read it, and the network's map
 * is coherent by construction). Returns `field` itself when off. Throws ExtractionError
 * AFIS_MODEL_UNAVAILABLE when the model cannot be loaded. Cost: one run of the narrow network
 * (≈ 0.9 k multiply-adds per pixel of the foreground's box).
 */
export function orientationFromRidgeNet(
  field: OrientationField,
  normalized: FloatImage,
  mask: ForegroundMask,
  params: ExtractionParameters,
): OrientationField {
  const w = Math.min(1, params.orientationFromRidgeNet);
  if (!(w > 0)) return field;
  const { width, height } = normalized;
  // with `ridgeNetInt8`, the int8 form when the field reads the full float network
  const map = runRidgeNetAround(normalized, mask.blocks, mask.grid, ridgeNetModelFor(activeFieldModel, params));
  const learned = computeOrientationField(computeBlockGradients(map, width, height, field.grid), mask.blocks, params);
  if (w >= 1) return { ...learned, coherence: field.coherence };
  return blendOrientationField(field, w, learned.cos2, learned.sin2);
}
