import type { ExtractionParameters } from '../config/parameters.js';
import type { ForegroundMask, FrequencyField, OrientationField } from './types.js';
import { blockFlagsToPixels } from './types.js';

/**
 * Where the ridge flow is clear enough for a short smoothing along the ridges
 * (`enhancementClearAlongSigma`; issue 12, closepair): 1 per pixel of a print block whose
 * orientation coherence is at least `enhancementClearMinCoherence`, whose period was measured
 * from its own signature, and whose ridge evidence (the share of the contrast-normalised
 * signature's energy one sinusoid at a ridge period explains) is at least
 * `enhancementClearMinShare`; 0 elsewhere. The long smoothing merges a ridge ending with its
 * neighbour's fork a ridge period away; it is needed where the ridges are broken (a dry print's
 * dots, a pored or noisy one), which these blocks are not. Null when the option is off.
 * Pure; one pass over the pixels.
 */
export function mapClearFlow(
  orientation: OrientationField,
  frequency: FrequencyField,
  mask: ForegroundMask,
  width: number,
  height: number,
  params: ExtractionParameters,
): Uint8Array | null {
  if (!(params.enhancementClearAlongSigma > 0)) return null;
  const clear = new Uint8Array(mask.blocks.length);
  for (let k = 0; k < clear.length; k++) {
    clear[k] = mask.blocks[k] && frequency.measured[k] && orientation.coherence[k] >= params.enhancementClearMinCoherence && frequency.share[k] >= params.enhancementClearMinShare ? 1 : 0;
  }
  return blockFlagsToPixels(clear, orientation.grid, width, height);
}
