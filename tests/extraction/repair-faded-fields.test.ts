import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { computeOrientationField } from '../../src/extraction/compute-orientation-field.js';
import { findFadedBlocks, findJointFadedBlocks, repairFadedOrientation, repairFadedPeriod, repairFadedPeriodJoint } from '../../src/extraction/repair-faded-fields.js';
import type { FloatImage, FrequencyField, OrientationField } from '../../src/extraction/types.js';
import { cols, grid, moments, rows, turn } from '../helpers/block-moments.js';

const n = cols * rows;
const withP = (changes: Record<string, number>): ExtractionParameters => ({ ...P, ...changes }) as unknown as ExtractionParameters;
const ON = withP({ fadedFieldContrastShare: 0.4 });

const all = new Uint8Array(n).fill(1);
// the right third of the print at a tenth of the contrast (a hundredth of the energy), its ridges turned
const fadedPrint = moments((c) => (c < 14 ? 0.2 : 1.2), (c) => (c < 14 ? 1000 : 10));

describe('findFadedBlocks', () => {
  it('finds nothing when off', () => {
    expect(findFadedBlocks(fadedPrint, all, P)).toBeNull();
  });
  it('marks the blocks far below the print’s contrast and only those', () => {
    const faded = findFadedBlocks(fadedPrint, all, ON)!;
    // the contrast is read over a window of 1 block: the faint column next to the strong part is not faded
    for (let b = 0; b < n; b++) expect(faded[b]).toBe(b % cols >= 15 ? 1 : 0);
  });
  it('finds nothing on an evenly contrasted print, nor outside the foreground', () => {
    expect(findFadedBlocks(moments(() => 0.5, () => 1000), all, ON)).toBeNull();
    const fg = Uint8Array.from(all, (_, b) => (b % cols < 14 ? 1 : 0));
    expect(findFadedBlocks(fadedPrint, fg, ON)).toBeNull();
  });
});

describe('repairFadedOrientation', () => {
  it('gives the faded part its own direction back and leaves every other block as it was', () => {
    const shipped = computeOrientationField(fadedPrint, all, P);
    const faded = findFadedBlocks(fadedPrint, all, ON)!;
    const repaired = repairFadedOrientation(shipped, fadedPrint, all, faded, ON);
    let before = 0;
    let after = 0;
    for (let b = 0; b < n; b++) {
      expect(repaired.coherence[b]).toBe(shipped.coherence[b]);
      if (!faded[b]) {
        expect(repaired.angle[b]).toBe(shipped.angle[b]);
        continue;
      }
      before = Math.max(before, turn(shipped.angle[b], 1.2));
      after = Math.max(after, turn(repaired.angle[b], 1.2));
      expect(Math.hypot(repaired.cos2[b], repaired.sin2[b])).toBeCloseTo(1, 5);
    }
    // the strong print pulls the faded blocks next to it by far more than the repaired field errs
    expect(before).toBeGreaterThan(0.3);
    expect(after).toBeLessThan(before / 2);
  });
});

describe('repairFadedPeriod', () => {
  it('takes the faded blocks’ period from the measured well-contrasted blocks around', () => {
    const faded = findFadedBlocks(fadedPrint, all, ON)!;
    const period = Float32Array.from({ length: n }, (_, b) => (faded[b] ? 5 : 9));
    const measured = Uint8Array.from({ length: n }, () => 1);
    const frequency: FrequencyField = { grid, period, measured, sampled: measured, share: new Float32Array(n) };
    const repaired = repairFadedPeriod(frequency, faded, ON);
    for (let b = 0; b < n; b++) {
      if (faded[b]) expect(repaired.period[b]).toBeCloseTo(9, 4);
      else expect(repaired.period[b]).toBe(period[b]);
    }
    // with no well-contrasted block in reach, a faded block keeps its own period
    const none = repairFadedPeriod(frequency, new Uint8Array(n).fill(1), ON);
    expect(Array.from(none.period)).toEqual(Array.from(period));
    expect(frequency.period[n - 1]).toBe(5);
  });
});

