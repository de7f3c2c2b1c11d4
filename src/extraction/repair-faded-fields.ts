import type { ExtractionParameters } from '../config/parameters.js';
import type { BlockGradients } from './compute-block-gradients.js';
import { ridgeAngleOf } from './compute-orientation-field.js';
import { measureSignature, sampleSignature } from './estimate-ridge-frequency.js';
import { smoothGrid } from './filters.js';
import type { FloatImage, FrequencyField, OrientationField } from './types.js';

/**
 * The print's faded blocks: foreground blocks whose local contrast (the root of the gradient
 * energy around, Gaussian window of 1 block) is below `fadedFieldContrastShare` of the print's
 * median. Null when the option is off (share 0) or no block is faded.
 */
export function findFadedBlocks(gradients: BlockGradients, foreground: Uint8Array, params: ExtractionParameters): Uint8Array | null {
  return fadedBelow(gradients, foreground, params.fadedFieldContrastShare);
}

/**
 * The faded blocks of the joint faded repair (`fadedJointRepair`): the blocks the growth's
 * faded-print test took in (`grown`, the mask's `faded`) and the foreground blocks whose local
 * contrast is below `fadedJointContrastShare` of the print's median (as {@link findFadedBlocks}).
 * Null when the option is off or no block is faded.
 */
export function findJointFadedBlocks(
  gradients: BlockGradients,
  foreground: Uint8Array,
  grown: Uint8Array | undefined,
  params: ExtractionParameters,
): Uint8Array | null {
  if (!(params.fadedJointRepair > 0)) return null;
  const faded = fadedBelow(gradients, foreground, params.fadedJointContrastShare) ?? new Uint8Array(foreground.length);
  let count = 0;
  for (let i = 0; i < faded.length; i++) {
    if (grown && grown[i] && foreground[i]) faded[i] = 1;
    count += faded[i];
  }
  return count ? faded : null;
}

function fadedBelow(gradients: BlockGradients, foreground: Uint8Array, share: number): Uint8Array | null {
  if (!(share > 0)) return null;
  const { grid, gxx, gyy } = gradients;
  const { cols, rows } = grid;
  const n = cols * rows;
  const energy = new Float32Array(n);
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    energy[i] = gxx[i] + gyy[i];
    weight[i] = foreground[i] ? 1 : 0;
  }
  const around = smoothGrid(energy, cols, rows, 1, weight);
  const inside: number[] = [];
  for (let i = 0; i < n; i++) if (foreground[i]) inside.push(around[i]);
  if (!inside.length) return null;
  inside.sort((a, b) => a - b);
  // contrast is the root of the energy: a share s of the contrast is s² of the energy
  const floor = share * share * inside[inside.length >> 1];
  const faded = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (foreground[i] && around[i] < floor) {
      faded[i] = 1;
      count++;
    }
  }
  return count ? faded : null;
}

/**
 * The orientation in faded blocks only, taken again from each block's moments divided by its
 * own energy (so the faded blocks weigh as much as the strong print next to them, which
 * otherwise pulls their direction) and smoothed over a wider window
 * (`fadedFieldOrientationSigma` blocks) against the faded part's noise. The other blocks and the
 * coherence everywhere are left as they are, so nothing outside the faded part changes.
 */
export function repairFadedOrientation(
  field: OrientationField,
  gradients: BlockGradients,
  foreground: Uint8Array,
  faded: Uint8Array,
  params: ExtractionParameters,
): OrientationField {
  const { grid, gxx, gyy, gxy } = gradients;
  const { cols, rows } = grid;
  const n = cols * rows;
  const vx = new Float32Array(n);
  const vy = new Float32Array(n);
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const e = gxx[i] + gyy[i];
    if (!foreground[i] || e <= 1e-9) continue;
    // doubled ridge-direction vector per unit of energy: its length is the block's own coherence
    vx[i] = (gyy[i] - gxx[i]) / e;
    vy[i] = (-2 * gxy[i]) / e;
    weight[i] = 1;
  }
  const sx = smoothGrid(vx, cols, rows, params.fadedFieldOrientationSigma, weight);
  const sy = smoothGrid(vy, cols, rows, params.fadedFieldOrientationSigma, weight);
  const cos2 = Float32Array.from(field.cos2);
  const sin2 = Float32Array.from(field.sin2);
  const angle = Float32Array.from(field.angle);
  for (let i = 0; i < n; i++) {
    if (!faded[i]) continue;
    const m = Math.hypot(sx[i], sy[i]);
    if (m <= 1e-9) continue;
    cos2[i] = sx[i] / m;
    sin2[i] = sy[i] / m;
    angle[i] = ridgeAngleOf(cos2[i], sin2[i]);
  }
  return { grid, cos2, sin2, angle, coherence: field.coherence };
}

