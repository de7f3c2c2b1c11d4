import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { computeBlockGradients, normalizeContrast, runMaskNet, segmentForeground } from '../../src/extraction/index.js';
import { blockGridOf } from '../../src/extraction/types.js';

// The learned print mask (issue 12, masknet; `maskNetGrow`, off by default): the network's block
// probabilities, and the mask's growth into the blocks it calls contact.

const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;
const W = 240;
const H = 240;
const grid = blockGridOf(W, H, P.blockSize);

/** A round print (period 9) of radius `r` on a near-white platen, with light noise. */
function print(r: number): Float32Array {
  const grey = new Float32Array(W * H);
  let seed = 77;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return ((seed >>> 8) / 0xffffff - 0.5) * 4;
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = (x - 120) ** 2 + (y - 120) ** 2 < r * r ? 120 + 80 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9) : 245;
      grey[y * W + x] = Math.max(0, Math.min(255, Math.round(v + noise())));
    }
  }
  return grey;
}

const count = (m: Uint8Array): number => m.reduce((s, v) => s + v, 0);

describe('runMaskNet', () => {
  it('gives one probability per block, high on the print and low on the blank platen', () => {
    const grey = print(80);
    const p = runMaskNet(grey, normalizeContrast(grey, W, H, P), grid);
    expect(p.length).toBe(grid.cols * grid.rows);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    const at = (x: number, y: number): number => p[Math.floor(y / 8) * grid.cols + Math.floor(x / 8)]!;
    expect(at(120, 120)).toBeGreaterThan(0.9);
    expect(at(8, 8)).toBeLessThan(0.1);
  });
});

describe('maskNetGrow', () => {
  const grey = print(80);
  const g = computeBlockGradients(grey, W, H, grid);
  const off = segmentForeground(grey, W, H, g, P);

  it('adds nothing when off, even with a contact map', () => {
    const all = new Float32Array(grid.cols * grid.rows).fill(1);
    expect(segmentForeground(grey, W, H, g, P, [], all).blocks).toEqual(off.blocks);
  });

  it('grows the mask by `maskNetGrowReach` rings of blocks the network calls contact, and no further', () => {
    const all = new Float32Array(grid.cols * grid.rows).fill(1);
    const one = segmentForeground(grey, W, H, g, withParams({ maskNetGrow: 0.5, maskNetGrowReach: 1 }), [], all);
    const two = segmentForeground(grey, W, H, g, withParams({ maskNetGrow: 0.5, maskNetGrowReach: 2 }), [], all);
    expect(count(one.blocks)).toBeGreaterThan(count(off.blocks));
    expect(count(two.blocks)).toBeGreaterThan(count(one.blocks));
    // every added block of the first ring touches the mask as segmented without the network
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.cols; c++) {
        if (!one.blocks[r * grid.cols + c] || off.blocks[r * grid.cols + c]) continue;
        let touches = false;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (off.blocks[(r + dy) * grid.cols + c + dx]) touches = true;
        expect(touches).toBe(true);
      }
    }
  });

  it('takes no block below the threshold', () => {
    const none = new Float32Array(grid.cols * grid.rows).fill(0.4);
    expect(segmentForeground(grey, W, H, g, withParams({ maskNetGrow: 0.5 }), [], none).blocks).toEqual(off.blocks);
  });
});
