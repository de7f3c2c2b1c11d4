import { describe, expect, it } from 'vitest';
import { blockFlagsToPixels, blockGridOf } from '../../src/extraction/types.js';

describe('blockFlagsToPixels', () => {
  // a 21 × 13 image on 8-px blocks: partial blocks on the right and at the bottom
  const width = 21, height = 13;
  const grid = blockGridOf(width, height, 8);
  const flags = Uint8Array.from({ length: grid.cols * grid.rows }, (_, k) => (k * 7) % 3 === 0 ? 1 : 0);

  it('gives each pixel its own block’s flag, partial blocks included', () => {
    const out = blockFlagsToPixels(flags, grid, width, height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        expect(out[y * width + x]).toBe(flags[Math.floor(y / 8) * grid.cols + Math.floor(x / 8)]);
      }
    }
  });

  it('keeps only the pixels `within` marks, and reads any non-zero value as 1', () => {
    const within = Uint8Array.from({ length: width * height }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const valued = Float32Array.from(flags, (f) => f * 0.25);
    const out = blockFlagsToPixels(valued, grid, width, height, within);
    for (let i = 0; i < width * height; i++) {
      const x = i % width, y = (i / width) | 0;
      expect(out[i]).toBe(within[i] && flags[Math.floor(y / 8) * grid.cols + Math.floor(x / 8)] ? 1 : 0);
    }
  });
});
