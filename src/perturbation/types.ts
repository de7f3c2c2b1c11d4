import type { GrayImage } from '../core/index.js';

/** A perturbed finger image and where points of the original went. */
export interface PerturbedImage {
  readonly image: GrayImage;
  /**
   * Where a point of the original image (pixels) lies in the perturbed one, or null when the
   * perturbation removed it (cut away, painted over). Used to tell minutiae that moved with
   * the print from minutiae the perturbation created.
   */
  mapPoint(x: number, y: number): readonly [number, number] | null;
}

/** Every point stays where it was. */
export const identityMap = (x: number, y: number): readonly [number, number] => [x, y];
