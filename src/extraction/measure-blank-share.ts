import type { FloatImage, ForegroundMask } from './types.js';

/**
 * How much of a print lies in white blotches wider than a valley: the share of the print's
 * interior pixels (those of foreground blocks whose 8 neighbouring blocks are foreground too, so
 * the print's rim is left out) covered by the morphological opening of the bright set (print pixels
 * whose contrast-normalised grey is above `level`) by a square of side 2·`radius`+1. A valley's
 * bright crest and a sweat pore (1–3 px) are narrower than the square at radius 4; a dry print's
 * blotch where the skin did not touch (3–9 px radius) is not. The learned ridge enhancer's second
 * per-print gate reads it (`ridgeNetMinBlankShare`, blend-ridge-net.ts): on the 320 clean FVC2002
 * prints it is 0 for 319 and at most 0.00135, on half the dry-perturbed ones above that
 * (bench/RESULTS.md, drygate). Returns 0 when the print has no interior. Pure; four box passes.
 */
export function measureBlankShare(normalized: FloatImage, mask: ForegroundMask, radius: number, level: number): number {
  const { width, height, data } = normalized;
  const { blockSize: bs, cols } = mask.grid;
  const side = 2 * radius + 1;
  const W = width + 1;
  // integral image of the bright set
  const bright = new Int32Array(W * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask.pixels[i] && data[i]! > level) row++;
      bright[(y + 1) * W + x + 1] = bright[y * W + x + 1]! + row;
    }
  }
  // centres of wholly bright squares (a centre must itself be bright), and their integral image
  const core = new Int32Array(W * (height + 1));
  const full = side * side;
  for (let y = 0; y < height; y++) {
    let row = 0;
    const inside = y >= radius && y < height - radius;
    const y0 = (y - radius) * W, y1 = (y + radius + 1) * W;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (inside && x >= radius && x < width - radius && mask.pixels[i] && data[i]! > level) {
        const x0 = x - radius, x1 = x + radius + 1;
        if (bright[y1 + x1]! - bright[y0 + x1]! - bright[y1 + x0]! + bright[y0 + x0]! === full) row++;
      }
      core[(y + 1) * W + x + 1] = core[y * W + x + 1]! + row;
    }
  }
  const interiorBlocks = findInteriorBlocks(mask);
  const blockOfX = Int32Array.from({ length: width }, (_, x) => (x / bs) | 0);
  let interior = 0;
  let blank = 0;
  for (let y = 0; y < height; y++) {
    const rowBlocks = ((y / bs) | 0) * cols;
    const y0 = Math.max(0, y - radius) * W, y1 = Math.min(height, y + radius + 1) * W;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask.pixels[i] || !interiorBlocks[rowBlocks + blockOfX[x]!]) continue;
      interior++;
      const x0 = Math.max(0, x - radius), x1 = Math.min(width, x + radius + 1);
      if (core[y1 + x1]! - core[y0 + x1]! - core[y1 + x0]! + core[y0 + x0]! > 0) blank++;
    }
  }
  return interior > 0 ? blank / interior : 0;
}

/** 1 per block that lies, with its 8 neighbours, in the foreground (and not on the grid's edge). */
function findInteriorBlocks(mask: ForegroundMask): Uint8Array {
  const { cols, rows } = mask.grid;
  const out = new Uint8Array(cols * rows);
  for (let by = 1; by < rows - 1; by++) {
    for (let bx = 1; bx < cols - 1; bx++) {
      let all = 1;
      for (let dy = -1; dy <= 1 && all; dy++) for (let dx = -1; dx <= 1; dx++) if (!mask.blocks[(by + dy) * cols + bx + dx]) all = 0;
      out[by * cols + bx] = all;
    }
  }
  return out;
}
