import type { SegmentationParameters } from '../config/parameters.js';
import { describeRegion } from './describe-region.js';
import type { BlockMask, FingerRegion } from './types.js';

/**
 * The connected ridge regions of a slap's block mask (8-connected), largest first, without the
 * ones too small to be a fingertip: below `minFingerArea` pixels² or below `minRelativeArea` of
 * the largest region (dirt, a latent print on the platen, the edge of the palm).
 * Cost: one pass over the blocks. Pure.
 */
export function labelFingerRegions(mask: BlockMask, params: SegmentationParameters): FingerRegion[] {
  const { width: w, height: h, data } = mask;
  const label = new Int32Array(w * h).fill(-1);
  const regions: FingerRegion[] = [];
  const stack: number[] = [];
  for (let start = 0; start < w * h; start++) {
    if (data[start] === 0 || label[start] >= 0) continue;
    const members: number[] = [];
    label[start] = regions.length;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      members.push(i);
      const x = i % w;
      const y = (i - x) / w;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= w) continue;
          const j = yy * w + xx;
          if (data[j] === 1 && label[j] < 0) { label[j] = regions.length; stack.push(j); }
        }
      }
    }
    regions.push(describeRegion(Int32Array.from(members), mask));
  }
  regions.sort((a, b) => b.area - a.area);
  const largest = regions[0]?.area ?? 0;
  return regions.filter((r) => r.area >= params.minFingerArea && r.area >= params.minRelativeArea * largest);
}
