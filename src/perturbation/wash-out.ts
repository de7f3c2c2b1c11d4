import type { GrayImage } from '../core/index.js';
import { gaussianBlur } from './blur-image.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';
import { greyPercentile } from './warp-image.js';

/**
 * A washed-out capture (a light press, an over-exposed or dirty platen): the whole print keeps
 * a share of its contrast drawn in `washContrastKept`, lightened towards the paper white (the
 * 95th grey percentile), then blurred by a Gaussian of sigma drawn in `washBlurSigma`. Unlike
 * the suite's partial fade, nothing of the print stays at full contrast: a quality that only
 * compares the print with itself cannot see it. Geometry unchanged. Pure.
 */
export function washOut(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width, height } = image;
  const [k0, k1] = p.washContrastKept as readonly [number, number];
  const [s0, s1] = p.washBlurSigma as readonly [number, number];
  const kept = k0 + rng.next() * (k1 - k0);
  const sigma = s0 + rng.next() * (s1 - s0);
  const white = greyPercentile(image, 0.95);
  const faint = new Float32Array(width * height);
  for (let i = 0; i < faint.length; i++) faint[i] = white - kept * (white - image.data[i]);
  return { image: gaussianBlur(faint, width, height, sigma, image.ppi), mapPoint: identityMap, unmapPoint: identityMap };
}
