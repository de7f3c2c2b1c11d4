import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint } from '../../src/extraction/index.js';
import { enhanceRidges, selectFilters, shortAlongSigma, withShortAlongKernel } from '../../src/extraction/enhance-ridges.js';
import { mapClearFlow } from '../../src/extraction/map-clear-flow.js';
import type { FrequencyField, OrientationField } from '../../src/extraction/types.js';
import type { GrayImage } from '../../src/core/index.js';
import { fullMask } from '../helpers/thin-ridges.js';

const W = 96;
const withP = (o: Partial<Record<keyof ExtractionParameters, number>>): ExtractionParameters => ({ ...P, ...o }) as unknown as ExtractionParameters;
const on = withP({ enhancementClearAlongSigma: 2 });

function fields(coherenceAt: (bx: number) => number, shareAt: (bx: number) => number, measuredAt: (bx: number) => number) {
  const mask = fullMask(W, W);
  const { cols, rows } = mask.grid;
  const n = cols * rows;
  const at = <T extends Float32Array | Uint8Array>(arr: T, f: (bx: number) => number): T => {
    for (let k = 0; k < n; k++) arr[k] = f(k % cols);
    return arr;
  };
  const orientation: OrientationField = { grid: mask.grid, cos2: new Float32Array(n).fill(1), sin2: new Float32Array(n), angle: new Float32Array(n), coherence: at(new Float32Array(n), coherenceAt) };
  const frequency = { grid: mask.grid, period: new Float32Array(n).fill(9), measured: at(new Uint8Array(n), measuredAt), sampled: new Uint8Array(n).fill(1), share: at(new Float32Array(n), shareAt) } as unknown as FrequencyField;
  return { mask, orientation, frequency };
}

describe('a shorter along-ridge smoothing in clear flow (enhancementClearAlongSigma)', () => {
  it('ships off', () => {
    expect(P.enhancementClearAlongSigma).toBe(0);
    const { mask, orientation, frequency } = fields(() => 0.9, () => 0.8, () => 1);
    expect(mapClearFlow(orientation, frequency, mask, W, W, P)).toBeNull();
    expect(shortAlongSigma(P)).toBe(0);
  });

  it('marks the blocks that are coherent, measured and periodic, and no others', () => {
    const bs = P.blockSize;
    // block columns: 0–1 clear; 2–3 incoherent; 4–5 weak ridge evidence; 6+ period filled in
    const { mask, orientation, frequency } = fields((bx) => (bx === 2 || bx === 3 ? 0.4 : 0.9), (bx) => (bx === 4 || bx === 5 ? 0.3 : 0.8), (bx) => (bx >= 6 ? 0 : 1));
    const clear = mapClearFlow(orientation, frequency, mask, W, W, on)!;
    const at = (bx: number): number => clear[40 * W + bx * bs + 1];
    expect([0, 1, 2, 3, 4, 5, 6].map(at)).toEqual([1, 1, 0, 0, 0, 0, 0]);
  });

  it('takes the singular sigma when both are set', () => {
    expect(shortAlongSigma(on)).toBe(2);
    expect(shortAlongSigma(withP({ enhancementClearAlongSigma: 2, enhancementSingularAlongSigma: 3 }))).toBe(3);
  });

  it('enhances the marked pixels with the short kernel, the others as shipped', () => {
    const { mask, orientation, frequency } = fields((bx) => (bx < 6 ? 0.9 : 0.2), () => 0.8, () => 1);
    let s = 11;
    const data = new Float32Array(W * W).map(() => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 4 - 2);
    const image = { width: W, height: W, data };
    const selection = selectFilters(W, W, orientation, frequency, on);
    const clear = mapClearFlow(orientation, frequency, mask, W, W, on)!;
    const gated = enhanceRidges(image, withShortAlongKernel(selection, clear, on), mask.pixels, on).data;
    const shipped = enhanceRidges(image, selection, mask.pixels, P).data;
    const short = enhanceRidges(image, selection, mask.pixels, withP({ enhancementAlongSigma: 2 })).data;
    // far from the boundary (the band-pass reads ±10 px across): as the short run left, as shipped right
    const i = 50 * W + 10;
    const j = 50 * W + 85;
    expect(gated[i]).toBeCloseTo(short[i], 5);
    expect(gated[j]).toBeCloseTo(shipped[j], 5);
    expect(gated[i]).not.toBeCloseTo(shipped[i], 3);
  });

  it('changes nothing when off (analysis of a ridge image)', () => {
    const data = new Uint8Array(160 * 160);
    for (let y = 0; y < 160; y++) for (let x = 0; x < 160; x++) data[y * 160 + x] = Math.round(128 + 90 * Math.cos((2 * Math.PI * (x + 0.2 * y)) / 9));
    const image: GrayImage = { width: 160, height: 160, ppi: 500, data };
    const a = analyzeFingerprint(image, P).enhanced.data;
    const b = analyzeFingerprint(image, withP({ enhancementClearMinCoherence: 0.1 })).enhanced.data;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = analyzeFingerprint(image, on).enhanced.data;
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });
});
