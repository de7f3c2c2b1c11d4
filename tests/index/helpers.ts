import { generateSyntheticTenPrint, impressionToTemplate } from '../../src/synthetic/index.js';
import { measureCalibration, compareTemplates, prepareTemplate, type ScoreCalibration } from '../../src/matching/index.js';
import type { GalleryFinger } from '../../src/index/index.js';

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
