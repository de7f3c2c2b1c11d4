import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import { identityMap, type PerturbedImage } from './types.js';
import { greyPercentile, mapPixels } from './warp-image.js';

/**
 * A scanner's automatic gain (not in the suite; meant as the last step of a chain such as
 * `low-contrast+stretch`): the image's grey levels are mapped linearly so that its
 * `stretchLowShare` percentile becomes 0 and its `stretchHighShare` percentile 255, clipped
 * and rounded to 8 bits, as a desk scanner that stretches every capture's grey range to full
 * scale after digitising. A faint print comes out with its full-scale range but with gaps
 * between the grey levels it uses. An image whose two percentiles coincide is kept as it is.
 * Geometry unchanged; draws nothing at random. Pure.
 */
export function stretchGrey(image: GrayImage, p: PerturbationParameters): PerturbedImage {
  const lo = greyPercentile(image, p.stretchLowShare);
  const hi = greyPercentile(image, p.stretchHighShare);
  if (!(hi > lo)) return { image: mapPixels(image, (v) => v), mapPoint: identityMap, unmapPoint: identityMap };
  const gain = 255 / (hi - lo);
  return { image: mapPixels(image, (v) => (v - lo) * gain), mapPoint: identityMap, unmapPoint: identityMap };
}
