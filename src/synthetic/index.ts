/**
 * Synthetic fingerprint templates: master fingers with a plausible ridge flow and realistic
 * impressions of them, deterministic from a seed. Used by the 1:N benchmark and by tests that
 * need many subjects.
 */
export { createRng, mixSeed, type Rng } from './create-rng.js';
export { generateMasterFinger, ridgeOrientationAt, PATTERN_CLASSES, type MasterFinger, type PatternClass } from './generate-master-finger.js';
export { generateImpression, impressionToTemplate, type SyntheticImpression } from './generate-impression.js';
export { generateSyntheticTenPrint, syntheticMasterFinger, TEN_PRINT_POSITIONS } from './generate-ten-print.js';
