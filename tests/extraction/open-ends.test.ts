import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { removeSkeletonArtifacts, traceSkeletonGraph } from '../../src/extraction/index.js';
import { openEndPixels } from '../../src/extraction/remove-skeleton-artifacts.js';

const W = 100;
const on = { ...P, cleaningOpenEndDistance: 3 } as unknown as ExtractionParameters;
const off = { ...P, cleaningOpenEndDistance: 0 } as unknown as ExtractionParameters;

/** A skeleton of horizontal pieces [y, x0, x1] (inclusive). */
function skeleton(pieces: ReadonlyArray<readonly [number, number, number]>) {
  const data = new Uint8Array(W * W);
  for (const [y, x0, x1] of pieces) for (let x = x0; x <= x1; x++) data[y * W + x] = 1;
  return { width: W, height: W, data };
}
/** The print: everything right of column 30 (the mask's background is the left part). */
const mask = new Uint8Array(W * W);
for (let y = 0; y < W; y++) for (let x = 30; x < W; x++) mask[y * W + x] = 1;
const pieces = (params: ExtractionParameters) => {
  // a 15 px fragment starting at the mask's edge, and one in the middle of the print
  const g = removeSkeletonArtifacts(traceSkeletonGraph(skeleton([[20, 30, 45], [60, 60, 75]])), params, openEndPixels(mask, W, W, params));
  return g.nodes.map((n) => [n.x, n.y]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
};

describe('open ends in the skeleton cleaning', () => {
  it('ships on (3 px)', () => {
    expect(P.cleaningOpenEndDistance).toBe(3);
  });

  it('marks the pixels near the background and the image side, off at 0', () => {
    expect(openEndPixels(mask, W, W, off)).toBeNull();
    const open = openEndPixels(mask, W, W, on)!;
    expect(open[50 * W + 32]).toBe(1);
    expect(open[50 * W + 33]).toBe(0);
    expect(open[50 * W + 97]).toBe(1);
    expect(open[1 * W + 60]).toBe(1);
    expect(open[50 * W + 60]).toBe(0);
  });

  it('removes both short fragments when off', () => {
    expect(pieces(off)).toEqual([]);
  });

  it('keeps the fragment the print edge cuts, removes the one inside', () => {
    expect(pieces(on)).toEqual([[30, 20], [45, 20]]);
  });
});
