/**
 * Every tuned constant of the algorithms, one file per area under parameters/, gathered here.
 * Algorithms receive these objects as arguments (they never import the config loader); the
 * defaults below are what production uses. Change a number only with a benchmark figure
 * before and after in bench/RESULTS.md.
 */
export * from './parameters/capture.js';
export * from './parameters/matching.js';
export * from './parameters/extraction.js';
export * from './parameters/formats.js';
export * from './parameters/eurodac.js';
export * from './parameters/synthetic.js';
export * from './parameters/synthetic-images.js';
export * from './parameters/search.js';
export * from './parameters/wsq.js';
export * from './parameters/store.js';
export * from './parameters/quality.js';
export * from './parameters/perturbation.js';
export * from './parameters/scale-out.js';
export * from './parameters/segmentation.js';
