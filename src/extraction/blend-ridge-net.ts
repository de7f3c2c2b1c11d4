import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GrayImage } from '../core/index.js';
import type { ExtractionParameters } from '../config/parameters.js';
import { findSingularRegion } from './find-singular-region.js';
import { loadOnnxSession } from './load-onnx-session.js';
import { findFaintBlocks } from './map-faint-blocks.js';
import { findThinRidgeBlocks } from './map-thin-ridges.js';
import { measureBlankShare } from './measure-blank-share.js';
import { measureRidgeClarity, measureRidgeCoherence } from './measure-ridge-clarity.js';
import { medianRidgeContrast } from './score-finger-quality.js';
import { measureOctaveStepRidgeContrast, measureRangeRidgeContrast, measureStepRidgeContrast } from './measure-grey-step.js';
import type { BlockGrid, FloatImage, ForegroundMask, FrequencyField, OrientationField } from './types.js';
import { blockFlagsToPixels } from './types.js';
import { scratchFloat32 } from './scratch-arrays.js';

/** Where the learned ridge enhancer lives in the repository (models/ridge-net.md). */
export const RIDGE_NET_MODEL = fileURLToPath(new URL('../../models/ridge-net.onnx', import.meta.url));

/**
 * The same network in 8-bit integers at half resolution (scripts/quantize-ridge-net.sh,
 * models/ridge-net.md "The int8 half-resolution form"), read instead of {@link RIDGE_NET_MODEL}
 * when `ridgeNetInt8` is 1.
 */
export const RIDGE_NET_INT8_MODEL = fileURLToPath(new URL('../../models/ridge-net-int8.onnx', import.meta.url));

/**
 * The fold networks shipped beside the ridge network (held-out-ridge-net.ts): `DBk_B.onnx` never
 * saw FVC2002 set DBk_B's prints, `DBk_B-int8.onnx` is its int8 form.
 */
export const RIDGE_NET_FOLDS_DIR = fileURLToPath(new URL('../../models/ridge-net-folds/', import.meta.url));

/**
 * The model file to run for `modelPath` under the parameters: with `ridgeNetInt8` > 0 the int8
 * form when `modelPath` is the float network {@link RIDGE_NET_MODEL} or a float fold network in
 * {@link RIDGE_NET_FOLDS_DIR} (compared as resolved paths); any other file (the field's narrow
 * network, a test fixture, an int8 file) is kept as it is.
 */
export function ridgeNetModelFor(modelPath: string, params: { readonly ridgeNetInt8: number }): string {
  if (!(params.ridgeNetInt8 > 0)) return modelPath;
  const path = resolve(modelPath);
  if (path === RIDGE_NET_MODEL) return RIDGE_NET_INT8_MODEL;
  if (path.startsWith(RIDGE_NET_FOLDS_DIR) && path.endsWith('.onnx') && !path.endsWith('-int8.onnx')) return `${path.slice(0, -'.onnx'.length)}-int8.onnx`;
  return modelPath;
}

/** The network's input sides must be multiples of this (two stride-2 levels); the image is padded. */
export const RIDGE_NET_MULTIPLE = 4;

/**
 * Context in pixels kept around the blended region when the network is run on part of the print
 * only (the block-level contrast gate): a pixel of the network's map sees about 60 px across
 * (models/ridge-net.md), so beyond half that the crop's edge cannot reach the blended pixels.
 */
export const RIDGE_NET_CONTEXT = 64;

/** Normalised grey is clipped to ± this before the network, as its training data were (int8 / 32). */
const INPUT_LIMIT = 127 / 32;

/** The model file {@link blendRidgeNet} loads; {@link useRidgeNetModel} changes it. */
let activeModel = RIDGE_NET_MODEL;

/**
 * Which model file the ridge enhancer loads from now on in this thread (no argument: the shipped
 * one). For tests with small fixture models; extraction itself never calls it.
 */
export function useRidgeNetModel(modelPath: string = RIDGE_NET_MODEL): void {
  activeModel = modelPath;
}

/** The model file the ridge enhancer loads now in this thread (see {@link useRidgeNetModel}). */
export function ridgeNetModelPath(): string {
  return activeModel;
}

