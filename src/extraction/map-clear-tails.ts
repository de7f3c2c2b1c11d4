import type { ExtractionParameters } from '../config/parameters.js';
import { sampleBlockMap } from './filters.js';
import { blockClarity } from './remove-false-minutiae.js';
import type { FloatImage, ForegroundMask, OrientationField } from './types.js';

/**
 * Whether a skeleton tail whose free end is at pixel (x, y), its direction from that end into
 * the tail `direction` (radians, image coordinates, as directionInto gives), is in clear ridge
 * flow: there the skeleton cleaning cuts it only when shorter than `tailClearMaxLength`.
 */
export type ClearTailGate = (x: number, y: number, direction: number) => boolean;

/**
 * The gate of the clear-flow tails (issue 12, closepair; `tailClearMaxLength`, 0 = off → null).
 * A ridge that forks and ends again within a ridge period or two (a spur, or an ending beside its
 * neighbour's fork) leaves a branch shorter than `tailMaxLength`, which the cleaning cuts with the
 * fork; on synthetic prints that cut is the second place the closely spaced minutiae are lost
 * (bench/RESULTS.md, closepair). Noise makes short tails too, but where the ridges are not clear:
 * a tail passes the gate only where, at its free end, the orientation coherence is at least
 * `tailClearMinCoherence`, the enhanced image's block clarity (its root mean square over 3 × 3
 * blocks against the print's median, as the minutiae's quality reads it) at least
 * `tailClearMinClarity`, and the tail runs along the field, within `tailClearMaxAngle` of the
 * ridge axis (a stub across the flow is a broken bridge, not a branch). Block maps sampled
 * bilinearly between block centres. Pure; one pass over the enhanced image for the clarity.
 */
export function mapClearTails(enhanced: FloatImage, mask: ForegroundMask, orientation: OrientationField, params: ExtractionParameters): ClearTailGate | null {
  if (!(params.tailClearMaxLength > 0)) return null;
  const { cols, rows, blockSize } = orientation.grid;
  const clarity = blockClarity(enhanced, mask, orientation.grid);
  const minCoherence = params.tailClearMinCoherence;
  const minClarity = params.tailClearMinClarity;
  const cosMax = Math.cos(params.tailClearMaxAngle);
  return (x, y, direction) => {
    if (sampleBlockMap(orientation.coherence, cols, rows, blockSize, x, y) < minCoherence) return false;
    if (sampleBlockMap(clarity, cols, rows, blockSize, x, y) < minClarity) return false;
    // the field's ridge axis from its doubled-angle vector, against the tail's line
    const c2 = sampleBlockMap(orientation.cos2, cols, rows, blockSize, x, y);
    const s2 = sampleBlockMap(orientation.sin2, cols, rows, blockSize, x, y);
    const norm = Math.hypot(c2, s2);
    if (!(norm > 0)) return false;
    const axis = 0.5 * Math.atan2(s2, c2);
    // the acute angle between two undirected lines within the limit
    return Math.abs(Math.cos(direction - axis)) >= cosMax;
  };
}
