import type { GrayImage } from '../core/index.js';
import { PERTURBATION_PARAMETERS, type PerturbationParameters } from '../config/parameters.js';
import { createRng } from '../synthetic/index.js';
import { addResidue } from './add-residue.js';
import { addSecondPhalanx } from './add-second-phalanx.js';
import { blurImage } from './blur-image.js';
import { cropImage } from './crop-image.js';
import { distortElastically } from './distort-elastically.js';
import { drawSensorFrame } from './draw-sensor-frame.js';
import { dryRidges } from './dry-ridges.js';
import { fadeContrast } from './fade-contrast.js';
import { rescaleImage } from './rescale-image.js';
import type { PerturbedImage } from './types.js';
import { washOut } from './wash-out.js';

/** The perturbation suite: one failure mode of hard prints each (issue 12). */
export const PERTURBATION_KINDS = ['frame', 'low-contrast', 'dry', 'phalanx', 'residue', 'resolution', 'crop', 'elastic'] as const;
/**
 * Perturbations outside the suite (not run by `afis eval perturb` without --kinds): capture
 * conditions used to judge the finger quality (`afis eval erc --perturb`).
 */
export const EXTRA_PERTURBATION_KINDS = ['washed-out', 'blurred'] as const;
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number] | (typeof EXTRA_PERTURBATION_KINDS)[number];

/**
 * Applies one perturbation of the suite to a finger image at 500 ppi. Deterministic: the same
 * image, kind and seed give the same result. Pure; cost a few milliseconds per image.
 */
export function perturbImage(image: GrayImage, kind: PerturbationKind, seed: number, params: PerturbationParameters = PERTURBATION_PARAMETERS): PerturbedImage {
  const rng = createRng(seed);
  switch (kind) {
    case 'frame': return drawSensorFrame(image, params);
    case 'low-contrast': return fadeContrast(image, rng, params);
    case 'dry': return dryRidges(image, rng, params);
    case 'phalanx': return addSecondPhalanx(image, rng, params);
    case 'residue': return addResidue(image, rng, params);
    case 'resolution': return rescaleImage(image, rng, params);
    case 'crop': return cropImage(image, rng, params);
    case 'elastic': return distortElastically(image, rng, params);
    case 'washed-out': return washOut(image, rng, params);
    case 'blurred': return blurImage(image, rng, params);
  }
}
