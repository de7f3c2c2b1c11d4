import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { analyzeFingerprint, removeFalseMinutiae, type RawMinutia } from '../../src/extraction/index.js';
import { sinusoidImage } from './synthetic.js';

const W = 200;
// horizontal ridges over the whole image: the mask reaches every side, so a minutia's border
// distance is its distance to the left side (x + 1) when it lies near it
const analysis = analyzeFingerprint(sinusoidImage(W, W, 10, 0), P);
const withParams = (changes: Partial<Record<keyof ExtractionParameters, number>>) => ({ ...P, ...changes }) as ExtractionParameters;

// pointing right, along the ridges: kept by every border rule at ≥ borderDistance from the side
const XS = [11, 15, 23, 31, 40, 63, 100];
const qualities = (params: ExtractionParameters): Map<number, number> => {
  const list: RawMinutia[] = XS.map((x) => ({ x, y: 100, direction: 0, type: 'ending', ridgeLength: 20, quality: 0 }));
  return new Map(removeFalseMinutiae(list, analysis.mask, analysis.orientation, analysis.enhanced, params).map((m) => [m.x, m.quality]));
};
const ramp = (d: number, floor: number, reach: number) => floor + (1 - floor) * Math.min(1, d / reach);

describe("minutia quality's border ramp", () => {
  const shipped = qualities(P);

  it('keeps every test minutia, and gives the shipped ramp (0.5 at the edge, full at 24 px) by default', () => {
    expect([...shipped.keys()].sort((a, b) => a - b)).toEqual(XS);
    expect(P.minutiaQualityBorderReach).toBe(0);
    expect(P.minutiaQualityBorderFloor).toBe(0.5);
    // 24 px named explicitly is the default, minutia for minutia
    expect(qualities(withParams({ minutiaQualityBorderReach: 3 * P.borderDistance }))).toEqual(shipped);
    // minutiae 24 px or more from the side share the coherence × clarity of the uniform print
    expect(shipped.get(31)).toBe(shipped.get(100));
  });

  it('with a farther reach, lowers the minutiae within it by the ratio of the ramps, not those beyond', () => {
    const reach = 48;
    const on = qualities(withParams({ minutiaQualityBorderReach: reach }));
    for (const x of XS) {
      const d = x + 1;
      const off = shipped.get(x)!;
      // the quality is rounded to an integer: the ratio holds within that rounding
      const expected = (off * ramp(d, 0.5, reach)) / ramp(d, 0.5, 24);
      expect(Math.abs(on.get(x)! - expected)).toBeLessThanOrEqual(1);
    }
    expect(on.get(31)!).toBeLessThan(shipped.get(31)!);
    expect(on.get(40)!).toBeLessThan(shipped.get(40)!);
    expect(on.get(63)).toBe(shipped.get(63));
    expect(on.get(100)).toBe(shipped.get(100));
  });

  it('with a lower floor, lowers the minutiae nearest the edge most and leaves the print inside alone', () => {
    const on = qualities(withParams({ minutiaQualityBorderFloor: 0.1 }));
    for (const x of XS) {
      const d = x + 1;
      const expected = (shipped.get(x)! * ramp(d, 0.1, 24)) / ramp(d, 0.5, 24);
      expect(Math.abs(on.get(x)! - expected)).toBeLessThanOrEqual(1);
    }
    // at 12 px: 0.1 + 0.9 / 2 = 0.55 of full against 0.75 shipped
    expect(on.get(11)! / shipped.get(11)!).toBeLessThan(0.8);
    expect(on.get(100)).toBe(shipped.get(100));
  });
});
