import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import type { PerturbedImage } from './types.js';
import { greyPercentile, warpImage } from './warp-image.js';

/**
 * A resolution error: the image rescaled by a factor drawn in [1 − e, 1 + e] but still declared
 * 500 ppi (a sensor whose resolution was stated wrongly), bilinear.
 */
export function rescaleImage(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const s = 1 + (2 * rng.next() - 1) * p.resolutionError;
  const w = Math.max(1, Math.round(image.width * s)), h = Math.max(1, Math.round(image.height * s));
  const out = warpImage(image, w, h, (x, y, q) => { q[0] = x / s; q[1] = y / s; }, greyPercentile(image, 0.95));
  return { image: out, mapPoint: (x, y) => [x * s, y * s], unmapPoint: (x, y) => [x / s, y / s] };
}
