import { ExtractionError, NO_DEBUG, type DebugSink, type GrayImage } from '../core/index.js';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../config/parameters.js';
import { computeBlockGradients, computeScharrGradients, computeWindowedGradients, type BlockGradients } from './compute-block-gradients.js';
import { blendRidgeNet, ridgeNetModelPath, RIDGE_NET_MODEL, type RidgeNetRun } from './blend-ridge-net.js';
import { heldOutRidgeNet, withHeldOutRidgeNet } from './held-out-ridge-net.js';
import { computeOrientationField } from './compute-orientation-field.js';
import { enhanceRidges, nearForeground, selectFilters, withShortAlongKernel } from './enhance-ridges.js';
import { findSingularRegion, singularPixels } from './find-singular-region.js';
import { mapClearFlow } from './map-clear-flow.js';
import { estimateRidgeFrequency } from './estimate-ridge-frequency.js';
import { estimateFrequencyWithRidgeNet } from './frequency-from-ridge-net.js';
import { findBlankSpots } from './find-blank-spots.js';
import { findRidgeGaps, findValleyGaps } from './find-ridge-gaps.js';
import { fillBeyondLines, findFrameLines } from './find-frame-lines.js';
import { estimateNoiseLevel, estimateNoiseVariance, SOBEL_NOISE_GAIN, smoothImage } from './filters.js';
import { normalizeContrast } from './normalize-contrast.js';
import { runMaskNet } from './run-mask-net.js';
import { findFadedBlocks, findJointFadedBlocks, repairFadedOrientation, repairFadedPeriod, repairFadedPeriodJoint } from './repair-faded-fields.js';
import { repassDottedRidges } from './repass-dotted-ridges.js';
import { restoreOrientationField } from './restore-orientation-net.js';
import { readFieldFromRidgeNet } from './orientation-from-ridge-net.js';
import { ridgeNetWetMapModelFor, ridgeNetWetModelFor } from './gate-ridge-net-wet.js';
import { segmentForeground } from './segment-foreground.js';
import { undoSmear, type SmearEstimate } from './undo-smear.js';
import { blockGridOf, type FloatImage, type ForegroundMask, type FrequencyField, type OrientationField } from './types.js';

/** The image-level half of extraction: everything up to the enhanced image. */
export interface FingerprintAnalysis {
  readonly width: number;
  readonly height: number;
  readonly mask: ForegroundMask;
  readonly normalized: FloatImage;
  readonly orientation: OrientationField;
  readonly frequency: FrequencyField;
  readonly enhanced: FloatImage;
}

/**
 * The analysis before enhancement (what any enhancer needs). `ridgeNetRun` is there only when the
 * field read from the ridge network (`orientationFromRidgeNet`) ran a network: that run, which the
 * learned enhancer takes instead of running the same network on the same whole image again.
 */
export type PreparedAnalysis = Omit<FingerprintAnalysis, 'enhanced'> & { readonly ridgeNetRun?: RidgeNetRun; readonly ridgeNetWetModel?: string };

/** Smallest side extraction accepts, pixels at 500 ppi. */
const MIN_SIDE = 48;

/**
 * Segmentation, contrast normalisation, orientation, frequency and enhancement of one finger
 * image at 500 ppi. Throws ExtractionError AFIS_EXTRACTION_FAILED when the image is too small
 * or holds no print (too few foreground blocks). Safe to call from several threads: the ridge network
 * to run (a training print's held-out fold, held-out-ridge-net.ts) is each thread's own state.
 */
export function analyzeFingerprint(
  image: GrayImage,
  params: ExtractionParameters = EXTRACTION_PARAMETERS,
  debug: DebugSink = NO_DEBUG,
  smearEstimate?: SmearEstimate | null,
): FingerprintAnalysis {
  return withHeldOutRidgeNet(heldOutFold(image), () => {
    // a slid finger's smear undone before any stage reads the image (smearUndoMinCorrelation), from
    // the caller's estimate of this image when it made one
    const sharp = undoSmear(image, params, debug, smearEstimate);
    return enhancePrepared(sharp, preparePrint(sharp, params, debug), params, debug);
  });
}

/**
 * A print the shipped ridge network was trained on is read by the fold network that never saw it
 * (held-out-ridge-net.ts), looked up only while the shipped network is the thread's: a network chosen
 * explicitly is kept, and no print is hashed then.
 */
