/**
 * Image perturbations for robustness measurement (`afis eval perturb`): each applies one
 * failure mode of hard prints (a sensor frame, faint or dry regions, clutter, a resolution
 * error, a small sensor, plastic distortion) to a real image and says where its points went,
 * so false minutiae can be counted. Pure and deterministic from a seed.
 */
export { parsePerturbation, perturbImage, PERTURBATION_KINDS, EXTRA_PERTURBATION_KINDS, type PerturbationKind } from './perturb-image.js';
export type { PerturbedImage } from './types.js';
export { drawDryLayout, type DryLayout } from './dry-ridges.js';
export { drawWetLayout, type WetLayout } from './wet-ridges.js';
