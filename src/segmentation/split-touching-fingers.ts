import type { SegmentationParameters } from '../config/parameters.js';
import { describeRegion } from './describe-region.js';
import type { BlockMask, FingerRegion } from './types.js';

/** Largest finger tilt on a slap, radians: a region whose long axis lies flatter is fingers side by side. */
const MAX_FINGER_TILT = (50 * Math.PI) / 180;

/** The hand's finger direction: the median of the regions' axes, a flat axis turned upright. */
export function estimateHandAngle(regions: readonly FingerRegion[]): number {
  if (regions.length === 0) return 0;
  const angles = regions.map((r) => (Math.abs(r.angle) > MAX_FINGER_TILT ? r.angle - Math.sign(r.angle) * (Math.PI / 2) : r.angle)).sort((a, b) => a - b);
  return angles[Math.floor(angles.length / 2)];
}

/** Coordinates of a region's blocks across the hand (pixels, along (cos a, sin a)). */
function across(region: FingerRegion, mask: BlockMask, handAngle: number): Float64Array {
  const c = Math.cos(handAngle);
  const s = Math.sin(handAngle);
  const out = new Float64Array(region.blocks.length);
  region.blocks.forEach((i, k) => {
    out[k] = (((i % mask.width) + 0.5) * c + (Math.floor(i / mask.width) + 0.5) * s) * mask.blockSize;
  });
  return out;
}

function extentOf(u: Float64Array, blockSize: number): { min: number; max: number; span: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of u) { if (v < min) min = v; if (v > max) max = v; }
  return { min, max, span: max - min + blockSize };
}

/** Splits one region at the thinnest place across the hand, between 20 % and 80 % of its span. */
function splitOnce(region: FingerRegion, mask: BlockMask, handAngle: number): [FingerRegion, FingerRegion] | null {
  const u = across(region, mask, handAngle);
  const { min, span } = extentOf(u, mask.blockSize);
  const bins = Math.max(1, Math.ceil(span / mask.blockSize));
  const counts = new Float64Array(bins);
  for (const v of u) counts[Math.min(bins - 1, Math.floor((v - min) / mask.blockSize))]++;
  let best = -1;
  let bestCount = Infinity;
  for (let k = Math.floor(bins * 0.2); k <= Math.ceil(bins * 0.8) && k < bins; k++) {
    // Smoothed over three bins so a single ragged column does not decide.
    const c = counts[k] + 0.5 * ((counts[k - 1] ?? counts[k]) + (counts[k + 1] ?? counts[k]));
    if (c < bestCount) { bestCount = c; best = k; }
  }
  if (best < 0) return null;
  const cut = min + (best + 0.5) * mask.blockSize;
  const left: number[] = [];
  const right: number[] = [];
  region.blocks.forEach((i, k) => (u[k] < cut ? left : right).push(i));
  if (left.length === 0 || right.length === 0) return null;
  return [describeRegion(Int32Array.from(left), mask), describeRegion(Int32Array.from(right), mask)];
}

/**
 * Touching fingers form one region; while fewer regions than `expected` fingers were found, the
 * region widest across the hand is split at its thinnest place when it is wider than
 * `splitWidthRatio` times a single finger (the median of the others, or `maxFingerWidth` when
 * there is none). Regions are returned largest first. Pure.
 */
export function splitTouchingFingers(regions: readonly FingerRegion[], mask: BlockMask, expected: number, params: SegmentationParameters): FingerRegion[] {
  let out = [...regions];
  for (let guard = 0; guard < expected && out.length < expected; guard++) {
    const hand = estimateHandAngle(out);
    const spans = out.map((r) => extentOf(across(r, mask, hand), mask.blockSize).span);
    let widest = 0;
    for (let k = 1; k < out.length; k++) if (spans[k] > spans[widest]) widest = k;
    const others = spans.filter((_, k) => k !== widest).sort((a, b) => a - b);
    const single = others.length > 0 ? Math.min(others[Math.floor(others.length / 2)], params.maxFingerWidth) : params.maxFingerWidth / params.splitWidthRatio;
    if (spans[widest] <= params.splitWidthRatio * single) break;
    const parts = splitOnce(out[widest], mask, hand);
    if (parts === null) break;
    out = [...out.slice(0, widest), ...parts, ...out.slice(widest + 1)];
  }
  return out.sort((a, b) => b.area - a.area);
}
