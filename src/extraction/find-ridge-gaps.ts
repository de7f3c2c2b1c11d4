import type { ExtractionParameters } from '../config/parameters.js';
import type { FloatImage } from './types.js';

/**
 * Ridge gaps of a dry print: pixels that a first enhancement puts on a ridge (negative) while
 * the contrast-normalised grey there is lighter than `enhancementRidgeGapLevel` (in local
 * standard deviations above the local mean). Where dry skin touched the sensor only in dots,
 * an eroded ridge is a row of dark dots with white between them; the white is where the ridge
 * did not print, not a valley, so a second enhancement treats these pixels as missing data in
 * its smoothing along the ridges (normalised convolution) and continues the ridge from its
 * dots. `blank` (optional, the blank spots) is merged in.
 *
 * Only where the ridges are dotted: the ridge fill of a block (the share of its ridge pixels,
 * by the first enhancement, that are darker than the level), pooled over the block and its 8
 * neighbours, must be at most `enhancementRidgeGapMaxFill` (1 = everywhere). A well printed
 * ridge is dark over most of its width; an eroded one only in its dots.
 *
 * Returns 1 per missing pixel of the foreground, or null when the option is off
 * (`enhancementRidgeGaps` 0). Pure; two passes over the image.
 */
export function findRidgeGaps(
  normalized: FloatImage,
  enhanced: FloatImage,
  foreground: Uint8Array,
  params: ExtractionParameters,
  blank?: Uint8Array | null,
): Uint8Array | null {
  if (!(params.enhancementRidgeGaps > 0)) return null;
  return findGaps(normalized, enhanced, foreground, -1, params.enhancementRidgeGapLevel, params.enhancementRidgeGapMaxFill, params.blockSize, blank);
}

/**
 * Valley gaps of a wet print, the mirror of {@link findRidgeGaps}: pixels that a first
 * enhancement puts in a valley (positive) while the contrast-normalised grey there is darker
 * than −`enhancementValleyGapLevel`. Where moisture filled a valley, the valley is a row of light
 * dashes with dark bridges between them; the dark is where the valley flooded, not a ridge, so
 * the second enhancement treats these pixels as missing data and continues the valley from its
 * dashes. Only where the valleys are broken: the valley fill of a block (the share of its valley
 * pixels lighter than the level), pooled over 3 × 3 blocks, at most
 * `enhancementValleyGapMaxFill`. `gaps` (optional: the ridge gaps or the blank spots) is merged
 * in. Returns null when the option is off (`enhancementValleyGaps` 0). Pure.
 */
export function findValleyGaps(
  normalized: FloatImage,
  enhanced: FloatImage,
  foreground: Uint8Array,
  params: ExtractionParameters,
  gaps?: Uint8Array | null,
): Uint8Array | null {
  if (!(params.enhancementValleyGaps > 0)) return null;
  return findGaps(normalized, enhanced, foreground, 1, params.enhancementValleyGapLevel, params.enhancementValleyGapMaxFill, params.blockSize, gaps);
}

/**
 * The gaps of one polarity: `side` −1 looks at the first enhancement's ridge pixels (e < 0) that
 * are lighter than `level`, +1 at its valley pixels (e > 0) darker than −`level`, in blocks whose
 * pooled fill (the share of that polarity's pixels on the right side of the level) is at most
 * `maxFill`; `extra` is merged in.
 */
function findGaps(
  normalized: FloatImage,
  enhanced: FloatImage,
  foreground: Uint8Array,
  side: -1 | 1,
  level: number,
  maxFill: number,
  bs: number,
  extra?: Uint8Array | null,
): Uint8Array {
  const { width, height } = normalized;
  const g = normalized.data;
  const e = enhanced.data;
  // in the ridge frame (side −1) as written; a valley is the same with both signs flipped
  const cols = Math.ceil(width / bs);
  const rows = Math.ceil(height / bs);
  // pixels of the polarity and well filled ones per block
  const ridge = new Float64Array(cols * rows);
  const dark = new Float64Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const r = ((y / bs) | 0) * cols;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!foreground[i] || !(side * e[i] > 0)) continue;
      const b = r + ((x / bs) | 0);
      ridge[b]++;
      if (!(-side * g[i] > level)) dark[b]++;
    }
  }
  const dotted = new Uint8Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let n = 0;
      let d = 0;
      for (let yy = Math.max(0, by - 1); yy <= Math.min(rows - 1, by + 1); yy++) {
        for (let xx = Math.max(0, bx - 1); xx <= Math.min(cols - 1, bx + 1); xx++) {
          n += ridge[yy * cols + xx];
          d += dark[yy * cols + xx];
        }
      }
      dotted[by * cols + bx] = n > 0 && d <= maxFill * n ? 1 : 0;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const r = ((y / bs) | 0) * cols;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!foreground[i]) continue;
      if ((extra && extra[i]) || (side * e[i] > 0 && -side * g[i] > level && dotted[r + ((x / bs) | 0)])) out[i] = 1;
    }
  }
  return out;
}
