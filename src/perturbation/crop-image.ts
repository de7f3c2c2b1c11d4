import { createGrayImage, type GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import type { PerturbedImage } from './types.js';

/**
 * A smaller sensor: the image cropped to at most `cropSize` (width, height) at a random offset
 * (sides already smaller are kept whole). Points outside the crop are lost.
 */
export function cropImage(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const [cw, ch] = p.cropSize;
  const w = Math.min(cw, image.width), h = Math.min(ch, image.height);
  const x0 = rng.int(image.width - w + 1), y0 = rng.int(image.height - h + 1);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(image.data.subarray((y + y0) * image.width + x0, (y + y0) * image.width + x0 + w), y * w);
  return {
    image: createGrayImage(w, h, data, image.ppi),
    mapPoint: (x, y) => (x >= x0 && y >= y0 && x < x0 + w && y < y0 + h ? [x - x0, y - y0] : null),
    unmapPoint: (x, y) => [x + x0, y + y0],
  };
}
