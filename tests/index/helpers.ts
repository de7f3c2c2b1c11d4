import { generateSyntheticTenPrint, impressionToTemplate } from '../../src/synthetic/index.js';
import { measureCalibration, compareTemplates, prepareTemplate, type ScoreCalibration } from '../../src/matching/index.js';
import type { GalleryFinger } from '../../src/index/index.js';
import { ORIENTATION_MAP_LEVELS, type OrientationMap } from '../../src/templates/index.js';

/** Ten fingers of synthetic subject `s`, impression `i` (0 enrolled, 1.. probes). */
export function tenPrint(seed: number, s: number, i: number, positions: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]): GalleryFinger[] {
  const imps = generateSyntheticTenPrint(seed, s, i);
  return positions.map((p) => ({ position: p, template: impressionToTemplate(imps[p - 1]) }));
}

/** A calibration measured on synthetic genuine and impostor comparisons of this seed. */
export function syntheticCalibration(seed: number, subjects = 40): ScoreCalibration {
  const gen: number[] = [];
  const imp: number[] = [];
  const a = Array.from({ length: subjects }, (_, s) => generateSyntheticTenPrint(seed + 1000, s, 0).map((t) => prepareTemplate(impressionToTemplate(t))));
  const b = Array.from({ length: subjects }, (_, s) => generateSyntheticTenPrint(seed + 1000, s, 1).map((t) => prepareTemplate(impressionToTemplate(t))));
  for (let s = 0; s < subjects; s++) {
    for (let f = 0; f < 10; f++) {
      gen.push(compareTemplates(b[s][f], a[s][f]));
      for (let o = 1; o <= 10; o++) imp.push(compareTemplates(b[s][f], a[(s + o) % subjects][f]));
    }
  }
  return measureCalibration(gen, imp, [0.1, 0.03, 0.01, 0.003, 0.001]);
}

/** A map over a `width` × `height` image in `cell`-px cells: a loop around the centre, no print outside an ellipse, every code 0–15 used. */
export function loopMap(width: number, height: number, cell: number, turn = 0): OrientationMap {
  const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const codes = new Uint8Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = (c + 0.5) * cell - width / 2, y = (r + 0.5) * cell - height / 2;
      if ((x / (0.5 * width)) ** 2 + (y / (0.5 * height)) ** 2 > 1) continue;
      const along = (Math.atan2(y, x) / 2 + Math.PI / 2 + turn + 4 * Math.PI) % Math.PI;
      codes[r * columns + c] = 1 + (Math.round((along / Math.PI) * ORIENTATION_MAP_LEVELS) % ORIENTATION_MAP_LEVELS);
    }
  }
  return { cell, columns, rows, codes };
}

