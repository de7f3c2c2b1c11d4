// Grey-image resampling shared by the blur and elastic bench scripts (issue 12): bilinear and
// Keys (1981) cubic convolution (a = −0.5, edge pixels repeated) at a fractional point, and the
// half-pixel move of a whole image that the `half` / `half-cubic` rows measure. Samplers return
// `fill` for a point outside the image.
import { createGrayImage } from '../../dist/core/index.js';

export const bilinear = (s, w, h, fx, fy, fill = 255) => {
  if (!(fx >= 0 && fy >= 0 && fx <= w - 1 && fy <= h - 1)) return fill;
  const x0 = Math.min(w - 2, Math.floor(fx)), y0 = Math.min(h - 2, Math.floor(fy));
  const ax = fx - x0, ay = fy - y0, o = y0 * w + x0;
  return (s[o] * (1 - ax) + s[o + 1] * ax) * (1 - ay) + (s[o + w] * (1 - ax) + s[o + w + 1] * ax) * ay;
};
const keys = (t) => { t = Math.abs(t); return t <= 1 ? 1.5 * t ** 3 - 2.5 * t ** 2 + 1 : t < 2 ? -0.5 * t ** 3 + 2.5 * t ** 2 - 4 * t + 2 : 0; };
export const cubic = (s, w, h, fx, fy, fill = 255) => {
  if (!(fx >= 0 && fy >= 0 && fx <= w - 1 && fy <= h - 1)) return fill;
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  let v = 0;
  for (let j = -1; j <= 2; j++) {
    const yy = Math.min(h - 1, Math.max(0, y0 + j)), wy = keys(fy - (y0 + j));
    for (let i = -1; i <= 2; i++) v += wy * keys(fx - (x0 + i)) * s[yy * w + Math.min(w - 1, Math.max(0, x0 + i))];
  }
  return v;
};
export const clamp = (v) => (v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v));

/** The image moved by (0.5, 0.5) px with `sample` (the last row and column repeat their edge). */
export function moveHalfPixel(image, sample) {
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = clamp(sample(data, w, h, Math.min(w - 1, x + 0.5), Math.min(h - 1, y + 0.5), 255));
  return createGrayImage(w, h, out, image.ppi);
}

/** The image blurred by [¼ ½ ¼]×[¼ ½ ¼] in place (edge pixels repeated): the half-pixel bilinear move there and back. */
export function smoothQuarter(image) {
  const { width: w, height: h, data } = image, out = new Uint8Array(w * h);
  const at = (x, y) => data[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    let v = 0;
    for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) v += (j ? 1 : 2) * (i ? 1 : 2) * at(x + i, y + j);
    out[y * w + x] = clamp(v / 16);
  }
  return createGrayImage(w, h, out, image.ppi);
}
