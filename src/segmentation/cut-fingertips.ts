import { createGrayImage, type GrayImage } from '../core/index.js';
import type { SegmentationParameters } from '../config/parameters.js';
import type { AssignedRegion } from './assign-finger-positions.js';
import type { BlockMask, Box } from './types.js';

export interface CutFingertip {
  readonly position: number;
  readonly box: Box;
  readonly angle: number;
  readonly image: GrayImage;
}

/**
 * Cuts each assigned finger out of the slap: only the distal phalanx (blocks within
 * `maxTipLengthRatio` finger widths of the tip, along the finger's own axis), boxed axis-aligned
 * in slap pixels, with every pixel outside the finger's region (grown by `tipMarginBlocks` blocks,
 * never into another finger's region) set to white so a neighbour's ridges inside the box do not
 * reach extraction. Pure.
 */
export function cutFingertips(image: GrayImage, mask: BlockMask, fingers: readonly AssignedRegion[], params: SegmentationParameters): CutFingertip[] {
  const b = mask.blockSize;
  return fingers.map(({ region, position }) => {
    const dx = Math.sin(region.angle);
    const dy = -Math.cos(region.angle);
    const along = (i: number): number => ((i % mask.width) + 0.5) * b * dx + (Math.floor(i / mask.width) + 0.5) * b * dy;
    let tip = -Infinity;
    for (const i of region.blocks) tip = Math.max(tip, along(i));
    const floor = tip - params.maxTipLengthRatio * region.width;
    const kept = new Uint8Array(mask.width * mask.height);
    let bx0 = Infinity;
    let by0 = Infinity;
    let bx1 = -Infinity;
    let by1 = -Infinity;
    for (const i of region.blocks) {
      if (along(i) < floor) continue;
      kept[i] = 1;
      const x = i % mask.width;
      const y = (i - x) / mask.width;
      bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x);
      by0 = Math.min(by0, y); by1 = Math.max(by1, y);
    }
    const box: Box = {
      x: bx0 * b, y: by0 * b,
      width: Math.min(image.width, (bx1 + 1) * b) - bx0 * b,
      height: Math.min(image.height, (by1 + 1) * b) - by0 * b,
    };
    // the margin: blocks within tipMarginBlocks of the kept region that no other finger owns
    const r = params.tipMarginBlocks;
    const near = new Uint8Array(mask.width * mask.height);
    for (let i = 0; i < kept.length; i++) {
      if (!kept[i]) continue;
      const kx = i % mask.width;
      const ky = (i - kx) / mask.width;
      for (let yy = Math.max(0, ky - r); yy <= Math.min(mask.height - 1, ky + r); yy++) {
        for (let xx = Math.max(0, kx - r); xx <= Math.min(mask.width - 1, kx + r); xx++) near[yy * mask.width + xx] = 1;
      }
    }
    for (const other of fingers) if (other.region !== region) for (const i of other.region.blocks) if (!kept[i]) near[i] = 0;
    const out = new Uint8Array(box.width * box.height).fill(255);
    for (let y = 0; y < box.height; y++) {
      const sy = box.y + y;
      const row = Math.floor(sy / b) * mask.width;
      for (let x = 0; x < box.width; x++) {
        const sx = box.x + x;
        if (near[row + Math.floor(sx / b)] === 1) out[y * box.width + x] = image.data[sy * image.width + sx];
      }
    }
    return { position, box, angle: region.angle, image: createGrayImage(box.width, box.height, out, image.ppi) };
  });
}
