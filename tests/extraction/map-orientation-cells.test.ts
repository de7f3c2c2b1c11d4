import { describe, expect, it } from 'vitest';
import { decodeCapture } from '../../src/capture/index.js';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import type { GrayImage } from '../../src/core/index.js';
import { analyzeFingerprint, extractTemplate } from '../../src/extraction/index.js';
import { mapOrientationCells } from '../../src/extraction/map-orientation-cells.js';
import type { OrientationField } from '../../src/extraction/types.js';
import { ORIENTATION_MAP_LEVELS, decodeTemplate, encodeTemplate, validateTemplate } from '../../src/templates/index.js';
import { describeWithData, readShared } from '../helpers/data.js';

const withParams = (c: Record<string, number>): ExtractionParameters => ({ ...EXTRACTION_PARAMETERS, ...c }) as unknown as ExtractionParameters;

/** A field of 8-px blocks with image direction theta(bx, by) (radians, y down). */
function fieldOf(cols: number, rows: number, theta: (bx: number, by: number) => number): OrientationField {
  const n = cols * rows;
  const cos2 = new Float32Array(n), sin2 = new Float32Array(n), angle = new Float32Array(n), coherence = new Float32Array(n).fill(1);
  for (let by = 0; by < rows; by++) for (let bx = 0; bx < cols; bx++) {
    const i = by * cols + bx, t = theta(bx, by);
    cos2[i] = Math.cos(2 * t); sin2[i] = Math.sin(2 * t); angle[i] = t;
  }
  return { grid: { blockSize: 8, cols, rows }, cos2, sin2, angle, coherence };
}

/** The direction (Template convention, radians in [0, π)) a code stands for. */
const directionOf = (code: number): number => ((code - 1) * Math.PI) / ORIENTATION_MAP_LEVELS;

describe('mapOrientationCells', () => {
  it('turns image directions (y down) into the Template convention (counter-clockwise on screen), quantised to 12° steps', () => {
    // image 36° (down-right on screen) is 144° counter-clockwise on screen; image 108° is 72°
    for (const [image, template] of [[36, 144], [108, 72], [0, 0], [84, 96]] as const) {
      const map = mapOrientationCells(fieldOf(4, 4, () => (image * Math.PI) / 180), new Uint8Array(16).fill(1), 32, 32, 16);
      expect([map.columns, map.rows]).toEqual([2, 2]);
      for (const code of map.codes) expect((directionOf(code) * 180) / Math.PI).toBeCloseTo(template, 6);
    }
  });

  it('averages the doubled angles of a cell (10° and 170° make 0°, not 90°)', () => {
    const map = mapOrientationCells(fieldOf(2, 2, (bx) => ((bx === 0 ? 10 : 170) * Math.PI) / 180), new Uint8Array(4).fill(1), 16, 16, 16);
    expect(Array.from(map.codes)).toEqual([1]);
  });

  it('holds print in a cell when at least half of its blocks are print; the grid covers the image in cells', () => {
    // 40 × 24 px: 5 × 3 blocks, cells of 16 px: 3 × 2 (the last column and row partial)
    const blocks = new Uint8Array(15);
    // cell (0, 0) takes blocks (0..1, 0..1): 2 of 4 print; cell (1, 0) takes (2..3, 0..1): 1 of 4
    blocks[0] = 1; blocks[5 + 1] = 1; blocks[2] = 1;
    // cell (2, 1) takes block (4, 2) alone: print
    blocks[14] = 1;
    const map = mapOrientationCells(fieldOf(5, 3, () => 0.3), blocks, 40, 24, 16);
    expect([map.columns, map.rows]).toEqual([3, 2]);
    expect(Array.from(map.codes).map((c) => (c > 0 ? 1 : 0))).toEqual([1, 0, 0, 0, 0, 1]);
  });
});

describeWithData('extractTemplate with orientationMapCell', () => {
  const fvc = (name: string): Promise<GrayImage> => decodeCapture(readShared('fvc2002', 'DB1_B', name));

  it('adds the orientation map of the analysis (16-px cells by default) and leaves the minutiae as they were; off (0), no map', async () => {
    const image = await fvc('101_1.tif');
    const off = extractTemplate(image, { parameters: withParams({ orientationMapCell: 0 }) });
    expect(off.orientationMap).toBeUndefined();
    expect(EXTRACTION_PARAMETERS.orientationMapCell).toBe(16);
    const on = extractTemplate(image);
    expect(on.minutiae).toEqual(off.minutiae);
    expect(on.quality).toBe(off.quality);
    validateTemplate(on);
    const analysis = analyzeFingerprint(image);
    expect(on.orientationMap).toEqual(mapOrientationCells(analysis.orientation, analysis.mask.blocks, image.width, image.height, 16));
    const print = Array.from(on.orientationMap!.codes).filter((c) => c > 0).length;
    expect(print).toBeGreaterThan(0.3 * on.orientationMap!.codes.length);
    expect(decodeTemplate(encodeTemplate(on)).orientationMap).toEqual(on.orientationMap);
  });
});
