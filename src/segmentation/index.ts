/**
 * Slap segmentation: a four-finger or two-thumb slap (ANSI/NIST positions 13, 14, 15) → one
 * image per fingertip with its box, angle and position. Pure functions, safe on worker threads.
 */
export { segmentSlap, type SegmentSlapOptions } from './segment-slap.js';
export {
  SLAP_FINGERS, SLAP_POSITIONS, slapKindOf, type Box, type FingerSegment, type SlapKind, type SlapSegmentation,
} from './types.js';
