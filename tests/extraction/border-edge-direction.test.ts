import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint, removeFalseMinutiae, type RawMinutia } from '../../src/extraction/index.js';
import { pointsInFromEdge } from '../../src/extraction/remove-false-minutiae.js';
import { sinusoidImage } from './synthetic.js';

const W = 200;
// horizontal ridges over the whole image; the mask's left 50 columns cleared: an edge at x = 50
const analysis = analyzeFingerprint(sinusoidImage(W, W, 10, 0), P);
const mask = { ...analysis.mask, pixels: analysis.mask.pixels.slice() };
for (let y = 0; y < W; y++) for (let x = 0; x < 50; x++) mask.pixels[y * W + x] = 0;
const on = { ...P, borderEdgeDistance: 12 } as unknown as ExtractionParameters;

const minutia = (x: number, y: number, direction: number): RawMinutia => ({ x, y, direction, type: 'ending', ridgeLength: 20, quality: 0 });
const kept = (list: RawMinutia[], params: ExtractionParameters): Array<[number, number]> =>
  removeFalseMinutiae(list.map((m) => ({ ...m })), mask, analysis.orientation, analysis.enhanced, params).map((m) => [m.x, m.y]);

describe('direction test near the mask edge (borderEdgeDistance)', () => {
  it('is off at 0: every minutia past the border distance is kept', () => {
    expect(kept([minutia(60, 100, 0), minutia(60, 60, Math.PI), minutia(120, 140, 0)], P)).toEqual(expect.arrayContaining([[60, 100], [60, 60], [120, 140]]));
  });

  it('drops a minutia near the edge pointing into the print, keeps one pointing at the edge or along it', () => {
    // 10 px inside the edge at x = 50: direction 0 (image x) points away from the edge, into the print
    const out = kept([minutia(60, 100, 0), minutia(60, 60, Math.PI), minutia(60, 140, Math.PI / 2), minutia(120, 30, 0)], on);
    expect(out).not.toContainEqual([60, 100]);
    expect(out).toContainEqual([60, 60]);
    expect(out).toContainEqual([60, 140]);
    expect(out).toContainEqual([120, 30]); // farther than 12 px: untouched
  });

  it('reads the angle from straight inwards, and leaves the image side and the border distance alone', () => {
    const p = { borderDistance: 8, borderEdgeDistance: 12, borderEdgeDropAngle: Math.PI / 4 };
    expect(pointsInFromEdge(mask.pixels, W, W, 60, 100, 0.5, p)).toBe(true); // 29° off inwards
    expect(pointsInFromEdge(mask.pixels, W, W, 60, 100, 1.0, p)).toBe(false); // 57° off
    expect(pointsInFromEdge(mask.pixels, W, W, 55, 100, 0, p)).toBe(false); // within borderDistance: the border test's
    // the right image side (x = 199) is not background here
    expect(pointsInFromEdge(mask.pixels, W, W, 192, 100, Math.PI, p)).toBe(false);
  });
});
