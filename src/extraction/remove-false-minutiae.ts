import type { ExtractionParameters } from '../config/parameters.js';
import { forEachClosePair, sampleBlockMap } from './filters.js';
import { mapReliability } from './map-reliability.js';
import { distanceToBackground } from './segment-foreground.js';
import type { BlockGrid, FloatImage, ForegroundMask, FrequencyField, OrientationField, RawMinutia } from './types.js';

/**
 * Drops minutiae that the skeleton cleaning cannot judge: those near the edge of the print
 * (the mask border cuts ridges into false endings), those where the orientation is unreliable
 * (scars, smudges), and dense clouds (noise produces many minutiae close together; genuine
 * minutiae are rarely more than a few within a ridge period or two), and, when asked, those
 * where the raw image shows no periodic ridges (the enhancement's ridges drawn over noise).
 * Then rates each survivor
 * 0–100 from coherence, ridge clarity and distance to the border (or, with
 * `minutiaReliability`, from the absolute reliability map and the border, dropping those below
 * `minutiaMinReliability`), and keeps the best `maxMinutiae`.
 */
export function removeFalseMinutiae(
  minutiae: RawMinutia[],
  mask: ForegroundMask,
  orientation: OrientationField,
  enhanced: FloatImage,
  params: ExtractionParameters,
  frequency?: FrequencyField,
): RawMinutia[] {
  const { cols, rows, blockSize } = orientation.grid;
  const width = enhanced.width;
  const clarity = blockClarity(enhanced, mask, orientation.grid);
  const reliability = frequency && params.minutiaReliability > 0 ? mapReliability(mask, orientation, frequency, params) : null;
  // the quality's border ramp: from `minutiaQualityBorderFloor` at the edge to 1 at the reach
  // (3 × borderDistance unless `minutiaQualityBorderReach` says farther: on clean re-impressions a
  // minutia finds its mate less often up to ~32–48 px from its own edge at every quality)
  const reach = params.minutiaQualityBorderReach > 0 ? params.minutiaQualityBorderReach : 3 * params.borderDistance;
  const floor = params.minutiaQualityBorderFloor;
  const kept: RawMinutia[] = [];
  for (const m of minutiae) {
    const xi = Math.round(m.x);
    const yi = Math.round(m.y);
    const dist = borderDistanceOf(mask.pixels, width, enhanced.height, xi, yi, m.direction, params, reach, mask.residueCut);
    if (dist < 0) continue;
    const coh = sampleBlockMap(orientation.coherence, cols, rows, blockSize, m.x, m.y);
    if (coh < params.minCoherence) continue;
    if (frequency && params.minutiaMinRidgeShare > 0 && sampleBlockMap(frequency.share, cols, rows, blockSize, m.x, m.y) < params.minutiaMinRidgeShare) continue;
    const clear = sampleBlockMap(clarity, cols, rows, blockSize, m.x, m.y);
    const borderFactor = Math.min(1, dist / reach);
    const cohFactor = Math.min(1, coh / 0.7);
    // dropping minutiae on weak clarity was measured to cost accuracy (the matcher does better
    // with them), so clarity only lowers their quality
    const clearFactor = Math.min(1, clear);
    let q = cohFactor * clearFactor;
    if (reliability) {
      q = sampleBlockMap(reliability, cols, rows, blockSize, m.x, m.y);
      if (q < params.minutiaMinReliability) continue;
    }
    m.quality = Math.max(1, Math.min(100, Math.round(100 * q * (floor + (1 - floor) * borderFactor))));
    kept.push(m);
  }
  const neighbours = new Int32Array(kept.length);
  forEachClosePair(
    kept.map((m) => m.x),
    kept.map((m) => m.y),
    params.clusterRadius,
    (i, j) => {
      neighbours[i]++;
      neighbours[j]++;
    },
  );
  const crowded = new Uint8Array(kept.length);
  for (let i = 0; i < kept.length; i++) if (neighbours[i] > params.clusterMaxNeighbours) crowded[i] = 1;
  const result = kept.filter((_, i) => !crowded[i]);
  // stable order: quality, then position, so the same image always gives the same template
  result.sort((a, b) => b.quality - a.quality || a.y - b.y || a.x - b.x);
  return result.slice(0, params.maxMinutiae);
}

