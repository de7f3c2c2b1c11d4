import { createGrayImage, type GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';
import { greyPercentile } from './warp-image.js';

/**
 * Clutter below the print: the image grows downwards by `phalanxShare` of its height, holding a
 * light crease and then the ridges of the second phalanx (near-horizontal, gently curved,
 * fading towards the sides). The original pixels keep their coordinates; everything found in
 * the added rows is clutter.
 */
export function addSecondPhalanx(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width, height } = image;
  const extra = Math.round(p.phalanxShare * height);
  const white = greyPercentile(image, 0.95);
  const dark = greyPercentile(image, 0.05);
  const data = new Uint8Array(width * (height + extra));
  data.set(image.data);
  const tilt = (rng.next() - 0.5) * 0.4;
  const bend = 10 + rng.next() * 20;
  const phase = rng.next() * p.phalanxPeriod;
  const cx = width / 2, half = width * (0.35 + 0.1 * rng.next());
  for (let y = height; y < height + extra; y++) {
    const row = y - height;
    for (let x = 0; x < width; x++) {
      let v = white;
      if (row >= p.phalanxCreaseRows) {
        const u = (x - cx) / half;
        const envelope = Math.max(0, 1 - u * u) * Math.min(1, (row - p.phalanxCreaseRows) / 8);
        const t = row + tilt * (x - cx) + bend * u * u + phase;
        const ridge = 0.5 + 0.5 * Math.cos((2 * Math.PI * t) / p.phalanxPeriod);
        v = white - envelope * ridge * 0.8 * (white - dark);
      }
      data[y * width + x] = Math.round(v);
    }
  }
  return { image: createGrayImage(width, height + extra, data, image.ppi), mapPoint: identityMap, unmapPoint: (x, y) => (y < height ? [x, y] : null) };
}
