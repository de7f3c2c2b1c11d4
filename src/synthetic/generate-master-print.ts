import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../config/parameters.js';
import { type Rng } from './create-rng.js';
import { chooseFingerPattern } from './choose-finger-pattern.js';
import { computeMasterOrientation } from './compute-master-orientation.js';
import { drawOrientationNoise } from './draw-orientation-noise.js';
import { loopArmsTurn } from './turn-loop-arms.js';
import { computeRidgePeriod } from './compute-ridge-period.js';
import { fitPeriodToFlow } from './fit-period-to-flow.js';
import { drawFingerArea, insideFingerArea } from './draw-finger-area.js';
import { growRidgePattern } from './grow-ridge-pattern.js';
import { addDislocationPairs } from './add-dislocation-pairs.js';
import { findMasterMinutiae } from './find-master-minutiae.js';
import type { MasterPrint } from './image-types.js';

/**
 * The master fingerprint of the finger at ANSI/NIST position 1–10 (SFinGe's first stage): the
 * finger area, the orientation field of its class, the density map, the ridge pattern grown by
 * iterated Gabor filtering with pairs of opposite dislocations added, and the ground-truth
 * minutiae read from it (the added pairs included). Everything at 500 ppi in
 * the master's own frame (finger centre at pattern.centerX/Y). Deterministic given the rng state.
 * Cost: ≈ 0.2 s for a rolled-size master on one core; thread-safe (filter tables per thread).
 */
export function generateMasterPrint(rng: Rng, position: number, params: SyntheticImageParameters = SYNTHETIC_IMAGE_PARAMETERS): MasterPrint {
  const pattern = chooseFingerPattern(rng, position, params);
  const m = params.masterMargin;
  const width = Math.round(2 * (pattern.halfWidth + m));
  const height = Math.round(pattern.halfHeightAbove + pattern.halfHeightBelow + 2 * m);
  // a confined hairpin's reach is drawn per finger (nothing is drawn when it is off or fixed)
  const reach = params.coreHairpin > 0 && params.coreHairpinReachMax > params.coreHairpinReach
    ? params.coreHairpinReach + rng.next() * (params.coreHairpinReachMax - params.coreHairpinReach) : params.coreHairpinReach;
  // a per-finger random turn of the flow (nothing is drawn when it is off)
  const noise = params.orientationNoise > 0
    ? drawOrientationNoise(rng, pattern, width, height, params.orientationNoise, params.orientationNoiseScale, params.orientationNoiseReach) : undefined;
  // a loop's arms turned towards straight down near its core (nothing drawn; undefined when off)
  const arms = loopArmsTurn(pattern, params.loopArmsDown, params.loopArmsDownReach);
  const turn = noise && arms ? (x: number, y: number): number => noise(x, y) + arms(x, y) : (noise ?? arms);
  const orientation = computeMasterOrientation(pattern, width, height, params.coreHairpin, reach, turn, params.loopArmsDown);
  const period = computeRidgePeriod(pattern, width, height, rng, params);
  fitPeriodToFlow(period, orientation, width, height, params);
  const mask = drawFingerArea(pattern, width, height);
  // grow a little beyond the finger area so ridges run on to its border
  const region = drawFingerArea(pattern, width, height, -m / 2);
  const ridges = growRidgePattern(width, height, orientation, period, region, rng, params);
  addDislocationPairs(ridges, width, height, orientation, period, mask, rng, params, pattern.cores);
  const minutiae = findMasterMinutiae(ridges, width, height, (x, y) => insideFingerArea(pattern, x, y, params.minutiaBorder), params);
  return { pattern, width, height, ridges, orientation, period, mask, minutiae };
}
