/**
 * Synthetic fingerprints, deterministic from a seed.
 * - Templates: master fingers with a plausible ridge flow and realistic impressions of them, for
 *   1:N benchmarks at millions of fingers (generate-master-finger, generate-impression).
 * - Images with ground truth (SFinGe-style): master ridge patterns grown by iterated Gabor
 *   filtering of a zero-pole orientation field and a density map, impressions with
 *   Cappelli–Maio–Maltoni distortion, skin conditions and sensor models, persons (`afis synth`).
 */
export { createRng, mixSeed, type Rng } from './create-rng.js';
export { generateMasterFinger, ridgeOrientationAt, PATTERN_CLASSES, type MasterFinger, type PatternClass } from './generate-master-finger.js';
export { generateImpression, impressionToTemplate, type SyntheticImpression } from './generate-impression.js';
export { SYNTHETIC_MAP_CELL, drawSyntheticOrientationMap, syntheticMapTurn } from './draw-orientation-map.js';
export { generateSyntheticTenPrint, syntheticMasterFinger, TEN_PRINT_POSITIONS } from './generate-ten-print.js';
export { type FingerPattern, type MasterPrint, type MinutiaArrays, type SingularPoints } from './image-types.js';
export { chooseFingerPattern } from './choose-finger-pattern.js';
export { computeMasterOrientation, orientationAt } from './compute-master-orientation.js';
export { drawOrientationNoise } from './draw-orientation-noise.js';
export { loopArmsDirection, loopArmsTurn } from './turn-loop-arms.js';
export { computeRidgePeriod } from './compute-ridge-period.js';
export { fitPeriodToFlow } from './fit-period-to-flow.js';
export { drawFingerArea, insideFingerArea } from './draw-finger-area.js';
export { growRidgePattern } from './grow-ridge-pattern.js';
export { addDislocationPairs, type DislocationPair } from './add-dislocation-pairs.js';
export { findMasterMinutiae } from './find-master-minutiae.js';
export { generateMasterPrint } from './generate-master-print.js';
export { type ImpressionGeometry, type ImpressionKind, drawImpressionGeometry, mapImageToMaster, mapMasterToImage } from './distort-skin.js';
export { type SkinCondition, type SkinConditionKind, type SkinMark, SKIN_CONDITIONS, drawSkinCondition } from './draw-skin-condition.js';
export { type ContactImpression, type RenderOptions, type SyntheticImage, type TruthMinutia, impressionOrientationAt, renderContact, renderImpression } from './render-impression.js';
export { type ImpressionTruth, TRUTH_FORMAT, describeGroundTruth } from './describe-ground-truth.js';
export {
  type RenderedImpression, type SubjectOptions, type SynthStyle, type SyntheticSubject, SYNTH_STYLES, masterParameters, impressionParameters, seriesPositionOf, synthesizeSubject, syntheticMasterPrint, syntheticTenPrintImages,
} from './synthesize-subject.js';
export { type MinutiaPairing, type PointedMinutia, angleDifference, pairTruthMinutiae } from './pair-truth-minutiae.js';
export { ALTERATION_KINDS, type Alteration, type AlterationKind, alterMaster, insidePolygon } from './alter-master.js';
export { SLAP_POSITIONS, SLAP_SIZE, type SlapFinger, type SlapPosition, type SyntheticSlap, composeSlap } from './compose-slap.js';
export {
  type ExtractedImage, type ExtractionCounts, type ExtractionScores, addExtractionCounts, scoreExtraction, summarizeExtractionScores,
} from './score-extraction.js';
