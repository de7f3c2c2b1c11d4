import type { ExtractionParameters } from '../config/parameters.js';
import type { BlockGradients } from './compute-block-gradients.js';
import { hypot2, smoothGrid } from './filters.js';
import { findSingularRegion } from './find-singular-region.js';
import type { OrientationField } from './types.js';

/**
 * Orientation field by least squares on the gradient moments in doubled-angle form (Kass &
 * Witkin 1987; Rao 1990), smoothed at two scales: the fine field where the ridges are clear,
 * blending to the coarse field where coherence is low (scars, creases, noise), which keeps
 * detail near singular points without letting noise through elsewhere. Background blocks get
 * no weight, so the field inside the print is not pulled by the background.
 * Angles are ridge directions in image coordinates, [0, π).
 *
 * `noiseEnergy` (per block, in the moments' units; 0 = none): the isotropic gradient energy
 * that white pixel noise adds to gx² + gy² of every block. It adds nothing to the doubled
 * direction vector, so it only dilutes the coherence; it is taken off each block's energy (not
 * below the vector's own length) so the coherence reads the ridges, not the capture's noise.
 */
export function computeOrientationField(
  gradients: BlockGradients,
  foreground: Uint8Array,
  params: ExtractionParameters,
  noiseEnergy = 0,
): OrientationField {
  return orientationField(gradients, foreground, params, noiseEnergy, true);
}

/**
 * {@link computeOrientationField}'s doubled-angle vectors and coherence without the angles
 * (an arctangent per block), for a field that is only blended into another
 * (blendOrientationField makes its own angles): the same values bit for bit.
 */
export function computeOrientationVectors(
  gradients: BlockGradients,
  foreground: Uint8Array,
  params: ExtractionParameters,
): Pick<OrientationField, 'grid' | 'cos2' | 'sin2' | 'coherence'> {
  const { grid, cos2, sin2, coherence } = orientationField(gradients, foreground, params, 0, false);
  return { grid, cos2, sin2, coherence };
}

/**
 * The ridge direction, radians in [0, π) (image coordinates), of a doubled-angle vector
 * (`cos2`, `sin2`; any length > 0): half its angle, folded into the half turn. The one
 * conversion every field that is rebuilt from vectors uses, so all give the same angle bits.
 */
export function ridgeAngleOf(cos2: number, sin2: number): number {
  let a = 0.5 * Math.atan2(sin2, cos2);
  if (a < 0) a += Math.PI;
  // a tiny negative half-angle plus π rounds to π itself
  if (a >= Math.PI) a -= Math.PI;
  return a;
}

