import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { removeSkeletonArtifacts, traceSkeletonGraph } from '../../src/extraction/index.js';
import { mapThinTails } from '../../src/extraction/map-thin-ridges.js';
import { fullMask, halfErodedRidges } from '../helpers/thin-ridges.js';

const W = 160;
const on = { ...P, tailThinMaxLength: 8 } as unknown as ExtractionParameters;

const ridges = (): ReturnType<typeof halfErodedRidges> => halfErodedRidges(W);

/**
 * A long horizontal ridge at y = 60 from x 10 to 150 with a fork at x 80: a branch running
 * diagonally up-right from (80, 60) for `branch` pixels (a 4-connected staircase would be
 * thinned differently, so the branch is 8-connected, one pixel per column).
 */
function forked(branch: number) {
  const data = new Uint8Array(W * W);
  for (let x = 10; x <= 150; x++) data[60 * W + x] = 1;
  for (let k = 1; k <= branch; k++) data[(60 - k) * W + 80 + k] = 1;
  return { width: W, height: W, data };
}

/** Nodes left after the cleaning: [forks, endings]. */
function nodes(branch: number, params: ExtractionParameters, thinTails: Uint8Array | null) {
  const g = removeSkeletonArtifacts(traceSkeletonGraph(forked(branch)), params, null, null, thinTails);
  return [g.nodes.filter((n) => n.ridges.length >= 3).length, g.nodes.filter((n) => n.ridges.length === 1).length];
}

describe('short tails kept in eroded blocks (tailThinMaxLength)', () => {
  it('ships off', () => {
    expect(P.tailThinMaxLength).toBe(0);
    expect(mapThinTails(ridges(), fullMask(W, W), P)).toBeNull();
  });

  it('marks the eroded half, not the well printed one', () => {
    const thin = mapThinTails(ridges(), fullMask(W, W), on)!;
    expect(thin).not.toBeNull();
    expect(thin[80 * W + 20]).toBe(0);
    expect(thin[80 * W + 60]).toBe(0);
    expect(thin[80 * W + 100]).toBe(1);
    expect(thin[80 * W + 150]).toBe(1);
  });

  it('takes the stricter share of its own: a half at 30 % dark pixels is not thin at 0.2', () => {
    // ridges 4 px of 12 (a third dark): thin for the gap rule's 0.3 would be borderline, not here
    const data = new Float32Array(W * W);
    for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) data[y * W + x] = x % 12 < 4 ? -1.5 : 0.6;
    expect(mapThinTails({ width: W, height: W, data }, fullMask(W, W), on)).toBeNull();
  });

  const all = new Uint8Array(W * W).fill(1);
  const none = new Uint8Array(W * W);

  it('keeps a 12 px tail and its fork where the fork lies in an eroded block', () => {
    // shipped: the 12 px branch is a spur, cut with its fork (one ridge, two endings)
    expect(nodes(12, P, null)).toEqual([0, 2]);
    expect(nodes(12, on, none)).toEqual([0, 2]);
    // eroded: kept (a fork, three endings)
    expect(nodes(12, on, all)).toEqual([1, 3]);
  });

  it('still cuts tails shorter than tailThinMaxLength there', () => {
    expect(nodes(5, on, all)).toEqual([0, 2]);
  });

  it('decides by the fork: an eroded tip on a well printed fork is cut as before', () => {
    const tipOnly = new Uint8Array(W * W);
    for (let y = 0; y < 55; y++) for (let x = 0; x < W; x++) tipOnly[y * W + x] = 1;
    expect(nodes(12, on, tipOnly)).toEqual([0, 2]);
  });

  it('leaves long branches alone either way', () => {
    expect(nodes(30, P, null)).toEqual([1, 3]);
    expect(nodes(30, on, all)).toEqual([1, 3]);
  });
});
