import type { ExtractionParameters } from '../config/parameters.js';
import type { ForegroundMask } from './types.js';

/**
 * Where the print is faded: the mask's blocks whose grey contrast (the segmentation's per-block
 * standard deviation, averaged over the block and its 8 neighbours inside the mask) is below
 * `fadedFragmentContrastShare` of the median over the mask's blocks. A faded ridge at 20 %
 * contrast breaks into short pieces that the skeleton cleaning would delete as fragments
 * (issue 12, low contrast); there the cleaning uses `fadedFragmentMaxLength` instead.
 *
 * Returns 1 per pixel of a faded block inside the print, 0 elsewhere, or null when the option
 * is off (`fadedFragmentMaxLength` 0) or no block is faded. Pure; one pass over the blocks and
 * one over the pixels.
 */
export function mapFadedPrint(mask: ForegroundMask, width: number, height: number, params: ExtractionParameters): Uint8Array | null {
  if (!(params.fadedFragmentMaxLength > 0)) return null;
  const faded = findFadedPrintBlocks(mask, params.fadedFragmentContrastShare);
  if (!faded) return null;
  const { blockSize: bs, cols } = mask.grid;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const r = ((y / bs) | 0) * cols;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask.pixels[i] && faded[r + ((x / bs) | 0)]) out[i] = 1;
    }
  }
  return out;
}

/** The faded blocks of the mask's grid (see {@link mapFadedPrint}); null when none is. */
export function findFadedPrintBlocks(mask: ForegroundMask, share: number): Uint8Array | null {
  const { cols, rows } = mask.grid;
  const { blocks, contrast } = mask;
  const inside: number[] = [];
  for (let i = 0; i < blocks.length; i++) if (blocks[i]) inside.push(contrast[i]);
  if (!inside.length) return null;
  inside.sort((a, b) => a - b);
  const floor = share * inside[inside.length >> 1];
  const faded = new Uint8Array(cols * rows);
  let any = false;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      if (!blocks[by * cols + bx]) continue;
      let n = 0;
      let s = 0;
      for (let yy = Math.max(0, by - 1); yy <= Math.min(rows - 1, by + 1); yy++) {
        for (let xx = Math.max(0, bx - 1); xx <= Math.min(cols - 1, bx + 1); xx++) {
          if (!blocks[yy * cols + xx]) continue;
          n++;
          s += contrast[yy * cols + xx];
        }
      }
      if (s < floor * n) {
        faded[by * cols + bx] = 1;
        any = true;
      }
    }
  }
  return any ? faded : null;
}
