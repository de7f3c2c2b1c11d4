import { createGrayImage, type GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import type { PerturbedImage } from './types.js';
import { borderMedianGrey } from './warp-image.js';

/**
 * A large, mostly empty capture (not in the suite; issue 12, canvas): the print placed at a drawn
 * offset in a larger image, as capture software that pads every image to one size writes it. The
 * sides the small sensor cut stay as straight cuts inside the image (a big platen would show the
 * whole finger with a soft contact edge instead). The image is at least `canvasSize` (width, height) and at least
 * `canvasMargin` pixels larger than the print on each axis; the surround is the print's own border
 * grey (the median of its outermost pixels) with white noise of an SD drawn in `canvasNoise` (grey
 * levels; real platens read 0–4 off the finger). The print's pixels are unchanged, and so are its
 * ridges' distances: only the empty surround and the straight step where the print's own
 * background meets it are new. Pure given the rng state; O(W·H).
 */
export function padCanvas(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width: w, height: h, data: src } = image;
  const [minW, minH] = p.canvasSize as readonly [number, number];
  const W = Math.max(minW, w + p.canvasMargin);
  const H = Math.max(minH, h + p.canvasMargin);
  const ox = rng.int(W - w + 1);
  const oy = rng.int(H - h + 1);
  const [n0, n1] = p.canvasNoise as readonly [number, number];
  const sigma = n0 + rng.next() * (n1 - n0);
  const bg = borderMedianGrey(image);
  const data = new Uint8Array(W * H);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(bg + sigma * rng.normal())));
  for (let y = 0; y < h; y++) data.set(src.subarray(y * w, (y + 1) * w), (y + oy) * W + ox);
  return {
    image: createGrayImage(W, H, data, image.ppi),
    mapPoint: (x, y) => [x + ox, y + oy],
    unmapPoint: (x, y) => (x >= ox && y >= oy && x < ox + w && y < oy + h ? [x - ox, y - oy] : null),
  };
}
