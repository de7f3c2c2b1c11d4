import type { ExtractionParameters } from '../config/parameters.js';
import { blockWeightsAtPixels } from './blend-ridge-net.js';
import { enhanceRidges, type FilterSelection } from './enhance-ridges.js';
import { poolRidgeFill } from './find-ridge-gaps.js';
import type { FloatImage, ForegroundMask } from './types.js';

/**
 * A second contextual enhancement in dotted blocks (issue 12, drydots; off by default): the
 * oriented filter run again on the first run's own output, and that output taken where the
 * ridges printed only in dots.
 *
 * Why on the output, not a longer kernel: the smoothing along the ridges is a straight line per
 * pixel, and a longer one averages across curved ridges (bench/RESULTS.md, dry: σ 7 everywhere
 * costs clean 1.5 points). Two runs compose two such lines taken at neighbouring pixels, each
 * along its own pixel's direction, so the combined support (σ ≈ √2 × the shipped one) bends
 * with the field; the band-pass across the ridges is applied twice, which narrows it about the
 * local period.
 *
 * Where: blocks whose ridge fill (the share of the first run's ridge pixels not lighter than
 * `enhancementRidgeGapLevel`, pooled over 3 × 3 blocks: {@link poolRidgeFill}) is at most
 * `enhancementRepassMaxFill` (1 = every block with a ridge pixel). The blocks' 0/1 decisions are
 * interpolated bilinearly between block centres, and there the output is
 * (1 − w)·first + w·s·second, s bringing the second run to the first's root mean square over the
 * foreground (so the quality measures that read the enhanced amplitude see one scale). Outside
 * the foreground, and everywhere when no block is dotted, the first run is kept.
 *
 * The straight form, for comparison (`enhancementRepassAlongSigma` > 0): the second run is made
 * on the contrast-normalised grey, as the first, with the smoothing along the ridges at that
 * sigma (half-length ⌈2σ⌉) instead of `enhancementAlongSigma`, and blended in the same dotted
 * blocks without rescaling: a longer straight support only where the ridges are dotted.
 *
 * Returns `enhanced` itself when off (`enhancementRepassMaxFill` 0) or when no block is dotted.
 * Cost when on: one more enhancement over the print.
 */
export function repassDottedRidges(
  normalized: FloatImage,
  enhanced: FloatImage,
  selection: FilterSelection,
  mask: ForegroundMask,
  params: ExtractionParameters,
  region?: Uint8Array,
): FloatImage {
  const maxFill = params.enhancementRepassMaxFill;
  if (!(maxFill > 0)) return enhanced;
  const dotted = findDottedBlocks(normalized, enhanced, mask, params);
  if (!dotted) return enhanced;
  const { width, height } = enhanced;
  const foreground = mask.pixels;
  const sigma = params.enhancementRepassAlongSigma;
  // the second run: on the first's output, or (the straight form) on the grey with a longer kernel
  const second =
    sigma > 0
      ? enhanceRidges(normalized, selection, foreground, longerAlong(params, sigma), region).data
      : enhanceRidges(enhanced, selection, foreground, params, region).data;
  const e = enhanced.data;
  let first2 = 0;
  let second2 = 0;
  for (let i = 0; i < e.length; i++) {
    if (!foreground[i]) continue;
    first2 += e[i]! * e[i]!;
    second2 += second[i]! * second[i]!;
  }
  const scale = sigma > 0 ? 1 : second2 > 0 ? Math.sqrt(first2 / second2) : 1;
  const weight = blockWeightsAtPixels(dotted, mask.grid, width, height);
  const out = Float32Array.from(e);
  for (let i = 0; i < out.length; i++) {
    const w = weight[i]!;
    if (foreground[i] && w > 0) out[i] = (1 - w) * e[i]! + w * scale * second[i]!;
  }
  return { width, height, data: out };
}

/**
 * The dotted blocks of {@link repassDottedRidges} (1 per block of the params' block grid), or
 * null when the option is off or no block is dotted. Pure.
 */
export function findDottedBlocks(normalized: FloatImage, enhanced: FloatImage, mask: ForegroundMask, params: ExtractionParameters): Uint8Array | null {
  const maxFill = params.enhancementRepassMaxFill;
  if (!(maxFill > 0)) return null;
  const { ridge, dark } = poolRidgeFill(normalized, enhanced, mask.pixels, params.blockSize, params.enhancementRidgeGapLevel);
  const dotted = new Uint8Array(ridge.length);
  let any = false;
  for (let b = 0; b < ridge.length; b++) {
    if (ridge[b]! > 0 && dark[b]! <= maxFill * ridge[b]!) {
      dotted[b] = 1;
      any = true;
    }
  }
  return any ? dotted : null;
}

/** The parameters with the smoothing along the ridges at `sigma` (half-length ⌈2σ⌉). */
function longerAlong(params: ExtractionParameters, sigma: number): ExtractionParameters {
  // the parameter object's type is its literal defaults; the filter tables read any numbers
  return { ...params, enhancementAlongSigma: sigma, enhancementAlongHalfLength: Math.ceil(2 * sigma) } as unknown as ExtractionParameters;
}
