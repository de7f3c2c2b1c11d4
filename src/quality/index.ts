/**
 * Finger quality (0–100) and the capture checks the desk uses to ask for a recapture.
 * The score itself is computed by extraction's `scoreFingerQuality` (the same number lands in
 * Template.quality), so a template's quality and an assessment always agree.
 */
export { assessQuality, type QualityAssessment, type CaptureIssue } from './assess-quality.js';
export { scoreFingerQuality, measureQualityFeatures, type FingerQualityFeatures } from '../extraction/index.js';
export { detectSlidFinger, type SlidFinding } from './detect-slid-finger.js';
export { flattenPlaten, platenResidueShare, type FlattenPlatenParameters } from './flatten-platen.js';
export { detectAlteration, type AlterationAssessment, type AlterationRegion, type AlterationSign } from './detect-alteration.js';
export { errorVersusReject, thresholdAtFmr, type ErrorVersusReject, type ErrorVersusRejectPoint, type QualifiedComparison } from './error-versus-reject.js';
