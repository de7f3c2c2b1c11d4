import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint } from '../../src/extraction/index.js';
import { findBlankSpots } from '../../src/extraction/find-blank-spots.js';
import { createGrayImage, type GrayImage } from '../../src/core/index.js';
import { sinusoidImage } from './synthetic.js';

const on = { ...P, enhancementBlankSpotRadius: 3 } as unknown as ExtractionParameters;
const W = 200;

/** Ridges of period 10 (vertical unless told) with white discs (a dry print's blotches) of radius 8, with a sensor's grain. */
function blotchedRidges(centres: ReadonlyArray<readonly [number, number]>, ridgeAngle = Math.PI / 2): GrayImage {
  const data = sinusoidImage(W, W, 10, ridgeAngle).data.slice();
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) if (centres.some(([cx, cy]) => (x - cx) ** 2 + (y - cy) ** 2 <= 64)) data[y * W + x] = 237 + ((x * 7 + y * 13) % 7);
  }
  return createGrayImage(W, W, data);
}

const inside = (x: number, y: number): boolean => x >= 20 && x < 180 && y >= 20 && y < 180;
const foreground = (): Uint8Array => {
  const f = new Uint8Array(W * W);
  for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) f[y * W + x] = inside(x, y) ? 1 : 0;
  return f;
};

describe('blank spots of a dry print', () => {
  it('is off at radius 0', () => {
    expect(findBlankSpots(blotchedRidges([[100, 100]]), foreground(), P)).toBeNull();
  });

  it('finds a blotch inside the print, not the valleys between ridges', () => {
    const spots = findBlankSpots(blotchedRidges([[100, 100]]), foreground(), on)!;
    expect(spots).not.toBeNull();
    expect(spots[100 * W + 100]).toBe(1);
    let count = 0;
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) {
        if (!spots[y * W + x]) continue;
        count++;
        // every blank pixel lies in the disc
        expect((x - 100) ** 2 + (y - 100) ** 2).toBeLessThanOrEqual(64);
      }
    }
    // most of the disc (area ≈ 200)
    expect(count).toBeGreaterThan(100);
  });

  it('finds nothing on clean ridges', () => {
    expect(findBlankSpots(sinusoidImage(W, W, 10, 0.3), foreground(), on)).toBeNull();
  });

  it('leaves out bright grey that reaches the background (the rim of the print)', () => {
    const spots = findBlankSpots(blotchedRidges([[24, 100]]), foreground(), on);
    expect(spots).toBeNull();
  });

  it('continues the ridges through a blotch: its binarised ridges are closer to the unbroken print', () => {
    const centres = [[65, 100], [135, 100]] as const;
    const image = blotchedRidges(centres, 0.5);
    const reference = analyzeFingerprint(sinusoidImage(W, W, 10, 0.5), P).enhanced.data;
    // share of the blotches' pixels on the same side of zero (ridge or valley) as the unbroken print
    const agreement = (params: ExtractionParameters): number => {
      const e = analyzeFingerprint(image, params).enhanced.data;
      let same = 0, total = 0;
      for (const [cx, cy] of centres) {
        for (let y = cy - 8; y <= cy + 8; y++) {
          for (let x = cx - 8; x <= cx + 8; x++) {
            if ((x - cx) ** 2 + (y - cy) ** 2 > 64) continue;
            total++;
            if (e[y * W + x] < 0 === reference[y * W + x] < 0) same++;
          }
        }
      }
      return same / total;
    };
    const off = agreement(P);
    const withSpots = agreement(on);
    expect(withSpots).toBeGreaterThan(off + 0.01);
    expect(withSpots).toBeGreaterThan(0.95);
  });
});
