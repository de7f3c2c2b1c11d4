import { NO_DEBUG, normalizeAngle, type DebugSink, type GrayImage } from '../core/index.js';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../config/parameters.js';
import type { Minutia, Template } from '../templates/index.js';
import { analyzeFingerprint, binaryToImage, type FingerprintAnalysis } from './analyze-fingerprint.js';
import { binarizeRidges } from './binarize-ridges.js';
import { checkMinutiae } from './check-minutiae.js';
import { mapClearTails } from './map-clear-tails.js';
import { mapThinRidges, mapThinTails } from './map-thin-ridges.js';
import { mapValidArea } from './map-valid-area.js';
import { mapOrientationCells } from './map-orientation-cells.js';
import { alignMinutiaDirections } from './align-minutia-directions.js';
import { detectMinutiae } from './detect-minutiae.js';
import { dropResidueMinutiae } from './drop-residue-minutiae.js';
import { repairDryMinutiae } from './find-dry-minutiae.js';
import { rateMinutiaReliability } from './rate-minutia-reliability.js';
import { removeFalseMinutiae } from './remove-false-minutiae.js';
import { openEndPixels, removeSkeletonArtifacts } from './remove-skeleton-artifacts.js';
import { measureQualityFeatures, scoreFingerQuality } from './score-finger-quality.js';
import { thinSkeleton } from './thin-skeleton.js';
import { traceSkeletonGraph } from './trace-skeleton-graph.js';
import type { SmearEstimate } from './undo-smear.js';
import type { SkeletonGraph } from './types.js';

export interface ExtractOptions {
  /** Tuned constants; defaults to EXTRACTION_PARAMETERS. */
  readonly parameters?: ExtractionParameters;
  /** Receives every stage's output under `extraction.*` keys. */
  readonly debug?: DebugSink;
  /**
   * The smear estimate of this very image (`estimateSmear`, null when it found no print to read),
   * made already by the caller: the desk's slid read (`detectSlidFinger`) hands its estimate over,
   * so the image is not estimated twice. Omitted: estimated here. The template is the same either way.
   */
  readonly smearEstimate?: SmearEstimate | null;
}

/**
 * Extracts the minutiae template of one finger image.
 *
 * The image must be at 500 ppi (capture decoding resamples). Coordinates of the result are
 * pixels of the input, angles follow the Template convention (radians, counter-clockwise on
 * screen, endings pointing into the ridge, bifurcations along the valley between the branches).
 * Template quality and minutia qualities are 0–100.
 *
 * Throws ExtractionError `AFIS_EXTRACTION_FAILED` when the image is too small or holds no print.
 * Cost: the last absolute figure, on a quiet machine at commit 55ed13e, is a CPU median of
 * 31.8–36.3 ms per FVC2002 image (300–560 px a side; 3 runs of
 * bench/extraction/extraction-speed.mjs, one thread); later speed-ups are measured only as
 * in-process ratios against the build before them (×0.82 by a5c0e66). Both are in
 * bench/RESULTS.md, "Extraction and 1:1 matching speed". Each stage is linear in the pixel
 * count. Pure: the only module state is a cache of immutable filter tables per thread, so it
 * may run in worker threads.
 */
export function extractTemplate(image: GrayImage, options: ExtractOptions = {}): Template {
  const params = options.parameters ?? EXTRACTION_PARAMETERS;
  const debug = options.debug ?? NO_DEBUG;
  return extractFromAnalysis(image, analyzeFingerprint(image, params, debug, options.smearEstimate), params, debug);
}

