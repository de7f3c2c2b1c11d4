import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExtractionParameters } from '../config/parameters.js';
import { ExtractionError } from '../core/index.js';
import { scoreMinutiae, type PatchSource } from './check-minutiae.js';
import { loadOnnxSession } from './load-onnx-session.js';
import { findThinRidgeBlocks } from './map-thin-ridges.js';
import { measureMinutiaFeatures, MINUTIA_FEATURE_COUNT, MINUTIA_FEATURE_NAMES, type ReliabilitySource } from './rate-minutia-reliability.js';
import { distanceToBackground } from './segment-foreground.js';
import type { FloatImage, RawMinutia } from './types.js';

/** Where the dry-region minutia detector lives in the repository (models/minutia-net.md). */
export const MINUTIA_NET_MODEL = fileURLToPath(new URL('../../models/minutia-net.onnx', import.meta.url));

/** The detector trained on the realistic generator (models/minutia-net-r96.md), chosen by `minutiaNetModel` 1. */
export const MINUTIA_NET_R96_MODEL = fileURLToPath(new URL('../../models/minutia-net-r96.onnx', import.meta.url));

/** The model file {@link repairDryMinutiae} loads with `minutiaNetModel` 0; {@link useMinutiaNetModel} changes it. */
let activeModel = MINUTIA_NET_MODEL;

/**
 * Which model file the dry-region repair loads from now on in this thread (no argument: the
 * shipped one). For the leave-one-set-out bench (bench/extraction/screen-options.mjs --models), which
 * extracts each held-out set with the fold model that never saw it; extraction itself never
 * calls it.
 */
export function useMinutiaNetModel(modelPath: string = MINUTIA_NET_MODEL): void {
  activeModel = modelPath;
}

/** The detector's output cell, pixels (the network downsamples by 8; equal to the mask's block size). */
export const MINUTIA_NET_CELL = 8;
/** Input scale the network was trained on: the normalised grey clipped to ±127 / 32 (make-data.mjs stores ×32 as int8). */
const INPUT_LIMIT = 127 / 32;
/** Pixels of context around the thin-ridged blocks the network is run on (its receptive field is ≈ 73 px). */
const CONTEXT = 32;

/** The detector's output over a box of the image (cells of {@link MINUTIA_NET_CELL} pixels from x0, y0). */
export interface MinutiaNetCells {
  readonly x0: number;
  readonly y0: number;
  readonly cols: number;
  readonly rows: number;
  /** 6 planes of cols × rows: probability, x and y in the cell (0–1), cos and sin of the direction (Template convention), bifurcation probability. */
  readonly data: Float32Array;
}

/**
 * Runs the detector (models/minutia-net.onnx: a small fully convolutional network on the
 * contrast-normalised grey, before the enhancement) over the box [x0, x1) × [y0, y1) (x0, y0
 * multiples of the cell; pixels beyond the image are 0). Cost ≈ 0.4 k multiply-adds per pixel
 * of the box. Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the model cannot be loaded.
 */
export function runMinutiaNet(normalized: FloatImage, x0: number, y0: number, x1: number, y1: number, modelPath: string = MINUTIA_NET_MODEL): MinutiaNetCells {
  const C = MINUTIA_NET_CELL;
  const cols = Math.ceil((x1 - x0) / C);
  const rows = Math.ceil((y1 - y0) / C);
  const w = cols * C;
  const h = rows * C;
  const input = new Float32Array(w * h);
  const { width, height, data } = normalized;
  for (let y = 0; y < h && y0 + y < height; y++) {
    const src = (y0 + y) * width + x0;
    const n = Math.min(w, width - x0);
    for (let x = 0; x < n; x++) {
      const v = data[src + x]!;
      input[y * w + x] = v > INPUT_LIMIT ? INPUT_LIMIT : v < -INPUT_LIMIT ? -INPUT_LIMIT : v;
    }
  }
  const ort = loadOnnxSession(modelPath);
  const result = ort.session.run({ grey: new ort.Tensor('float32', input, [1, 1, h, w]) }, { cells: null }, {});
  return { x0, y0, cols, rows, data: Float32Array.from(result.cells!.data) };
}

