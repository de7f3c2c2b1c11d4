import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import type { PerturbedImage } from './types.js';
import { borderMedianGrey, warpImage } from './warp-image.js';

/**
 * A finger placed turned on the platen (not in the suite; issue 12, rotate): the whole image
 * turned about its centre by an angle whose size is drawn in `rotateAngle` (radians) and whose
 * sense is drawn too, so two impressions of one finger differ by up to twice the largest angle.
 * The image grows to hold every original pixel (nothing of the print is cut); the corners it
 * gains take the original's border grey (the median of its outermost pixels), so no step edge
 * is drawn where an unturned capture had none. Ridges keep their period: a rigid motion. Bilinear
 * resampling, as the other geometric kinds. Pure given the rng state; O(W·H).
 */
export function rotateImage(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width: w, height: h } = image;
  const [a0, a1] = p.rotateAngle as readonly [number, number];
  const theta = (a0 + rng.next() * (a1 - a0)) * (rng.next() < 0.5 ? -1 : 1);
  const c = Math.cos(theta), s = Math.sin(theta);
  // (less a rounding error, so a quarter turn gains no row of fill)
  const W = Math.ceil(Math.abs(c) * w + Math.abs(s) * h - 1e-6);
  const H = Math.ceil(Math.abs(s) * w + Math.abs(c) * h - 1e-6);
  // centres of the pixel grids: (w − 1)/2 maps onto (W − 1)/2
  const cx = (w - 1) / 2, cy = (h - 1) / 2, CX = (W - 1) / 2, CY = (H - 1) / 2;
  const fill = borderMedianGrey(image);
  // forward: q' = R (q − c) + C; backward: q = Rᵀ (q' − C) + c
  const backward = (x: number, y: number, out: Float64Array): void => {
    const dx = x - CX, dy = y - CY;
    out[0] = c * dx + s * dy + cx;
    out[1] = -s * dx + c * dy + cy;
  };
  const out = warpImage(image, W, H, backward, fill);
  return {
    image: out,
    mapPoint: (x, y) => {
      const dx = x - cx, dy = y - cy;
      return [c * dx - s * dy + CX, s * dx + c * dy + CY];
    },
    unmapPoint: (x, y) => {
      const q = new Float64Array(2);
      backward(x, y, q);
      return q[0]! >= 0 && q[1]! >= 0 && q[0]! <= w - 1 && q[1]! <= h - 1 ? [q[0]!, q[1]!] : null;
    },
  };
}
