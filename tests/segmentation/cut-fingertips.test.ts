import { describe, expect, it } from 'vitest';
import { createGrayImage } from '../../src/core/index.js';
import { SEGMENTATION_PARAMETERS } from '../../src/config/parameters.js';
import { cutFingertips } from '../../src/segmentation/cut-fingertips.js';
import type { AssignedRegion } from '../../src/segmentation/assign-finger-positions.js';
import type { BlockMask, FingerRegion } from '../../src/segmentation/types.js';

// A 30 × 24 block slap (8 px blocks) of flat grey 100: a pixel of the fingertip is either the slap's
// (100) or the cut's white fill (255).
const B = 8, COLS = 30, ROWS = 24;
const image = createGrayImage(COLS * B, ROWS * B, new Uint8Array(COLS * B * ROWS * B).fill(100));

function region(blocks: Array<[number, number]>, width: number): FingerRegion {
  return { blocks: Int32Array.from(blocks.map(([x, y]) => y * COLS + x)), area: blocks.length * B * B, cx: 0, cy: 0, angle: 0, width };
}

// finger A: a band leaning right as it goes down (columns 2–4 at the top, 11–13 at the bottom), so its
// axis-aligned box holds corners far from it; finger B: a patch inside A's box, top right
const bandBlocks: Array<[number, number]> = [];
for (let y = 2; y <= 21; y++) for (let x = 2 + Math.floor((y - 2) / 2); x <= 4 + Math.floor((y - 2) / 2); x++) bandBlocks.push([x, y]);
const patchBlocks: Array<[number, number]> = [];
for (let y = 2; y <= 4; y++) for (let x = 11; x <= 13; x++) patchBlocks.push([x, y]);
const A = region(bandBlocks, 400);
const Bf = region(patchBlocks, 400);
const mask: BlockMask = { width: COLS, height: ROWS, blockSize: B, data: new Uint8Array(COLS * ROWS) };
for (const i of [...A.blocks, ...Bf.blocks]) mask.data[i] = 1;
const fingers: AssignedRegion[] = [{ region: A, position: 2, tip: 0 }, { region: Bf, position: 3, tip: 0 }];

/** The fingertip of A's grey at the centre of slap block (bx, by). */
function greyAt(margin: number, bx: number, by: number): number {
  const tip = cutFingertips(image, mask, fingers, { ...SEGMENTATION_PARAMETERS, tipMarginBlocks: margin })[0]!;
  const x = bx * B + 4 - tip.box.x, y = by * B + 4 - tip.box.y;
  expect(x >= 0 && y >= 0 && x < tip.box.width && y < tip.box.height, 'inside the box').toBe(true);
  return tip.image.data[y * tip.box.width + x]!;
}

describe('cutFingertips', () => {
  it('boxes a fingertip on its kept region whatever the margin', () => {
    for (const margin of [1, 4]) {
      const tip = cutFingertips(image, mask, fingers, { ...SEGMENTATION_PARAMETERS, tipMarginBlocks: margin })[0]!;
      expect(tip.box).toEqual({ x: 2 * B, y: 2 * B, width: 12 * B, height: 20 * B });
    }
  });

  it('keeps the slap within tipMarginBlocks of the region, so the cut does not run through the finger\'s faint rim', () => {
    // block (7, 5) is 3 blocks right of the band's row 5 (columns 3–5)
    expect(greyAt(4, 8, 5)).toBe(100);
    expect(greyAt(1, 8, 5)).toBe(255);
    expect(greyAt(1, 6, 5)).toBe(100);
  });

  it('whitens what lies farther, and never takes another finger\'s region into the margin', () => {
    // block (2, 20) is 7 or more blocks from every block of the band
    expect(greyAt(4, 2, 20)).toBe(255);
    // finger B's patch (columns 11–13, rows 2–4) lies partly within 4 blocks of the band (block (7, 8)): still white
    for (const [x, y] of patchBlocks) expect(greyAt(4, x, y), `block ${x},${y}`).toBe(255);
    // the block next to B's patch, within the margin of A and in no region, is kept
    expect(greyAt(4, 9, 4)).toBe(100);
  });
});
