import { createGrayImage, type GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';

/** Separable Gaussian blur of grey levels (edges clamped), rounded to 0–255. */
export function gaussianBlur(grey: Float32Array | Uint8Array, width: number, height: number, sigma: number, ppi: number): GrayImage {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let k = -r; k <= r; k++) sum += kernel[k + r] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k] /= sum;
  const rows = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let a = 0;
      for (let k = -r; k <= r; k++) a += kernel[k + r] * grey[y * width + Math.min(width - 1, Math.max(0, x + k))];
      rows[y * width + x] = a;
    }
  }
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let a = 0;
      for (let k = -r; k <= r; k++) a += kernel[k + r] * rows[Math.min(height - 1, Math.max(0, y + k)) * width + x];
      data[y * width + x] = Math.max(0, Math.min(255, Math.round(a)));
    }
  }
  return createGrayImage(width, height, data, ppi);
}

/**
 * An out-of-focus or smeared capture (a moving finger, a wet print spread by pressure): a
 * Gaussian blur of sigma drawn in `blurSigma`, pixels. At 2–3 px the ridges of a 500 ppi print
 * (period 7–11 px) lose most of their minutia detail while the grey contrast stays. Geometry
 * unchanged. Pure.
 */
export function blurImage(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const [s0, s1] = p.blurSigma as readonly [number, number];
  const sigma = s0 + rng.next() * (s1 - s0);
  return { image: gaussianBlur(image.data, image.width, image.height, sigma, image.ppi), mapPoint: identityMap, unmapPoint: identityMap };
}