/**
 * `run` with the ridge network `model` (none: as it is), the caller's network restored once it is done:
 * when `run` returns a promise, once that settles (the network is this thread's state, so the runs of
 * one thread must not overlap).
 */
export function withRidgeModel<T>(model: string | undefined, run: () => T): T {
  if (model === undefined) return run();
  const previous = ridgeNetModelPath();
  useRidgeNetModel(model);
  let result: T;
  try {
    result = run();
  } catch (err) {
    useRidgeNetModel(previous);
    throw err;
  }
  if (result instanceof Promise) return result.finally(() => useRidgeNetModel(previous)) as T;
  useRidgeNetModel(previous);
  return result;
}

/**
 * The network's ridge map of a normalised grey image: per pixel in [−1, 1], ridges negative (the
 * enhanced image's sign). The image is zero-padded on the right and bottom to multiples of
 * {@link RIDGE_NET_MULTIPLE} (zero is the normalised background) and the output cut back.
 */
export function runRidgeNet(normalized: FloatImage, modelPath: string = activeModel): Float32Array {
  const { width, height } = normalized;
  return runRidgeNetOnBox(normalized, { x0: 0, y0: 0, x1: width, y1: height }, modelPath);
}

/**
 * The network run on the box of the normalised image alone (as {@link runRidgeNet} on the box
 * cut out), its map placed at the box in an image-sized map, zero outside. The network's input
 * is filled straight from the image (clipped to ±{@link INPUT_LIMIT}, zero-padded on the right
 * and bottom to multiples of {@link RIDGE_NET_MULTIPLE}) and its output written straight to
 * the box, so neither the cut-out grey nor the box's own map is made and copied again; when the
 * box is the whole image and its sides are multiples already, the runtime's output (a new array
 * on every run) is the map itself.
 */
function runRidgeNetOnBox(normalized: FloatImage, box: PixelBox, modelPath: string): Float32Array {
  const { width, height, data } = normalized;
  const { x0, y0 } = box;
  const w = box.x1 - x0;
  const h = box.y1 - y0;
  const m = RIDGE_NET_MULTIPLE;
  const pw = Math.ceil(w / m) * m;
  const ph = Math.ceil(h / m) * m;
  // (kept from run to run, the runtime reads it only during the run: the padding cleared here)
  const input = scratchFloat32('ridgeNet.input', pw * ph);
  for (let y = 0; y < h; y++) {
    const from = (y0 + y) * width + x0;
    const to = y * pw;
    for (let x = 0; x < w; x++) {
      const v = data[from + x]!;
      input[to + x] = v < -INPUT_LIMIT ? -INPUT_LIMIT : v > INPUT_LIMIT ? INPUT_LIMIT : v;
    }
    if (pw > w) input.fill(0, to + w, to + pw);
  }
  input.fill(0, h * pw);
  const ort = loadOnnxSession(modelPath);
  const result = ort.session.run({ grey: new ort.Tensor('float32', input, [1, 1, ph, pw]) }, { ridges: null }, {});
  const ridges = result.ridges!;
  // a half-resolution model (train.py --half) writes its map at half size: brought to full size here
  const padded = ridges.data.length === pw * ph ? ridges.data : upsampleTwice(ridges.data, pw / 2, ph / 2);
  const whole = w === width && h === height;
  if (whole && pw === width && ph === height) {
    // the runtime's own new array (or upsampleTwice's), unless it is a view into a larger buffer
    return padded.byteOffset === 0 && padded.byteLength === padded.buffer.byteLength ? padded : Float32Array.from(padded);
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < h; y++) out.set(padded.subarray(y * pw, y * pw + w), (y0 + y) * width + x0);
  return out;
}

/**
 * Bilinear doubling of a w × h map as PyTorch's Upsample(scale_factor=2, mode='bilinear',
 * align_corners=False) does it: output pixel x reads the input at (x + 0.5) / 2 − 0.5, clamped to
 * the edge. For the half-resolution ridge network (train.py --half), whose map extraction brings
 * to full size on one channel rather than in the runtime's padded 16-channel layout.
 */