/**
 * Distance (pixels, up to `reach`, at least 3 × `borderDistance`) from minutia pixel (x, y) to the nearest
 * background pixel or image side, or −1 when the minutia is too close to keep: within
 * `borderDistance` of the mask's background, or of the image side when
 * `borderImageSideDistance` is 0. Otherwise, near the image side: dropped within
 * `borderImageSideDistance` of it; between that and `borderDistance`, kept only when its
 * `direction` (into its ridge or valley, image coordinates) points at the nearest side within
 * `borderImageSideKeepAngle`. Where the mask reaches the image side the ridges run on past it
 * (a cropped or small sensor): a ridge cut by the side ends there pointing away from it, while
 * a minutia whose ridge runs on towards the side is seen whole and is kept.
 */
function borderDistanceOf(
  pixels: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  direction: number,
  params: ExtractionParameters,
  reach: number,
  cut?: Uint8Array,
): number {
  const limit = Math.max(3 * params.borderDistance, reach);
  const side = params.borderImageSideDistance;
  if (params.borderEdgeDistance > 0 && pointsInFromEdge(pixels, width, height, x, y, direction, params)) return -1;
  if (cut && params.borderResidueDistance > 0) return borderDistanceWithCut(pixels, cut, width, height, x, y, direction, params, limit);
  if (!(side > 0)) {
    const dist = distanceToBackground(pixels, width, height, x, y, limit);
    return dist < params.borderDistance ? -1 : dist;
  }
  const toMask = distanceToBackground(pixels, width, height, x, y, limit, false);
  const left = x + 1, right = width - x, top = y + 1, bottom = height - y;
  const toSide = Math.min(limit, left, right, top, bottom);
  if (toMask < params.borderDistance || toSide < side) return -1;
  if (toSide < params.borderDistance) {
    // the outward normal of the nearest side
    const nx = toSide === left ? -1 : toSide === right ? 1 : 0;
    const ny = nx !== 0 ? 0 : toSide === top ? -1 : 1;
    if (Math.cos(direction) * nx + Math.sin(direction) * ny < Math.cos(params.borderImageSideKeepAngle)) return -1;
  }
  return Math.min(toMask, toSide);
}

/**
 * Whether a minutia at (x, y) within `borderEdgeDistance` of the mask's own background (image
 * sides not counted) points away from its nearest background pixel, within `borderEdgeDropAngle`
 * of straight inwards: the end of a ridge that runs out at the print's edge (a ridge fading with
 * the contact ends there pointing into the print). Minutiae closer than `borderDistance` are left
 * to the border test. O(borderEdgeDistance²).
 */
export function pointsInFromEdge(
  pixels: Uint8Array, width: number, height: number, x: number, y: number, direction: number,
  params: { readonly borderDistance: number; readonly borderEdgeDistance: number; readonly borderEdgeDropAngle: number },
): boolean {
  const reach = params.borderEdgeDistance;
  const nearest = new Int32Array(2);
  const d = distanceToBackground(pixels, width, height, x, y, reach, false, nearest);
  if (d >= reach || d < params.borderDistance) return false;
  // inward = away from the nearest background pixel
  return -(Math.cos(direction) * nearest[0]! + Math.sin(direction) * nearest[1]!) / d > Math.cos(params.borderEdgeDropAngle);
}

/**
 * {@link borderDistanceOf} where the mask was cut at residue (`cut`, see
 * `segmentationResidueCut`): the cut is a side of its own. Dropped within `borderDistance` of
 * the mask's other background (cut pixels counted as print) or of the image side (or within
 * `borderImageSideDistance` of it, with the side's own direction test beyond), and within
 * `borderResidueDistance` of the cut; between that and `borderDistance` of the cut, kept only
 * when `direction` points at the nearest cut pixel within `borderResidueKeepAngle`. A ridge cut
 * by the smudge ends at the cut pointing away from it; a minutia whose ridge runs on towards the
 * smudge is seen whole. Distances are searched up to `limit` pixels.
 */
