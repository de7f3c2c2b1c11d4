import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import type { PerturbedImage } from './types.js';
import { greyPercentile, warpImage } from './warp-image.js';

/**
 * Plastic distortion (after Cappelli, Maio & Maltoni 2001): a core region around a random
 * centre stays put while the periphery is rotated and translated, blended by a Gaussian of the
 * distance to the centre, so the skin stretches smoothly in between. Forward map
 * F(q) = q + (1 − g(q))·(R(q − c) + t − (q − c)); the image is rendered through its inverse,
 * found by fixed-point iteration (the displacement changes slowly, so it converges in a few steps).
 */
export function distortElastically(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width, height } = image;
  const cx = width * (0.35 + 0.3 * rng.next()), cy = height * (0.35 + 0.3 * rng.next());
  const theta = (2 * rng.next() - 1) * p.elasticMaxRotation;
  const tAngle = rng.next() * 2 * Math.PI, tLen = rng.next() * p.elasticMaxTranslation;
  const tx = tLen * Math.cos(tAngle), ty = tLen * Math.sin(tAngle);
  const sigma = p.elasticCoreSigma * Math.min(width, height);
  const c = Math.cos(theta), s = Math.sin(theta);
  const disp = (x: number, y: number, out: Float64Array): void => {
    const dx = x - cx, dy = y - cy;
    const k = 1 - Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
    out[0] = k * (c * dx - s * dy + tx - dx);
    out[1] = k * (s * dx + c * dy + ty - dy);
  };
  const d = new Float64Array(2);
  // The backward map the image is rendered through (perturbed pixel → original point), kept to
  // give `unmapPoint` exactly the inverse the pixels saw.
  const backward = (x: number, y: number, q: Float64Array): void => {
    let qx = x, qy = y;
    for (let it = 0; it < 6; it++) {
      disp(qx, qy, d);
      qx = x - d[0];
      qy = y - d[1];
    }
    q[0] = qx;
    q[1] = qy;
  };
  const out = warpImage(image, width, height, backward, greyPercentile(image, 0.95));
  const m = new Float64Array(2);
  return {
    image: out,
    mapPoint: (x, y) => {
      disp(x, y, m);
      return [x + m[0], y + m[1]];
    },
    unmapPoint: (x, y) => {
      const q = new Float64Array(2);
      backward(x, y, q);
      return q[0] >= 0 && q[1] >= 0 && q[0] <= width - 1 && q[1] <= height - 1 ? [q[0], q[1]] : null;
    },
  };
}