export function upsampleTwice(data: Float32Array, w: number, h: number): Float32Array {
  if (data.length !== w * h) throw new Error(`upsampleTwice: ${data.length} values for ${w} × ${h}`);
  const W = 2 * w;
  const H = 2 * h;
  // per output column (and row) the two source indices and the weight of the second
  const taps = (n: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } => {
    const i0 = new Int32Array(2 * n);
    const i1 = new Int32Array(2 * n);
    const f = new Float32Array(2 * n);
    for (let o = 0; o < 2 * n; o++) {
      const src = Math.max(0, (o + 0.5) / 2 - 0.5);
      const k = Math.min(n - 1, Math.floor(src));
      i0[o] = k;
      i1[o] = Math.min(n - 1, k + 1);
      f[o] = src - k;
    }
    return { i0, i1, f };
  };
  const tx = taps(w);
  const ty = taps(h);
  // rows doubled across first (h × W), then the rows blended down
  const across = new Float32Array(h * W);
  for (let y = 0; y < h; y++) {
    const r = y * w;
    const o = y * W;
    for (let x = 0; x < W; x++) {
      const a = data[r + tx.i0[x]!]!;
      across[o + x] = a + tx.f[x]! * (data[r + tx.i1[x]!]! - a);
    }
  }
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    const r0 = ty.i0[y]! * W;
    const r1 = ty.i1[y]! * W;
    const fy = ty.f[y]!;
    const o = y * W;
    for (let x = 0; x < W; x++) {
      const a = across[r0 + x]!;
      out[o + x] = a + fy * (across[r1 + x]! - a);
    }
  }
  return out;
}

/**
 * Learned ridge enhancement (issue 12, part 4; off while `ridgeNetBlend` is 0): a small fully
 * convolutional network trained on synthetic prints against their undamaged ridge pattern
 * (models/ridge-net.md) reads the normalised grey, and inside the foreground the enhanced image
 * becomes (1 − w)·enhanced + w·s·net, where s is the enhanced image's root mean square over the
 * foreground (the network's ±1 brought to the Gabor output's scale, which the ridge-clarity
 * tests read). Outside the foreground the enhanced image is kept. With `ridgeNetThinDarkShare`
 * > 0 the blend is made only in thin-ridged blocks (eroded, dry print: at most that share of the
 * pixels over 3 × 3 blocks darker than −`gapThinDarkLevel`, map-thin-ridges.ts); elsewhere, and
 * everywhere when no block is thin, the Gabor output stays. With `ridgeNetClarityRadius` > 0 the
 * blend is further limited to the blocks where the network's map shows a cleaner oriented
 * periodic pattern than the Gabor output (clarity above Gabor's by more than
 * `ridgeNetClarityMargin`, {@link clarityGate}; `fields` must then be given), the weight
 * interpolated between block centres. With `ridgeNetSingularRadius` or `ridgeNetMinCoherence` > 0
 * the blocks near cores and deltas, or of low field coherence, keep the Gabor output too
 * ({@link placeGate}). With `ridgeNetMaxContrast` > 0 the whole print keeps the Gabor output (the
 * network is not run) unless its median ridge contrast (medianRidgeContrast; with
 * `ridgeNetContrastInSteps` > 0 in the print's grey steps, which needs `fields.image`) is below it
 * (with `ridgeNetMaxRangeContrast` > 0: unless its contrast relative to its grey range is below
 * that, whatever `ridgeNetMaxContrast` is), or, with
 * `ridgeNetMinBlankShare` > 0, its share of white blotches (measureBlankShare) is at least that;
 * with `ridgeNetMaxBlockContrast` > 0 a print those spare is blended in its faint blocks only
 * (findFaintBlocks: local ridge contrast below it; interpolated like the place gate), the network
 * run on their surroundings only ({@link runRidgeNetAround}), and not at all when none is faint.
 * Returns `enhanced` itself when off. Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the model cannot be loaded. Cost: one
 * network run, ≈ 3.6 k multiply-adds per pixel.
 */
