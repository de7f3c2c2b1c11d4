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
   * The inverse of `mapPoint`: the point of the original image (pixels) that a point of the
   * perturbed one came from, or null when it came from nowhere (rows added below the print, a
   * canvas's surround, outside an elastic warp's source). A point painted over (frame, residue)
   * still came from where it lies: the finger is there under the paint. The geometric warps give
   * the very map their pixels were rendered through. Every perturbation gives it, so a chain
   * always has one. For bench oracles and training data that carry a perturbed print's points
   * back to the clean geometry (its mask, its minutiae).
   */
  unmapPoint(x: number, y: number): readonly [number, number] | null;
}

/** Every point stays where it was. */
export const identityMap = (x: number, y: number): readonly [number, number] => [x, y];
