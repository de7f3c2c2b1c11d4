import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import { identityMap, type PerturbedImage } from './types.js';
import { mapPixels } from './warp-image.js';

/**
 * A coarsely quantising scanner (not in the suite; issue 12, gainsuite): a digitiser of `bits`
 * bits whose samples are written as 8-bit grey by keeping them in the high bits, so each grey
 * level v becomes ⌊v / 2^(8 − bits)⌋ · 2^(8 − bits) (6 bits: every level a multiple of 4, from 0
 * to 252). A print's ridges keep their depth in grey levels (to within one step), but the levels
 * it uses lie a step apart, as after a digital gain. Usable alone (`quantise`: `quantiseBits`;
 * `quantise-coarse`: `quantiseCoarseBits`) or in a chain (`dry+low-contrast+quantise`, and
 * `…+quantise+stretch` for such a scanner with automatic gain). Bits of 8 or more keep the image.
 * Geometry unchanged; draws nothing at random. Pure.
 */
export function quantiseGrey(image: GrayImage, bits: number): PerturbedImage {
  const step = 2 ** Math.max(0, 8 - Math.round(bits));
  return { image: mapPixels(image, (v) => Math.floor(v / step) * step), mapPoint: identityMap, unmapPoint: identityMap };
}

/** {@link quantiseGrey} at the perturbation parameters' `quantiseBits`. */
export function quantiseGreyFine(image: GrayImage, p: PerturbationParameters): PerturbedImage {
  return quantiseGrey(image, p.quantiseBits);
}

/** {@link quantiseGrey} at the perturbation parameters' `quantiseCoarseBits`. */
export function quantiseGreyCoarse(image: GrayImage, p: PerturbationParameters): PerturbedImage {
  return quantiseGrey(image, p.quantiseCoarseBits);
}