/**
 * Learned repair of dry (thin-ridged) regions, after the minutia filters: where the ridges are
 * eroded into dots the enhancement draws smooth ridges over them, losing true minutiae and
 * making false ones. In the thin-ridged blocks (at most `minutiaNetMaxDarkShare` of the pixels
 * over 3 × 3 blocks darker than −`gapThinDarkLevel`; map-thin-ridges.ts) the detector is run on
 * the blocks' bounding box with {@link CONTEXT} pixels around, and
 * - a minutia there is dropped when the detector's probability over the 3 × 3 cells around it
 *   is below `minutiaNetDropThreshold` (0 = none dropped) and, when `minutiaNetCheckThreshold`
 *   is above 0, the learned check (check-minutiae.ts) also gives it a probability below that:
 *   two models that are each wrong about half the time on real dry prints, dropping only what
 *   both reject; with `minutiaNetDropMaxRidgeLength` above 0, only a minutia whose skeleton
 *   ridge (to the next node) is at most that long may go: a short fragment or tail the
 *   cleaning nearly removed, where the skeleton's own evidence is weak too;
 * - a detection there (a 3 × 3 maximum of the probability, at least `minutiaNetAddThreshold`,
 *   inside the mask, at least `borderDistance` from its edge) with no kept minutia within `minutiaNetAddSpacing` pixels is added, its
 *   direction and type from the detector, its quality 100 × probability (0 = none added).
 *   With `minutiaNetConfirmDistance` above 0, a detection is added only where the skeleton had a
 *   candidate of its own (`skeleton`: the endings of the uncleaned ridge and valley graphs and
 *   the candidates before the minutia filters) within that distance and within
 *   `minutiaNetConfirmAngle` of the detected direction; what is added is then that candidate
 *   (nearest first), with its position, direction and type: a minutia the cleaning or the
 *   filters removed, restored because the network sees it too.
 * The detector is models/minutia-net.onnx (or the bench's, {@link useMinutiaNetModel}), or with
 * `minutiaNetModel` 1 models/minutia-net-r96.onnx (trained on the realistic generator).
 * Both thresholds 0 (the default): the list is returned as it is and the model is not loaded.
 * Order of the kept minutiae is kept; added ones follow.
 */
