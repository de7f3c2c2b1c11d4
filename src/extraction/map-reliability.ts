import type { ExtractionParameters } from '../config/parameters.js';
import type { FrequencyField, ForegroundMask, OrientationField } from './types.js';

/**
 * Absolute reliability 0–1 of each block, in the spirit of mindtct's low-contrast and low-flow
 * maps and NFIQ 2's clarity: the geometric mean of three saturating terms measured against
 * fixed scales, not against the print's own median (a print that is faint or noisy all over
 * is then unreliable all over, and its minutiae say so):
 * - contrast: the raw grey-level standard deviation of the block (segmentation's measure),
 *   from `reliabilityContrastLow` (0) to `reliabilityContrastHigh` (1);
 * - flow: the orientation coherence, from `reliabilityCoherenceLow` to `reliabilityCoherenceHigh`;
 * - ridge evidence: the share of the contrast-normalised signature's energy one sinusoid of a
 *   ridge period explains (frequency stage), from `reliabilityShareLow` to `reliabilityShareHigh`.
 * Blocks outside the mask are 0.
 */
export function mapReliability(mask: ForegroundMask, orientation: OrientationField, frequency: FrequencyField, params: ExtractionParameters): Float32Array {
  const n = mask.blocks.length;
  const out = new Float32Array(n);
  const sat = (v: number, lo: number, hi: number): number => (v <= lo ? 0 : v >= hi ? 1 : (v - lo) / (hi - lo));
  for (let i = 0; i < n; i++) {
    if (!mask.blocks[i]) continue;
    const c = sat(mask.contrast[i], params.reliabilityContrastLow, params.reliabilityContrastHigh);
    const f = sat(orientation.coherence[i], params.reliabilityCoherenceLow, params.reliabilityCoherenceHigh);
    // blocks the frequency stage only filled in have no evidence of their own: half credit
    const s = frequency.sampled[i] ? sat(frequency.share[i], params.reliabilityShareLow, params.reliabilityShareHigh) : 0.5;
    out[i] = Math.cbrt(c * f * s);
  }
  return out;
}