/**
 * The period in faded blocks only, taken from the measured periods of the well-contrasted
 * blocks around (Gaussian weights of `fadedFieldPeriodSigma` blocks) instead of the faded
 * block's own weak spectrum; a faded block with no such block in reach keeps its own.
 */
export function repairFadedPeriod(frequency: FrequencyField, faded: Uint8Array, params: ExtractionParameters): FrequencyField {
  const { grid, period: own, measured } = frequency;
  const { cols, rows } = grid;
  const n = cols * rows;
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) weight[i] = measured[i] && !faded[i] ? 1 : 0;
  return fillFadedPeriod(frequency, faded, own, weight, params.fadedFieldPeriodSigma, params);
}

/**
 * Each faded block's period set to the Gaussian mean (`sigma` blocks) of `value` weighted by
 * `weight`, clamped to the period range; a faded block with (almost) no weight in reach, and
 * every other block, keeps its period.
 */
function fillFadedPeriod(
  frequency: FrequencyField,
  faded: Uint8Array,
  value: Float32Array,
  weight: Float32Array,
  sigma: number,
  params: ExtractionParameters,
): FrequencyField {
  const { cols, rows } = frequency.grid;
  const near = smoothGrid(value, cols, rows, sigma, weight);
  const support = smoothGrid(weight, cols, rows, sigma);
  const period = Float32Array.from(frequency.period);
  for (let i = 0; i < period.length; i++) {
    if (!faded[i] || support[i] < 0.05) continue;
    let p = near[i];
    if (p < params.frequencyMinPeriod) p = params.frequencyMinPeriod;
    if (p > params.frequencyMaxPeriod) p = params.frequencyMaxPeriod;
    period[i] = p;
  }
  return { ...frequency, period };
}

/**
 * The period in faded blocks only, for the joint faded repair: each faded block's own
 * x-signature is read on the normalised image across its (repaired) direction, averaged
 * further along the ridges (±`fadedJointPeriodHalfWidth` px) than the ordinary one so the faint
 * ridges outweigh the grain, and kept where its ridge share reaches `fadedJointPeriodMinShare`;
 * the faded block's period is then the Gaussian mean (`fadedJointPeriodSigma` blocks) of those
 * own periods and of the measured periods of the unfaded blocks around. A faded block with
 * neither in reach keeps its period; every other block keeps its period.
 */
export function repairFadedPeriodJoint(
  image: FloatImage,
  orientation: OrientationField,
  frequency: FrequencyField,
  faded: Uint8Array,
  params: ExtractionParameters,
): FrequencyField {
  const { grid, period: own, measured } = frequency;
  const { cols, rows, blockSize: size } = grid;
  const n = cols * rows;
  const len = params.frequencySignatureLength;
  const minP = params.frequencyMinPeriod;
  const maxP = params.frequencyMaxPeriod;
  const sig = new Float32Array(len);
  const value = new Float32Array(n);
  const weight = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (!faded[i]) {
      if (measured[i]) {
        value[i] = own[i];
        weight[i] = 1;
      }
      continue;
    }
    const cx = (i % cols) * size + size / 2;
    const cy = ((i / cols) | 0) * size + size / 2;
    if (!sampleSignature(image.data, image.width, image.height, cx, cy, orientation.angle[i], len, params.fadedJointPeriodHalfWidth, sig)) continue;
    const m = measureSignature(sig, len, minP, maxP, false, params.ridgeShareShortestPeriod);
    if (m.share >= params.fadedJointPeriodMinShare && m.period >= minP && m.period <= maxP) {
      value[i] = m.period;
      weight[i] = 1;
    }
  }
  return fillFadedPeriod(frequency, faded, value, weight, params.fadedJointPeriodSigma, params);
}
