/**
 * 1:1 matching: prepare a template once, compare it with many; what a score means as a false
 * match rate; multi-finger fusion; the FVC evaluation protocol. Pure functions over immutable
 * data, safe on worker threads.
 */
export {
  prepareTemplate, prepareFlatTemplate, edgeGrid, angleUnitsOf, ANGLE_UNITS, type PreparedTemplate, type PrepareOptions, type FlatMinutiae, type EdgeGrid,
} from './prepare-template.js';
export { edgeLookupOf, type EdgeLookup } from './build-edge-lookup.js';
export { compareTemplateGrid } from './compare-template-grid.js';
export { compareTemplates, compareTemplatesDetailed, compareTemplatesEvidence, compareTemplatesCovariates, type MinutiaPair, type ComparisonDetail, type ComparisonEvidence } from './compare-templates.js';
export {
  scoreToFmr, fmrClaimRefusal, fmrToThreshold, scoreToLlr, equateScoreWithoutMap, calibrationForMinutiae, scoreToFmrByMinutiae, equateScoreByMinutiae, equateScoreByPair, fuseScores, measureCalibration, CALIBRATION_FMR_LEVELS, MIN_REPORTED_FMR,
  type CalibrationPoint, type FmrRefusal, type ScoreCalibration, type MinutiaeBandCalibration, type PairTailCalibration,
} from './calibration.js';
export {
  covariateVector, quantileRegression, fitTailScaleModel, tailScaleFactor, rescaleScore, TAIL_SCORE_FLOOR, type PairCovariates, type TailScaleModel,
} from './pair-fmr-model.js';
export { cohortMeans, cohortFactor, normaliseScoresByCohort } from './cohort-normalisation.js';
export { SCORE_CALIBRATION, SCORE_CALIBRATION_BY_MINUTIAE, SCORE_CALIBRATION_BY_PAIR, SCORE_CALIBRATION_WITHOUT_MAP } from './calibration-table.js';
export {
  addExtraPairs, calibrationWithout, bandCalibrationsWithout, mixtureCalibrationWithout, measureHeldOutCalibration, pairedDifference, thresholdsOf,
  type BandCalibration, type ExtraPairs, type HeldOutImages, type OrderedScores, type HeldOutSet, type HeldOutOptions, type HeldOutLevel, type HeldOutBand, type CalibrationVerdict,
} from './held-out-calibration.js';
export { parseFvcName, listFvcComparisons, computeErrorRates, median, type FvcImage, type FvcComparisons, type ErrorRates } from './evaluate-fvc.js';
export { allPairsErrorRates, bootstrapErrorRates, type ScoredSet, type Estimate } from './bootstrap-error-rates.js';
export { pooledImpostorTail, bootstrapPooledImpostorTail, type ImpostorScope, type PooledTailPoint } from './pooled-impostor-tail.js';
export { crossValidateSets, type CrossValidation, type CrossValidationFold } from './cross-validate-sets.js';
