import { CaptureError, NO_DEBUG, type DebugSink, type GrayImage } from '../core/index.js';
import { SEGMENTATION_PARAMETERS, type SegmentationParameters } from '../config/parameters.js';
import { assignFingerPositions } from './assign-finger-positions.js';
import { cutFingertips } from './cut-fingertips.js';
import { labelFingerRegions } from './label-finger-regions.js';
import { mapSlapForeground } from './map-slap-foreground.js';
import { estimateHandAngle, splitTouchingFingers } from './split-touching-fingers.js';
import { SLAP_FINGERS, SLAP_POSITIONS, type SlapKind, type SlapSegmentation } from './types.js';

export interface SegmentSlapOptions {
  /** Positions the desk declared missing (amputated, bandaged): used to tell which fingers are absent. */
  readonly declaredMissing?: readonly number[];
  readonly params?: SegmentationParameters;
  readonly debug?: DebugSink;
}

/**
 * Splits a slap (four fingers of one hand, or both thumbs; 500 ppi, dark ridges on a light
 * platen) into one image per fingertip with its box, angle and finger position. Stages: ridge
 * area on blocks → connected regions → touching fingers split → positions from the hand's
 * geometry → fingertips cut. Fewer fingers than the slap holds is not an error (missing or
 * bandaged fingers are listed in `missing`); a slap with no finger, or with more finger-sized
 * regions than a hand has, is refused with AFIS_SEGMENTATION_FAILED. Debug keys:
 * `segmentation.mask`, `segmentation.regions`, `segmentation.fingers`.
 * Cost: about one pass over the pixels (tens of ms for a 1600 × 1500 slap). Pure, thread-safe.
 */
export function segmentSlap(image: GrayImage, kind: SlapKind, options: SegmentSlapOptions = {}): SlapSegmentation {
  const params = options.params ?? SEGMENTATION_PARAMETERS;
  const debug = options.debug ?? NO_DEBUG;
  const expected = SLAP_FINGERS[kind].length;
  const where = `slap ${SLAP_POSITIONS[kind]} (${kind})`;

  const mask = mapSlapForeground(image, params);
  if (debug.enabled) {
    debug.emit('segmentation.mask', { kind: 'map', map: { width: mask.width, height: mask.height, data: Float32Array.from(mask.data) }, min: 0, max: 1 });
  }
  const found = labelFingerRegions(mask, params);
  if (found.length === 0) {
    throw new CaptureError('AFIS_SEGMENTATION_FAILED', `${where}: no finger found`, { position: SLAP_POSITIONS[kind], reason: 'no-finger' });
  }
  if (found.length > expected + 1) {
    throw new CaptureError('AFIS_SEGMENTATION_FAILED', `${where}: ${found.length} finger-sized regions where a slap holds ${expected}`, {
      position: SLAP_POSITIONS[kind], reason: 'too-many-regions', regions: found.length,
    });
  }
  const regions = splitTouchingFingers(found, mask, expected, params);
  if (debug.enabled) {
    debug.emit('segmentation.regions', { kind: 'json', value: regions.map((r) => ({ cx: r.cx, cy: r.cy, area: r.area, angle: r.angle, width: r.width })) });
  }
  // One region more than the slap holds: the smallest is a stray (a palm edge, a smudge).
  const kept = regions.slice(0, expected);
  const handAngle = estimateHandAngle(kept);
  const assignment = assignFingerPositions(kept, mask, image.width, image.height, kind, handAngle, options.declaredMissing ?? [], params);
  const stray = regions.length > expected ? 0.5 : 1;
  const cut = cutFingertips(image, mask, assignment.fingers, params);
  const confidence = Math.round(assignment.confidence * stray * 1000) / 1000;
  const fingers = cut.map((c) => ({ ...c, confidence })).sort((a, b) => a.position - b.position);
  if (debug.enabled) {
    debug.emit('segmentation.fingers', { kind: 'json', value: fingers.map((f) => ({ position: f.position, box: f.box, angle: f.angle })) });
  }
  return { kind, fingers, missing: assignment.missing, confidence };
}
