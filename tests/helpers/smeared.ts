import { PERTURBATION_PARAMETERS } from '../../src/config/parameters.js';
import type { GrayImage } from '../../src/core/index.js';
import { smearImage } from '../../src/perturbation/smear-image.js';

/**
 * The image smeared by `length` px (3–6) in direction `theta` (image radians, y down), exactly as
 * the `smear` perturbation draws a smear: its two draws fed to it in its own order.
 */
export function smeared(image: GrayImage, length: number, theta: number): GrayImage {
  const draws = [(length - 3) / 3, theta / Math.PI];
  let i = 0;
  return smearImage(image, { next: () => draws[i++]! } as never, { ...PERTURBATION_PARAMETERS, smearLength: [3, 6] }).image;
}
