import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';
import { mapPixels } from './warp-image.js';

/**
 * Partial low contrast (a faint, light part of the print, as on a dry or lightly pressed
 * finger): across a random direction, the contrast fades from full to `fadeContrastKept` over
 * a ramp through the middle of the image, and the grey lightens towards white as it fades.
 * Geometry unchanged.
 */
export function fadeContrast(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width, height } = image;
  const phi = rng.next() * 2 * Math.PI;
  const ux = Math.cos(phi), uy = Math.sin(phi);
  // projections of the corners give the extent along the direction
  const proj = [0, width * ux, height * uy, width * ux + height * uy];
  const lo = Math.min(...proj), hi = Math.max(...proj);
  const mid = (lo + hi) / 2, ramp = Math.max(1, p.fadeRampShare * (hi - lo));
  const lost = 1 - p.fadeContrastKept;
  const out = mapPixels(image, (v, x, y) => {
    const s = (x * ux + y * uy - mid) / ramp + 0.5;
    const w = s <= 0 ? 0 : s >= 1 ? 1 : s;
    return v + w * lost * (255 - v);
  });
  return { image: out, mapPoint: identityMap, unmapPoint: identityMap };
}
