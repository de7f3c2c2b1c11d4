import type { ValidArea } from '../templates/index.js';
import { distanceToBackground } from './segment-foreground.js';
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
 * Cost O(pixels) (plus O(edge pixels · erosion²) with erosion); pure.
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
 * The mask pixels at least `d` from its background and from the image side, by
 * {@link distanceToBackground} (the minutia filter's measure). A pixel whose square of half-side
 * ⌈d⌉ lies inside the image and holds no background (a summed-area table of the background) is
 * kept without the exact test; only those near an edge take it.
 */
export function erodeMask(pixels: Uint8Array, width: number, height: number, d: number): Uint8Array {
  const out = new Uint8Array(width * height);
  const w1 = width + 1;
  // sat[(y + 1) · (width + 1) + x + 1] = background pixels in [0, x] × [0, y]
  const sat = new Int32Array(w1 * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      if (!pixels[y * width + x]) row++;
      sat[(y + 1) * w1 + x + 1] = sat[y * w1 + x + 1] + row;
    }
  }
  const r = Math.ceil(d);
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (!pixels[i]) continue;
      const x0 = x - r, x1 = x + r, y0 = y - r, y1 = y + r;
      if (x0 >= 0 && y0 >= 0 && x1 < width && y1 < height && x + 1 >= d && y + 1 >= d && width - x >= d && height - y >= d) {
        const bg = sat[(y1 + 1) * w1 + x1 + 1] - sat[y0 * w1 + x1 + 1] - sat[(y1 + 1) * w1 + x0] + sat[y0 * w1 + x0];
        if (bg === 0) { out[i] = 1; continue; }
      }
      if (distanceToBackground(pixels, width, height, x, y, d) >= d) out[i] = 1;
    }
  }
  return out;
}
