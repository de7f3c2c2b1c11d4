import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import type { BlockGradients } from '../../src/extraction/compute-block-gradients.js';
import { computeOrientationField } from '../../src/extraction/compute-orientation-field.js';
import { enhanceRidges, selectFilters, withShortAlongKernel, type FilterSelection } from '../../src/extraction/enhance-ridges.js';
import { findSingularRegion, singularPixels } from '../../src/extraction/find-singular-region.js';
import { loadEnhanceKernel, useEnhanceKernel } from '../../src/extraction/load-enhance-kernel.js';
import type { OrientationField } from '../../src/extraction/types.js';

const withP = (changes: Record<string, number>): ExtractionParameters => ({ ...P, ...changes }) as unknown as ExtractionParameters;

const cols = 16;
const rows = 14;
const grid = { blockSize: 8, cols, rows };
const all = new Uint8Array(cols * rows).fill(1);

/** Ridge direction at each block centre, in [0, π), from a function of the pixel position. */
function fieldOf(ridge: (x: number, y: number) => number): OrientationField {
  const n = cols * rows;
  const cos2 = new Float32Array(n);
  const sin2 = new Float32Array(n);
  const angle = new Float32Array(n);
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      const a = ridge((q + 0.5) * 8, (r + 0.5) * 8);
      const i = r * cols + q;
      cos2[i] = Math.cos(2 * a);
      sin2[i] = Math.sin(2 * a);
      angle[i] = ((a % Math.PI) + Math.PI) % Math.PI;
    }
  }
  return { grid, cos2, sin2, angle, coherence: new Float32Array(n).fill(1) };
}

/** Block moments of ridges at `ridge(x, y)` (perfectly straight within each block). */
function momentsOf(ridge: (x: number, y: number) => number): BlockGradients {
  const f = fieldOf(ridge);
  const n = cols * rows;
  const gxx = new Float32Array(n);
  const gyy = new Float32Array(n);
  const gxy = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = f.angle[i] + Math.PI / 2;
    gxx[i] = 1000 * Math.cos(g) ** 2;
    gyy[i] = 1000 * Math.sin(g) ** 2;
    gxy[i] = 1000 * Math.cos(g) * Math.sin(g);
  }
  return { grid, gxx, gyy, gxy };
}

// a singular point on the corner shared by blocks (6, 6), (7, 6), (6, 7), (7, 7)
const cx = 56;
const cy = 56;
const core = (x: number, y: number): number => 0.5 * Math.atan2(y - cy, x - cx) + 0.3;
const delta = (x: number, y: number): number => -0.5 * Math.atan2(y - cy, x - cx) + 0.3;

describe('findSingularRegion', () => {
  it('finds a core (index +½) at its block corner and marks the blocks within the radius', () => {
    const found = findSingularRegion(fieldOf(core), all, 24);
    expect(found.deltas).toHaveLength(0);
    expect(found.cores.length).toBeGreaterThanOrEqual(1);
    for (const [x, y] of found.cores) expect(Math.hypot(x - cx, y - cy)).toBeLessThanOrEqual(8);
    // block centres within 24 px of (56, 56): (6, 6) at 5.7 px is in, (2, 6) at 36 px is out
    expect(found.blocks[6 * cols + 6]).toBe(1);
    expect(found.blocks[6 * cols + 4]).toBe(1);
    expect(found.blocks[6 * cols + 2]).toBe(0);
    expect(found.blocks[0]).toBe(0);
  });

  it('finds a delta (index −½) and no core', () => {
    const found = findSingularRegion(fieldOf(delta), all, 24);
    expect(found.cores).toHaveLength(0);
    expect(found.deltas.length).toBeGreaterThanOrEqual(1);
    for (const [x, y] of found.deltas) expect(Math.hypot(x - cx, y - cy)).toBeLessThanOrEqual(8);
  });

  it('finds nothing in parallel or gently curving ridges, and nothing across the mask edge', () => {
    expect(findSingularRegion(fieldOf((x) => 0.4 + 0.01 * x), all, 24).blocks.every((b) => b === 0)).toBe(true);
    // the core's blocks outside the mask: no loop is read across the edge
    const fg = all.map((_, i) => (i % cols >= 5 && i % cols <= 8 ? 0 : 1));
    const found = findSingularRegion(fieldOf(core), fg, 24);
    expect(found.cores).toHaveLength(0);
  });

  it('paints the pixels within the radius of each point', () => {
    const pixels = singularPixels({ blocks: new Uint8Array(0), cores: [[40, 30]], deltas: [] }, 100, 80, 10);
    expect(pixels[30 * 100 + 40]).toBe(1);
    expect(pixels[30 * 100 + 49]).toBe(1);
    expect(pixels[30 * 100 + 52]).toBe(0);
    expect(pixels[42 * 100 + 40]).toBe(0);
    let count = 0;
    for (const p of pixels) count += p;
    expect(Math.abs(count - Math.PI * 100)).toBeLessThan(20);
  });
});