export function repairDryMinutiae(
  minutiae: RawMinutia[],
  source: PatchSource & ReliabilitySource,
  params: ExtractionParameters,
  skeleton?: readonly RawMinutia[] | null,
): RawMinutia[] {
  const add = params.minutiaNetAddThreshold;
  const drop = params.minutiaNetDropThreshold;
  const stageDrop = params.minutiaNetStageDropThreshold;
  const stageAdd = params.minutiaNetStageAddThreshold;
  if (!(add > 0) && !(drop > 0) && !(stageDrop > 0) && !(stageAdd > 0)) return minutiae;
  const confirm = add > 0 && params.minutiaNetConfirmDistance > 0;
  if (confirm && !skeleton) throw new TypeError('minutiaNetConfirmDistance needs the skeleton candidates (see extractFromAnalysis)');
  if (stageAdd > 0 && !skeleton) throw new TypeError('minutiaNetStageAddThreshold needs the skeleton candidates (see extractFromAnalysis)');
  const { normalized, mask } = source;
  const thin = findThinRidgeBlocks(normalized, mask, params.gapThinDarkLevel, params.minutiaNetMaxDarkShare);
  if (!thin) return minutiae;
  const { blockSize: bs, cols: bc, rows: br } = mask.grid;
  let bx0 = bc, by0 = br, bx1 = -1, by1 = -1;
  for (let by = 0; by < br; by++) {
    for (let bx = 0; bx < bc; bx++) {
      if (!thin[by * bc + bx]) continue;
      if (bx < bx0) bx0 = bx;
      if (bx > bx1) bx1 = bx;
      if (by < by0) by0 = by;
      if (by > by1) by1 = by;
    }
  }
  const C = MINUTIA_NET_CELL;
  const { width, height } = normalized;
  const x0 = Math.max(0, Math.floor((bx0 * bs - CONTEXT) / C) * C);
  const y0 = Math.max(0, Math.floor((by0 * bs - CONTEXT) / C) * C);
  const x1 = Math.min(width, (bx1 + 1) * bs + CONTEXT);
  const y1 = Math.min(height, (by1 + 1) * bs + CONTEXT);
  const net = runMinutiaNet(normalized, x0, y0, x1, y1, params.minutiaNetModel > 0 ? MINUTIA_NET_R96_MODEL : activeModel);
  const { cols, rows, data } = net;
  const plane = cols * rows;
  const inThin = (x: number, y: number): boolean => {
    const bx = Math.floor(x / bs), by = Math.floor(y / bs);
    return bx >= 0 && by >= 0 && bx < bc && by < br && thin[by * bc + bx] === 1;
  };
  // the probability's maximum over the 3 × 3 cells around a point
  const near = (x: number, y: number): number => {
    const cx = Math.floor((x - x0) / C), cy = Math.floor((y - y0) / C);
    let best = 0;
    for (let yy = Math.max(0, cy - 1); yy <= Math.min(rows - 1, cy + 1); yy++) {
      for (let xx = Math.max(0, cx - 1); xx <= Math.min(cols - 1, cx + 1); xx++) best = Math.max(best, data[yy * cols + xx]!);
    }
    return best;
  };
  let kept = minutiae.slice();
  if (drop > 0) {
    const maxLength = params.minutiaNetDropMaxRidgeLength;
    let doubtful = minutiae.filter((m) => inThin(m.x, m.y) && near(m.x, m.y) < drop && !(maxLength > 0 && m.ridgeLength > maxLength));
    const check = params.minutiaNetCheckThreshold;
    if (check > 0 && doubtful.length > 0) {
      const p = scoreMinutiae(source, doubtful);
      doubtful = doubtful.filter((_, k) => p[k]! < check);
    }
    const rejected = new Set(doubtful);
    kept = minutiae.filter((m) => !rejected.has(m));
  }
  const stage = stageDrop > 0 || stageAdd > 0 ? { source, net, inThin, thin, params, skeleton: skeleton ?? [] } : null;
  if (stageDrop > 0) kept = stageDrops(stage!, kept, stageDrop);
  if (stageAdd > 0) kept = stageAdditions(stage!, kept, stageAdd);
  if (!(add > 0)) return kept;
  const spacing2 = params.minutiaNetAddSpacing * params.minutiaNetAddSpacing;
  const found: RawMinutia[] = [];
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const p = data[cy * cols + cx]!;
      if (p < add || !isGridPeak(data, cols, rows, cx, cy)) continue;
      const k = cy * cols + cx;
      let x = x0 + (cx + data[plane + k]!) * C;
      let y = y0 + (cy + data[2 * plane + k]!) * C;
      if (!inThin(x, y)) continue;
      // Template convention (counter-clockwise on screen) → image direction (y down)
      let direction = -Math.atan2(data[4 * plane + k]!, data[3 * plane + k]!);
      let type: RawMinutia['type'] = data[5 * plane + k]! >= 0.5 ? 'bifurcation' : 'ending';
      let ridgeLength = 0;
      if (confirm) {
        const c = nearestCandidate(skeleton!, x, y, direction, params.minutiaNetConfirmDistance, params.minutiaNetConfirmAngle);
        if (!c) continue;
        ({ x, y, direction, type, ridgeLength } = c);
      }
      const px = Math.round(x), py = Math.round(y);
      if (px < 0 || py < 0 || px >= width || py >= height || !mask.pixels[py * width + px]) continue;
      // as the minutia filters: nothing within the border distance of the print's edge
      if (distanceToBackground(mask.pixels, width, height, px, py, params.borderDistance) < params.borderDistance) continue;
      found.push({ x, y, direction, type, ridgeLength, quality: Math.round(100 * p) });
    }
  }
  found.sort((a, b) => b.quality - a.quality);
  for (const f of found) {
    if (kept.some((m) => (m.x - f.x) ** 2 + (m.y - f.y) ** 2 < spacing2)) continue;
    kept.push(f);
  }
  return kept;
}

/** The candidate nearest to (x, y) within `distance` px whose direction is within `angle` rad of `direction`, or null. */
function nearestCandidate(candidates: readonly RawMinutia[], x: number, y: number, direction: number, distance: number, angle: number): RawMinutia | null {
  let best: RawMinutia | null = null;
  let bestD2 = distance * distance;
  for (const c of candidates) {
    const d2 = (c.x - x) ** 2 + (c.y - y) ** 2;
    if (d2 > bestD2) continue;
    let da = Math.abs(c.direction - direction) % (2 * Math.PI);
    if (da > Math.PI) da = 2 * Math.PI - da;
    if (da > angle) continue;
    best = c;
    bestD2 = d2;
  }
  return best;
}

