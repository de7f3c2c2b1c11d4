import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { removeSkeletonArtifacts, traceSkeletonGraph } from '../../src/extraction/index.js';
import { mapThinRidges } from '../../src/extraction/map-thin-ridges.js';
import { fullMask, halfErodedRidges } from '../helpers/thin-ridges.js';

const W = 160;
const on = { ...P, gapThinMaxDistance: 40, gapThinMaxDarkShare: 0.2 } as unknown as ExtractionParameters;

const ridges = (): ReturnType<typeof halfErodedRidges> => halfErodedRidges(W);

/** A skeleton of horizontal pieces [y, x0, x1] (inclusive). */
function skeleton(pieces: ReadonlyArray<readonly [number, number, number]>) {
  const data = new Uint8Array(W * W);
  for (const [y, x0, x1] of pieces) for (let x = x0; x <= x1; x++) data[y * W + x] = 1;
  return { width: W, height: W, data };
}

/** The endings left after the cleaning, sorted. */
function endings(pieces: ReadonlyArray<readonly [number, number, number]>, params: ExtractionParameters, thin: Uint8Array | null) {
  const g = removeSkeletonArtifacts(traceSkeletonGraph(skeleton(pieces)), params, null, thin);
  return g.nodes.filter((n) => n.ridges.length === 1).map((n) => [n.x, n.y]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
}

describe('thin ridges and the longer gaps across them', () => {
  it('ships off', () => {
    expect(P.gapThinMaxDistance).toBe(0);
    expect(mapThinRidges(ridges(), fullMask(W, W), P)).toBeNull();
  });

  it('marks the eroded half, not the well printed one', () => {
    const thin = mapThinRidges(ridges(), fullMask(W, W), on)!;
    expect(thin).not.toBeNull();
    // well inside each half (the 3 × 3 block pooling blurs the boundary by a block)
    expect(thin[80 * W + 20]).toBe(0);
    expect(thin[80 * W + 60]).toBe(0);
    expect(thin[80 * W + 100]).toBe(1);
    expect(thin[80 * W + 150]).toBe(1);
  });

  it('leaves the background out', () => {
    const mask = fullMask(W, W);
    for (let y = 0; y < W; y++) for (let x = 120; x < W; x++) mask.pixels[y * W + x] = 0;
    const thin = mapThinRidges(ridges(), mask, on)!;
    expect(thin[80 * W + 100]).toBe(1);
    expect(thin[80 * W + 130]).toBe(0);
  });

  // two 40 px pieces of one ridge with a 30 px gap, and two with a 30 px gap 5 px out of line
  const straight = [[40, 10, 50], [40, 80, 120]] as const;
  const offset = [[100, 10, 50], [105, 80, 120]] as const;
  const all = new Uint8Array(W * W).fill(1);

  it('joins a 30 px gap only where both ends are on thin ridges and the option is on', () => {
    expect(endings(straight, P, all)).toEqual([[10, 40], [50, 40], [80, 40], [120, 40]]);
    expect(endings(straight, on, null)).toEqual([[10, 40], [50, 40], [80, 40], [120, 40]]);
    expect(endings(straight, on, all)).toEqual([[10, 40], [120, 40]]);
    const half = new Uint8Array(W * W);
    for (let i = 0; i < W * W; i++) half[i] = i % W >= 60 ? 1 : 0;
    expect(endings(straight, on, half)).toEqual([[10, 40], [50, 40], [80, 40], [120, 40]]);
  });

  it('allows the thin sideways tolerance, not more', () => {
    expect(endings(offset, on, all)).toEqual([[10, 100], [120, 105]]);
    const strict = { ...on, gapThinMaxLateral: 3.5 } as unknown as ExtractionParameters;
    expect(endings(offset, strict, all)).toEqual([[10, 100], [50, 100], [80, 105], [120, 105]]);
  });

  it('keeps the ordinary gap rule where the ridges are not thin', () => {
    // a 10 px gap is joined with or without the map
    expect(endings([[60, 10, 50], [60, 61, 100]], P, null)).toEqual([[10, 60], [100, 60]]);
    expect(endings([[60, 10, 50], [60, 61, 100]], on, new Uint8Array(W * W))).toEqual([[10, 60], [100, 60]]);
  });
});
