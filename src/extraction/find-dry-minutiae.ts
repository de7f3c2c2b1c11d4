import { fileURLToPath } from 'node:url';
import type { ExtractionParameters } from '../config/parameters.js';
import { scoreMinutiae, type PatchSource } from './check-minutiae.js';
import { loadOnnxSession } from './load-onnx-session.js';
import { findThinRidgeBlocks } from './map-thin-ridges.js';
import { distanceToBackground } from './segment-foreground.js';
import type { FloatImage, RawMinutia } from './types.js';

/** Where the dry-region minutia detector lives in the repository (models/minutia-net.md). */
export const MINUTIA_NET_MODEL = fileURLToPath(new URL('../../models/minutia-net.onnx', import.meta.url));

/** The model file {@link repairDryMinutiae} loads; {@link useMinutiaNetModel} changes it. */
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
 * Both thresholds 0 (the default): the list is returned as it is and the model is not loaded.
 * Order of the kept minutiae is kept; added ones follow.
 */
export function repairDryMinutiae(
  minutiae: RawMinutia[],
  source: PatchSource,
  params: ExtractionParameters,
  skeleton?: readonly RawMinutia[] | null,
): RawMinutia[] {
  const add = params.minutiaNetAddThreshold;
  const drop = params.minutiaNetDropThreshold;
  if (!(add > 0) && !(drop > 0)) return minutiae;
  const confirm = add > 0 && params.minutiaNetConfirmDistance > 0;
  if (confirm && !skeleton) throw new TypeError('minutiaNetConfirmDistance needs the skeleton candidates (see extractFromAnalysis)');
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
  const net = runMinutiaNet(normalized, x0, y0, x1, y1, activeModel);
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
  if (!(add > 0)) return kept;
  const spacing2 = params.minutiaNetAddSpacing * params.minutiaNetAddSpacing;
  const found: RawMinutia[] = [];
  for (let cy = 0; cy < rows; cy++) {
    for (let cx = 0; cx < cols; cx++) {
      const p = data[cy * cols + cx]!;
      if (p < add) continue;
      let peak = true;
      for (let yy = Math.max(0, cy - 1); yy <= Math.min(rows - 1, cy + 1) && peak; yy++) {
        for (let xx = Math.max(0, cx - 1); xx <= Math.min(cols - 1, cx + 1); xx++) {
          const q = data[yy * cols + xx]!;
          // ties go to the first cell in raster order
          if (q > p || (q === p && yy * cols + xx < cy * cols + cx)) { peak = false; break; }
        }
      }
      if (!peak) continue;
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
