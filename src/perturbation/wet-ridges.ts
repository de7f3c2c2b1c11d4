import type { GrayImage } from '../core/index.js';
import type { PerturbationParameters } from '../config/parameters.js';
import type { Rng } from '../synthetic/index.js';
import { identityMap, type PerturbedImage } from './types.js';
import { drawSoftBlobs, greyRankFilter } from './dry-ridges.js';
import { greyPercentile, mapPixels } from './warp-image.js';

/** Where {@link wetRidges} damages an image: the spread half and the flooded blobs' weight. */
export interface WetLayout {
  /** Unit normal of the line through the centre; the spread half is where (p − centre) · u ≥ 0. */
  readonly ux: number;
  readonly uy: number;
  /** Per pixel, how far its valleys are flooded: 1 at a blob's centre, 0 outside every blob. */
  readonly floodWeight: Float32Array;
  /** Whether a point (pixels) lies in the half where the ridges spread. */
  spread(x: number, y: number): boolean;
}

/**
 * Whether a pixel lies on print: the grey standard deviation over the 9 × 9 window around it is at
 * least a quarter of the image's dark-to-white range (5 % to 95 % quantiles); flat background and
 * sensor noise stay below. Summed-area tables; O(pixels).
 */
function printTest(image: GrayImage): (x: number, y: number) => boolean {
  const { width, height, data } = image;
  const w1 = width + 1;
  const s1 = new Float64Array(w1 * (height + 1));
  const s2 = new Float64Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let a = 0, b = 0;
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x];
      a += v;
      b += v * v;
      s1[(y + 1) * w1 + x + 1] = s1[y * w1 + x + 1] + a;
      s2[(y + 1) * w1 + x + 1] = s2[y * w1 + x + 1] + b;
    }
  }
  const range = greyPercentile(image, 0.95) - greyPercentile(image, 0.05);
  const floor = (0.25 * range) ** 2;
  return (x, y) => {
    const x0 = Math.max(0, x - 4), x1 = Math.min(width, x + 5), y0 = Math.max(0, y - 4), y1 = Math.min(height, y + 5);
    const n = (x1 - x0) * (y1 - y0);
    const box = (s: Float64Array) => s[y1 * w1 + x1] - s[y0 * w1 + x1] - s[y1 * w1 + x0] + s[y0 * w1 + x0];
    const m = box(s1) / n;
    return box(s2) / n - m * m >= floor;
  };
}

/**
 * Draws the layout of a wet print from the perturbation's random stream: the spread half first,
 * then the flooded blobs (soft discs, about Poisson in number, centred on print). {@link wetRidges} draws with it,
 * so a measurement that needs to know where the damage is can draw the same layout from the same
 * seed.
 */
export function drawWetLayout(image: GrayImage, rng: Rng, p: PerturbationParameters): WetLayout {
  const { width, height } = image;
  const onPrint = printTest(image);
  const phi = rng.next() * 2 * Math.PI;
  const ux = Math.cos(phi), uy = Math.sin(phi);
  const cx = width / 2, cy = height / 2;
  // moisture only where the finger touched: a centre off print is drawn again
  const weight = drawSoftBlobs(width, height, rng, p.wetBlobDensity, p.wetBlobRadius, 0.5, onPrint);
  return { ux, uy, floodWeight: weight, spread: (x, y) => (x - cx) * ux + (y - cy) * uy >= 0 };
}

/**
 * A wet print, the mirror of a dry one: moisture fills the valleys, so the ridges read wider and
 * darker. Over a random half of the image the ridges spread (a grey erosion of radius
 * `wetSpreadRadius` narrows the light valleys until the narrow ones break into dashes, bridging
 * neighbouring ridges: false bifurcations), and everywhere soft blobs flood the valleys (each pixel
 * pulled towards the print's dark grey, the 5 % quantile, by `wetFloodDepth` × the blob weight,
 * so the ridges' contrast fades to a dark smear with a trace of texture left). Geometry
 * unchanged; the minutiae the bridges and the smears create are false. Pure.
 */
export function wetRidges(image: GrayImage, rng: Rng, p: PerturbationParameters): PerturbedImage {
  const { width } = image;
  const dark = greyPercentile(image, 0.05);
  const layout = drawWetLayout(image, rng, p);
  const spread = greyRankFilter(image, p.wetSpreadRadius, layout.spread, false);
  const weight = layout.floodWeight;
  const depth = p.wetFloodDepth;
  const out = mapPixels(spread, (v, x, y) => v + depth * weight[y * width + x] * (dark - v));
  return { image: out, mapPoint: identityMap, unmapPoint: identityMap };
}
