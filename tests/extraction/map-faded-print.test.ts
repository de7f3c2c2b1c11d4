import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { removeSkeletonArtifacts, traceSkeletonGraph } from '../../src/extraction/index.js';
import { findFadedPrintBlocks, mapFadedPrint } from '../../src/extraction/map-faded-print.js';
import type { ForegroundMask } from '../../src/extraction/types.js';

const W = 96; // 12 × 12 blocks of 8 px
const B = 8;
const C = W / B;
const on = { ...P, fadedFragmentMaxLength: 10, fadedFragmentContrastShare: 0.4 } as unknown as ExtractionParameters;
const off = { ...P, fadedFragmentMaxLength: 0 } as unknown as ExtractionParameters;

/** Every block is print; the right third (columns 8–11) is faded to 20 % of the contrast. */
function mask(): ForegroundMask {
  const blocks = new Uint8Array(C * C).fill(1);
  const contrast = new Float32Array(C * C);
  for (let by = 0; by < C; by++) for (let bx = 0; bx < C; bx++) contrast[by * C + bx] = bx >= 8 ? 4 : 20;
  return { grid: { blockSize: B, cols: C, rows: C }, blocks, pixels: new Uint8Array(W * W).fill(1), contrast, ridgeShare: new Float32Array(C * C) } as unknown as ForegroundMask;
}
function skeleton(pieces: ReadonlyArray<readonly [number, number, number]>) {
  const data = new Uint8Array(W * W);
  for (const [y, x0, x1] of pieces) for (let x = x0; x <= x1; x++) data[y * W + x] = 1;
  return { width: W, height: W, data };
}
const kept = (params: ExtractionParameters) => {
  // a 15 px fragment in the strong part, one in the faded part
  const g = removeSkeletonArtifacts(traceSkeletonGraph(skeleton([[20, 20, 35], [60, 75, 90]])), params, null, null, mapFadedPrint(mask(), W, W, params));
  return g.nodes.map((n) => [n.x, n.y]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
};

describe('faded print in the skeleton cleaning', () => {
  it('ships off', () => {
    expect(P.fadedFragmentMaxLength).toBe(0);
    expect(mapFadedPrint(mask(), W, W, P)).toBeNull();
  });

  it('finds the faded blocks by contrast against the mask median (the border column mixes)', () => {
    const f = findFadedPrintBlocks(mask(), 0.4)!;
    expect(f[5 * C + 3]).toBe(0);
    expect(f[5 * C + 7]).toBe(0); // mean of 20, 20, 4 over its neighbours: 14.7 > 8
    expect(f[5 * C + 8]).toBe(0); // 4, 4, 20: 9.3 > 8, not faded
    expect(f[5 * C + 9]).toBe(1);
    expect(findFadedPrintBlocks(mask(), 0.1)).toBeNull();
  });

  it('removes both fragments when off, keeps the faded one when on', () => {
    expect(kept(off)).toEqual([]);
    expect(kept(on)).toEqual([[75, 60], [90, 60]]);
  });
});
