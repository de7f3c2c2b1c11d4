import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { computeBlockGradients, segmentForeground } from '../../src/extraction/index.js';
import { blockGridOf, type ForegroundMask } from '../../src/extraction/types.js';

// `segmentationFaintWeberGain` (issue 12, lowcon): a block lighter than the print's typical block is
// read on the contrast it would have without its fade towards white.

const withParams = (changes: Partial<Record<keyof typeof P, number>>): typeof P => ({ ...P, ...changes }) as unknown as typeof P;

const W = 320;
const H = 320;

/**
 * A round synthetic print (period 9, light noise) on a near-white platen. With `kept` < 1 the print's
 * right half (x ≥ 160) is faded towards white as the suite's `low-contrast` fades it:
 * v + (1 − kept)·(255 − v), its contrast and its grey below white both scaled by `kept`.
 */
function print(kept: number): Float32Array {
  const grey = new Float32Array(W * H);
  let seed = 4242;
  const noise = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return ((seed >>> 8) / 0xffffff - 0.5) * 4;
  };
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v: number;
      if ((x - 160) ** 2 + (y - 160) ** 2 < 120 * 120) v = 120 + 80 * Math.cos((2 * Math.PI * (0.6 * x + 0.8 * y)) / 9);
      else v = 245;
      if (x >= 160) v += (1 - kept) * (255 - v);
      grey[y * W + x] = Math.max(0, Math.min(255, Math.round(v + noise())));
    }
  }
  return grey;
}

function segment(grey: Float32Array, params: typeof P): ForegroundMask {
  return segmentForeground(grey, W, H, computeBlockGradients(grey, W, H, blockGridOf(W, H, P.blockSize)), params);
}

/** Foreground blocks with their centre left / right of the middle. */
function halves(mask: ForegroundMask): [number, number] {
  const { cols, rows, blockSize } = mask.grid;
  let left = 0;
  let right = 0;
  for (let b = 0; b < cols * rows; b++) {
    if (!mask.blocks[b]) continue;
    if ((b % cols) * blockSize + blockSize / 2 < 160) left++;
    else right++;
  }
  void rows;
  return [left, right];
}

describe('segmentationFaintWeberGain: the contrast test read unfaded', () => {
  it('is off by default', () => {
    expect(P.segmentationFaintWeberGain).toBe(0);
  });

  it('keeps more of a half faded to a fifth of its contrast (towards white) in the mask', () => {
    const grey = print(0.2);
    const [leftOff, rightOff] = halves(segment(grey, P));
    const [leftOn, rightOn] = halves(segment(grey, withParams({ segmentationFaintWeberGain: 5 })));
    // the shipped mask loses part of the faded half; read unfaded it keeps (nearly) the unfaded half's extent
    expect(rightOff).toBeLessThan(0.9 * leftOff);
    expect(rightOn).toBeGreaterThan(rightOff);
    expect(rightOn).toBeGreaterThanOrEqual(0.9 * leftOn);
    // the platen around the print stays out
    const on = segment(grey, withParams({ segmentationFaintWeberGain: 5 }));
    expect(on.pixels[8 * W + 8]).toBe(0);
    expect(on.pixels[8 * W + (W - 9)]).toBe(0);
  });

  it("on an unfaded print adds only blocks at the print's rim (the light edge it straddles), never the bare platen", () => {
    const grey = print(1);
    const off = segment(grey, P);
    const on = segment(grey, withParams({ segmentationFaintWeberGain: 5 }));
    const { cols, blockSize } = on.grid;
    let added = 0;
    for (let b = 0; b < on.blocks.length; b++) {
      expect(on.blocks[b]).toBeGreaterThanOrEqual(off.blocks[b]); // nothing is taken out
      if (!on.blocks[b] || off.blocks[b]) continue;
      added++;
      const cx = (b % cols) * blockSize + blockSize / 2 - 160;
      const cy = Math.floor(b / cols) * blockSize + blockSize / 2 - 160;
      // within two blocks of the print's edge (radius 120)
      expect(Math.abs(Math.hypot(cx, cy) - 120)).toBeLessThan(2 * blockSize + 1);
    }
    // this is the clean prints' cost measured in bench/RESULTS.md (lowcon): a clean print's rim is lighter too
    expect(added).toBeLessThan(0.15 * off.blocks.reduce((a, v) => a + v, 0));
  });

  it('raises by at most the gain: gain 1 changes nothing', () => {
    const grey = print(0.2);
    const off = segment(grey, P);
    const one = segment(grey, withParams({ segmentationFaintWeberGain: 1 }));
    expect(Array.from(one.blocks)).toEqual(Array.from(off.blocks));
    expect(Array.from(one.pixels)).toEqual(Array.from(off.pixels));
  });
});
