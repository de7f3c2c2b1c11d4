import { createGrayImage, type GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';

/**
 * A finger that slid while it was captured (not in the suite; issue 12, smear): every pixel the
 * mean of the image along a line of `smearLength` pixels (drawn in that range) in one direction
 * (drawn uniformly), centred on it, read with bilinear interpolation and the image's edges
 * clamped. Unlike an out-of-focus blur (`blurred`) it is directional: ridges that run along the
 * slide keep their contrast, ridges across it fade, fully where the length is a whole ridge
 * period, so part of the print goes blank while the rest stays sharp. Geometry unchanged. Pure
 * given the rng state; O(W·H·L).
 */
export function smearImage(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const [l0, l1] = p.smearLength as readonly [number, number];
  const length = l0 + rng.next() * (l1 - l0);
  const theta = rng.next() * Math.PI;
  const { width: w, height: h, data: src } = image;
  // taps one pixel apart along the line, the ends weighted by what of them the length covers
  const half = length / 2;
  const n = Math.floor(half);
  const taps: Array<{ dx: number; dy: number; weight: number }> = [];
  for (let k = -n - 1; k <= n + 1; k++) {
    const weight = Math.max(0, Math.min(1, half + 0.5 - Math.abs(k)));
    if (weight > 0) taps.push({ dx: k * Math.cos(theta), dy: k * Math.sin(theta), weight });
  }
  const total = taps.reduce((s, t) => s + t.weight, 0);
  const at = (x: number, y: number): number => {
    const cx = Math.min(w - 1, Math.max(0, x)), cy = Math.min(h - 1, Math.max(0, y));
    const x0 = Math.floor(cx), y0 = Math.floor(cy);
    const x1 = Math.min(w - 1, x0 + 1), y1 = Math.min(h - 1, y0 + 1);
    const fx = cx - x0, fy = cy - y0;
    const top = src[y0 * w + x0]! * (1 - fx) + src[y0 * w + x1]! * fx;
    const bottom = src[y1 * w + x0]! * (1 - fx) + src[y1 * w + x1]! * fx;
    return top * (1 - fy) + bottom * fy;
  };
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let a = 0;
      for (const t of taps) a += t.weight * at(x + t.dx, y + t.dy);
      out[y * w + x] = Math.max(0, Math.min(255, Math.round(a / total)));
    }
  }
  return { image: createGrayImage(w, h, out, image.ppi), mapPoint: identityMap, unmapPoint: identityMap };
}
