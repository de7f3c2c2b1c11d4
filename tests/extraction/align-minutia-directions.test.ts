import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { alignMinutiaDirections } from '../../src/extraction/align-minutia-directions.js';
import { blockGridOf, type OrientationField, type RawMinutia } from '../../src/extraction/types.js';
import { phaseMinutiaImage } from './synthetic.js';

/** A field of one ridge direction `theta` (image coordinates) on a 10 × 10 grid of 8-px blocks; `blank` blocks have no direction. */
function uniformField(theta: number, blank: (bx: number, by: number) => boolean = () => false): OrientationField {
  const grid = blockGridOf(80, 80, 8);
  const n = grid.cols * grid.rows;
  const cos2 = new Float32Array(n), sin2 = new Float32Array(n), angle = new Float32Array(n).fill(theta), coherence = new Float32Array(n).fill(1);
  for (let by = 0; by < grid.rows; by++) for (let bx = 0; bx < grid.cols; bx++) {
    if (blank(bx, by)) continue;
    cos2[by * grid.cols + bx] = Math.cos(2 * theta);
    sin2[by * grid.cols + bx] = Math.sin(2 * theta);
  }
  return { grid, cos2, sin2, angle, coherence };
}

const minutia = (x: number, y: number, direction: number): RawMinutia => ({ x, y, direction, type: 'ending', ridgeLength: 20, quality: 50 });
const DEG = Math.PI / 180;

describe('alignMinutiaDirections (minutiaDirectionFieldShare): traced directions turned toward the field', () => {
  it('ships off', () => {
    expect(P.minutiaDirectionFieldShare).toBe(0);
  });

  it('turns by the share toward the field axis, keeping the traced sense', () => {
    const field = uniformField(30 * DEG);
    // traced 40° (the axis' sense 30°) and 200° (the opposite sense, 210°), both 10° off
    const list = [minutia(40, 40, 40 * DEG), minutia(20, 60, 200 * DEG)];
    const full = alignMinutiaDirections(list, field, 1);
    expect(full[0]!.direction).toBeCloseTo(30 * DEG, 5);
    expect(full[1]!.direction).toBeCloseTo(210 * DEG, 5);
    const half = alignMinutiaDirections(list, field, 0.5);
    expect(half[0]!.direction).toBeCloseTo(35 * DEG, 5);
    expect(half[1]!.direction).toBeCloseTo(205 * DEG, 5);
    // nothing else moves, and the input is not changed
    expect(half.map(({ direction, ...rest }) => rest)).toEqual(list.map(({ direction, ...rest }) => rest));
    expect(list[0]!.direction).toBeCloseTo(40 * DEG, 10);
  });

  it('takes the nearer sense across the wrap-around (traced 355°, axis 0°/180°)', () => {
    const out = alignMinutiaDirections([minutia(40, 40, 355 * DEG)], uniformField(0), 1);
    expect(Math.cos(out[0]!.direction)).toBeCloseTo(1, 5);
    expect(Math.sin(out[0]!.direction)).toBeCloseTo(0, 5);
  });

  it('leaves the traced direction where the field has none, and everything at share 0', () => {
    const field = uniformField(30 * DEG, (bx) => bx < 5);
    const list = [minutia(12, 40, 50 * DEG), minutia(70, 40, 50 * DEG)];
    const out = alignMinutiaDirections(list, field, 1);
    expect(out[0]!.direction).toBe(50 * DEG);
    expect(out[1]!.direction).toBeCloseTo(30 * DEG, 5);
    expect(alignMinutiaDirections(list, field, 0)).toEqual(list);
  });

  it('in the pipeline: off gives the shipped template, on moves only angles and by less than 90°', () => {
    const image = phaseMinutiaImage('ending', 'right');
    const shipped = extractTemplate(image);
    const off = extractTemplate(image, { parameters: { ...P, minutiaDirectionFieldShare: 0 } as unknown as ExtractionParameters });
    expect(off).toEqual(shipped);
    const on = extractTemplate(image, { parameters: { ...P, minutiaDirectionFieldShare: 1 } as unknown as ExtractionParameters });
    expect(on.minutiae.length).toBe(shipped.minutiae.length);
    expect(on.minutiae.length).toBeGreaterThan(0);
    on.minutiae.forEach((m, i) => {
      const s = shipped.minutiae[i]!;
      expect([m.x, m.y, m.type, m.quality]).toEqual([s.x, s.y, s.type, s.quality]);
      expect(Math.cos(m.angle - s.angle)).toBeGreaterThan(0);
    });
  });

  it('minutiaDirectionFieldMaxLength: only traces shorter than the length are turned (0 = all)', () => {
    expect(P.minutiaDirectionFieldMaxLength).toBe(0);
    const field = uniformField(30 * DEG);
    const short = { ...minutia(40, 40, 40 * DEG), ridgeLength: 6 };
    const long = { ...minutia(20, 60, 40 * DEG), ridgeLength: 14 };
    const gated = alignMinutiaDirections([short, long], field, 1, 14);
    expect(gated[0]!.direction).toBeCloseTo(30 * DEG, 5);
    expect(gated[1]!.direction).toBe(40 * DEG);
    const all = alignMinutiaDirections([short, long], field, 1, 0);
    expect(all[1]!.direction).toBeCloseTo(30 * DEG, 5);
  });

  it('in the pipeline: a length gate turns a subset of what the share alone turns', () => {
    const image = phaseMinutiaImage('ending', 'right');
    const shipped = extractTemplate(image);
    const all = extractTemplate(image, { parameters: { ...P, minutiaDirectionFieldShare: 1 } as unknown as ExtractionParameters });
    const none = extractTemplate(image, { parameters: { ...P, minutiaDirectionFieldShare: 1, minutiaDirectionFieldMaxLength: 1 } as unknown as ExtractionParameters });
    expect(none).toEqual(shipped);
    const gated = extractTemplate(image, { parameters: { ...P, minutiaDirectionFieldShare: 1, minutiaDirectionFieldMaxLength: 1e6 } as unknown as ExtractionParameters });
    expect(gated).toEqual(all);
  });
});
