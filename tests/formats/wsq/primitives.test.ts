import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Inner files on purpose: these are unit tests of the codec's own stages.
import { computeSubbandLayout } from '../../../src/formats/wsq/compute-subband-layout.js';
import { buildDecodeLookup, buildHuffmanCode } from '../../../src/formats/wsq/huffman-codes.js';
import { decomposeWavelet, reconstructWavelet } from '../../../src/formats/wsq/transform-wavelet.js';
import { analyzeRows97, buildAnalysisTaps, buildSynthesisTaps, synthesizeRows97, transformRows } from '../../../src/formats/wsq/wavelet-taps.js';
import { deriveSynthesisFilters, STANDARD_FILTER_BANK, toScaledInteger } from '../../../src/formats/wsq/wavelet-filters.js';
import { formatNistCom, parseNistCom, ppiFromNistCom } from '../../../src/formats/wsq/nist-com.js';

function randomPlane(n: number, seed: number): Float32Array {
  const plane = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    plane[i] = ((s >>> 8) % 25600) / 100 - 128;
  }
  return plane;
}

describe('subband layout', () => {
  it('tiles the image: subbands 0–63 cover every pixel exactly once', () => {
    for (const [w, h] of [[388, 374], [296, 560], [300, 300], [832, 768], [1, 1], [17, 9], [63, 65], [1000, 3]]) {
      const cover = new Uint8Array(w * h);
      const { subbands } = computeSubbandLayout(w!, h!);
      expect(subbands).toHaveLength(64);
      for (const b of subbands) for (let r = 0; r < b.height; r++) for (let c = 0; c < b.width; c++) cover[(b.y + r) * w! + b.x + c]!++;
      expect(cover.every((v) => v === 1), `${w}x${h}`).toBe(true);
    }
  });

  it('has the reference geometry on a 388 × 374 image', () => {
    const { subbands } = computeSubbandLayout(388, 374);
    // coarsest band, and the first band of blocks 2 and 3 (as the NBIS tree gives them)
    expect(subbands[0]).toEqual({ x: 0, y: 0, width: 13, height: 12 });
    expect(subbands[19]).toEqual({ x: 97, y: 0, width: 24, height: 24 });
    expect(subbands[51]).toEqual({ x: 97, y: 94, width: 97, height: 93 });
    expect(subbands[52]).toEqual({ x: 194, y: 0, width: 97, height: 94 });
  });
});

describe('wavelet transform', () => {
  it('reconstructs what it decomposed (perfect reconstruction up to float rounding)', () => {
    for (const [w, h] of [[388, 374], [1, 1], [2, 3], [5, 64], [101, 99], [33, 2]]) {
      const layout = computeSubbandLayout(w!, h!);
      const plane = randomPlane(w! * h!, w! * 31 + h!);
      const original = plane.slice();
      decomposeWavelet(plane, w!, h!, layout, STANDARD_FILTER_BANK);
      reconstructWavelet(plane, w!, h!, layout, STANDARD_FILTER_BANK);
      let max = 0;
      for (let i = 0; i < plane.length; i++) max = Math.max(max, Math.abs(plane[i]! - original[i]!));
      expect(max, `${w}x${h}`).toBeLessThan(1e-3);
    }
  });

  it('the 9/7 row fast paths equal the generic tap lists', () => {
    const synthesis = deriveSynthesisFilters(STANDARD_FILTER_BANK);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.boolean(), fc.integer({ min: 0, max: 1000 }), (n, inverted, seed) => {
        const row = randomPlane(n, seed);
        const ext = new Float64Array(n + 8);
        const ext2 = new Float64Array(n + 8);
        const line = new Float64Array(n + 8);

        const fastS = row.slice();
        synthesizeRows97(fastS, 0, n, fastS, 0, n, n, 1, inverted, synthesis.low, synthesis.high, ext, ext2);
        const slowS = row.slice();
        transformRows(slowS, n, 0, 0, n, 1, buildSynthesisTaps(n, inverted, synthesis.low, synthesis.high), line);

        const fastA = row.slice();
        analyzeRows97(fastA, n, 0, 0, n, 1, inverted, STANDARD_FILTER_BANK.analysisLow, STANDARD_FILTER_BANK.analysisHigh, ext);
        const slowA = row.slice();
        transformRows(slowA, n, 0, 0, n, 1, buildAnalysisTaps(n, inverted, STANDARD_FILTER_BANK.analysisLow, STANDARD_FILTER_BANK.analysisHigh), line);
        for (let i = 0; i < n; i++) {
          expect(Math.abs(fastS[i]! - slowS[i]!)).toBeLessThan(1e-3);
          expect(Math.abs(fastA[i]! - slowA[i]!)).toBeLessThan(1e-3);
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe('Huffman codes', () => {
  it('builds prefix-free codes of at most 16 bits, none all ones, that decode back', () => {
    const skewed = Array.from({ length: 256 }, (_, i) => (i < 40 ? Math.round(1.6 ** i) : 0)); // forces lengths > 16 before folding
    const cases = [skewed, Array.from({ length: 256 }, () => 1), [0, 5], [], Array.from({ length: 256 }, (_, i) => (i % 3 === 0 ? i + 1 : 0))];
    for (const freq of cases) {
      const code = buildHuffmanCode(freq);
      const lookup = buildDecodeLookup(code.table)!;
      expect(lookup).toBeDefined();
      const used = [...Array(256).keys()].filter((s) => code.lengths[s]! > 0);
      for (const s of used) {
        const length = code.lengths[s]!;
        expect(length).toBeLessThanOrEqual(16);
        expect(code.codes[s]).not.toBe((1 << length) - 1);
        const entry = lookup[code.codes[s]! << (16 - length)]!;
        expect([entry >> 5, entry & 31]).toEqual([s, length]);
      }
      for (let s = 0; s < 256; s++) if ((freq[s] ?? 0) > 0) expect(code.lengths[s]).toBeGreaterThan(0);
    }
  });

  it('rejects over-subscribed tables', () => {
    const counts = new Uint8Array(16);
    counts[0] = 3;
    expect(buildDecodeLookup({ counts, symbols: new Uint8Array([1, 2, 3]) })).toBeUndefined();
  });
});

describe('WSQ fields', () => {
  it('scaled integers keep five significant digits in 16 bits', () => {
    expect(toScaledInteger(0.44, 65535)).toEqual([5, 44000, Math.fround(0.44)]);
    const [scale, integer] = toScaledInteger(220.75, 65535);
    expect([scale, integer]).toEqual([2, 22075]);
    expect(toScaledInteger(0, 65535)).toEqual([0, 0, 0]);
  });

  it('NIST_COM round trip', () => {
    const text = formatNistCom(388, 374, 500, 0.75);
    expect(text.split('\n')[0]).toBe('NIST_COM 9');
    const fields = parseNistCom(text)!;
    expect(fields).toMatchObject({ PIX_WIDTH: '388', PPI: '500', WSQ_BITRATE: '0.750000' });
    expect(ppiFromNistCom(fields)).toBe(500);
    expect(ppiFromNistCom(parseNistCom('NIST_COM 2\nPPI -1'))).toBeUndefined();
    expect(parseNistCom('hello')).toBeUndefined();
  });
});
