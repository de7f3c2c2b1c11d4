import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { removeSkeletonArtifacts, traceSkeletonGraph } from '../../src/extraction/index.js';
import { mapClearTails, type ClearTailGate } from '../../src/extraction/map-clear-tails.js';
import type { OrientationField } from '../../src/extraction/types.js';
import { fullMask } from '../helpers/thin-ridges.js';

const W = 160;
const on = { ...P, tailClearMaxLength: 10 } as unknown as ExtractionParameters;

/** A field of horizontal ridges (θ = 0) with the given coherence per block (default 0.9). */
function horizontalField(coherenceAt: (bx: number, by: number) => number = () => 0.9): OrientationField {
  const grid = fullMask(W, W).grid;
  const n = grid.cols * grid.rows;
  const coherence = new Float32Array(n);
  for (let by = 0; by < grid.rows; by++) for (let bx = 0; bx < grid.cols; bx++) coherence[by * grid.cols + bx] = coherenceAt(bx, by);
  return { grid, cos2: new Float32Array(n).fill(1), sin2: new Float32Array(n), angle: new Float32Array(n), coherence };
}

/** An enhanced image of horizontal ridges, period 10, its amplitude `weak` where x ≥ 120. */
function enhancedRidges(weak = 1) {
  const data = new Float32Array(W * W);
  for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) data[y * W + x] = (x >= 120 ? weak : 1) * Math.cos((2 * Math.PI * y) / 10);
  return { width: W, height: W, data };
}

/**
 * A long horizontal ridge at y = 60 from x 10 to 150 with a fork at x 80: a branch running
 * diagonally up-right from (80, 60) for `branch` pixels (8-connected, one pixel per column).
 */
function forked(branch: number) {
  const data = new Uint8Array(W * W);
  for (let x = 10; x <= 150; x++) data[60 * W + x] = 1;
  for (let k = 1; k <= branch; k++) data[(60 - k) * W + 80 + k] = 1;
  return { width: W, height: W, data };
}

/** Nodes left after the cleaning: [forks, endings]. */
function nodes(branch: number, params: ExtractionParameters, gate: ClearTailGate | null) {
  const g = removeSkeletonArtifacts(traceSkeletonGraph(forked(branch)), params, null, null, null, gate);
  return [g.nodes.filter((n) => n.ridges.length >= 3).length, g.nodes.filter((n) => n.ridges.length === 1).length];
}

describe('short tails kept in clear ridge flow (tailClearMaxLength)', () => {
  it('ships off', () => {
    expect(P.tailClearMaxLength).toBe(0);
    expect(mapClearTails(enhancedRidges(), fullMask(W, W), horizontalField(), P)).toBeNull();
  });

  it('passes a tail running along clear ridges, in either direction', () => {
    const gate = mapClearTails(enhancedRidges(), fullMask(W, W), horizontalField(), on)!;
    expect(gate(60, 60, 0)).toBe(true);
    expect(gate(60, 60, Math.PI)).toBe(true);
    expect(gate(60, 60, 0.4)).toBe(true); // 23° off the axis
  });

  it('refuses a tail across the flow', () => {
    const gate = mapClearTails(enhancedRidges(), fullMask(W, W), horizontalField(), on)!;
    expect(gate(60, 60, Math.PI / 2)).toBe(false);
    expect(gate(60, 60, 0.7)).toBe(false); // 40° off the axis
  });

  it('refuses a tail where the field is incoherent', () => {
    const gate = mapClearTails(enhancedRidges(), fullMask(W, W), horizontalField((bx) => (bx < 5 ? 0.9 : 0.2)), on)!;
    expect(gate(20, 60, 0)).toBe(true);
    expect(gate(100, 60, 0)).toBe(false);
  });

  it('refuses a tail where the enhanced ridges are faint against the print', () => {
    const gate = mapClearTails(enhancedRidges(0.3), fullMask(W, W), horizontalField(), on)!;
    expect(gate(40, 60, 0)).toBe(true);
    expect(gate(150, 60, 0)).toBe(false);
  });

  it('keeps a 12 px tail and its fork when the gate passes, cuts it as before when not', () => {
    // shipped: the 12 px branch is a spur, cut with its fork (one ridge, two endings)
    expect(nodes(12, P, null)).toEqual([0, 2]);
    expect(nodes(12, on, () => false)).toEqual([0, 2]);
    // clear: kept (a fork, three endings)
    expect(nodes(12, on, () => true)).toEqual([1, 3]);
  });

  it('still cuts tails shorter than tailClearMaxLength', () => {
    expect(nodes(7, on, () => true)).toEqual([0, 2]);
  });

  it('asks the gate at the free end with the direction into the tail', () => {
    const asked: number[][] = [];
    nodes(12, on, (x, y, d) => {
      asked.push([x, y, d]);
      return false;
    });
    expect(asked.length).toBeGreaterThan(0);
    const [x, y, d] = asked[0]!;
    expect([x, y]).toEqual([92, 48]);
    // from the tip back down-left towards the fork (image y down): about 135°
    expect(Math.abs(d - (3 * Math.PI) / 4)).toBeLessThan(0.2);
  });

  it('leaves long branches alone either way', () => {
    expect(nodes(30, P, null)).toEqual([1, 3]);
    expect(nodes(30, on, () => false)).toEqual([1, 3]);
  });
});