/**
 * Where the second-stage decision's weights are read from (models/minutia-net-stage.md). No such
 * file ships: the stage met no on-by-default rule, and weights fitted on all four FVC2002 sets
 * could only be judged on prints they saw; `sh scripts/train-minutia-net-stage.sh DATA WORK
 * --install` writes it, the bench uses the fold files ({@link useDryStageModel}).
 */
export const DRY_STAGE_MODEL = fileURLToPath(new URL('../../models/minutia-net-stage.json', import.meta.url));

/**
 * The second stage's per-candidate features, in this order (then the 12 of
 * rate-minutia-reliability.ts's MINUTIA_FEATURE_NAMES, measured among the kept minutiae and the
 * candidates together):
 * - `netLogit`: logit of the detector's probability, maximum over the 3 × 3 cells around it;
 * - `netAgreement`: cosine between the minutia's direction and the detector's at that cell;
 * - `typeAgreement`: the detector's probability of the minutia's own type there;
 * - `checkLogit`: logit of the learned check's probability (minutia-check.onnx);
 * - `ridgeLength`: log(1 + length of skeleton the direction was measured on) / 5;
 * - `confirmed`: 1 when the point is an extractor's minutia or skeleton candidate, 0 when it is the detector's own position;
 * - `thinShare`: share of the 3 × 3 blocks around it that are thin-ridged.
 */
export const DRY_STAGE_FEATURE_NAMES = [
  'netLogit', 'netAgreement', 'typeAgreement', 'checkLogit', 'ridgeLength', 'confirmed', 'thinShare',
  ...MINUTIA_FEATURE_NAMES,
] as const;
const OWN_FEATURES = 7;
export const DRY_STAGE_FEATURE_COUNT = OWN_FEATURES + MINUTIA_FEATURE_COUNT;
/** Detector peaks below this are not candidates for the stage's additions. */
const STAGE_PEAK_FLOOR = 0.3;
/** A peak takes the position of a skeleton candidate within this many px (and `minutiaNetConfirmAngle`). */
const STAGE_CONFIRM_DISTANCE = 8;

/** One logistic decision: probability σ(bias + Σ weights·features). */
export interface DryStageDecision {
  readonly bias: number;
  readonly weights: readonly number[];
}
/** The stage's model file: the feature names it was fitted on and the two decisions. */
export interface DryStageModel {
  readonly features: readonly string[];
  /** probability that a minutia of a thin-ridged block is false */
  readonly drop: DryStageDecision;
  /** probability that a detector peak restores a minutia the extraction lost */
  readonly add: DryStageDecision;
}

let stageModelPath = DRY_STAGE_MODEL;
let stageModel: DryStageModel | null = null;
/**
 * Which stage model file the repair reads from now on in this thread (no argument: the shipped
 * one). For the leave-one-set-out bench (screen-options.mjs --stage), which judges each held-out
 * set with the weights fitted without it; extraction itself never calls it.
 */
export function useDryStageModel(modelPath: string = DRY_STAGE_MODEL): void {
  if (modelPath !== stageModelPath) stageModel = null;
  stageModelPath = modelPath;
}
function loadStageModel(): DryStageModel {
  if (stageModel) return stageModel;
  let m: DryStageModel;
  try {
    m = JSON.parse(readFileSync(stageModelPath, 'utf8')) as DryStageModel;
  } catch (err) {
    throw new ExtractionError('AFIS_MODEL_UNAVAILABLE', `cannot load the dry repair's stage model ${stageModelPath}: ${(err as Error).message}`, undefined, { cause: err });
  }
  const ok = (d: DryStageDecision | undefined) => d && Number.isFinite(d.bias) && d.weights.length === DRY_STAGE_FEATURE_COUNT && d.weights.every(Number.isFinite);
  if (m.features?.join() !== DRY_STAGE_FEATURE_NAMES.join() || !ok(m.drop) || !ok(m.add)) {
    throw new TypeError(`${stageModelPath}: not a model of the features ${DRY_STAGE_FEATURE_NAMES.join(', ')}`);
  }
  stageModel = m;
  return m;
}

/** A judged candidate as the bench's recorder sees it. */
export interface DryStageRecord {
  readonly kind: 'drop' | 'add';
  readonly minutia: RawMinutia;
  readonly features: Float64Array;
  readonly probability: number;
}
let recorder: ((r: DryStageRecord) => void) | null = null;
/** Bench only: called with every candidate the stage judges (its features and probability); null stops it. */
export function recordDryStage(fn: ((r: DryStageRecord) => void) | null): void {
  recorder = fn;
}

