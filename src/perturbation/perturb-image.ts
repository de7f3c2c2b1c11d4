import { ConfigError, markDerivedImage, type GrayImage } from '../core/index.js';
import { PERTURBATION_PARAMETERS, type PerturbationParameters } from '../config/parameters.js';
import { createRng, mixSeed } from '../synthetic/index.js';
import { addLatentGhost } from './add-latent-ghost.js';
import { addResidue } from './add-residue.js';
import { addSecondPhalanx } from './add-second-phalanx.js';
import { addSensorNoise } from './add-sensor-noise.js';
import { compressWsq } from './compress-wsq.js';
import { padCanvas } from './pad-canvas.js';
import { blurImage } from './blur-image.js';
import { cropImage } from './crop-image.js';
import { distortElastically } from './distort-elastically.js';
import { drawSensorFrame } from './draw-sensor-frame.js';
import { dryRidges } from './dry-ridges.js';
import { fadeContrast } from './fade-contrast.js';
import { rescaleImage } from './rescale-image.js';
import { rotateImage } from './rotate-image.js';
import { smearImage } from './smear-image.js';
import { quantiseGreyCoarse, quantiseGreyFine } from './quantise-grey.js';
import { stretchGrey } from './stretch-grey.js';
import type { PerturbedImage } from './types.js';
import { washOut } from './wash-out.js';
import { wetRidges } from './wet-ridges.js';

/** The perturbation suite: one failure mode of hard prints each (issue 12). */
export const PERTURBATION_KINDS = ['frame', 'low-contrast', 'dry', 'phalanx', 'residue', 'resolution', 'crop', 'elastic', 'wet'] as const;
/**
 * Perturbations outside the suite (not run by `afis eval perturb` without --kinds): capture
 * conditions used to judge the finger quality (`afis eval erc --perturb`), and a scanner's
 * automatic gain (`stretch`, issue 12 gaingate: the last step of a chain such as
 * `dry+low-contrast+stretch`), and a coarsely quantising scanner (`quantise`, `quantise-coarse`:
 * 6 and 5 bits by default, issue 12 gainsuite; alone or in a chain such as
 * `dry+low-contrast+quantise`), and a noisy sensor (`noise`: white noise of `noiseSigma` grey
 * levels, issue 12 noise), and a large, mostly empty capture (`canvas`: the print placed in a
 * surround of its own background grey, issue 12 canvas), and a capture sent compressed (`wsq`: a
 * WSQ round trip at `wsqBitRate`, issue 12 wsq), and a finger placed turned on the platen (`rotate`:
 * the whole image turned 15–30° either way, issue 12 rotate), and a latent print left on the platen
 * (`ghost`: the previous finger's faint ridges, the same in every capture, issue 12 ghost), and a
 * finger that slid while captured (`smear`: a directional smear of 3–6 px, issue 12 smear).
 */
export const EXTRA_PERTURBATION_KINDS = ['washed-out', 'blurred', 'stretch', 'quantise', 'quantise-coarse', 'noise', 'canvas', 'wsq', 'rotate', 'ghost', 'smear'] as const;
export type PerturbationKind = (typeof PERTURBATION_KINDS)[number] | (typeof EXTRA_PERTURBATION_KINDS)[number];

const KNOWN_KINDS: readonly string[] = [...PERTURBATION_KINDS, ...EXTRA_PERTURBATION_KINDS];

/**
 * The kinds of a perturbation written as one kind ("dry") or as several joined by "+"
 * ("dry+crop+frame": applied in turn, left to right, as a hard capture compounds them: the
 * finger's condition first, then the sensor's size, then its frame); null when a part is not a
 * known kind.
 */
export function parsePerturbation(spec: string): PerturbationKind[] | null {
  const parts = spec.split('+').map((k) => k.trim());
  return parts.every((k) => KNOWN_KINDS.includes(k)) ? (parts as PerturbationKind[]) : null;
}

/**
 * Applies one perturbation of the suite to a finger image at 500 ppi, or a chain of them
 * written "a+b" (see {@link parsePerturbation}): each step perturbs the previous step's image
 * with its own seed (the first the given one, so a chain's first step draws as the kind alone
 * does), and a point's place is followed through every step. Deterministic: the same image,
 * kind and seed give the same result; the result is marked as derived from `image` (core
 * markDerivedImage), so an evaluation reads it with the ridge network that never saw `image`. Cost
 * a few milliseconds per image and step.
 */
export function perturbImage(image: GrayImage, kind: PerturbationKind | string, seed: number, params: PerturbationParameters = PERTURBATION_PARAMETERS): PerturbedImage {
  const perturbed = perturbChain(image, kind, seed, params);
  // a perturbed training print of the ridge network is still that print (held-out-ridge-net.ts)
  markDerivedImage(perturbed.image, image);
  return perturbed;
}

function perturbChain(image: GrayImage, kind: PerturbationKind | string, seed: number, params: PerturbationParameters): PerturbedImage {
  const chain = parsePerturbation(kind);
  if (!chain) throw new ConfigError('AFIS_CLI_USAGE', `unknown perturbation "${kind}" (one of ${KNOWN_KINDS.join(', ')}, or several joined by +)`);
  if (chain.length === 1) return perturbOnce(image, chain[0]!, seed, params);
  let current = image;
  const maps: Array<PerturbedImage['mapPoint']> = [];
  const unmaps: Array<PerturbedImage['unmapPoint']> = [];
  chain.forEach((k, step) => {
    const p = perturbOnce(current, k, step === 0 ? seed : mixSeed(seed, step), params);
    current = p.image;
    maps.push(p.mapPoint);
    unmaps.push(p.unmapPoint);
  });
  return {
    image: current,
    // followed back from the last step
    unmapPoint: (x: number, y: number) => {
      let point: readonly [number, number] | null = [x, y];
      for (let i = unmaps.length - 1; i >= 0; i--) {
        if (!point) return null;
        point = unmaps[i]!(point[0], point[1]);
      }
      return point;
    },
    mapPoint: (x, y) => {
      let point: readonly [number, number] | null = [x, y];
      for (const map of maps) {
        if (!point) return null;
        point = map(point[0], point[1]);
      }
      return point;
    },
  };
}

function perturbOnce(image: GrayImage, kind: PerturbationKind, seed: number, params: PerturbationParameters): PerturbedImage {
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
    case 'wet': return wetRidges(image, rng, params);
    case 'washed-out': return washOut(image, rng, params);
    case 'blurred': return blurImage(image, rng, params);
    case 'stretch': return stretchGrey(image, params);
    case 'quantise': return quantiseGreyFine(image, params);
    case 'quantise-coarse': return quantiseGreyCoarse(image, params);
    case 'noise': return addSensorNoise(image, rng, params);
    case 'canvas': return padCanvas(image, rng, params);
    case 'wsq': return compressWsq(image, params);
    case 'rotate': return rotateImage(image, rng, params);
    case 'ghost': return addLatentGhost(image, rng, params);
    case 'smear': return smearImage(image, rng, params);
  }
}