/** The skeleton half of extraction: binarisation to minutiae, from a finished analysis. */
export function extractFromAnalysis(image: GrayImage, analysis: FingerprintAnalysis, params: ExtractionParameters, debug: DebugSink): Template {
  const { width, height } = analysis;
  const { ridges, valleys } = binarizeRidges(analysis.enhanced, analysis.mask.pixels);
  if (debug.enabled) debug.emit('extraction.binary', { kind: 'image', image: binaryToImage(ridges.data, width, height) });
  const ridgeSkeleton = thinSkeleton(ridges);
  const valleySkeleton = thinSkeleton(valleys);
  if (debug.enabled) {
    debug.emit('extraction.skeleton.ridges', { kind: 'image', image: binaryToImage(ridgeSkeleton.data, width, height) });
    debug.emit('extraction.skeleton.valleys', { kind: 'image', image: binaryToImage(valleySkeleton.data, width, height) });
  }
  // free ends at the print's edge are cuts, not ridge ends (cleaningOpenEndDistance, on since 3 December)
  const open = openEndPixels(analysis.mask.pixels, width, height, params);
  // thin (dry) ridges break over longer gaps: the cleaning joins facing endings farther there (off by default)
  const thin = mapThinRidges(analysis.normalized, analysis.mask, params);
  // an eroded branch breaks past its fork: there shorter tails are kept (tailThinMaxLength, off by default)
  const thinTails = mapThinTails(analysis.normalized, analysis.mask, params);
  const ridgeRaw = traceSkeletonGraph(ridgeSkeleton);
  const valleyRaw = traceSkeletonGraph(valleySkeleton);
  // the uncleaned graphs' endings, for the learned detector's confirmed additions (minutiaNetConfirmDistance, minutiaNetStageAddThreshold, off by default)
  const confirming = (params.minutiaNetAddThreshold > 0 && params.minutiaNetConfirmDistance > 0) || params.minutiaNetStageAddThreshold > 0;
  const rawCandidates = confirming ? detectMinutiae(ridgeRaw, valleyRaw, params) : null;
  // short tails in clear ridge flow are spurs and close ending–fork pairs: cut only below `tailClearMaxLength` (off by default)
  const clearTails = mapClearTails(analysis.enhanced, analysis.mask, analysis.orientation, params);
  const ridgeGraph = removeSkeletonArtifacts(ridgeRaw, params, open, thin, thinTails, clearTails);
  const valleyGraph = removeSkeletonArtifacts(valleyRaw, params, open, thin, thinTails, clearTails);
  if (debug.enabled) {
    debug.emit('extraction.graph.ridges', { kind: 'image', image: graphToImage(ridgeGraph) });
    debug.emit('extraction.graph.valleys', { kind: 'image', image: graphToImage(valleyGraph) });
  }
  const candidates = detectMinutiae(ridgeGraph, valleyGraph, params);
  if (debug.enabled) debug.emit('extraction.minutiae.candidates', { kind: 'json', value: candidates.map(({ x, y, direction, type }) => ({ x, y, direction, type })) });
  const checked = checkMinutiae(removeFalseMinutiae(candidates, analysis.mask, analysis.orientation, analysis.enhanced, params, analysis.frequency), analysis, params);
  // thin-ridged (dry) blocks: a learned detector on the grey adds lost minutiae and drops false ones (minutiaNet*, off by default)
  const repaired = repairDryMinutiae(checked, analysis, params, rawCandidates && [...rawCandidates, ...candidates]);
  // minutiae on a smudge's rim are the rim drawn as a ridge (segmentationResidueMargin, off by default)
  const residueFree = dropResidueMinutiae(repaired, analysis.mask, width, height);
  // a logistic model learned on real prints drops or re-weighs unreliable minutiae (minutiaLogit*, off by default)
  const rated = rateMinutiaReliability(residueFree, analysis, params);
  // directions turned toward the field's ridge axis (minutiaDirectionFieldShare, off by default), with
  // minutiaDirectionFieldMaxLength > 0 only where the traced ridge is shorter than that
  const kept =
    params.minutiaDirectionFieldShare > 0
      ? alignMinutiaDirections(rated, analysis.orientation, params.minutiaDirectionFieldShare, params.minutiaDirectionFieldMaxLength)
      : rated;
  const quality = scoreFingerQuality(measureQualityFeatures(analysis, kept));
  const minutiae: Minutia[] = kept.map((m) => ({
    x: Math.min(width - 1, Math.max(0, Math.round(m.x))),
    y: Math.min(height - 1, Math.max(0, Math.round(m.y))),
    // image direction (dx, dy) with y down → counter-clockwise on screen: atan2(−dy, dx)
    angle: normalizeAngle(-m.direction),
    type: m.type,
    quality: m.quality,
  }));
  // where the print is usable, for the matcher's normalisation (validAreaCell, off by default)
  let template: Template =
    params.validAreaCell > 0
      ? { width, height, ppi: image.ppi, quality, minutiae, validArea: mapValidArea(analysis.mask, width, height, Math.round(params.validAreaCell), params.validAreaErosion) }
      : { width, height, ppi: image.ppi, quality, minutiae };
  // the coarse orientation field, for the matcher's orientation agreement (orientationMapCell, off by default)
  if (params.orientationMapCell > 0) template = { ...template, orientationMap: mapOrientationCells(analysis.orientation, analysis.mask.blocks, width, height, Math.round(params.orientationMapCell)) };
  if (debug.enabled) debug.emit('extraction.minutiae', { kind: 'json', value: template });
  return template;
}

/** The graph's remaining ridges drawn black on white. */
function graphToImage(graph: SkeletonGraph): GrayImage {
  const data = new Uint8Array(graph.width * graph.height).fill(255);
  for (const node of graph.nodes) for (const r of node.ridges) for (const p of r.points) data[p] = 0;
  return { width: graph.width, height: graph.height, ppi: 500, data };
}