function heldOutFold(image: GrayImage): string | undefined {
  return ridgeNetModelPath() === RIDGE_NET_MODEL ? heldOutRidgeNet(image) : undefined;
}

/**
 * The second half of {@link analyzeFingerprint}: the enhancement of a prepared analysis. Exported
 * so the stage oracles (bench/extraction/wet-stage-oracle.mjs) can enhance an image with some of
 * its fields swapped for another image's exactly as extraction enhances it; a training print of the
 * ridge network is enhanced with its held-out fold, as {@link analyzeFingerprint} does.
 */
export function enhanceAnalysis(
  image: GrayImage,
  analysis: PreparedAnalysis,
  params: ExtractionParameters = EXTRACTION_PARAMETERS,
  debug: DebugSink = NO_DEBUG,
): FingerprintAnalysis {
  // the capture as given: its smear is read (and undone) again, as prepareAnalysis did (a bench's cost only)
  return withHeldOutRidgeNet(heldOutFold(image), () => enhancePrepared(undoSmear(image, params), analysis, params, debug));
}

function enhancePrepared(
  image: GrayImage,
  analysis: PreparedAnalysis,
  params: ExtractionParameters,
  debug: DebugSink,
): FingerprintAnalysis {
  const { ridgeNetRun, ridgeNetWetModel, ...prepared } = analysis;
  const { width, height, orientation, frequency, mask, normalized } = prepared;
  // filters are chosen only where the enhancement reads (the print and a margin around it)
  const region = nearForeground(mask.pixels, width, height, params.enhancementAcrossHalfLength + 1);
  let selection = selectFilters(width, height, orientation, frequency, params, region);
  // a shorter smoothing along the ridges near cores and deltas, where they turn fast (off by default)
  if (params.enhancementSingularAlongSigma > 0) {
    const singular = findSingularRegion(orientation, mask.blocks, params.singularRegionRadius);
    if (singular.cores.length || singular.deltas.length) {
      selection = withShortAlongKernel(selection, singularPixels(singular, width, height, params.singularRegionRadius), params);
    }
  }
  // a shorter smoothing along the ridges where the flow is clear, so a ridge ending beside its
  // neighbour's fork is not merged with it (off by default; near cores and deltas takes precedence)
  if (params.enhancementClearAlongSigma > 0 && !(params.enhancementSingularAlongSigma > 0)) {
    const clear = mapClearFlow(orientation, frequency, mask, width, height, params);
    if (clear) selection = withShortAlongKernel(selection, clear, params);
  }
  const blank = findBlankSpots(image, mask.pixels, params);
  if (debug.enabled && blank) debug.emit('extraction.blank', { kind: 'image', image: binaryToImage(blank, width, height) });
  let enhanced = enhanceRidges(normalized, selection, mask.pixels, params, region, blank);
  // an eroded ridge's white between its dots is missing data for a second run (off by default)
  // and so is a flooded valley's dark between its dashes (off by default)
  const ridgeGaps = findRidgeGaps(normalized, enhanced, mask.pixels, params, blank);
  const gaps = findValleyGaps(normalized, enhanced, mask.pixels, params, ridgeGaps ?? blank) ?? ridgeGaps;
  if (gaps) enhanced = enhanceRidges(normalized, selection, mask.pixels, params, region, gaps);
  // dotted blocks enhanced again from the first output, the support bending with the field (off by default)
  enhanced = repassDottedRidges(normalized, enhanced, selection, mask, params, region);
  // the learned ridge enhancer's map blended in (off by default)
  if (params.ridgeNetBlend > 0) enhanced = blendRidgeNet(enhanced, normalized, mask, params, { orientation, frequency, image, ...(ridgeNetRun ? { net: ridgeNetRun } : {}), ...(ridgeNetWetModel ? { model: ridgeNetWetModel } : {}) });
  if (debug.enabled) debug.emit('extraction.enhanced', { kind: 'map', map: enhanced, min: -1.5, max: 1.5 });
  return { ...prepared, enhanced };
}

/**
 * Everything of {@link analyzeFingerprint} up to (not including) the enhancement; a training print of
 * the ridge network is read with its held-out fold, as {@link analyzeFingerprint} does (so the stage
 * oracles in bench/ that call this directly are held out too).
 */