export function blendRidgeNet(
  enhanced: FloatImage,
  normalized: FloatImage,
  mask: ForegroundMask,
  params: ExtractionParameters,
  fields?: {
    readonly orientation: OrientationField;
    readonly frequency: FrequencyField;
    readonly image?: Pick<GrayImage, 'data'>;
    /** A run of a ridge network on this `normalized` already made (the field's): taken when it is this model's over the whole image. */
    readonly net?: RidgeNetRun;
    /** The model file to run in place of the enhancer's (the wet gate's choice for this print). */
    readonly model?: string;
  },
): FloatImage {
  const w = params.ridgeNetBlend;
  if (!(w > 0)) return enhanced;
  // the block-level contrast gate's open blocks, for a print the per-print gates spare
  let faint: Uint8Array | null = null;
  if (params.ridgeNetMaxContrast > 0 || params.ridgeNetMaxRangeContrast > 0) {
    if (!fields) throw new Error('blendRidgeNet: the per-print contrast gate needs the frequency field');
    if (!isFaint(mask, fields, params) && !isBlotched(normalized, mask, params)) {
      if (!(params.ridgeNetMaxBlockContrast > 0)) return enhanced;
      faint = findFaintBlocks(mask, fields.frequency, params.ridgeNetMaxBlockContrast, params.ridgeNetBlockContrastRadius, params.ridgeNetBlockContrastEdge);
      // no faint block: the network is not run, and the print keeps the Gabor output whole
      if (!faint) return enhanced;
    }
  }
  const foreground = mask.pixels;
  let region: Uint8Array | null = null;
  if (params.ridgeNetThinDarkShare > 0) {
    const thin = findThinRidgeBlocks(normalized, mask, params.gapThinDarkLevel, params.ridgeNetThinDarkShare);
    if (!thin) return enhanced;
    region = blockFlagsToPixels(thin, mask.grid, normalized.width, normalized.height);
  }
  // the clarity gate reads the network's map around every block, so it needs the whole map
  const model = fields?.model ?? ridgeNetModelFor(activeModel, params);
  // the whole image's map: the field's run of the same network (same file) is taken when it covered the whole image
  const shared = fields?.net;
  const wholeMap = (): Float32Array =>
    shared && shared.modelPath === model && shared.box.x0 === 0 && shared.box.y0 === 0 && shared.box.x1 === normalized.width && shared.box.y1 === normalized.height
      ? shared.map
      : runRidgeNet(normalized, model);
  const net = faint && !(params.ridgeNetClarityRadius > 0) ? runRidgeNetAround(normalized, faint, mask.grid, model) : wholeMap();
  const e = enhanced.data;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < e.length; i++) {
    if (!foreground[i]) continue;
    sum += e[i]! * e[i]!;
    count++;
  }
  const scale = count > 0 ? Math.sqrt(sum / count) : 1;
  const out = Float32Array.from(e);
  const placed = params.ridgeNetSingularRadius > 0 || params.ridgeNetMinCoherence > 0;
  if (params.ridgeNetClarityRadius > 0 || placed || faint) {
    if (!fields) throw new Error('blendRidgeNet: the clarity, singular and coherence gates need the orientation and frequency fields');
    const gate =
      params.ridgeNetClarityRadius > 0
        ? clarityGate(enhanced, { width: enhanced.width, height: enhanced.height, data: net }, mask, fields.orientation, fields.frequency, params)
        : Uint8Array.from(mask.blocks, (v) => (v ? 1 : 0));
    if (placed) placeGate(gate, mask, fields.orientation, params);
    if (faint) for (let b = 0; b < gate.length; b++) if (!faint[b]) gate[b] = 0;
    const weight = blockWeightsAtPixels(gate, mask.grid, enhanced.width, enhanced.height);
    for (let i = 0; i < out.length; i++) {
      if (!foreground[i] || (region && !region[i])) continue;
      const wi = w * weight[i]!;
      if (wi > 0) out[i] = (1 - wi) * e[i]! + wi * scale * net[i]!;
    }
    return { width: enhanced.width, height: enhanced.height, data: out };
  }
  for (let i = 0; i < out.length; i++) if (foreground[i] && (!region || region[i])) out[i] = (1 - w) * e[i]! + w * scale * net[i]!;
  return { width: enhanced.width, height: enhanced.height, data: out };
}

