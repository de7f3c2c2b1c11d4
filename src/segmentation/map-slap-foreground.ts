import type { GrayImage } from '../core/index.js';
import type { SegmentationParameters } from '../config/parameters.js';
import type { BlockMask } from './types.js';

/** Dilation (value 1) or erosion (value 0) of a block mask by a square of radius r, separably. */
function morph(src: Uint8Array, w: number, h: number, r: number, value: 0 | 1): Uint8Array {
  const tmp = new Uint8Array(w * h);
  const out = new Uint8Array(w * h);
  const other = value === 1 ? 0 : 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = other;
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) if (src[y * w + k] === value) { v = value; break; }
      tmp[y * w + x] = v;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = other;
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) if (tmp[k * w + x] === value) { v = value; break; }
      out[y * w + x] = v;
    }
  }
  return out;
}

/** Sets to 1 every background block not reachable from the border (holes inside a finger). */
function fillHoles(mask: Uint8Array, w: number, h: number): void {
  const outside = new Uint8Array(w * h);
  const stack: number[] = [];
  const push = (i: number): void => {
    if (mask[i] === 0 && outside[i] === 0) { outside[i] = 1; stack.push(i); }
  };
  for (let x = 0; x < w; x++) { push(x); push((h - 1) * w + x); }
  for (let y = 0; y < h; y++) { push(y * w); push(y * w + w - 1); }
  while (stack.length > 0) {
    const i = stack.pop()!;
    const x = i % w;
    if (x > 0) push(i - 1);
    if (x < w - 1) push(i + 1);
    if (i >= w) push(i - w);
    if (i < (h - 1) * w) push(i + w);
  }
  for (let i = 0; i < w * h; i++) if (outside[i] === 0) mask[i] = 1;
}

/**
 * Ridge area of a slap on a block grid: a block is ridge area when its grey levels vary like
 * ridges (standard deviation ≥ `minBlockStdDev`) and are not platen white (mean ≤ `maxBlockMean`);
 * a closing joins the ridges of one finger, an opening of one block drops specks, and holes
 * inside a finger (a scar, a dry patch) are filled. Blocks are `blockSize` pixels at 500 ppi.
 * Cost: one pass over the pixels plus a few passes over the blocks. Pure, thread-safe.
 */
export function mapSlapForeground(image: GrayImage, params: SegmentationParameters): BlockMask {
  const b = params.blockSize;
  const w = Math.ceil(image.width / b);
  const h = Math.ceil(image.height / b);
  const raw = new Uint8Array(w * h);
  const minVar = params.minBlockStdDev * params.minBlockStdDev;
  for (let by = 0; by < h; by++) {
    const y0 = by * b;
    const y1 = Math.min(image.height, y0 + b);
    for (let bx = 0; bx < w; bx++) {
      const x0 = bx * b;
      const x1 = Math.min(image.width, x0 + b);
      let sum = 0;
      let sq = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * image.width;
        for (let x = x0; x < x1; x++) {
          const v = image.data[row + x];
          sum += v;
          sq += v * v;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const mean = sum / n;
      const variance = sq / n - mean * mean;
      raw[by * w + bx] = variance >= minVar && mean <= params.maxBlockMean ? 1 : 0;
    }
  }
  const closed = morph(morph(raw, w, h, params.closeBlocks, 1), w, h, params.closeBlocks, 0);
  const opened = morph(morph(closed, w, h, 1, 0), w, h, 1, 1);
  fillHoles(opened, w, h);
  return { width: w, height: h, blockSize: b, data: opened };
}
