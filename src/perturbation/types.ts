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
  /**
   * The inverse of `mapPoint`, where the perturbation knows it: the point of the original image
   * (pixels) that a point of the perturbed one came from, or null when it came from nowhere
   * (outside the original). Given by the geometric warps that render through such a backward
   * map (`elastic`: the very map the image was rendered with); absent elsewhere. For bench
   * oracles that carry a perturbed print's minutiae back to the clean geometry.
   */
  unmapPoint?(x: number, y: number): readonly [number, number] | null;
}

/** Every point stays where it was. */
export const identityMap = (x: number, y: number): readonly [number, number] => [x, y];