/**
 * The network's map where the block-level contrast gate can blend it: run only on the bounding
 * box of the open blocks, widened by one block (the bilinear weights reach the next block centre)
 * and by {@link RIDGE_NET_CONTEXT} pixels of context, its corner on multiples of
 * {@link RIDGE_NET_MULTIPLE} so the network's stride-2 levels fall on the same pixels as in a
 * whole-image run. Zero outside the box, where the blend weight is 0. Saves most of the network's
 * cost (≈ 18 ms a print) when one region of a print is faint.
 */
export function runRidgeNetAround(normalized: FloatImage, open: Uint8Array, grid: BlockGrid, modelPath: string = activeModel): Float32Array {
  const box = ridgeNetBox(open, grid, normalized.width, normalized.height);
  if (!box) return new Float32Array(normalized.width * normalized.height);
  return runRidgeNetOnBox(normalized, box, modelPath);
}

/** A pixel rectangle [x0, x1) × [y0, y1). */
export interface PixelBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** One run of a ridge network over part of a print: its model, the box it covered, the map (zero outside). */
export interface RidgeNetRun {
  readonly modelPath: string;
  readonly box: PixelBox;
  readonly map: Float32Array;
}

/**
 * The box {@link runRidgeNetAround} runs the network on for these open blocks: their bounding box
 * widened by one block and {@link RIDGE_NET_CONTEXT} pixels, clipped to the image, its corner on
 * multiples of {@link RIDGE_NET_MULTIPLE}. Null when no block is open.
 */
export function ridgeNetBox(open: Uint8Array, grid: BlockGrid, width: number, height: number): PixelBox | null {
  const { blockSize: bs, cols, rows } = grid;
  let c0 = cols;
  let c1 = -1;
  let r0 = rows;
  let r1 = -1;
  for (let b = 0; b < open.length; b++) {
    if (!open[b]) continue;
    const c = b % cols;
    const r = (b / cols) | 0;
    if (c < c0) c0 = c;
    if (c > c1) c1 = c;
    if (r < r0) r0 = r;
    if (r > r1) r1 = r;
  }
  if (c1 < 0) return null;
  const m = RIDGE_NET_MULTIPLE;
  return {
    x0: Math.max(0, Math.floor(((c0 - 1) * bs - RIDGE_NET_CONTEXT) / m) * m),
    y0: Math.max(0, Math.floor(((r0 - 1) * bs - RIDGE_NET_CONTEXT) / m) * m),
    x1: Math.min(width, (c1 + 2) * bs + RIDGE_NET_CONTEXT),
    y1: Math.min(height, (r1 + 2) * bs + RIDGE_NET_CONTEXT),
  };
}

/**
 * The per-print contrast gate's decision, whether the print is faint: with
 * `ridgeNetMaxRangeContrast` > 0 its median ridge contrast relative to its grey range
 * (measureRangeRidgeContrast) is below that; otherwise its median ridge contrast in grey levels
 * (medianRidgeContrast), or with `ridgeNetContrastInSteps` > 0 in its own grey steps
 * (measureStepRidgeContrast; at 2 or more, the step folded into its octave,
 * measureOctaveStepRidgeContrast), is below `ridgeNetMaxContrast`. The gain-free measures need the
 * image as digitised in `fields.image`.
 */
function isFaint(
  mask: ForegroundMask,
  fields: { readonly frequency: FrequencyField; readonly image?: Pick<GrayImage, 'data'> },
  params: ExtractionParameters,
): boolean {
  const gainFree = params.ridgeNetMaxRangeContrast > 0 || params.ridgeNetContrastInSteps > 0;
  if (gainFree && !fields.image) throw new Error('blendRidgeNet: the gain-free contrast gates need the image');
  if (params.ridgeNetMaxRangeContrast > 0) return measureRangeRidgeContrast(fields.image!, mask, fields.frequency) < params.ridgeNetMaxRangeContrast;
  const steps = params.ridgeNetContrastInSteps;
  const c =
    steps >= 2 ? measureOctaveStepRidgeContrast(fields.image!, mask, fields.frequency)
    : steps > 0 ? measureStepRidgeContrast(fields.image!, mask, fields.frequency)
    : medianRidgeContrast(mask, fields.frequency);
  return c < params.ridgeNetMaxContrast;
}