interface StageContext {
  readonly source: PatchSource & ReliabilitySource;
  readonly net: MinutiaNetCells;
  readonly inThin: (x: number, y: number) => boolean;
  readonly thin: Uint8Array;
  readonly params: ExtractionParameters;
  readonly skeleton: readonly RawMinutia[];
}

const logit = (p: number): number => {
  const q = p < 1e-4 ? 1e-4 : p > 1 - 1e-4 ? 1 - 1e-4 : p;
  return Math.log(q / (1 - q));
};

/** The features of {@link DRY_STAGE_FEATURE_NAMES} for `points` (rows of `all`, the list the neighbour features are measured in), row-major. */
function stageFeatures(ctx: StageContext, all: readonly RawMinutia[], points: readonly number[], confirmed: readonly boolean[]): Float64Array {
  const F = DRY_STAGE_FEATURE_COUNT;
  const out = new Float64Array(points.length * F);
  if (points.length === 0) return out;
  const { net, source, thin } = ctx;
  const { x0, y0, cols, rows, data } = net;
  const plane = cols * rows;
  const C = MINUTIA_NET_CELL;
  const reliability = measureMinutiaFeatures(source, all);
  const judged = points.map((i) => all[i]!);
  const check = scoreMinutiae(source, judged);
  const { blockSize: bs, cols: bc, rows: br } = source.mask.grid;
  judged.forEach((m, r) => {
    const cx = Math.floor((m.x - x0) / C), cy = Math.floor((m.y - y0) / C);
    let best = 0, bk = -1;
    for (let yy = Math.max(0, cy - 1); yy <= Math.min(rows - 1, cy + 1); yy++) {
      for (let xx = Math.max(0, cx - 1); xx <= Math.min(cols - 1, cx + 1); xx++) {
        const v = data[yy * cols + xx]!;
        if (v > best) { best = v; bk = yy * cols + xx; }
      }
    }
    let agreement = 0, typeAgreement = 0.5;
    if (bk >= 0) {
      const direction = -Math.atan2(data[4 * plane + bk]!, data[3 * plane + bk]!);
      agreement = Math.cos(m.direction - direction);
      const pb = data[5 * plane + bk]!;
      typeAgreement = m.type === 'bifurcation' ? pb : 1 - pb;
    }
    const bx = Math.floor(m.x / bs), by = Math.floor(m.y / bs);
    let thinCount = 0;
    for (let yy = by - 1; yy <= by + 1; yy++) for (let xx = bx - 1; xx <= bx + 1; xx++) if (xx >= 0 && yy >= 0 && xx < bc && yy < br && thin[yy * bc + xx]) thinCount++;
    const o = r * F;
    out[o] = logit(best);
    out[o + 1] = agreement;
    out[o + 2] = typeAgreement;
    out[o + 3] = logit(check[r]!);
    out[o + 4] = Math.log1p(Math.max(0, m.ridgeLength)) / 5;
    out[o + 5] = confirmed[r] ? 1 : 0;
    out[o + 6] = thinCount / 9;
    out.set(reliability.subarray(points[r]! * MINUTIA_FEATURE_COUNT, (points[r]! + 1) * MINUTIA_FEATURE_COUNT), o + OWN_FEATURES);
  });
  return out;
}

function stageProbability(d: DryStageDecision, f: Float64Array, row: number): number {
  let z = d.bias;
  for (let k = 0; k < DRY_STAGE_FEATURE_COUNT; k++) z += d.weights[k]! * f[row * DRY_STAGE_FEATURE_COUNT + k]!;
  return 1 / (1 + Math.exp(-z));
}

/** The stage's drops: minutiae of thin-ridged blocks whose probability of being false is at least `threshold`. */
function stageDrops(ctx: StageContext, minutiae: RawMinutia[], threshold: number): RawMinutia[] {
  const judged: number[] = [];
  minutiae.forEach((m, i) => { if (ctx.inThin(m.x, m.y)) judged.push(i); });
  if (judged.length === 0) return minutiae;
  const model = loadStageModel();
  const f = stageFeatures(ctx, minutiae, judged, judged.map(() => true));
  const rejected = new Set<RawMinutia>();
  judged.forEach((i, r) => {
    const p = stageProbability(model.drop, f, r);
    recorder?.({ kind: 'drop', minutia: minutiae[i]!, features: f.slice(r * DRY_STAGE_FEATURE_COUNT, (r + 1) * DRY_STAGE_FEATURE_COUNT), probability: p });
    if (p >= threshold) rejected.add(minutiae[i]!);
  });
  return rejected.size ? minutiae.filter((m) => !rejected.has(m)) : minutiae;
}

