/**
 * Minutiae extraction: GrayImage at 500 ppi → Template. One stage per file; every tuned number
 * in config/parameters/extraction.ts; each stage reports to a DebugSink under `extraction.*`.
 */
export { extractTemplate, type ExtractOptions } from './extract-template.js';
export { analyzeFingerprint, enhanceAnalysis, type FingerprintAnalysis } from './analyze-fingerprint.js';
export { measureQualityFeatures, scoreFingerQuality, type FingerQualityFeatures } from './score-finger-quality.js';
export { computeBlockGradients, type BlockGradients } from './compute-block-gradients.js';
export { segmentForeground } from './segment-foreground.js';
export { normalizeContrast } from './normalize-contrast.js';
export { computeOrientationField } from './compute-orientation-field.js';
export { findSingularRegion, type SingularRegion } from './find-singular-region.js';
export { blocksWellInsideBox, fillUnclearBlocks, findDoubtBlocks, readFieldFromRidgeNet, ridgeNetFieldModelPath, RIDGE_NET_FIELD_MODEL, useRidgeNetFieldModel } from './orientation-from-ridge-net.js';
export { fitOrientationModel, replaceDoubtedByModel, type OrientationModel, type OrientationModelSettings } from './fit-orientation-model.js';
export { estimateRidgeFrequency, periodOfSignature } from './estimate-ridge-frequency.js';
export { frequencyFromRidgeNet } from './frequency-from-ridge-net.js';
export { enhanceRidges, selectFilters, buildFilterTables } from './enhance-ridges.js';
export { binarizeRidges } from './binarize-ridges.js';
export { thinSkeleton } from './thin-skeleton.js';
export { traceSkeletonGraph } from './trace-skeleton-graph.js';
export { removeSkeletonArtifacts } from './remove-skeleton-artifacts.js';
export { detectMinutiae } from './detect-minutiae.js';
export { removeFalseMinutiae } from './remove-false-minutiae.js';
export { checkMinutiae, cutMinutiaPatches, scoreMinutiae, MINUTIA_CHECK_MODEL, MINUTIA_PATCH_SIDE, MINUTIA_PATCH_CHANNELS, type PatchPoint, type PatchSource } from './check-minutiae.js';
export { rateMinutiaReliability, measureMinutiaFeatures, minutiaProbabilities, minutiaLogitWeights, MINUTIA_FEATURE_NAMES, MINUTIA_FEATURE_COUNT, MINUTIA_LOGIT_PARAMETERS, type RatedPoint, type ReliabilitySource } from './rate-minutia-reliability.js';
export { repairDryMinutiae, runMinutiaNet, useMinutiaNetModel, useDryStageModel, recordDryStage, MINUTIA_NET_MODEL, MINUTIA_NET_R96_MODEL, MINUTIA_NET_CELL, DRY_STAGE_MODEL, DRY_STAGE_FEATURE_NAMES, DRY_STAGE_FEATURE_COUNT, type MinutiaNetCells, type DryStageModel, type DryStageDecision, type DryStageRecord } from './find-dry-minutiae.js';
export { blendRidgeNet, clarityGate, placeGate, ridgeNetBox, ridgeNetModelFor, ridgeNetModelPath, runRidgeNet, runRidgeNetAround, upsampleTwice, useRidgeNetModel, withRidgeModel, RIDGE_NET_FOLDS_DIR, RIDGE_NET_INT8_MODEL, RIDGE_NET_MODEL, RIDGE_NET_MULTIPLE, type PixelBox, type RidgeNetRun } from './blend-ridge-net.js';
export { heldOutRidgeNet, heldOutRidgeNetOfSet, imageFingerprint, ridgeNetFolds, trainingSetOf, withHeldOutRidgeNet, type RidgeNetFolds } from './held-out-ridge-net.js';
export { measureRidgeClarity, measureRidgeCoherence } from './measure-ridge-clarity.js';
export { measureGreyRange, measureGreyStep, measureOctaveGreyStep, measureOctaveStepRidgeContrast, measureRangeRidgeContrast, measureStepRidgeContrast } from './measure-grey-step.js';
export { restoreOrientationField, orientationNetFeatures, runOrientationNet, useOrientationNetModel, ORIENTATION_NET_MODEL, ORIENTATION_NET_FEATURES, ORIENTATION_NET_CHANNELS } from './restore-orientation-net.js';
export * from './types.js';
export { renderDebugImages, type DebugPicture } from './render-debug-images.js';
export { OnnxRidgeEnhancer, GABOR_BANK_MODEL } from './enhance-ridges-onnx.js';
export { prepareAnalysis, prepareFields, type PreparedAnalysis, type AnalysisFields } from './analyze-fingerprint.js';
export { MASK_NET_MODEL, runMaskNet } from './run-mask-net.js';
export { extractFromAnalysis } from './extract-template.js';
export { SMEAR_FEATURES, estimateSmear, deconvolveLine, smearFeatures, smearProbability, undoSmear, useSmearGateModel, type SmearEstimate } from './undo-smear.js';
export { measureUnclearMapShare, measureWideRidgeShare, ridgeNetWetMapModelFor, ridgeNetWetModelFor, ridgeNetWetModelPath, useRidgeNetWetModel } from './gate-ridge-net-wet.js';
