import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import { identityMap, type PerturbedImage } from './types.js';
import { mapPixels } from './warp-image.js';

/**
 * A small optical sensor's frame pasted over the image: the print is seen through a trapezoid
 * (wider at the top), bounded by a straight dark line, with a flat grey area outside it, the
 * same in every image (as a sensor draws it). Straight step edges and flat areas: the shapes
 * that must not become print. Points outside the trapezoid are lost.
 */
export function drawSensorFrame(image: GrayImage, p: PerturbationParameters): PerturbedImage {
  const { width, height } = image;
  const top = p.frameVerticalInset * height, bottom = (1 - p.frameVerticalInset) * height;
  // signed distance inside the trapezoid (positive inside), pixels
  const inside = (x: number, y: number): number => {
    const t = (y - top) / Math.max(1, bottom - top);
    const inset = (p.frameTopInset + (p.frameBottomInset - p.frameTopInset) * t) * width;
    return Math.min(x - inset, width - 1 - inset - x, y - top, bottom - y);
  };
  const out = mapPixels(image, (v, x, y) => {
    const d = inside(x, y);
    if (d > p.frameLineWidth) return v;
    if (d > 0) return p.frameLineGrey;
    return p.frameOutsideGrey;
  });
  return { image: out, mapPoint: (x, y) => (inside(x, y) > p.frameLineWidth ? [x, y] : null), unmapPoint: identityMap };
}
