import type { ExtractionParameters } from '../config/parameters.js';
import type { BlockGrid, FloatImage, ForegroundMask } from './types.js';

/**
 * The per-print wet gate of the ridge network (issue 12, realwet; off while `ridgeNetWetGate` is 0
 * or no wet model is set): a print whose grey reads wet runs a second ridge network (the wet
 * model, {@link useRidgeNetWetModel}) in place of the shipped one for the field, the period and
 * the faint-print blend; every other print runs the shipped network as before. The measure is
 * known before any network runs ({@link measureWideRidgeShare}).
 */

/** The wet model file, or null (none: the gate never opens). */
let wetModel: string | null = null;

/**
 * Which model file a print the wet gate opens for runs (no argument: none, the gate stays shut).
 * For benches (bench/extraction/paired-option*.mjs `--ridge-wet-models`) and tests; no model is
 * shipped, so extraction never opens the gate by default.
 */
export function useRidgeNetWetModel(modelPath: string | null = null): void {
  wetModel = modelPath;
}

/** The wet model file set now in this thread, or null. */
export function ridgeNetWetModelPath(): string | null {
  return wetModel;
}

/** A block's duty cycle above this counts as a wide-ridge block ({@link measureWideRidgeShare}). */
const WIDE_DUTY = 0.6;

/**
 * The share of the print's foreground blocks whose ridges are wide: per block of the grid with more
 * than half its pixels in the foreground, the duty cycle is the share of those pixels darker than
 * their local mean (the normalised grey below 0); a block counts when its duty cycle is above 0.6.
 * A wet print's moisture fills the valleys, so its ridges spread and its dark share per block rises
 * (a clean print's blocks lie near 0.4–0.5); the measure is local, so the print's overall grey and
 * gain do not move it. 0 with no such block.
 */
export function measureWideRidgeShare(normalized: FloatImage, foreground: ArrayLike<number>, grid: BlockGrid): number {
  const { width, height, data } = normalized;
  const { blockSize: bs, cols, rows } = grid;
  let blocks = 0;
  let wide = 0;
  for (let by = 0; by < rows; by++) {
    const y1 = Math.min(height, (by + 1) * bs);
    for (let bx = 0; bx < cols; bx++) {
      const x1 = Math.min(width, (bx + 1) * bs);
      let dark = 0;
      let inside = 0;
      for (let y = by * bs; y < y1; y++) {
        for (let x = bx * bs, p = y * width + x; x < x1; x++, p++) {
          if (!foreground[p]) continue;
          inside++;
          if (data[p]! < 0) dark++;
        }
      }
      if (inside * 2 <= bs * bs) continue;
      blocks++;
      if (dark > WIDE_DUTY * inside) wide++;
    }
  }
  return blocks > 0 ? wide / blocks : 0;
}

/**
 * The model file the print's ridge network steps run when the wet gate opens for it, or null when
 * it stays shut (`ridgeNetWetGate` 0, no wet model set, or the print's wide-ridge share below the gate).
 */
export function ridgeNetWetModelFor(
  normalized: FloatImage,
  mask: ForegroundMask,
  params: Pick<ExtractionParameters, 'ridgeNetWetGate'>,
): string | null {
  const t = params.ridgeNetWetGate;
  if (!(t > 0) || wetModel === null) return null;
  return measureWideRidgeShare(normalized, mask.pixels, mask.grid) >= t ? wetModel : null;
}

/** A block whose shipped map coherence is below this counts as unclear ({@link measureUnclearMapShare}). */
const UNCLEAR_MAP_COHERENCE = 0.6;

/**
 * Shape (b) of the wet gate (issue 12, wetgate2): the share of the print's foreground blocks where the
 * shipped network's map, read by the field's estimator, shows no clear ridges (map coherence below
 * 0.6). The network draws clear ridges on clean prints, pored ones too, and leaves the wet print's
 * closed masses unclear. Read from the run the field already made, so it costs one pass over the
 * block grid. 0 with no foreground block.
 */
export function measureUnclearMapShare(mapCoherence: ArrayLike<number>, blocks: ArrayLike<number>): number {
  let n = 0;
  let unclear = 0;
  for (let b = 0; b < blocks.length; b++) {
    if (!blocks[b]) continue;
    n++;
    if (mapCoherence[b]! < UNCLEAR_MAP_COHERENCE) unclear++;
  }
  return n > 0 ? unclear / n : 0;
}

/**
 * The wet model a print's network steps re-run with when the map gate opens for it, or null when it
 * stays shut (`ridgeNetWetMapGate` 0, no wet model set, or the shipped map's unclear share below the gate).
 */
export function ridgeNetWetMapModelFor(
  mapCoherence: ArrayLike<number>,
  blocks: ArrayLike<number>,
  params: Pick<ExtractionParameters, 'ridgeNetWetMapGate'>,
): string | null {
  const t = params.ridgeNetWetMapGate;
  if (!(t > 0) || wetModel === null) return null;
  return measureUnclearMapShare(mapCoherence, blocks) >= t ? wetModel : null;
}
