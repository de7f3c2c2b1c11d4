import type { ExtractionParameters } from '../config/parameters.js';
import { sampleBlockMap } from './filters.js';
import type { ForegroundMask, OrientationField, RawMinutia } from './types.js';

/**
 * Drops minutiae that the skeleton cleaning cannot judge: those near the edge of the print
 * (the mask border cuts ridges into false endings), those where the orientation is unreliable
 * (scars, smudges), and dense clouds (noise produces many minutiae close together; genuine
 * minutiae are rarely more than a few within a ridge period or two). Then rates each survivor
 * 0–100 from coherence and distance to the border, and keeps the best `maxMinutiae`.
 */
export function removeFalseMinutiae(
  minutiae: RawMinutia[],
  mask: ForegroundMask,
  orientation: OrientationField,
  width: number,
  params: ExtractionParameters,
): RawMinutia[] {
  const { cols, rows, blockSize } = orientation.grid;
  const kept: RawMinutia[] = [];
  for (const m of minutiae) {
    const xi = Math.round(m.x);
    const yi = Math.round(m.y);
    const dist = mask.distance[yi * width + xi];
    if (dist < params.borderDistance) continue;
    const coh = sampleBlockMap(orientation.coherence, cols, rows, blockSize, m.x, m.y);
    if (coh < params.minCoherence) continue;
    const borderFactor = Math.min(1, dist / (3 * params.borderDistance));
    const cohFactor = Math.min(1, coh / 0.7);
    m.quality = Math.max(1, Math.min(100, Math.round(100 * cohFactor * (0.5 + 0.5 * borderFactor))));
    kept.push(m);
  }
  const r2 = params.clusterRadius * params.clusterRadius;
  const crowded = new Uint8Array(kept.length);
  for (let i = 0; i < kept.length; i++) {
    let count = 0;
    for (let j = 0; j < kept.length; j++) {
      if (i === j) continue;
      const dx = kept[i].x - kept[j].x;
      const dy = kept[i].y - kept[j].y;
      if (dx * dx + dy * dy <= r2) count++;
    }
    if (count > params.clusterMaxNeighbours) crowded[i] = 1;
  }
  const result = kept.filter((_, i) => !crowded[i]);
  // stable order: quality, then position, so the same image always gives the same template
  result.sort((a, b) => b.quality - a.quality || a.y - b.y || a.x - b.x);
  return result.slice(0, params.maxMinutiae);
}
