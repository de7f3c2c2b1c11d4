import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';
import { greyPercentile, mapPixels } from './warp-image.js';

/** Where {@link dryRidges} damages an image: the eroded half and the blobs' whitening weight. */
export interface DryLayout {
  /** Unit normal of the line through the centre; the eroded half is where (p − centre) · u ≥ 0. */
  readonly ux: number;
  readonly uy: number;
  /** Per pixel, how far it is pulled to white: 1 at a blob's centre, 0 outside every blob. */
  readonly blobWeight: Float32Array;
  /** Whether a point (pixels) lies in the eroded half. */
  eroded(x: number, y: number): boolean;
}

/**
 * Draws the layout of a dry print from the perturbation's random stream: the erosion's side first,
 * then the blobs. {@link dryRidges} draws with it, so a measurement that needs to know where the
 * damage is (bench/extraction/dry-stage-loss.mjs) gets the same layout from the same seed.
 */
export function drawDryLayout(width: number, height: number, rng: Rng, p: PerturbationParameters): DryLayout {
  const phi = rng.next() * 2 * Math.PI;
  const ux = Math.cos(phi), uy = Math.sin(phi);
  const cx = width / 2, cy = height / 2;
  // white blobs with soft edges: a weight map, 1 at a blob centre
  const weight = new Float32Array(width * height);
  // blob count: about Poisson (normal approximation; the mean is a few tens)
  const mean = (p.dryBlobDensity * width * height) / 10_000;
  const blobs = Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const [rMin, rMax] = p.dryBlobRadius;
  for (let k = 0; k < blobs; k++) {
    const bx = rng.next() * width, by = rng.next() * height;
    const br = rMin + rng.next() * (rMax - rMin);
    const x0 = Math.max(0, Math.floor(bx - br)), x1 = Math.min(width - 1, Math.ceil(bx + br));
    const y0 = Math.max(0, Math.floor(by - br)), y1 = Math.min(height - 1, Math.ceil(by + br));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x - bx, y - by) / br;
        if (d >= 1) continue;
        const w = d < 0.6 ? 1 : (1 - d) / 0.4;
        const i = y * width + x;
        if (w > weight[i]) weight[i] = w;
      }
    }
  }
  return { ux, uy, blobWeight: weight, eroded: (x, y) => (x - cx) * ux + (y - cy) * uy >= 0 };
}

/**
 * A dry print: white blobs break the ridges everywhere, and over a random half of the image the
 * ridges are eroded (a grey dilation thins the dark ridges so they break into dots). Geometry
 * unchanged; the minutiae the breaks create are false.
 */
export function dryRidges(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width, height, data } = image;
  const white = greyPercentile(image, 0.95);
  const layout = drawDryLayout(width, height, rng, p);
  // erosion over the half on one side of a random line through the centre
  const r = p.dryErosionRadius;
  const eroded = mapPixels(image, (v, x, y) => {
    if (!layout.eroded(x, y)) return v;
    let m = v;
    for (let dy = -r; dy <= r; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -r; dx <= r; dx++) {
        const xx = x + dx;
        if (xx >= 0 && xx < width && data[yy * width + xx] > m) m = data[yy * width + xx];
      }
    }
    return m;
  });
  const weight = layout.blobWeight;
  const out = mapPixels(eroded, (v, x, y) => v + weight[y * width + x] * (white - v));
  return { image: out, mapPoint: identityMap };
}
