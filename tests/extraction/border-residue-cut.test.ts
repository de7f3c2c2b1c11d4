import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint, removeFalseMinutiae, type RawMinutia } from '../../src/extraction/index.js';
import type { ForegroundMask } from '../../src/extraction/types.js';
import { sinusoidImage } from './synthetic.js';

const W = 200;
// horizontal ridges over the whole image; a square residue cut [90, 110)² at its centre
const analysis = analyzeFingerprint(sinusoidImage(W, W, 10, 0), P);
const C0 = 90;
const C1 = 110;
const cut = new Uint8Array(W * W);
for (let y = C0; y < C1; y++) for (let x = C0; x < C1; x++) cut[y * W + x] = 1;
const pixels = analysis.mask.pixels.slice();
for (let i = 0; i < pixels.length; i++) if (cut[i]) pixels[i] = 0;
const withCut: ForegroundMask = { ...analysis.mask, pixels, residueCut: cut };
const withoutCut: ForegroundMask = { ...analysis.mask, pixels };
const params = (changes: Partial<Record<keyof ExtractionParameters, number>>): ExtractionParameters => ({ ...P, ...changes }) as unknown as ExtractionParameters;
const on = params({ borderResidueDistance: 2 });

const minutia = (x: number, y: number, direction: number): RawMinutia => ({ x, y, direction, type: 'ending', ridgeLength: 20, quality: 0 });
const kept = (list: RawMinutia[], mask: ForegroundMask, p: ExtractionParameters): Array<[number, number]> =>
  removeFalseMinutiae(list.map((m) => ({ ...m })), mask, analysis.orientation, analysis.enhanced, p).map((m) => [m.x, m.y]);

describe('border distance at a residue cut', () => {
  it('reaches the image sides in this print, so only the cut is near these minutiae', () => {
    expect(analysis.mask.pixels[100 * W + 0]).toBe(1);
    expect(analysis.mask.pixels[100 * W + 60]).toBe(1);
  });

  it('is off at 0: the cut counts as background like the mask edge', () => {
    // 5 px left of the cut, pointing at it (right) or away (left)
    const list = [minutia(85, 100, 0), minutia(85, 96, Math.PI), minutia(60, 100, 0)];
    expect(kept(list, withCut, P)).toEqual([[60, 100]]);
    // and the same as the mask without the cut marked
    expect(kept(list, withoutCut, on)).toEqual([[60, 100]]);
  });

  it('keeps a minutia near the cut whose ridge runs on towards it, drops one the cut ended', () => {
    const out = kept(
      [
        minutia(85, 100, 0), // left of the cut, pointing at it: kept
        minutia(85, 96, Math.PI), // left of the cut, pointing away: a cut end, dropped
        minutia(100, 115, -Math.PI / 2), // below the cut, pointing up at it: kept
        minutia(104, 115, Math.PI / 2), // below, pointing down, away: dropped
        minutia(60, 100, 0), // far from everything: kept
      ],
      withCut,
      on,
    );
    expect(out).toContainEqual([85, 100]);
    expect(out).toContainEqual([100, 115]);
    expect(out).toContainEqual([60, 100]);
    expect(out).not.toContainEqual([85, 96]);
    expect(out).not.toContainEqual([104, 115]);
  });

  it('drops everything within borderResidueDistance of the cut, and near the mask edge and the image side', () => {
    expect(kept([minutia(89, 100, 0)], withCut, on)).toEqual([]);
    expect(kept([minutia(87, 100, 0)], withCut, params({ borderResidueDistance: 4 }))).toEqual([]);
    expect(kept([minutia(87, 100, 0)], withCut, on)).toEqual([[87, 100]]);
    // the image side keeps the full border distance
    expect(kept([minutia(4, 60, Math.PI)], withCut, on)).toEqual([]);
    // the mask's own edge too, even next to a minutia pointing at the cut
    const edge = { ...withCut, pixels: pixels.slice() };
    for (let y = 0; y < W; y++) for (let x = 0; x < 80; x++) edge.pixels[y * W + x] = 0;
    expect(kept([minutia(85, 100, 0), minutia(150, 150, 0)], edge, on)).toEqual([[150, 150]]);
  });

  it('with borderResidueRidgeGap, drops only the minutiae whose line runs on straight into the cut', () => {
    const ridge = params({ borderResidueDistance: 2, borderResidueRidgeGap: 2 });
    const slant = Math.PI - 1.2; // pointing away from the cut at a slant: its line passes above it
    const out = kept(
      [
        minutia(87, 100, Math.PI), // 3 px left of the cut, pointing away: its line meets the cut, dropped
        minutia(85, 100, Math.PI), // 5 px left, the same: dropped
        minutia(84, 96, slant), // 6 px left, its line passes the cut: kept
        minutia(86, 104, Math.PI / 2), // 4 px left, running along the cut: kept
        minutia(104, 113, Math.PI / 2), // 4 px below, pointing down, away: dropped
        minutia(85, 92, 0), // pointing at the cut: its line runs away from it, kept
      ],
      withCut,
      ridge,
    );
    expect(out).toContainEqual([84, 96]);
    expect(out).toContainEqual([86, 104]);
    expect(out).toContainEqual([85, 92]);
    expect(out).not.toContainEqual([87, 100]);
    expect(out).not.toContainEqual([85, 100]);
    expect(out).not.toContainEqual([104, 113]);
    // the direction test drops the slanted one and the one along the cut
    const angle = kept([minutia(84, 96, slant), minutia(86, 104, Math.PI / 2)], withCut, on);
    expect(angle).toEqual([]);
  });
});
