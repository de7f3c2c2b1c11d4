import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import { buildFilterTables, enhanceRidges, nearForeground, selectFilters, type FilterSelection } from '../../src/extraction/enhance-ridges.js';
import type { FrequencyField, OrientationField } from '../../src/extraction/types.js';
import { loadEnhanceKernel, useEnhanceKernel } from '../../src/extraction/load-enhance-kernel.js';

/** Small deterministic generator (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/**
 * The enhancement written as its definition, one pixel at a time: the along sum at every pixel
 * near the foreground (normalised over the taps outside blank spots when the kernel reaches
 * one), then the across sum at every foreground pixel.
 */
function referenceEnhance(data: Float32Array, width: number, height: number, sel: FilterSelection, fg: Uint8Array, blank: Uint8Array | null): Float32Array {
  const pad = Math.max(P.enhancementAlongHalfLength, P.enhancementAcrossHalfLength) + 1;
  const pw = width + 2 * pad;
  const ph = height + 2 * pad;
  const at = (src: Float32Array | Uint8Array, c: number): number => {
    const x = (c % pw) - pad;
    const y = Math.floor(c / pw) - pad;
    return x < 0 || y < 0 || x >= width || y >= height ? 0 : src[y * width + x];
  };
  const t = buildFilterTables(pw, P);
  const near = nearForeground(fg, width, height, P.enhancementAcrossHalfLength + 1);
  const nearBlank = blank ? nearForeground(blank, width, height, P.enhancementAlongHalfLength) : null;
  const along = new Float32Array(pw * ph);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!near[i]) continue;
      const c = (y + pad) * pw + x + pad;
      const o = t.alongOffsets[sel.orientationBin[i]];
      const w = t.alongWeights[sel.orientationBin[i]];
      let s = 0;
      let support = 0;
      if (blank && nearBlank && nearBlank[i]) {
        for (let k = 0; k < o.length; k++) {
          if (at(blank, c + o[k])) continue;
          s += w[k] * at(data, c + o[k]);
          support += w[k];
        }
      }
      if (support >= 0.25) s /= support;
      else {
        s = 0;
        for (let k = 0; k < o.length; k++) s += w[k] * at(data, c + o[k]);
      }
      along[c] = s;
    }
  }
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) {
    if (!fg[i]) continue;
    const c = (Math.floor(i / width) + pad) * pw + (i % width) + pad;
    const f = sel.orientationBin[i] * t.periods + sel.periodBin[i];
    const o = t.acrossOffsets[f];
    const w = t.acrossWeights[f];
    let s = 0;
    for (let k = 0; k < o.length; k++) s += w[k] * along[c + o[k]];
    out[i] = s;
  }
  return out;
}

/** Bins constant over horizontal runs of 1–12 pixels, so both the four-wide and the one-pixel paths run. */
function runsOf(n: number, values: number, next: () => number): Uint8Array {
  const bins = new Uint8Array(n);
  for (let i = 0; i < n; ) {
    const v = Math.floor(next() * values);
    const len = 1 + Math.floor(next() * 12);
    for (let k = 0; k < len && i < n; k++) bins[i++] = v;
  }
  return bins;
}

