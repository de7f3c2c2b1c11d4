import type { GrayImage } from './gray-image.js';

/** Each derived image's original (the first image of its chain). */
const origins = new WeakMap<GrayImage, GrayImage>();

/**
 * Records that `derived` was made from `source` by a simulated capture condition (the perturbation
 * suite), so what is known of the source's provenance holds for it: an evaluation reads a perturbed
 * training print of the ridge network with the fold network that never saw the print
 * (extraction/held-out-ridge-net.ts). Held weakly: nothing is kept alive by it. O(1).
 */
export function markDerivedImage(derived: GrayImage, source: GrayImage): void {
  if (derived !== source) origins.set(derived, originalImage(source));
}

/** The image `image` was derived from ({@link markDerivedImage}), followed to the first; itself when it was not derived. O(1). */
export function originalImage(image: GrayImage): GrayImage {
  return origins.get(image) ?? image;
}
