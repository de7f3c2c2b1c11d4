import type { ExtractionParameters } from '../config/parameters.js';
import { boxMean } from './filters.js';
import type { FloatImage } from './types.js';

/**
 * Local contrast normalisation: subtracts the local mean (removes uneven pressure and
 * illumination) and divides by the local standard deviation, so dry, wet and capacitive
 * prints reach the enhancement at the same scale. Output is about zero mean and unit variance;
 * ridges (dark) are negative. Cost: three box filters over the image.
 */
export function normalizeContrast(grey: Float32Array, width: number, height: number, params: ExtractionParameters): FloatImage {
  const mean = boxMean(grey, width, height, params.normalizationMeanRadius);
  const n = width * height;
  const centred = new Float32Array(n);
  const sq = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = grey[i] - mean[i];
    centred[i] = v;
    sq[i] = v * v;
  }
  const variance = boxMean(sq, width, height, params.normalizationDeviationRadius);
  // the floor keeps flat background from being amplified into noise
  const floor = params.normalizationDeviationFloor;
  for (let i = 0; i < n; i++) centred[i] /= Math.sqrt(variance[i]) + floor;
  return { width, height, data: centred };
}
