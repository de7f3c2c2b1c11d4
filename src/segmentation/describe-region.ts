import type { BlockMask, FingerRegion } from './types.js';

/**
 * Area, centroid, axis and width of a set of blocks. The axis is the principal direction of the
 * block cloud, oriented to point up the image (a finger's tip is above its base on a slap); the
 * width is four standard deviations across that axis. Pure.
 */
export function describeRegion(blocks: Int32Array, mask: BlockMask): FingerRegion {
  const b = mask.blockSize;
  let sx = 0;
  let sy = 0;
  for (const i of blocks) {
    sx += (i % mask.width) + 0.5;
    sy += Math.floor(i / mask.width) + 0.5;
  }
  const n = blocks.length;
  const mx = sx / n;
  const my = sy / n;
  let cxx = 0;
  let cyy = 0;
  let cxy = 0;
  for (const i of blocks) {
    const dx = (i % mask.width) + 0.5 - mx;
    const dy = Math.floor(i / mask.width) + 0.5 - my;
    cxx += dx * dx;
    cyy += dy * dy;
    cxy += dx * dy;
  }
  cxx /= n;
  cyy /= n;
  cxy /= n;
  // Major axis direction (ex, ey) of the covariance; flipped to point up (ey < 0).
  const theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
  let ex = Math.cos(theta);
  let ey = Math.sin(theta);
  const tr = cxx + cyy;
  const det = cxx * cyy - cxy * cxy;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const minorVar = Math.max(0, tr / 2 - disc);
  // A round blob has no reliable axis: call it upright.
  if (disc < 0.05 * tr) { ex = 0; ey = -1; }
  if (ey > 0 || (ey === 0 && ex < 0)) { ex = -ex; ey = -ey; }
  const angle = Math.atan2(ex, -ey);
  return { blocks, area: n * b * b, cx: mx * b, cy: my * b, angle, width: 4 * Math.sqrt(minorVar) * b };
}
