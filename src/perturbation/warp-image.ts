import { createGrayImage, type GrayImage } from '../core/index.js';

/**
 * Resamples `src` onto a `width` × `height` grid through a backward map (output pixel → source
 * point, written into `out`), bilinear; points outside the source take `fill`. Pure.
 */
export function warpImage(
  src: GrayImage,
  width: number,
  height: number,
  backward: (x: number, y: number, out: Float64Array) => void,
  fill: number,
): GrayImage {
  const data = new Uint8Array(width * height);
  const q = new Float64Array(2);
  const { width: sw, height: sh, data: s } = src;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      backward(x, y, q);
      const fx = q[0], fy = q[1];
      if (!(fx >= 0 && fy >= 0 && fx <= sw - 1 && fy <= sh - 1)) {
        data[y * width + x] = fill;
        continue;
      }
      const x0 = Math.min(sw - 2, Math.floor(fx)), y0 = Math.min(sh - 2, Math.floor(fy));
      const ax = fx - x0, ay = fy - y0;
      const o = y0 * sw + x0;
      const v = (s[o] * (1 - ax) + s[o + 1] * ax) * (1 - ay) + (s[o + sw] * (1 - ax) + s[o + sw + 1] * ax) * ay;
      data[y * width + x] = Math.round(v);
    }
  }
  return createGrayImage(width, height, data, src.ppi);
}

/** The grey level below which a share `q` (0–1) of the pixels lie (e.g. 0.95: the paper white). */
export function greyPercentile(image: GrayImage, q: number): number {
  const hist = new Uint32Array(256);
  for (let i = 0; i < image.data.length; i++) hist[image.data[i]]++;
  const target = q * image.data.length;
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v];
    if (acc >= target) return v;
  }
  return 255;
}

/** The median grey of the image's outermost pixels (its four sides): what lies around the print. */
export function borderMedianGrey(image: GrayImage): number {
  const { width: w, height: h, data: src } = image;
  const border: number[] = [];
  for (let x = 0; x < w; x++) border.push(src[x]!, src[(h - 1) * w + x]!);
  for (let y = 1; y < h - 1; y++) border.push(src[y * w]!, src[y * w + w - 1]!);
  border.sort((a, b) => a - b);
  return border[border.length >> 1] ?? 255;
}

/** A copy of the image's pixels with `f(value, x, y)` applied to each, clamped to 0–255. */
export function mapPixels(image: GrayImage, f: (v: number, x: number, y: number) => number): GrayImage {
  const { width, height } = image;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = f(image.data[y * width + x], x, y);
      data[y * width + x] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
  return createGrayImage(width, height, data, image.ppi);
}
