import { describe, expect, it } from 'vitest';
import { dropResidueMinutiae } from '../../src/extraction/drop-residue-minutiae.js';
import { blockGridOf, type ForegroundMask, type RawMinutia } from '../../src/extraction/types.js';

const W = 40;
const H = 30;
const minutia = (x: number, y: number): RawMinutia => ({ x, y, direction: 0, type: 'ending', ridgeLength: 10, quality: 50 });
const mask = (residue?: Uint8Array): ForegroundMask => {
  const grid = blockGridOf(W, H, 8);
  const n = grid.cols * grid.rows;
  const base = { grid, blocks: new Uint8Array(n).fill(1), pixels: new Uint8Array(W * H).fill(1), contrast: new Float32Array(n), ridgeShare: new Float32Array(n) };
  return residue ? { ...base, residue } : base;
};

describe('dropResidueMinutiae', () => {
  it('drops the minutiae on residue pixels (rounded, clamped to the image) and keeps the others in order', () => {
    const residue = new Uint8Array(W * H);
    for (let y = 10; y < 20; y++) for (let x = 10; x < 20; x++) residue[y * W + x] = 1;
    const list = [minutia(5, 5), minutia(12.4, 15), minutia(19.6, 12), minutia(30, 29.9), minutia(9.6, 10)];
    const kept = dropResidueMinutiae(list, mask(residue), W, H);
    expect(kept.map((m) => [m.x, m.y])).toEqual([[5, 5], [19.6, 12], [30, 29.9]]);
  });

  it('returns the same list when the mask has no residue (the option off)', () => {
    const list = [minutia(12, 15)];
    expect(dropResidueMinutiae(list, mask(), W, H)).toBe(list);
  });
});
