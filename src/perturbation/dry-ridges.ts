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
  const weight = drawSoftBlobs(width, height, rng, p.dryBlobDensity, p.dryBlobRadius, 0.6);
  return { ux, uy, blobWeight: weight, eroded: (x, y) => (x - cx) * ux + (y - cy) * uy >= 0 };
}

/**
 * A dry print: white blobs break the ridges everywhere, and over a random half of the image the
 * ridges are eroded (a grey dilation thins the dark ridges so they break into dots). Geometry
 * unchanged; the minutiae the breaks create are false.
 */
export function dryRidges(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width, height } = image;
  const white = greyPercentile(image, 0.95);
  const layout = drawDryLayout(width, height, rng, p);
  // erosion over the half on one side of a random line through the centre
  const eroded = greyRankFilter(image, p.dryErosionRadius, layout.eroded, true);
  const weight = layout.blobWeight;
  const out = mapPixels(eroded, (v, x, y) => v + weight[y * width + x] * (white - v));
  return { image: out, mapPoint: identityMap, unmapPoint: identityMap };
}

/**
 * Soft discs on a weight map (1 inside `core` of the radius, falling linearly to 0 at the rim; the
 * larger weight where discs overlap): about Poisson in number (`density` per 10,000 pixels, by its
 * normal approximation), radius drawn in `radius`. `accept` (optional) is asked for a drawn centre
 * and the centre drawn again, up to 30 times, until it agrees; a disc without an accepted centre is
 * left out. Shared by the dry and the wet print, in that order of draws.
 */
export function drawSoftBlobs(
  width: number, height: number, rng: Rng, density: number, radius: readonly number[], core: number,
  accept?: (x: number, y: number) => boolean,
): Float32Array {
  const weight = new Float32Array(width * height);
  const mean = (density * width * height) / 10_000;
  const blobs = Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.normal()));
  const [rMin, rMax] = radius as readonly [number, number];
  for (let k = 0; k < blobs; k++) {
    let bx = rng.next() * width, by = rng.next() * height;
    if (accept) {
      let tries = 1;
      while (!accept(bx | 0, by | 0) && tries < 30) {
        bx = rng.next() * width;
        by = rng.next() * height;
        tries++;
      }
      if (!accept(bx | 0, by | 0)) bx = -1;
    }
    const br = rMin + rng.next() * (rMax - rMin);
    if (bx < 0) continue;
    const x0 = Math.max(0, Math.floor(bx - br)), x1 = Math.min(width - 1, Math.ceil(bx + br));
    const y0 = Math.max(0, Math.floor(by - br)), y1 = Math.min(height - 1, Math.ceil(by + br));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const d = Math.hypot(x - bx, y - by) / br;
        if (d >= 1) continue;
        const w = d < core ? 1 : (1 - d) / (1 - core);
        const i = y * width + x;
        if (w > weight[i]) weight[i] = w;
      }
    }
  }
  return weight;
}

/**
 * A grey dilation (`max`: the lightest of the (2r+1)² square, which thins dark ridges) or erosion
 * (the darkest, which spreads them) where `inside` holds, the image elsewhere. Pure.
 */
export function greyRankFilter(image: GrayImage, r: number, inside: (x: number, y: number) => boolean, max: boolean): GrayImage {
  const { width, height, data } = image;
  return mapPixels(image, (v, x, y) => {
    if (!inside(x, y)) return v;
    let m = v;
    for (let dy = -r; dy <= r; dy++) {
      const yy = y + dy;
      if (yy < 0 || yy >= height) continue;
      for (let dx = -r; dx <= r; dx++) {
        const xx = x + dx;
        if (xx < 0 || xx >= width) continue;
        const u = data[yy * width + xx];
        if (max ? u > m : u < m) m = u;
      }
    }
    return m;
  });
}
