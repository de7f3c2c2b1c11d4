import type { ExtractionParameters } from '../config/parameters.js';
import { smoothGrid } from './filters.js';
import type { FloatImage, FrequencyField, OrientationField } from './types.js';

/**
 * Ridge period per block from the x-signature (Hong, Wan & Jain 1998): the normalised image is
 * averaged along the ridges in an oriented window and read across them; the mean distance
 * between successive peaks (and troughs) is the period. Blocks without a clean signature are
 * filled from measured neighbours (weighted smoothing), then the map is smoothed and clamped.
 */
export function estimateRidgeFrequency(
  image: FloatImage,
  orientation: OrientationField,
  foreground: Uint8Array,
  params: ExtractionParameters,
): FrequencyField {
  const { grid } = orientation;
  const { cols, rows, blockSize: size } = grid;
  const { width, height, data } = image;
  const n = cols * rows;
  const len = params.frequencySignatureLength;
  const hw = params.frequencySignatureHalfWidth;
  const sig = new Float32Array(len);
  const raw = new Float32Array(n);
  const weight = new Float32Array(n);
  const minP = params.frequencyMinPeriod;
  const maxP = params.frequencyMaxPeriod;
  for (let b = 0; b < n; b++) {
    if (!foreground[b]) continue;
    const cx = (b % cols) * size + size / 2;
    const cy = ((b / cols) | 0) * size + size / 2;
    const th = orientation.angle[b];
    const dx = Math.cos(th); // along the ridge
    const dy = Math.sin(th);
    const nx = -dy; // across the ridges
    const ny = dx;
    let ok = true;
    for (let k = 0; k < len && ok; k++) {
      const t = k - (len - 1) / 2;
      let s = 0;
      let c = 0;
      for (let u = -hw; u <= hw; u += 2) {
        const x = Math.round(cx + t * nx + u * dx);
        const y = Math.round(cy + t * ny + u * dy);
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        s += data[y * width + x];
        c++;
      }
      if (c === 0) ok = false;
      else sig[k] = s / c;
    }
    if (!ok) continue;
    const p = periodOfSignature(sig, len);
    if (p >= minP && p <= maxP) {
      raw[b] = p;
      weight[b] = 1;
    }
  }
  let measuredCount = 0;
  for (let i = 0; i < n; i++) measuredCount += weight[i];
  const period = new Float32Array(n);
  const measured = new Uint8Array(n);
  if (measuredCount === 0) {
    period.fill(params.frequencyDefaultPeriod);
    return { grid, period, measured };
  }
  // median of measured periods: the fallback where no neighbour was measured
  const values: number[] = [];
  for (let i = 0; i < n; i++) if (weight[i]) values.push(raw[i]);
  values.sort((a, b) => a - b);
  const median = values[values.length >> 1];
  const smooth = smoothGrid(raw, cols, rows, params.frequencySmoothingSigma, weight);
  const support = smoothGrid(weight, cols, rows, params.frequencySmoothingSigma);
  for (let i = 0; i < n; i++) {
    measured[i] = weight[i] ? 1 : 0;
    // where little was measured nearby, lean on the print's median period
    const s = Math.min(1, support[i] * 3);
    let p = s * (smooth[i] || median) + (1 - s) * median;
    if (p < minP) p = minP;
    if (p > maxP) p = maxP;
    period[i] = p;
  }
  return { grid, period, measured };
}

/**
 * Period of a 1-D signature: mean spacing of its local maxima and of its local minima,
 * or 0 when there are not two of either or the signal is too weak.
 */
export function periodOfSignature(sig: Float32Array, len: number): number {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < len; k++) {
    if (sig[k] < min) min = sig[k];
    if (sig[k] > max) max = sig[k];
  }
  if (max - min < 0.3) return 0;
  let firstMax = -1;
  let lastMax = -1;
  let nMax = 0;
  let firstMin = -1;
  let lastMin = -1;
  let nMin = 0;
  for (let k = 1; k < len - 1; k++) {
    const v = sig[k];
    if (v > sig[k - 1] && v >= sig[k + 1]) {
      if (firstMax < 0) firstMax = k;
      lastMax = k;
      nMax++;
    } else if (v < sig[k - 1] && v <= sig[k + 1]) {
      if (firstMin < 0) firstMin = k;
      lastMin = k;
      nMin++;
    }
  }
  let sum = 0;
  let cnt = 0;
  if (nMax >= 2) {
    sum += lastMax - firstMax;
    cnt += nMax - 1;
  }
  if (nMin >= 2) {
    sum += lastMin - firstMin;
    cnt += nMin - 1;
  }
  return cnt > 0 ? sum / cnt : 0;
}