/** The field; the angles only `withAngles` (or where the singular regions need them). */
function orientationField(
  gradients: BlockGradients,
  foreground: Uint8Array,
  params: ExtractionParameters,
  noiseEnergy: number,
  withAngles: boolean,
): OrientationField {
  const { grid, gxx, gyy, gxy } = gradients;
  const { cols, rows } = grid;
  const n = cols * rows;
  // doubled ridge-direction vector = −(doubled gradient vector); weight = gradient energy
  const vx = new Float32Array(n);
  const vy = new Float32Array(n);
  const energy = new Float32Array(n);
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    vx[i] = gyy[i] - gxx[i];
    vy[i] = -2 * gxy[i];
    energy[i] = gxx[i] + gyy[i];
    if (noiseEnergy > 0) energy[i] = Math.max(hypot2(vx[i], vy[i]), energy[i] - noiseEnergy);
    weight[i] = foreground[i] ? 1 : params.orientationBackgroundWeight;
  }
  // a faint part of the print (a fade, a light press) has the same ridges at a fraction of the
  // gradient energy: dividing by the energy around (a broad window) keeps the strong part from
  // outweighing it in the smoothing, while within the window the blocks keep their energy weights
  if (params.orientationEnergyNormSigma > 0) {
    const around = smoothGrid(energy, cols, rows, params.orientationEnergyNormSigma, weight);
    for (let i = 0; i < n; i++) {
      const e = around[i] > 1e-9 ? around[i] : 1;
      vx[i] /= e;
      vy[i] /= e;
      energy[i] /= e;
    }
  }
  // the gentler form: only where the energy around falls below a share of the print's median
  // (a faded part at a fifth of the contrast has a twenty-fifth of the energy) are the blocks
  // raised to that share; the rest of the print keeps its weights
  if (params.orientationFaintBoostShare > 0) {
    const around = smoothGrid(energy, cols, rows, params.orientationFaintBoostSigma, weight);
    const inside: number[] = [];
    for (let i = 0; i < n; i++) if (foreground[i]) inside.push(around[i]);
    inside.sort((a, b) => a - b);
    const floor = inside.length ? params.orientationFaintBoostShare * inside[inside.length >> 1] : 0;
    for (let i = 0; i < n; i++) {
      if (around[i] >= floor || around[i] <= 1e-9) continue;
      const k = floor / around[i];
      vx[i] *= k;
      vy[i] *= k;
      energy[i] *= k;
    }
  }
  // smoothing sums of vectors (not unit vectors) gives the least-squares estimate over the window
  const fx = smoothGrid(vx, cols, rows, params.orientationFineSigma, weight);
  const fy = smoothGrid(vy, cols, rows, params.orientationFineSigma, weight);
  const fe = smoothGrid(energy, cols, rows, params.orientationFineSigma, weight);
  const cx = smoothGrid(vx, cols, rows, params.orientationCoarseSigma, weight);
  const cy = smoothGrid(vy, cols, rows, params.orientationCoarseSigma, weight);
  const cos2 = new Float32Array(n);
  const sin2 = new Float32Array(n);
  const angle = new Float32Array(n);
  const coherence = new Float32Array(n);
  const lo = params.orientationBlendLow;
  const hi = params.orientationBlendHigh;
  const blend = (i: number, fineShare: number): void => {
    const fm = hypot2(fx[i], fy[i]);
    const coh = fe[i] > 1e-9 ? Math.min(1, fm / fe[i]) : 0;
    coherence[i] = coh;
    let t = (coh - lo) / (hi - lo);
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    if (fineShare > 0) t += fineShare * (1 - t);
    const cm = hypot2(cx[i], cy[i]);
    const ux = t * (fm > 1e-12 ? fx[i] / fm : 0) + (1 - t) * (cm > 1e-12 ? cx[i] / cm : 0);
    const uy = t * (fm > 1e-12 ? fy[i] / fm : 0) + (1 - t) * (cm > 1e-12 ? cy[i] / cm : 0);
    const um = hypot2(ux, uy);
    if (um > 1e-12) {
      cos2[i] = ux / um;
      sin2[i] = uy / um;
    } else {
      cos2[i] = 1;
      sin2[i] = 0;
    }
  };
  const angleOf = (i: number): void => {
    angle[i] = ridgeAngleOf(cos2[i], sin2[i]);
  };
  const share = params.orientationSingularFineShare;
  const angles = withAngles || share > 0;
  for (let i = 0; i < n; i++) {
    blend(i, 0);
    if (angles) angleOf(i);
  }
  // near a core or a delta the fine field's low coherence is the turning of the ridges, not
  // noise, and the coarse field smooths the turn away (the innermost loop read as a wide arc):
  // there the blend leans toward the fine field by the share (off by default)
  if (share > 0) {
    const near = findSingularRegion({ grid, cos2, sin2 }, foreground, params.singularRegionRadius).blocks;
    for (let i = 0; i < n; i++) {
      if (!near[i]) continue;
      blend(i, share);
      angleOf(i);
    }
  }
  return { grid, cos2, sin2, angle, coherence };
}

/**
 * Each block's direction as the normalised blend (1 − w)·field + w·learned of doubled-angle
 * vectors (`lcos`, `lsin`: unit, or zero where the other estimate has nothing to add); the
 * coherence stays the field's. A block whose blend vanishes keeps the field's direction. Shared by
 * the learned restorations of the field (restore-orientation-net.ts, orientation-from-ridge-net.ts).
 */
export function blendOrientationField(field: OrientationField, w: number, lcos: ArrayLike<number>, lsin: ArrayLike<number>): OrientationField {
  const n = field.angle.length;
  const cos2 = new Float32Array(n);
  const sin2 = new Float32Array(n);
  const angle = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const ux = (1 - w) * field.cos2[i]! + w * lcos[i]!;
    const uy = (1 - w) * field.sin2[i]! + w * lsin[i]!;
    const um = hypot2(ux, uy);
    cos2[i] = um > 1e-9 ? ux / um : field.cos2[i]!;
    sin2[i] = um > 1e-9 ? uy / um : field.sin2[i]!;
    angle[i] = ridgeAngleOf(cos2[i]!, sin2[i]!);
  }
  return { grid: field.grid, cos2, sin2, angle, coherence: field.coherence };
}
