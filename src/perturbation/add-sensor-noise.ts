import { createGrayImage, type GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';

/**
 * A noisy sensor (not in the suite; issue 12, noise): white Gaussian noise of a standard
 * deviation drawn in `noiseSigma` (grey levels) added to every pixel, clipped to 0–255, as a
 * cheap capacitive or thermal sensor, a worn platen or a high analogue gain writes it. At 8 grey
 * levels a print's ridges (a contrast of 100–200 levels) stay plain to the eye; at 20–24 they
 * are grainy but still read. Over a white background half the noise is clipped away. Geometry
 * unchanged. Pure given the rng state; O(W·H).
 */
export function addSensorNoise(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const [s0, s1] = p.noiseSigma as readonly [number, number];
  const sigma = s0 + rng.next() * (s1 - s0);
  const src = image.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(src[i]! + sigma * rng.normal())));
  return { image: createGrayImage(image.width, image.height, data, image.ppi), mapPoint: identityMap, unmapPoint: identityMap };
}