/**
 * The second per-print gate (issue 12, drygate): whether a print of deep ridges is blotched like a
 * dry one, its share of white blotches wider than a valley (measureBlankShare at
 * `ridgeNetBlankRadius` and `ridgeNetBlankLevel`) at least `ridgeNetMinBlankShare`. False when
 * that is 0 (off).
 */
export function isBlotched(normalized: FloatImage, mask: ForegroundMask, params: ExtractionParameters): boolean {
  const min = params.ridgeNetMinBlankShare;
  return min > 0 && measureBlankShare(normalized, mask, params.ridgeNetBlankRadius, params.ridgeNetBlankLevel) >= min;
}

/**
 * The clarity gate's decision per block of the mask's grid: 1 where the network's map explains
 * more of its window by one sinusoid at the block's ridge direction and period than the Gabor
 * output does, by more than `ridgeNetClarityMargin` (both measured by measureRidgeClarity over
 * `ridgeNetClarityRadius`; with `ridgeNetClarityCoherence` 1 by their own gradients' coherence,
 * measureRidgeCoherence), 0 elsewhere and outside the print. The orientation and frequency
 * fields must lie on the mask's grid.
 */
export function clarityGate(
  gabor: FloatImage,
  net: FloatImage,
  mask: ForegroundMask,
  orientation: OrientationField,
  frequency: FrequencyField,
  params: ExtractionParameters,
): Uint8Array {
  const radius = params.ridgeNetClarityRadius;
  const coherence = params.ridgeNetClarityCoherence > 0;
  const g = coherence ? measureRidgeCoherence(gabor, mask, radius) : measureRidgeClarity(gabor, orientation, frequency, mask, radius);
  const n = coherence ? measureRidgeCoherence(net, mask, radius) : measureRidgeClarity(net, orientation, frequency, mask, radius);
  const gate = new Uint8Array(g.length);
  for (let b = 0; b < g.length; b++) if (mask.blocks[b] && n[b]! - g[b]! > params.ridgeNetClarityMargin) gate[b] = 1;
  return gate;
}

/**
 * Clears, in place, the gate's blocks where the network is kept out by place: within
 * `ridgeNetSingularRadius` pixels of a core or delta of the field (findSingularRegion), and where
 * the field's coherence is below `ridgeNetMinCoherence`. Either parameter at 0 clears nothing.
 */
export function placeGate(gate: Uint8Array, mask: ForegroundMask, orientation: OrientationField, params: ExtractionParameters): Uint8Array {
  if (params.ridgeNetSingularRadius > 0) {
    const singular = findSingularRegion(orientation, mask.blocks, params.ridgeNetSingularRadius);
    for (let b = 0; b < gate.length; b++) if (singular.blocks[b]) gate[b] = 0;
  }
  const c = params.ridgeNetMinCoherence;
  if (c > 0) for (let b = 0; b < gate.length; b++) if (orientation.coherence[b]! < c) gate[b] = 0;
  return gate;
}

/** Per-block values interpolated bilinearly between block centres to every pixel (edges held). */
export function blockWeightsAtPixels(blocks: Uint8Array, grid: BlockGrid, width: number, height: number): Float32Array {
  const { blockSize: bs, cols, rows } = grid;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, Math.min(rows - 1, (y + 0.5) / bs - 0.5));
    const r0 = Math.floor(fy);
    const r1 = Math.min(rows - 1, r0 + 1);
    const ty = fy - r0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, Math.min(cols - 1, (x + 0.5) / bs - 0.5));
      const c0 = Math.floor(fx);
      const c1 = Math.min(cols - 1, c0 + 1);
      const tx = fx - c0;
      const top = blocks[r0 * cols + c0]! * (1 - tx) + blocks[r0 * cols + c1]! * tx;
      const bottom = blocks[r1 * cols + c0]! * (1 - tx) + blocks[r1 * cols + c1]! * tx;
      out[y * width + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return out;
}
