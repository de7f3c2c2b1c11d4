import type { FloatImage, ForegroundMask, FrequencyField, OrientationField } from './types.js';

/**
 * How clean an oriented periodic pattern a ridge image shows, per block: over a square window of
 * half-side `radius` pixels around the block's centre (print pixels only, every `step`-th row
 * and column), the least-squares fit v ≈ c + a·cos(2πu/T) + b·sin(2πu/T), u the distance across
 * the block's ridge direction and T its ridge period, and the share 0–1 of the window's variance
 * that this one sinusoid explains. Parallel, continuous ridges at the expected period read near
 * 1; ridges broken into dots or dashes along their length, a wrong period or direction, or
 * noise read low (their energy lies off the one frequency). Blocks outside the print, or whose
 * window holds fewer than 16 samples or no variance, read 0. Pure; one pass per block window.
 */
export function measureRidgeClarity(
  image: FloatImage,
  orientation: OrientationField,
  frequency: FrequencyField,
  mask: ForegroundMask,
  radius: number,
  step = 2,
): Float32Array {
  const { width, height, data } = image;
  const { blockSize: bs, cols, rows } = orientation.grid;
  const fg = mask.pixels;
  const out = new Float32Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const b = by * cols + bx;
      if (!mask.blocks[b]) continue;
      const period = frequency.period[b]!;
      if (!(period > 0)) continue;
      const theta = orientation.angle[b]!;
      // unit normal to the ridges, scaled to radians of phase per pixel
      const w = (2 * Math.PI) / period;
      const nx = -Math.sin(theta) * w;
      const ny = Math.cos(theta) * w;
      const cx = bx * bs + bs / 2;
      const cy = by * bs + bs / 2;
      const x0 = Math.max(0, Math.round(cx - radius));
      const x1 = Math.min(width - 1, Math.round(cx + radius));
      const y0 = Math.max(0, Math.round(cy - radius));
      const y1 = Math.min(height - 1, Math.round(cy + radius));
      // normal equations of [1, cos, sin] and the sums for the variance
      let n = 0, sc = 0, ss = 0, scc = 0, sss = 0, scs = 0, sv = 0, svc = 0, svs = 0, svv = 0;
      for (let y = y0; y <= y1; y += step) {
        for (let x = x0; x <= x1; x += step) {
          const i = y * width + x;
          if (!fg[i]) continue;
          const p = (x - cx) * nx + (y - cy) * ny;
          const c = Math.cos(p);
          const s = Math.sin(p);
          const v = data[i]!;
          n++;
          sc += c; ss += s; scc += c * c; sss += s * s; scs += c * s;
          sv += v; svc += v * c; svs += v * s; svv += v * v;
        }
      }
      if (n < 16) continue;
      const total = svv - (sv * sv) / n;
      if (!(total > 1e-9)) continue;
      // centre the regressors, then solve the 2 × 2 system for a, b
      const mcc = scc - (sc * sc) / n;
      const mss = sss - (ss * ss) / n;
      const mcs = scs - (sc * ss) / n;
      const mvc = svc - (sv * sc) / n;
      const mvs = svs - (sv * ss) / n;
      const det = mcc * mss - mcs * mcs;
      if (!(det > 1e-9)) continue;
      const a = (mvc * mss - mvs * mcs) / det;
      const bb = (mvs * mcc - mvc * mcs) / det;
      const explained = a * mvc + bb * mvs;
      out[b] = Math.max(0, Math.min(1, explained / total));
    }
  }
  return out;
}

/**
 * How clean an oriented pattern a ridge image shows, per block, without reading the orientation
 * or period fields: the coherence 0–1 of the image's own gradients (central differences, print
 * pixels only) summed over the blocks within round(`radius` / block size) blocks of the block,
 * √((Gxx − Gyy)² + 4·Gxy²) / (Gxx + Gyy). Parallel continuous ridges read near 1 whatever their
 * direction; ridges broken into dots, wobbling or crossing read lower. A measure of the image
 * alone, so an image made by filtering along a wrong field is not favoured for agreeing with it
 * (which {@link measureRidgeClarity} does). Blocks outside the print read 0.
 */
export function measureRidgeCoherence(image: FloatImage, mask: ForegroundMask, radius: number): Float32Array {
  const { width, height, data } = image;
  const { blockSize: bs, cols, rows } = mask.grid;
  const fg = mask.pixels;
  const xx = new Float64Array(cols * rows);
  const yy = new Float64Array(cols * rows);
  const xy = new Float64Array(cols * rows);
  for (let y = 1; y < height - 1; y++) {
    const r = ((y / bs) | 0) * cols;
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if (!fg[i]) continue;
      const gx = data[i + 1]! - data[i - 1]!;
      const gy = data[i + width]! - data[i - width]!;
      const b = r + ((x / bs) | 0);
      xx[b] += gx * gx;
      yy[b] += gy * gy;
      xy[b] += gx * gy;
    }
  }
  const k = Math.max(1, Math.round(radius / bs));
  const out = new Float32Array(cols * rows);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < cols; bx++) {
      const b = by * cols + bx;
      if (!mask.blocks[b]) continue;
      let a = 0, c = 0, d = 0;
      for (let j = Math.max(0, by - k); j <= Math.min(rows - 1, by + k); j++) {
        for (let i = Math.max(0, bx - k); i <= Math.min(cols - 1, bx + k); i++) {
          const n = j * cols + i;
          a += xx[n]!; c += yy[n]!; d += xy[n]!;
        }
      }
      const sum = a + c;
      out[b] = sum > 1e-12 ? Math.sqrt((a - c) * (a - c) + 4 * d * d) / sum : 0;
    }
  }
  return out;
}