const JOINT = withP({ fadedJointRepair: 1 });

describe('findJointFadedBlocks', () => {
  it('finds nothing when off, whatever the mask recorded', () => {
    expect(findJointFadedBlocks(fadedPrint, all, all, P)).toBeNull();
  });
  it('marks the faint blocks and the blocks the faded growth took in, inside the foreground only', () => {
    const grown = Uint8Array.from(all, (_, b) => (b % cols === 3 ? 1 : 0));
    const fg = Uint8Array.from(all, (_, b) => (((b / cols) | 0) === 0 ? 0 : 1));
    const faded = findJointFadedBlocks(fadedPrint, fg, grown, JOINT)!;
    for (let b = 0; b < n; b++) {
      const faint = b % cols >= 15 || b % cols === 3;
      expect(faded[b]).toBe(fg[b] && faint ? 1 : 0);
    }
    expect(findJointFadedBlocks(moments(() => 0.5, () => 1000), all, undefined, JOINT)).toBeNull();
  });
});

describe('repairFadedPeriodJoint', () => {
  // straight ridges across x (direction π/2), period 6 right of column 14 and 9 left of it, the
  // right part at a tenth of the contrast with light noise
  const size = grid.blockSize;
  const width = cols * size;
  const height = rows * size;
  const image: FloatImage = { width, height, data: new Float32Array(width * height) };
  let seed = 5;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const grain = ((seed >>> 8) / 0xffffff - 0.5) * 0.1;
      image.data[y * width + x] = x < 14 * size ? Math.cos((2 * Math.PI * x) / 9) : 0.1 * Math.cos((2 * Math.PI * x) / 6) + grain;
    }
  }
  const angle = new Float32Array(n).fill(Math.PI / 2);
  const orientation: OrientationField = { grid, angle, cos2: new Float32Array(n).fill(-1), sin2: new Float32Array(n), coherence: new Float32Array(n).fill(1) };
  const faded = Uint8Array.from({ length: n }, (_, b) => (b % cols >= 15 ? 1 : 0));
  it('reads the faded blocks’ own period on the long signature and leaves every other block as it was', () => {
    const period = Float32Array.from({ length: n }, (_, b) => (faded[b] ? 12 : 9));
    const measured = Uint8Array.from({ length: n }, (_, b) => (faded[b] ? 0 : 1));
    const frequency: FrequencyField = { grid, period, measured, sampled: measured, share: new Float32Array(n) };
    const repaired = repairFadedPeriodJoint(image, orientation, frequency, faded, JOINT);
    for (let b = 0; b < n; b++) {
      if (!faded[b]) expect(repaired.period[b]).toBe(period[b]);
      // far from the unfaded part the faded blocks' own ridges set the period
      else if (b % cols >= 18) expect(Math.abs(repaired.period[b] - 6)).toBeLessThan(0.5);
    }
    expect(frequency.period[n - 1]).toBe(12);
  });
  it('falls back on the measured unfaded blocks around where the faded signature shows no ridges', () => {
    const blank: FloatImage = { width, height, data: Float32Array.from(image.data, (v, i) => ((i % width) >= 14 * size ? 0 : v)) };
    const period = Float32Array.from({ length: n }, (_, b) => (faded[b] ? 12 : 9));
    const measured = Uint8Array.from({ length: n }, (_, b) => (faded[b] ? 0 : 1));
    const frequency: FrequencyField = { grid, period, measured, sampled: measured, share: new Float32Array(n) };
    const repaired = repairFadedPeriodJoint(blank, orientation, frequency, faded, JOINT);
    for (let b = 0; b < n; b++) if (faded[b] && b % cols <= 16) expect(repaired.period[b]).toBeCloseTo(9, 4);
  });
});
