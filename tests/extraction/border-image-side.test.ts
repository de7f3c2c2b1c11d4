import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint, removeFalseMinutiae, type RawMinutia } from '../../src/extraction/index.js';
import { sinusoidImage } from './synthetic.js';

const W = 200;
// horizontal ridges over the whole image: the mask reaches every side
const analysis = analyzeFingerprint(sinusoidImage(W, W, 10, 0), P);
const on = { ...P, borderImageSideDistance: 2 } as unknown as ExtractionParameters;

const minutia = (x: number, y: number, direction: number): RawMinutia => ({ x, y, direction, type: 'ending', ridgeLength: 20, quality: 0 });
const kept = (list: RawMinutia[], params: ExtractionParameters): Array<[number, number]> =>
  removeFalseMinutiae(list.map((m) => ({ ...m })), analysis.mask, analysis.orientation, analysis.enhanced, params).map((m) => [m.x, m.y]);

describe('border distance at the image side', () => {
  it('reaches the image sides in this print', () => {
    expect(analysis.mask.pixels[100 * W + 0]).toBe(1);
    expect(analysis.mask.pixels[100 * W + W - 1]).toBe(1);
  });

  it('is off at 0: the image side counts as background like the mask edge', () => {
    expect(kept([minutia(5, 100, Math.PI), minutia(5, 60, 0), minutia(100, 100, 0)], P)).toEqual([[100, 100]]);
  });

  it('keeps a minutia near the side whose ridge runs on to the side, drops one the side cut', () => {
    // at x = 5 on the left: pointing left (at the side) is seen whole, pointing right is a cut end
    const out = kept([minutia(5, 100, Math.PI), minutia(5, 60, 0), minutia(194, 140, 0), minutia(194, 40, Math.PI), minutia(100, 100, 0)], on);
    expect(out).toContainEqual([5, 100]);
    expect(out).toContainEqual([194, 140]);
    expect(out).not.toContainEqual([5, 60]);
    expect(out).not.toContainEqual([194, 40]);
    expect(out).toContainEqual([100, 100]);
  });

  it('still drops everything within the side distance, and minutiae near the mask edge', () => {
    expect(kept([minutia(0, 100, Math.PI)], on)).toEqual([]);
    const mask = { ...analysis.mask, pixels: analysis.mask.pixels.slice() };
    for (let y = 0; y < W; y++) for (let x = 0; x < 50; x++) mask.pixels[y * W + x] = 0;
    const out = removeFalseMinutiae([minutia(54, 100, Math.PI), minutia(100, 100, 0)], mask, analysis.orientation, analysis.enhanced, on);
    expect(out.map((m) => m.x)).toEqual([100]);
  });
});
