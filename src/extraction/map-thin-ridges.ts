import type { ExtractionParameters } from '../config/parameters.js';
import type { FloatImage, ForegroundMask } from './types.js';
import { blockFlagsToPixels } from './types.js';

/**
 * Where a print's ridges are thin: dry skin (or a worn, eroded print) leaves ridges that are
 * narrow dark lines or rows of dots on wide white valleys, and white blotches where the skin
 * did not touch; both break ridges over gaps longer than an ordinary break. A block is thin-ridged
 * when, over it and its 8 neighbours, at most `gapThinMaxDarkShare` of the print's pixels are
 * darker than the local mean by `gapThinDarkLevel` local standard deviations (the
 * contrast-normalised grey below −level): on a well printed ridge pattern ridges and valleys
 * share the width about evenly (a quarter to a third of the pixels that dark), on an eroded one
 * the ridges hold a tenth to a fifth.
 *
 * Returns 1 per pixel of a thin-ridged block inside the print, 0 elsewhere, or null when the
 * option is off (`gapThinMaxDistance` 0) or no block is thin-ridged. For the skeleton cleaning's
 * longer gap joining (remove-skeleton-artifacts.ts). Pure; one pass over the image.
 */
export function mapThinRidges(normalized: FloatImage, mask: ForegroundMask, params: ExtractionParameters): Uint8Array | null {
  if (!(params.gapThinMaxDistance > 0)) return null;
  return thinRidgePixels(normalized, mask, params.gapThinDarkLevel, params.gapThinMaxDarkShare);
}

/**
 * Where a dry print's short tails are kept (`tailThinMaxLength`): the pixels of the thin-ridged
 * blocks at the stricter share `tailThinMaxDarkShare` (an eroded half's blocks, hardly any of a
 * clean print's: at 0.2, 4–10 % of the clean FVC2002 blocks against 24–72 % of the eroded ones).
 * There an eroded branch breaks a few pixels past its fork, so a true bifurcation is left with a
 * short spur that the ordinary tail cut removes together with the fork. Null when the option is
 * off (`tailThinMaxLength` 0) or no block is thin-ridged.
 */
export function mapThinTails(normalized: FloatImage, mask: ForegroundMask, params: ExtractionParameters): Uint8Array | null {
  if (!(params.tailThinMaxLength > 0)) return null;
  return thinRidgePixels(normalized, mask, params.gapThinDarkLevel, params.tailThinMaxDarkShare);
}

/** 1 per print pixel of a thin-ridged block ({@link findThinRidgeBlocks}), or null when none is. */
function thinRidgePixels(normalized: FloatImage, mask: ForegroundMask, darkLevel: number, maxDarkShare: number): Uint8Array | null {
  const thin = findThinRidgeBlocks(normalized, mask, darkLevel, maxDarkShare);
  if (!thin) return null;
  return blockFlagsToPixels(thin, mask.grid, normalized.width, normalized.height, mask.pixels);
}

/**
 * The thin-ridged blocks of the mask's block grid (1 = thin-ridged, inside the print): at most
 * `maxDarkShare` of the print's pixels over the block and its 8 neighbours are darker than
 * −`darkLevel` in the contrast-normalised grey. Null when no block is. Shared by the longer gap
 * joining (above) and the dry-region minutia detector (find-dry-minutiae.ts).
 */
export function findThinRidgeBlocks(normalized: FloatImage, mask: ForegroundMask, darkLevel: number, maxDarkShare: number): Uint8Array | null {
  const { width, height, data } = normalized;
  const { blockSize: bs, cols, rows } = mask.grid;
  const level = -darkLevel;
  const print = new Float64Array(cols * rows);
  const dark = new Float64Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const r = ((y / bs) | 0) * cols;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!mask.pixels[i]) continue;
      const b = r + ((x / bs) | 0);
      print[b]++;
      if (data[i] < level) dark[b]++;
    }
  }
  const thin = new Uint8Array(cols * rows);
  let any = false;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      if (!mask.blocks[by * cols + bx]) continue;
      let n = 0;
      let d = 0;
      for (let yy = Math.max(0, by - 1); yy <= Math.min(rows - 1, by + 1); yy++) {
        for (let xx = Math.max(0, bx - 1); xx <= Math.min(cols - 1, bx + 1); xx++) {
          n += print[yy * cols + xx];
          d += dark[yy * cols + xx];
        }
      }
      if (n > 0 && d <= maxDarkShare * n) {
        thin[by * cols + bx] = 1;
        any = true;
      }
    }
  }
  return any ? thin : null;
}