describe('orientationSingularFineShare', () => {
  const g = momentsOf(core);

  it('changes nothing far from a singular point and leans to the fine field near it', () => {
    const off = computeOrientationField(g, all, P);
    const on = computeOrientationField(g, all, withP({ orientationSingularFineShare: 1 }));
    // the fine field alone everywhere (blend marks below any coherence)
    const fine = computeOrientationField(g, all, withP({ orientationBlendLow: -2, orientationBlendHigh: -1 }));
    const near = findSingularRegion(off, all, P.singularRegionRadius).blocks;
    let inside = 0;
    let moved = 0;
    for (let i = 0; i < cols * rows; i++) {
      if (!near[i]) {
        expect(on.angle[i]).toBe(off.angle[i]);
        continue;
      }
      inside++;
      expect(on.angle[i]).toBeCloseTo(fine.angle[i], 5);
      if (Math.abs(on.angle[i] - off.angle[i]) > 1e-4) moved++;
    }
    expect(inside).toBeGreaterThan(20);
    // the coherence is low around the core, so the shipped blend took the coarse field there
    expect(moved).toBeGreaterThanOrEqual(4);
  });

  it('is the shipped field at 0', () => {
    const off = computeOrientationField(g, all, P);
    const zero = computeOrientationField(g, all, withP({ orientationSingularFineShare: 0 }));
    expect(Buffer.from(zero.angle.buffer).equals(Buffer.from(off.angle.buffer))).toBe(true);
  });
});

describe('enhancementSingularAlongSigma', () => {
  const width = 90;
  const height = 70;
  const n = width * height;
  let s = 7;
  const data = new Float32Array(n).map(() => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 4 - 2);
  const fg = new Uint8Array(n).map((_, i) => ((i % width) > 5 && (i % width) < 80 ? 1 : 0));
  const orientation = { ...fieldOf(core), grid: { blockSize: 8, cols: Math.ceil(width / 8), rows: Math.ceil(height / 8) } };
  const oc = orientation.grid.cols * orientation.grid.rows;
  const bigField = fieldOf(core);
  const o2: OrientationField = {
    grid: orientation.grid,
    cos2: new Float32Array(oc).map((_, i) => bigField.cos2[Math.floor(i / orientation.grid.cols) * cols + (i % orientation.grid.cols)]),
    sin2: new Float32Array(oc).map((_, i) => bigField.sin2[Math.floor(i / orientation.grid.cols) * cols + (i % orientation.grid.cols)]),
    angle: new Float32Array(oc),
    coherence: new Float32Array(oc),
  };
  const frequency = { grid: o2.grid, period: new Float32Array(oc).fill(9) } as never;
  const short = withP({ enhancementSingularAlongSigma: 2 });
  const selection: FilterSelection = selectFilters(width, height, o2, frequency, short);

  for (const kernel of [true, false]) {
    it(`uses the short kernel exactly where marked (${kernel ? 'WebAssembly' : 'JavaScript'})`, () => {
      useEnhanceKernel(kernel);
      try {
        expect(loadEnhanceKernel() !== null).toBe(kernel);
        const everywhere = withShortAlongKernel(selection, new Uint8Array(n).fill(1), short);
        const onShort = enhanceRidges({ width, height, data }, everywhere, fg, short).data;
        const plainShort = enhanceRidges({ width, height, data }, selection, fg, withP({ enhancementAlongSigma: 2 })).data;
        expect(Buffer.from(onShort.buffer).equals(Buffer.from(plainShort.buffer))).toBe(true);
        const nowhere = withShortAlongKernel(selection, new Uint8Array(n), short);
        const onNone = enhanceRidges({ width, height, data }, nowhere, fg, short).data;
        const shipped = enhanceRidges({ width, height, data }, selection, fg, P).data;
        expect(Buffer.from(onNone.buffer).equals(Buffer.from(shipped.buffer))).toBe(true);
        expect(Buffer.from(onShort.buffer).equals(Buffer.from(shipped.buffer))).toBe(false);
      } finally {
        useEnhanceKernel(true);
      }
    });
  }
});