function borderDistanceWithCut(
  pixels: Uint8Array,
  cut: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  direction: number,
  params: ExtractionParameters,
  limit: number,
): number {
  const border = params.borderDistance;
  const r = Math.ceil(limit);
  let mask2 = limit * limit;
  let cut2 = limit * limit;
  let cdx = 0;
  let cdy = 0;
  for (let dy = -r; dy <= r; dy++) {
    const yy = y + dy;
    if (yy < 0 || yy >= height) continue;
    const o = yy * width;
    for (let dx = -r; dx <= r; dx++) {
      const xx = x + dx;
      if (xx < 0 || xx >= width) continue;
      const i = o + xx;
      if (pixels[i]) continue;
      const d2 = dx * dx + dy * dy;
      if (cut[i]) {
        if (d2 < cut2) {
          cut2 = d2;
          cdx = dx;
          cdy = dy;
        }
      } else if (d2 < mask2) mask2 = d2;
    }
  }
  const toMask = Math.sqrt(mask2);
  const toCut = Math.sqrt(cut2);
  const left = x + 1, right = width - x, top = y + 1, bottom = height - y;
  const toSide = Math.min(limit, left, right, top, bottom);
  const side = params.borderImageSideDistance > 0 ? params.borderImageSideDistance : border;
  if (toMask < border || toSide < side || toCut < params.borderResidueDistance) return -1;
  if (toCut < border) {
    const gap = params.borderResidueRidgeGap;
    if (gap > 0) {
      if (runsIntoCut(cut, width, height, x, y, direction, toCut + gap)) return -1;
    } else if ((Math.cos(direction) * cdx + Math.sin(direction) * cdy) / toCut < Math.cos(params.borderResidueKeepAngle)) return -1;
  }
  if (toSide < border) {
    const nx = toSide === left ? -1 : toSide === right ? 1 : 0;
    const ny = nx !== 0 ? 0 : toSide === top ? -1 : 1;
    if (Math.cos(direction) * nx + Math.sin(direction) * ny < Math.cos(params.borderImageSideKeepAngle)) return -1;
  }
  return Math.min(toMask, toSide, toCut);
}

/**
 * Whether the skeleton of a minutia at (x, y) whose `direction` points into its ridge (or
 * valley) would, run on straight past its end, meet a cut pixel within `reach` pixels: the
 * half-pixel steps from (x, y) against `direction`. A ridge the smudge cut ends at the cut and
 * its line runs into it; a true ending beside the smudge stops short of it or points along it.
 */
function runsIntoCut(cut: Uint8Array, width: number, height: number, x: number, y: number, direction: number, reach: number): boolean {
  const ux = -Math.cos(direction);
  const uy = -Math.sin(direction);
  for (let s = 0; s <= reach; s += 0.5) {
    const xx = Math.round(x + s * ux);
    const yy = Math.round(y + s * uy);
    if (xx < 0 || yy < 0 || xx >= width || yy >= height) return false;
    if (cut[yy * width + xx]) return true;
  }
  return false;
}

/**
 * Ridge clarity per block: RMS of the enhanced image over the block and its neighbours,
 * relative to the median over the print. The oriented filter answers strongly only where
 * there is a clean ridge pattern, so a low value marks smudges, scars and noise.
 */
export function blockClarity(enhanced: FloatImage, mask: ForegroundMask, grid: BlockGrid): Float32Array {
  const { cols, rows, blockSize } = grid;
  const { width, height, data } = enhanced;
  const sum = new Float32Array(cols * rows);
  const cnt = new Float32Array(cols * rows);
  const pixels = mask.pixels;
  for (let y = 0; y < height; y++) {
    const r = ((y / blockSize) | 0) * cols;
    const o = y * width;
    // pixel j of every block along the row, then pixel j + 1…: each float32 block sum still
    // takes its pixels in order of x (same bits), but consecutive additions go to different
    // blocks instead of each waiting for the one before
    for (let j = 0; j < blockSize; j++) {
      for (let x = j, b = r; x < width; x += blockSize, b++) {
        const i = o + x;
        if (!pixels[i]) continue;
        const v = data[i];
        sum[b] += v * v;
        cnt[b]++;
      }
    }
  }
  const rms = new Float32Array(cols * rows);
  const values = new Float64Array(mask.blocks.length);
  let nValues = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let s = 0;
      let c = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = by + dy;
        if (yy < 0 || yy >= rows) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = bx + dx;
          if (xx < 0 || xx >= cols) continue;
          s += sum[yy * cols + xx];
          c += cnt[yy * cols + xx];
        }
      }
      const v = c > 0 ? Math.sqrt(s / c) : 0;
      rms[by * cols + bx] = v;
      if (mask.blocks[by * cols + bx]) values[nValues++] = v;
    }
  }
  // a typed array sorts numerically in native code
  const sorted = values.subarray(0, nValues).sort();
  const median = nValues ? sorted[nValues >> 1] : 1;
  for (let i = 0; i < rms.length; i++) rms[i] = median > 0 ? rms[i] / median : 0;
  return rms;
}
