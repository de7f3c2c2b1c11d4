import { describe, expect, it } from 'vitest';
import { findFaintBlocks, localRidgeContrast } from '../../src/extraction/map-faint-blocks.js';

// a 10 × 6 grid of foreground blocks (the last column background): contrast 20 on the left,
// 4 from column 6 on, full ridge evidence (√1), every block sampled except one
const cols = 10;
const rows = 6;
const grid = { blockSize: 8, cols, rows };
const blocks = Uint8Array.from({ length: cols * rows }, (_, b) => (b % cols === cols - 1 ? 0 : 1));
const contrast = Float32Array.from({ length: cols * rows }, (_, b) => (b % cols >= 6 ? 4 : 20));
const mask = { grid, blocks, contrast };
const sampled = Uint8Array.from({ length: cols * rows }, (_, b) => (b === 2 * cols + 2 ? 0 : 1));
const share = Float32Array.from({ length: cols * rows }, () => 1);
const frequency = { sampled, share };

describe('localRidgeContrast', () => {
  it('is the block\'s contrast × √evidence at radius 0, NaN where unsampled or outside the print', () => {
    const r0 = localRidgeContrast(mask, { sampled, share: Float32Array.from(share, () => 0.25) }, 0);
    expect(r0[0]).toBeCloseTo(10, 6);
    expect(r0[cols + 7]).toBeCloseTo(2, 6);
    expect(Number.isNaN(r0[2 * cols + 2]!)).toBe(true);
    expect(Number.isNaN(r0[cols - 1]!)).toBe(true);
  });

  it('averages the sampled foreground blocks within the radius, skipping background and unsampled ones', () => {
    const r1 = localRidgeContrast(mask, frequency, 1);
    expect(r1[2 * cols + 2]).toBeCloseTo(20, 6); // unsampled itself, its eight neighbours read 20
    expect(r1[2 * cols + 6]).toBeCloseTo((3 * 20 + 6 * 4) / 9, 6);
    expect(r1[2 * cols + 8]).toBeCloseTo(4, 6); // its background neighbours do not count
  });
});

describe('findFaintBlocks', () => {
  it('opens the foreground blocks whose local contrast is below the limit, and none when no block is', () => {
    const open = findFaintBlocks(mask, frequency, 10, 1)!;
    for (let b = 0; b < open.length; b++) expect(open[b]).toBe(b % cols >= 6 && b % cols < cols - 1 ? 1 : 0);
    expect(findFaintBlocks(mask, frequency, 4, 1)).toBeNull();
    expect(findFaintBlocks(mask, frequency, 4.01, 0)).not.toBeNull();
  });
});

describe('findFaintBlocks with an edge', () => {
  it('opens only blocks whose square of side 2·edge+1 lies in the foreground', () => {
    // columns 6–8 are faint; column 8 touches the background column 9, rows 0 and 5 the grid's edge
    const open = findFaintBlocks(mask, frequency, 10, 1, 1)!;
    for (let b = 0; b < open.length; b++) {
      const c = b % cols;
      const r = (b / cols) | 0;
      expect(open[b]).toBe(c >= 6 && c <= 7 && r >= 1 && r <= rows - 2 ? 1 : 0);
    }
    expect(findFaintBlocks(mask, frequency, 10, 1, 3)).toBeNull();
  });
});
