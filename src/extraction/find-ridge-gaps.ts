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

/** A block grid's pixels of one polarity and their well filled share, each pooled over the block and its 8 neighbours. */
export interface RidgeFill {
  readonly cols: number;
  readonly rows: number;
  readonly blockSize: number;
  /** Foreground pixels the enhancement puts on a ridge (negative; a valley for the valley fill), pooled over 3 × 3 blocks. */
  readonly ridge: Float64Array;
  /** Of those, the ones whose normalised grey is at most `level` (dark, printed; for valleys at least −`level`), pooled likewise. */
  readonly dark: Float64Array;
}

/**
 * The ridge fill of {@link findRidgeGaps} per block, as its two pooled counts (fill = dark /
 * ridge; undefined where a block and its neighbours hold no ridge pixel): a well printed ridge is
 * dark over most of its width, a dotted (eroded, pored) one only in its dots. Also read per
 * minutia by bench/extraction/dotted-minutiae.mjs. Pure; one pass.
 */
export function poolRidgeFill(normalized: FloatImage, enhanced: FloatImage, foreground: Uint8Array, blockSize: number, level: number): RidgeFill {
  return poolFill(normalized, enhanced, foreground, blockSize, level, -1);
}

/**
 * The fill of one polarity: `side` −1 counts the first enhancement's ridge pixels (e < 0) and
 * those not lighter than `level`; +1 its valley pixels (e > 0) and those not darker than
 * −`level` (the ridge frame with both signs flipped).
 */
function poolFill(normalized: FloatImage, enhanced: FloatImage, foreground: Uint8Array, blockSize: number, level: number, side: -1 | 1): RidgeFill {
  const { width, height } = normalized;
  const g = normalized.data;
  const e = enhanced.data;
  const bs = blockSize;
  const cols = Math.ceil(width / bs);
  const rows = Math.ceil(height / bs);
  // pixels of the polarity and well filled ones per block
  const ridge1 = new Float64Array(cols * rows);
  const dark1 = new Float64Array(cols * rows);
  for (let y = 0; y < height; y++) {
    const r = ((y / bs) | 0) * cols;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!foreground[i] || !(side * e[i]! > 0)) continue;
      const b = r + ((x / bs) | 0);
      ridge1[b]!++;
      if (!(-side * g[i]! > level)) dark1[b]!++;
    }
  }
  const ridge = new Float64Array(cols * rows);
  const dark = new Float64Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      let n = 0;
      let d = 0;
      for (let yy = Math.max(0, by - 1); yy <= Math.min(rows - 1, by + 1); yy++) {
        for (let xx = Math.max(0, bx - 1); xx <= Math.min(cols - 1, bx + 1); xx++) {
          n += ridge1[yy * cols + xx]!;
          d += dark1[yy * cols + xx]!;
        }
      }
      ridge[by * cols + bx] = n;
      dark[by * cols + bx] = d;
    }
  }
  return { cols, rows, blockSize: bs, ridge, dark };
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
  const { cols, ridge, dark } = poolFill(normalized, enhanced, foreground, bs, level, side);
  const dotted = new Uint8Array(ridge.length);
  for (let b = 0; b < ridge.length; b++) dotted[b] = ridge[b]! > 0 && dark[b]! <= maxFill * ridge[b]! ? 1 : 0;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const r = ((y / bs) | 0) * cols;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!foreground[i]) continue;
      if ((extra && extra[i]) || (side * e[i]! > 0 && -side * g[i]! > level && dotted[r + ((x / bs) | 0)])) out[i] = 1;
    }
  }
  return out;
}