/**
 * The stage's additions: the detector's 3 × 3 peaks of at least {@link STAGE_PEAK_FLOOR} in
 * thin-ridged blocks, each at its nearest skeleton candidate within {@link STAGE_CONFIRM_DISTANCE}
 * px and `minutiaNetConfirmAngle` (else at the detector's own position, direction and type),
 * inside the mask, `borderDistance` from its edge and `minutiaNetAddSpacing` from every kept
 * minutia; added, most probable first and spaced as the kept ones, when the probability that
 * it restores a lost minutia is at least `threshold`. Quality 100 × that probability.
 */
function stageAdditions(ctx: StageContext, kept: RawMinutia[], threshold: number): RawMinutia[] {
  const { net, params, skeleton, source } = ctx;
  const { x0, y0, cols, rows, data } = net;
  const plane = cols * rows;
  const C = MINUTIA_NET_CELL;
  const { width, height } = source.normalized;
  const mask = source.mask.pixels;
  const spacing2 = params.minutiaNetAddSpacing * params.minutiaNetAddSpacing;
  const far = (x: number, y: number, list: readonly RawMinutia[]) => !list.some((m) => (m.x - x) ** 2 + (m.y - y) ** 2 < spacing2);
  const candidates: RawMinutia[] = [];
  const confirmed: boolean[] = [];
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const p = data[cy * cols + cx]!;
      if (p < STAGE_PEAK_FLOOR || !isGridPeak(data, cols, rows, cx, cy)) continue;
      const k = cy * cols + cx;
      const x = x0 + (cx + data[plane + k]!) * C;
      const y = y0 + (cy + data[2 * plane + k]!) * C;
      if (!ctx.inThin(x, y)) continue;
      const direction = -Math.atan2(data[4 * plane + k]!, data[3 * plane + k]!);
      const c = nearestCandidate(skeleton, x, y, direction, STAGE_CONFIRM_DISTANCE, params.minutiaNetConfirmAngle);
      const m: RawMinutia = c
        ? { ...c }
        : { x, y, direction, type: data[5 * plane + k]! >= 0.5 ? 'bifurcation' : 'ending', ridgeLength: 0, quality: Math.round(100 * p) };
      const px = Math.round(m.x), py = Math.round(m.y);
      if (px < 0 || py < 0 || px >= width || py >= height || !mask[py * width + px]) continue;
      if (distanceToBackground(mask, width, height, px, py, params.borderDistance) < params.borderDistance) continue;
      if (!far(m.x, m.y, kept)) continue;
      candidates.push(m);
      confirmed.push(c !== null);
    }
  }
  if (candidates.length === 0) return kept;
  const model = loadStageModel();
  const all = [...kept, ...candidates];
  const f = stageFeatures(ctx, all, candidates.map((_, r) => kept.length + r), confirmed);
  const scored = candidates.map((m, r) => {
    const p = stageProbability(model.add, f, r);
    recorder?.({ kind: 'add', minutia: m, features: f.slice(r * DRY_STAGE_FEATURE_COUNT, (r + 1) * DRY_STAGE_FEATURE_COUNT), probability: p });
    return { m, p };
  });
  const out = kept.slice();
  for (const { m, p } of scored.filter((s) => s.p >= threshold).sort((a, b) => b.p - a.p)) {
    if (!far(m.x, m.y, out)) continue;
    out.push({ ...m, quality: Math.round(100 * p) });
  }
  return out;
}

/**
 * Whether cell (cx, cy) of the detector's first plane is a peak of its 3 × 3 neighbourhood: no
 * neighbour higher, and of equal neighbours it is the first in raster order (ties go to one cell).
 */
function isGridPeak(data: Float32Array, cols: number, rows: number, cx: number, cy: number): boolean {
  const k = cy * cols + cx;
  const p = data[k]!;
  for (let yy = Math.max(0, cy - 1); yy <= Math.min(rows - 1, cy + 1); yy++) {
    for (let xx = Math.max(0, cx - 1); xx <= Math.min(cols - 1, cx + 1); xx++) {
      const q = data[yy * cols + xx]!;
      if (q > p || (q === p && yy * cols + xx < k)) return false;
    }
  }
  return true;
}