describe('enhanceRidges', () => {
  const width = 83;
  const height = 61;
  const n = width * height;
  const next = random(12);
  const data = new Float32Array(n).map(() => next() * 4 - 2);
  const periods = Math.floor((P.enhancementMaxPeriod - P.enhancementMinPeriod) / P.enhancementPeriodStep) + 1;
  const selection: FilterSelection = { orientationBin: runsOf(n, P.enhancementOrientationBins, next), periodBin: runsOf(n, periods, next) };
  // a ragged print with holes, touching the left and bottom image edges
  const fg = new Uint8Array(n);
  for (let y = 8; y < height; y++) for (let x = 0; x < width - 9; x++) if ((x - 30) ** 2 + (y - 40) ** 2 < 900 + next() * 400 && next() > 0.05) fg[y * width + x] = 1;

  it('equals the one-pixel-at-a-time definition bit for bit', () => {
    const out = enhanceRidges({ width, height, data }, selection, fg, P).data;
    const expected = referenceEnhance(data, width, height, selection, fg, null);
    let nonZero = 0;
    for (let i = 0; i < n; i++) if (out[i] !== 0) nonZero++;
    expect(nonZero).toBeGreaterThan(1000);
    expect(Buffer.from(out.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('equals the definition bit for bit in JavaScript too (kernel off)', () => {
    useEnhanceKernel(false);
    try {
      expect(loadEnhanceKernel()).toBeNull();
      const out = enhanceRidges({ width, height, data }, selection, fg, P).data;
      const expected = referenceEnhance(data, width, height, selection, fg, null);
      expect(Buffer.from(out.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    } finally {
      useEnhanceKernel(true);
    }
  });

  it('runs in the WebAssembly kernel (built by npm run build) and stays exact when images change size', () => {
    expect(loadEnhanceKernel()).not.toBeNull();
    // a larger image grows the kernel's memory and changes the row stride of the tables; then back
    for (const [w, h, seed] of [[140, 117, 3], [83, 61, 4], [31, 200, 5]] as const) {
      const r = random(seed);
      const m = w * h;
      const img = new Float32Array(m).map(() => r() * 4 - 2);
      const sel: FilterSelection = { orientationBin: runsOf(m, P.enhancementOrientationBins, r), periodBin: runsOf(m, periods, r) };
      const mask = new Uint8Array(m).map(() => (r() > 0.1 ? 1 : 0));
      const out = enhanceRidges({ width: w, height: h, data: img }, sel, mask, P).data;
      expect(Buffer.from(out.buffer).equals(Buffer.from(referenceEnhance(img, w, h, sel, mask, null).buffer))).toBe(true);
    }
  });

  it('equals the definition bit for bit with blank spots (normalised smoothing along the ridges)', () => {
    const blank = new Uint8Array(n);
    for (let y = 30; y < 44; y++) for (let x = 20; x < 31; x++) blank[y * width + x] = 1;
    for (let y = 15; y < 18; y++) for (let x = 40; x < 60; x++) blank[y * width + x] = 1;
    const out = enhanceRidges({ width, height, data }, selection, fg, P, undefined, blank).data;
    const plain = enhanceRidges({ width, height, data }, selection, fg, P).data;
    const expected = referenceEnhance(data, width, height, selection, fg, blank);
    expect(Buffer.from(out.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    expect(Buffer.from(out.buffer).equals(Buffer.from(plain.buffer))).toBe(false);
  });
});

describe('selectFilters', () => {
  /** Random block fields (signs of both components, zero cells, periods beyond both ends of the bins). */
  function fields(cols: number, rows: number, seed: number): { orientation: OrientationField; frequency: FrequencyField } {
    const r = random(seed);
    const cells = cols * rows;
    const cos2 = new Float32Array(cells).map(() => r() * 2 - 1);
    const sin2 = new Float32Array(cells).map(() => r() * 2 - 1);
    for (let i = 0; i < cells; i += 7) cos2[i] = sin2[i] = 0;
    const period = new Float32Array(cells).map(() => 3 + r() * 14);
    const grid = { blockSize: P.blockSize, cols, rows };
    return { orientation: { grid, cos2, sin2 } as unknown as OrientationField, frequency: { period } as unknown as FrequencyField };
  }

  it('gives the same bins in the WebAssembly kernel as in JavaScript, with and without a region, at any row length', () => {
    expect(loadEnhanceKernel()).not.toBeNull();
    for (const [width, height, seed] of [[83, 61, 1], [97, 40, 2], [8, 9, 3], [161, 130, 4]] as const) {
      const cols = Math.ceil(width / P.blockSize);
      const rows = Math.ceil(height / P.blockSize);
      const { orientation, frequency } = fields(cols, rows, seed);
      const r = random(seed + 100);
      const region = new Uint8Array(width * height).map(() => (r() > 0.3 ? 1 : 0));
      for (const reg of [undefined, region]) {
        const kernel = selectFilters(width, height, orientation, frequency, P, reg);
        useEnhanceKernel(false);
        let js: FilterSelection;
        try {
          js = selectFilters(width, height, orientation, frequency, P, reg);
        } finally {
          useEnhanceKernel(true);
        }
        expect(Buffer.from(kernel.orientationBin).equals(Buffer.from(js.orientationBin))).toBe(true);
        expect(Buffer.from(kernel.periodBin).equals(Buffer.from(js.periodBin))).toBe(true);
        if (width > 50) expect(new Set(js.orientationBin).size).toBeGreaterThan(20);
      }
    }
  });
});