export function prepareAnalysis(
  image: GrayImage,
  params: ExtractionParameters = EXTRACTION_PARAMETERS,
  debug: DebugSink = NO_DEBUG,
): PreparedAnalysis {
  return withHeldOutRidgeNet(heldOutFold(image), () => preparePrint(undoSmear(image, params, debug), params, debug));
}

function preparePrint(image: GrayImage, params: ExtractionParameters, debug: DebugSink): PreparedAnalysis {
  const { width, height } = image;
  const { grey, orientationGradients, mask, normalized, faded, orientation: classical } = prepareFields(image, params, debug);
  let orientation = classical;
  // the field read from the learned ridge network's map (on at 0.5 since the twenty-second session,
  // from the full network's int8 form; its run is handed to the enhancer below)
  let ridgeNetRun: RidgeNetRun | null = null;
  // a print the wet gate opens for runs the wet model in every network step (off by default)
  let wetModel = params.ridgeNetWetGate > 0 ? ridgeNetWetModelFor(normalized, mask, params) : null;
  if (params.orientationFromRidgeNet > 0) {
    const read = readFieldFromRidgeNet(classical, normalized, mask, params, wetModel ?? undefined);
    ({ orientation, run: ridgeNetRun } = read);
    // the wet gate read from the shipped run's map: re-run the network steps with the wet model (off by default)
    if (params.ridgeNetWetMapGate > 0 && wetModel === null && read.mapCoherence) {
      wetModel = ridgeNetWetMapModelFor(read.mapCoherence, mask.blocks, params);
      if (wetModel !== null) ({ orientation, run: ridgeNetRun } = readFieldFromRidgeNet(classical, normalized, mask, params, wetModel));
    }
  }
  // the learned restoration of the field (off by default)
  if (params.orientationNetBlend > 0) orientation = restoreOrientationField(orientation, grey, width, height, orientationGradients, mask.blocks, params);
  if (debug.enabled) {
    debug.emit('extraction.orientation', { kind: 'map', map: { width: orientation.grid.cols, height: orientation.grid.rows, data: orientation.angle }, min: 0, max: Math.PI });
    debug.emit('extraction.coherence', { kind: 'map', map: { width: orientation.grid.cols, height: orientation.grid.rows, data: orientation.coherence }, min: 0, max: 1 });
  }
  // with the period read from the same network run's map too (off by default), both maps in one pass
  let frequency =
    params.frequencyFromRidgeNet > 0
      ? estimateFrequencyWithRidgeNet(normalized, ridgeNetRun, orientation, mask, params)
      : estimateRidgeFrequency(normalized, orientation, mask.blocks, params);
  if (faded) frequency = params.fadedJointRepair > 0 ? repairFadedPeriodJoint(normalized, orientation, frequency, faded, params) : repairFadedPeriod(frequency, faded, params);
  if (debug.enabled) {
    debug.emit('extraction.frequency', { kind: 'map', map: { width: frequency.grid.cols, height: frequency.grid.rows, data: frequency.period }, min: params.frequencyMinPeriod, max: params.frequencyMaxPeriod });
  }
  return { width, height, mask, normalized, orientation, frequency, ...(ridgeNetRun ? { ridgeNetRun } : {}), ...(wetModel ? { ridgeNetWetModel: wetModel } : {}) };
}

/** What the analysis has when its orientation field is made (before the learned restoration). */
export interface AnalysisFields {
  /** The grey image as float, a sensor frame painted over. */
  readonly grey: Float32Array;
  /** The gradient moments the orientation field was computed from. */
  readonly orientationGradients: BlockGradients;
  readonly mask: ForegroundMask;
  readonly normalized: FloatImage;
  readonly faded: Uint8Array | null;
  /** The classical orientation field (faded blocks repaired when that option is on). */
  readonly orientation: OrientationField;
}

/**
 * The first stages of {@link prepareAnalysis}: frame, segmentation, normalisation and the
 * classical orientation field. Exported for the learned restoration's training data
 * (scripts/orientation-net/make-data.mjs), which must see the same inputs extraction does.
 */
