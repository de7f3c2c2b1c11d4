import type { ExtractionParameters } from '../config/parameters.js';
import { boxMean } from './filters.js';
import { loadEnhanceKernel, type EnhanceKernel } from './load-enhance-kernel.js';
import type { FloatImage } from './types.js';

/**
 * Local contrast normalisation: subtracts the local mean (removes uneven pressure and
 * illumination) and divides by the local standard deviation, so dry, wet and capacitive
 * prints reach the enhancement at the same scale. Output is about zero mean and unit variance;
 * ridges (dark) are negative. Cost: three box filters over the image.
 */
export function normalizeContrast(grey: Float32Array, width: number, height: number, params: ExtractionParameters): FloatImage {
  const kernel = loadEnhanceKernel();
  if (kernel) return normalizeWithKernel(kernel, grey, width, height, params);
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
  // the floor keeps flat background from being amplified into noise; the running sums of a flat
  // (saturated) area can leave its variance a rounding error below zero, read as zero, not NaN
  const floor = params.normalizationDeviationFloor;
  for (let i = 0; i < n; i++) centred[i] /= Math.sqrt(Math.max(0, variance[i])) + floor;
  return { width, height, data: centred };
}

/**
 * The same in the WebAssembly kernel (enhance-kernel.wat: the same operations per pixel in the
 * same order, so the same bits; the rows' running sums four rows at a time, the columns two
 * columns per f64x2). Its memory, from byte 0: grey, mean, centred, squares, variance and the
 * rows' sums (f32 per pixel), then the window widths and the column sums (f64 per column); 16
 * bytes of slack after each.
 */
function normalizeWithKernel(kernel: EnhanceKernel, grey: Float32Array, width: number, height: number, params: ExtractionParameters): FloatImage {
  const n = width * height;
  const align = (v: number): number => (v + 15) & ~15;
  const image = align(4 * n + 16);
  const greyAt = 0;
  const meanAt = greyAt + image;
  const centredAt = meanAt + image;
  const sqAt = centredAt + image;
  const varianceAt = sqAt + image;
  const tmpAt = varianceAt + image;
  const nxAt = tmpAt + image;
  const accAt = align(nxAt + 8 * (width + 2) + 16);
  const end = accAt + 8 * (width + 2) + 16;
  const memory = kernel.memory;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  const floats = new Float32Array(memory.buffer);
  floats.set(grey, greyAt / 4);
  floats.fill(0, greyAt / 4 + n, meanAt / 4); // the slack read by the last pair of pixels
  kernel.normalize(greyAt, meanAt, centredAt, sqAt, varianceAt, tmpAt, nxAt, accAt, width, height,
    params.normalizationMeanRadius, params.normalizationDeviationRadius, params.normalizationDeviationFloor);
  return { width, height, data: floats.slice(centredAt / 4, centredAt / 4 + n) };
}
