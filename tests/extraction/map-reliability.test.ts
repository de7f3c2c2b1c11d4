import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { mapReliability } from '../../src/extraction/map-reliability.js';
import type { ForegroundMask, FrequencyField, OrientationField } from '../../src/extraction/types.js';

// four blocks: clean ridges, faint ridges, incoherent noise, background
const grid = { blockSize: 8, cols: 4, rows: 1 };
const mask: ForegroundMask = {
  grid,
  blocks: Uint8Array.from([1, 1, 1, 0]),
  pixels: new Uint8Array(32 * 8),
  contrast: Float32Array.from([40, 4, 30, 0]),
  ridgeShare: new Float32Array(4),
};
const orientation: OrientationField = {
  grid,
  cos2: new Float32Array(4),
  sin2: new Float32Array(4),
  angle: new Float32Array(4),
  coherence: Float32Array.from([0.8, 0.7, 0.1, 0]),
};
const frequency: FrequencyField = {
  grid,
  period: new Float32Array(4).fill(9),
  measured: Uint8Array.from([1, 1, 0, 0]),
  sampled: Uint8Array.from([1, 1, 1, 0]),
  share: Float32Array.from([0.6, 0.5, 0.1, 0]),
};

describe('absolute reliability map', () => {
  it('is high on clean ridges, lower on faint ones, zero on noise and background', () => {
    const r = mapReliability(mask, orientation, frequency, P);
    expect(r[0]).toBeCloseTo(1, 5);
    expect(r[1]).toBeGreaterThan(0);
    expect(r[1]).toBeLessThan(0.6);
    expect(r[2]).toBe(0);
    expect(r[3]).toBe(0);
  });
});