export function prepareFields(
  image: GrayImage,
  params: ExtractionParameters = EXTRACTION_PARAMETERS,
  debug: DebugSink = NO_DEBUG,
): AnalysisFields {
  const { width, height } = image;
  if (width < MIN_SIDE || height < MIN_SIDE) {
    throw new ExtractionError('AFIS_EXTRACTION_FAILED', `image ${width}x${height} is too small to hold a fingerprint`);
  }
  let grey: Float32Array = new Float32Array(image.data); // converted in one native copy
  // a fixed light blur first (off by default), so sharp and mildly blurred captures converge
  if (params.preSmoothSigma > 0) grey = smoothImage(grey, width, height, params.preSmoothSigma);
  // a noisy capture smoothed first (off by default): only when its white noise reads above the level
  else if (params.denoiseAboveNoise > 0 && estimateNoiseLevel(grey, width, height) > params.denoiseAboveNoise) grey = smoothImage(grey, width, height, params.denoiseSigma);
  const grid = blockGridOf(width, height, params.blockSize);
  let gradients = computeBlockGradients(grey, width, height, grid);
  // a sensor frame: its line and surround are painted over with the print's mean grey before
  // anything reads them, and bound the mask
  const lines = params.segmentationLineMinLength > 0 ? findFrameLines(grey, width, height, gradients, params.segmentationLineMinLength, params.segmentationLineMargin, params.segmentationLineVoteWindow) : [];
  if (lines.length) {
    fillBeyondLines(grey, width, height, lines, params.segmentationLineMargin + params.segmentationLineFillMargin);
    gradients = computeBlockGradients(grey, width, height, grid);
  }
  // the learned print mask reads the normalised grey, which does not depend on the mask: made
  // first when the mask's growth asks for it (off by default)
  const early = params.maskNetGrow > 0 ? normalizeContrast(grey, width, height, params) : null;
  const contact = early ? runMaskNet(grey, early, grid) : null;
  const mask = segmentForeground(grey, width, height, gradients, params, lines, contact);
  let fg = 0;
  for (let i = 0; i < mask.blocks.length; i++) fg += mask.blocks[i];
  if (debug.enabled) debug.emit('extraction.mask', { kind: 'image', image: binaryToImage(mask.pixels, width, height) });
  if (fg < params.segmentationMinBlocks) {
    throw new ExtractionError('AFIS_EXTRACTION_FAILED', `no fingerprint found (${fg} foreground blocks)`, { foregroundBlocks: fg });
  }
  const normalized = early ?? normalizeContrast(grey, width, height, params);
  if (debug.enabled) debug.emit('extraction.normalized', { kind: 'map', map: normalized, min: -2, max: 2 });
  // the orientation's gradients on a lightly smoothed grey (off by default): the finest pixel
  // noise, which a mild blur removes, then no longer weighs in the moments and the coherence
  const orientationGrey = params.orientationPreSmoothSigma > 0 ? smoothImage(grey, width, height, params.orientationPreSmoothSigma) : grey;
  // the orientation's moments from Scharr's more nearly rotation-invariant derivative (off by default)
  const orientationGradients =
    params.orientationGradientSigma > 0
      ? computeWindowedGradients(orientationGrey, width, height, grid, params.orientationGradientSigma)
      : params.orientationScharr > 0
        ? computeScharrGradients(orientationGrey, width, height, grid)
        : orientationGrey !== grey
          ? computeBlockGradients(orientationGrey, width, height, grid)
          : gradients;
  // faded blocks (off by default): their orientation and period repaired, no other block touched
  // the joint faded repair (off by default) takes the place of the fields-only one: the faded
  // growth's blocks and the faint blocks get both fields repaired
  const joint = params.fadedJointRepair > 0;
  const faded = joint ? findJointFadedBlocks(orientationGradients, mask.blocks, mask.faded, params) : findFadedBlocks(orientationGradients, mask.blocks, params);
  // the noise's share of the gradient energy taken off the coherence (off by default)
  const noiseEnergy = params.orientationNoiseCorrection > 0
    ? params.orientationNoiseCorrection * SOBEL_NOISE_GAIN * params.blockSize * params.blockSize * estimateNoiseVariance(orientationGrey, width, height, mask.pixels)
    : 0;
  let orientation = computeOrientationField(orientationGradients, mask.blocks, params, noiseEnergy);
  if (faded) orientation = repairFadedOrientation(orientation, orientationGradients, mask.blocks, faded, params);
  return { grey, orientationGradients, mask, normalized, faded, orientation };
}

/** A 0/1 mask as a black-on-white image (1 = black). */
export function binaryToImage(bits: Uint8Array, width: number, height: number): GrayImage {
  const data = new Uint8Array(bits.length);
  for (let i = 0; i < bits.length; i++) data[i] = bits[i] ? 0 : 255;
  return { width, height, ppi: 500, data };
}
