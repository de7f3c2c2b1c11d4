import type { ValidArea } from '../templates/index.js';
import type { ForegroundMask } from './types.js';

/**
 * The template's valid area (Template.validArea): the image cut into square cells of `cell`
 * pixels, a cell usable when at least half of its pixels (those inside the image) lie in the
 * final mask and not on `mask.residueArea` (a smudge grown by `validAreaResidueMargin`). The
 * mask at pixel precision already leaves out the background, a sensor's frame and flat
 * patches; a smudge's partial blocks and soft rim stay in it (segment-foreground.ts), which the
 * residue takes out here. With `erosion` > 0 (`validAreaErosion`) a mask pixel counts only at
 * least that far (Euclidean, pixels) from the mask's background and the image side, as the
 * minutia filter's `borderDistance` measures it: the print holds no minutiae nearer its edge,
 * so a minutia of the other print carried there is no minutia this one could have shown.
 * Cost O(pixels) (O(pixels · erosion) with erosion); pure.
 */
export function mapValidArea(mask: ForegroundMask, width: number, height: number, cell: number, erosion = 0): ValidArea {
  const columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const usable = new Int32Array(columns * rows);
  const pixels = erosion > 0 ? erodeMask(mask.pixels, width, height, erosion) : mask.pixels, residue = mask.residueArea;
  for (let y = 0; y < height; y++) {
    const r = ((y / cell) | 0) * columns;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (pixels[i] && !(residue && residue[i])) usable[r + ((x / cell) | 0)]++;
    }
  }
  const bits = new Uint8Array(Math.ceil((columns * rows) / 8));
  for (let cy = 0; cy < rows; cy++) {
    const h = Math.min(cell, height - cy * cell);
    for (let cx = 0; cx < columns; cx++) {
      const w = Math.min(cell, width - cx * cell);
      const i = cy * columns + cx;
      if (2 * usable[i] >= w * h) bits[i >> 3] |= 1 << (i & 7);
    }
  }
  return { cell, columns, rows, bits };
}

/**
 * The mask pixels at least `d` from its background and from the image side, exactly as
 * distanceToBackground (segment-foreground.ts) measures it (the minutia filter's border distance): a pixel is
 * kept when it lies at least `d` from each image side and, for every row within `d` of it, the
 * row's nearest background pixel h columns away has h² + dy² ≥ d². O(pixels · d).
 */
export function erodeMask(pixels: Uint8Array, width: number, height: number, d: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const far = width + height + Math.ceil(d) + 1;
  // h[i]: columns from pixel i to the nearest background pixel of its row (far: none)
  const h = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    let last = -far;
    for (let x = 0; x < width; x++) {
      if (!pixels[o + x]) last = x;
      h[o + x] = x - last;
    }
    last = width + far;
    for (let x = width - 1; x >= 0; x--) {
      if (!pixels[o + x]) last = x;
      if (last - x < h[o + x]) h[o + x] = last - x;
    }
  }
  const d2 = d * d, r = Math.ceil(d);
  for (let y = 0; y < height; y++) {
    if (y + 1 < d || height - y < d) continue;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (!pixels[i] || x + 1 < d || width - x < d) continue;
      let keep = true;
      for (let dy = -r; dy <= r && keep; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height || dy * dy >= d2) continue;
        const hx = h[yy * width + x];
        if (hx * hx + dy * dy < d2) keep = false;
      }
      if (keep) out[i] = 1;
    }
  }
  return out;
}
