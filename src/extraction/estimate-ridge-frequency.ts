import type { ExtractionParameters } from '../config/parameters.js';
import { smoothGrid } from './filters.js';
import { loadEnhanceKernel, type EnhanceKernel } from './load-enhance-kernel.js';
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
  return periodMapOf(image, orientation, measurePeriodWindows(image, orientation, foreground, params), params);
}

/**
 * {@link estimateRidgeFrequency} of two images of one size read along one field, each on its own
 * blocks (the grey's and the ridge network map's period, frequency-from-ridge-net.ts): the same two
 * maps, bit for bit, as two calls give, with each block's sample positions found once for both
 * ({@link measurePeriodWindowPair}).
 */
export function estimateRidgeFrequencyPair(
  a: FloatImage,
  foregroundA: Uint8Array,
  b: FloatImage,
  foregroundB: Uint8Array,
  orientation: OrientationField,
  params: ExtractionParameters,
): [FrequencyField, FrequencyField] {
  const [windowsA, windowsB] = measurePeriodWindowPair(a, foregroundA, b, foregroundB, orientation, params);
  return [periodMapOf(a, orientation, windowsA, params), periodMapOf(b, orientation, windowsB, params)];
}

/**
 * The windows of {@link measurePeriodWindows} with only those whose spectral share reaches `minShare`
 * kept as measured (at or above the gate they were measured with, it is what measuring them with
 * `frequencyMinSpectralShare` = `minShare` gives: the signatures do not depend on the gate).
 */
export function gatePeriodWindows(windows: PeriodWindows, minShare: number): PeriodWindows {
  const raw = Float32Array.from(windows.raw);
  const weight = Float32Array.from(windows.weight);
  for (let b = 0; b < weight.length; b++) {
    if (weight[b] && windows.share[b]! < minShare) {
      raw[b] = 0;
      weight[b] = 0;
    }
  }
  return { raw, weight, sampled: windows.sampled, share: windows.share };
}

/**
 * The period map of {@link estimateRidgeFrequency} from its windows (the octave test, the fill from
 * measured neighbours, the smoothing and the clamp); exported so one window measurement can make
 * maps under two gates (frequency-from-ridge-net.ts, `frequencyFromRidgeNetLongRatio`).
 */
export function periodMapOf(image: FloatImage, orientation: OrientationField, windows: PeriodWindows, params: ExtractionParameters): FrequencyField {
  const { grid } = orientation;
  const { cols, rows } = grid;
  const n = cols * rows;
  const minP = params.frequencyMinPeriod;
  const maxP = params.frequencyMaxPeriod;
  const { raw, weight, sampled, share } = windows;
  let measuredCount = 0;
  for (let i = 0; i < n; i++) measuredCount += weight[i];
  const period = new Float32Array(n);
  const measured = new Uint8Array(n);
  if (measuredCount === 0) {
    period.fill(params.frequencyDefaultPeriod);
    return { grid, period, measured, sampled, share };
  }
  const median = medianPeriod(raw, weight, measuredCount);
  // a window that lost some of its ridges reads a multiple of the period (an octave error):
  // with the option on, the windows flagged by the octave test are left out of the map (still
  // counted as measured) and filled from their neighbours. With `frequencyOctaveMinShare` the
  // test applies to a print only when it flags at least that share of its measured windows, so a
  // print with few octave errors keeps its map as it is without the test (issue 12, wetgate).
  // With `frequencyOctaveRegionRadius` a print below that share still gets the test in the
  // regions where the flagged windows are dense (a print wet on one half: issue 12, wetregion)
  let counted = weight;
  if (params.frequencyOctaveRatio > 1) {
    const flagged = flagOctaveWindows(image, orientation, raw, weight, median, params);
    let flaggedCount = 0;
    for (let i = 0; i < n; i++) flaggedCount += flagged[i];
    if (!(params.frequencyOctaveMinShare > 0) || flaggedCount >= params.frequencyOctaveMinShare * measuredCount) {
      counted = new Float32Array(weight);
      for (let i = 0; i < n; i++) if (flagged[i]) counted[i] = 0;
    } else if (params.frequencyOctaveRegionRadius > 0 && flaggedCount > 0) {
      const open = openOctaveRegions(flagged, weight, cols, rows, params.frequencyOctaveRegionRadius, params.frequencyOctaveRegionMinShare);
      if (open) {
        counted = new Float32Array(weight);
        for (let i = 0; i < n; i++) if (open[i]) counted[i] = 0;
      }
    }
  }
  // a local median of the measured windows in place of each (off by default): a window that
  // lost some of its ridges is an outlier the median ignores, where the Gaussian below would
  // average it in; gradual changes of the period survive
  const medianRadius = params.frequencyMedianRadius;
  let mapped = raw;
  if (medianRadius > 0) {
    mapped = new Float32Array(n);
    const near = new Float64Array((2 * medianRadius + 1) ** 2);
    for (let i = 0; i < n; i++) if (counted[i]) mapped[i] = localMedian(raw, counted, cols, rows, i, medianRadius, near);
  }
  const smooth = smoothGrid(mapped, cols, rows, params.frequencySmoothingSigma, counted);
  const support = smoothGrid(counted, cols, rows, params.frequencySmoothingSigma);
  for (let i = 0; i < n; i++) {
    measured[i] = weight[i] ? 1 : 0;
    // where little was measured nearby, lean on the print's median period
    const s = Math.min(1, support[i] * 3);
    let p = s * (smooth[i] || median) + (1 - s) * median;
    if (p < minP) p = minP;
    if (p > maxP) p = maxP;
    period[i] = p;
  }
  return { grid, period, measured, sampled, share };
}

/** The period windows of one print before any map is made (see {@link measurePeriodWindows}). */
export interface PeriodWindows {
  /** The window's period, pixels, where `weight` is 1; 0 elsewhere. */
  readonly raw: Float32Array;
  /** 1 where the block's window gave a period within the accepted range and spectral share. */
  readonly weight: Float32Array;
  /** 1 where a signature was taken. */
  readonly sampled: Uint8Array;
  /** The spectral share of the signature where sampled. */
  readonly share: Float32Array;
}

/**
 * The first step of {@link estimateRidgeFrequency}: the x-signature's period and spectral share
 * of every sampled foreground block. Exported for print-level measures of the period map
 * (bench/extraction/octave-print-measures.mjs); one image at a time (shared scratch).
 */
export function measurePeriodWindows(
  image: FloatImage,
  orientation: OrientationField,
  foreground: Uint8Array,
  params: ExtractionParameters,
): PeriodWindows {
  return measureWindows([image], [foreground], orientation, params)[0]!;
}

/**
 * {@link measurePeriodWindows} of two images of one size (`a` on the blocks of `foregroundA`, `b`
 * on those of `foregroundB`) read along one field: each image's windows bit for bit as alone, and
 * in the WebAssembly kernel a block both read finds its sample positions once for both.
 */
export function measurePeriodWindowPair(
  a: FloatImage,
  foregroundA: Uint8Array,
  b: FloatImage,
  foregroundB: Uint8Array,
  orientation: OrientationField,
  params: ExtractionParameters,
): [PeriodWindows, PeriodWindows] {
  if (a.width !== b.width || a.height !== b.height) throw new Error('measurePeriodWindowPair: the images differ in size');
  const [windowsA, windowsB] = measureWindows([a, b], [foregroundA, foregroundB], orientation, params);
  return [windowsA!, windowsB!];
}

/** The windows of one or two images of one size (see {@link measurePeriodWindowPair}). */
function measureWindows(
  images: readonly FloatImage[],
  foregrounds: readonly Uint8Array[],
  orientation: OrientationField,
  params: ExtractionParameters,
): PeriodWindows[] {
  const { grid } = orientation;
  const { cols, rows, blockSize: size } = grid;
  const { width, height } = images[0]!;
  const n = cols * rows;
  const len = params.frequencySignatureLength;
  const hw = params.frequencySignatureHalfWidth;
  const sig = new Float32Array(len);
  const minP = params.frequencyMinPeriod;
  const maxP = params.frequencyMaxPeriod;
  const stride = params.frequencyBlockStride;
  const byLag = params.frequencyAutocorrelationPeriod > 0;
  const shortest = params.ridgeShareShortestPeriod;
  const minShare = params.frequencyMinSpectralShare;
  const out = images.map(() => ({ raw: new Float32Array(n), weight: new Float32Array(n), sampled: new Uint8Array(n), share: new Float32Array(n) }));
  const count = images.length;
  const record = (i: number, b: number, m: { period: number; share: number }): void => {
    const o = out[i]!;
    o.share[b] = m.share;
    const p = m.share >= minShare ? m.period : 0;
    if (p >= minP && p <= maxP) {
      o.raw[b] = p;
      o.weight[b] = 1;
    }
  };
  // the same signature and spectrum in WebAssembly when it is there (the same bits)
  const kernel = loadEnhanceKernel();
  const halfPower = params.frequencyHalfPeriodPower;
  const inKernel = kernel ? signatureKernel(kernel, images, len, hw, minP, maxP, byLag, shortest, halfPower) : null;
  const want = [false, false];
  const found: Array<{ period: number; share: number }> = [];
  for (let b = 0; b < n; b++) {
    // windows overlap a lot (33 px against 8 px blocks): measuring every `stride`-th block in
    // each direction and filling the rest by the weighted smoothing below loses nothing
    if ((b % cols) % stride !== 0 || ((b / cols) | 0) % stride !== 0) continue;
    let any = false;
    for (let i = 0; i < count; i++) {
      want[i] = foregrounds[i]![b] !== 0;
      if (!want[i]) continue;
      any = true;
      out[i]!.sampled[b] = 1;
    }
    if (!any) continue;
    const cx = (b % cols) * size + size / 2;
    const cy = ((b / cols) | 0) * size + size / 2;
    if (inKernel) {
      // the sample positions are the image's, not its values': no pixel for one is none for all
      if (!inKernel(cx, cy, orientation.angle[b], want[0]!, want[1]!, found)) continue;
      for (let i = 0; i < count; i++) if (want[i]) record(i, b, found[i]!);
      continue;
    }
    for (let i = 0; i < count; i++) {
      if (!want[i]) continue;
      const { data } = images[i]!;
      if (!sampleSignature(data, width, height, cx, cy, orientation.angle[b], len, hw, sig)) continue;
      record(i, b, measureSignature(sig, len, minP, maxP, byLag, shortest, halfPower));
    }
  }
  return out;
}

/**
 * measureSignature(sampleSignature(…)) of one image at any block, by the WebAssembly kernel when
 * it is there (the same bits, see signatureKernel), for callers that measure many windows of one
 * image in a row with no other use of the kernel between (segmentation's ridge evidence):
 * `measure(cx, cy, th)` is null where a sample has no pixel in the image. Null when there is no
 * kernel (the caller measures in JavaScript). `halfPower` and the autocorrelation are off, as in
 * a plain measureSignature call.
 */
export function signatureMeasurer(
  image: FloatImage, len: number, hw: number, minPeriod: number, maxPeriod: number, shortestPeriod: number,
): ((cx: number, cy: number, th: number) => { period: number; share: number } | null) | null {
  const kernel = loadEnhanceKernel();
  if (!kernel) return null;
  const inKernel = signatureKernel(kernel, [image], len, hw, minPeriod, maxPeriod, false, shortestPeriod, 0);
  const found: Array<{ period: number; share: number }> = [];
  return (cx, cy, th) => (inKernel(cx, cy, th, true, false, found) ? found[0]! : null);
}

/** The median of the measured windows' periods (`count` of them, > 0): the map's fallback. */
export function medianPeriod(raw: Float32Array, weight: Float32Array, count: number): number {
  // a typed array sorts numerically in native code (a JS comparator cost 8 % of this stage)
  const values = new Float64Array(count);
  for (let i = 0, k = 0; i < raw.length; i++) if (weight[i]) values[k++] = raw[i];
  values.sort();
  return values[values.length >> 1];
}

/**
 * The octave test (option `frequencyOctaveRatio` > 1): 1 for each measured window whose period
 * lies beyond that factor of its reference either way (the print's `median`, or with
 * `frequencyOctaveRadius` the median of the measured windows within that many blocks), and with
 * `frequencyOctaveMinPower` only where its signature still keeps that share of its peak's power
 * at the reference period (ridges that merged or faded leave some of the true period behind; a
 * true change of period, as a sweep sensor's speed makes, does not). Their share of the measured
 * windows is the print-level measure of `frequencyOctaveMinShare`.
 */
export function flagOctaveWindows(
  image: FloatImage,
  orientation: OrientationField,
  raw: Float32Array,
  weight: Float32Array,
  median: number,
  params: ExtractionParameters,
): Uint8Array {
  const { cols, rows, blockSize: size } = orientation.grid;
  const { width, height, data } = image;
  const n = cols * rows;
  const flagged = new Uint8Array(n);
  const ratio = params.frequencyOctaveRatio;
  if (!(ratio > 1)) return flagged;
  const len = params.frequencySignatureLength;
  const hw = params.frequencySignatureHalfWidth;
  const sig = new Float32Array(len);
  const radius = params.frequencyOctaveRadius;
  const minPower = params.frequencyOctaveMinPower;
  const near = radius > 0 ? new Float64Array((2 * radius + 1) ** 2) : null;
  // the measured windows' count over each square, from a summed table of the grid
  const measuredSum = near && minPower <= 0 ? summedCount(weight, cols, rows) : null;
  for (let i = 0; i < n; i++) {
    if (!weight[i]) continue;
    // the local median itself is needed only to weigh the power; whether the window lies beyond
    // it is read by counting (beyondLocalMedian), which spares a sort per window
    if (measuredSum) {
      if (beyondLocalMedian(raw, weight, cols, rows, i, radius, ratio, measuredSum)) flagged[i] = 1;
      continue;
    }
    const reference = near ? localMedian(raw, weight, cols, rows, i, radius, near) : median;
    if (!(raw[i] > reference * ratio || raw[i] * ratio < reference)) continue;
    if (minPower > 0) {
      const cx = (i % cols) * size + size / 2;
      const cy = ((i / cols) | 0) * size + size / 2;
      if (!sampleSignature(data, width, height, cx, cy, orientation.angle[i], len, hw, sig)) continue;
      if (powerAtPeriod(sig, len, reference) < minPower * powerAtPeriod(sig, len, raw[i])) continue;
    }
    flagged[i] = 1;
  }
  return flagged;
}

/**
 * The region gate of the octave test (option `frequencyOctaveRegionRadius`, issue 12, wetregion):
 * a measured window whose square of `radius` blocks holds flagged windows for at least `minShare`
 * of its measured ones opens its square, and every flagged window inside an open square is left
 * out (1 in the result). The print gate opens a whole print when the flagged share is high over
 * it; a print wet on one half has that share only on the half, and the print-wide share dilutes it.
 * Opening the square, not only the dense window itself, leaves out the flagged windows on the edge
 * of a wet region too, as the print gate does across a print. Box sums over integral images of
 * the block grid (three passes, not a loop over each window's neighbours). Null when nothing opens.
 */
export function openOctaveRegions(flagged: Uint8Array, weight: Float32Array, cols: number, rows: number, radius: number, minShare: number): Uint8Array | null {
  const W = cols + 1;
  const sumOf = (value: (i: number) => number): Int32Array => {
    const t = new Int32Array(W * (rows + 1));
    for (let y = 0; y < rows; y++) {
      let line = 0;
      for (let x = 0; x < cols; x++) {
        line += value(y * cols + x);
        t[(y + 1) * W + x + 1] = t[y * W + x + 1]! + line;
      }
    }
    return t;
  };
  const box = (t: Int32Array, i: number): number => {
    const x = i % cols, y = (i / cols) | 0;
    const x0 = Math.max(0, x - radius), y0 = Math.max(0, y - radius);
    const x1 = Math.min(cols, x + radius + 1), y1 = Math.min(rows, y + radius + 1);
    return t[y1 * W + x1]! - t[y0 * W + x1]! - t[y1 * W + x0]! + t[y0 * W + x0]!;
  };
  const measuredSum = sumOf((i) => (weight[i] ? 1 : 0));
  const flaggedSum = sumOf((i) => flagged[i]!);
  const n = cols * rows;
  const seed = new Uint8Array(n);
  let seeds = 0;
  for (let i = 0; i < n; i++) {
    if (!weight[i]) continue;
    // a window with no flagged neighbour cannot reach a share above 0
    const f = box(flaggedSum, i);
    if (f === 0 || !(f >= minShare * box(measuredSum, i))) continue;
    seed[i] = 1;
    seeds++;
  }
  if (seeds === 0) return null;
  const seedSum = sumOf((i) => seed[i]!);
  const open = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (flagged[i] && box(seedSum, i) > 0) open[i] = 1;
  return open;
}

/**
 * Whether `values[i]` lies beyond `ratio` of the {@link localMedian} m around block `i` either
 * way (values[i] > m·ratio or values[i]·ratio < m), without sorting: with the neighbours sorted
 * s₀ ≤ … ≤ s_{k−1} and m = s_h (h = ⌊k / 2⌋), "values[i] > s·ratio" holds for a prefix of them,
 * so it holds at m exactly when it holds for more than h of them; "values[i]·ratio < s" holds for
 * a suffix, so at m exactly when it holds for at least k − h. The same comparisons as with m
 * itself, so the same answer bit for bit; the sort per window cost 3 ms of a 22 ms extraction.
 * k, the measured count of the square, is read from `measuredSum` ({@link summedCount}) first, so
 * the count stops after the row where the answer is settled: both counts only grow, so once one
 * has passed its bound the window is beyond, and once neither can reach it with every neighbour
 * left it is not (a window within the ratio of its neighbours, most of them, after about half).
 */
function beyondLocalMedian(values: Float32Array, weight: Float32Array, cols: number, rows: number, i: number, radius: number, ratio: number, measuredSum: Int32Array): boolean {
  const bx = i % cols, by = (i / cols) | 0;
  const v = values[i]!;
  const vr = v * ratio;
  const x0 = Math.max(0, bx - radius), x1 = Math.min(cols - 1, bx + radius);
  const y0 = Math.max(0, by - radius), y1 = Math.min(rows - 1, by + radius);
  const W = cols + 1;
  const k = measuredSum[(y1 + 1) * W + x1 + 1]! - measuredSum[y0 * W + x1 + 1]! - measuredSum[(y1 + 1) * W + x0]! + measuredSum[y0 * W + x0]!;
  const h = k >> 1;
  let rest = k;
  let below = 0;
  let above = 0;
  for (let y = y0; y <= y1; y++) {
    for (let j = y * cols + x0, end = y * cols + x1; j <= end; j++) {
      if (!weight[j]) continue;
      const s = values[j]!;
      rest--;
      if (v > s * ratio) below++;
      if (vr < s) above++;
    }
    if (below > h || above >= k - h) return true;
    if (below + rest <= h && above + rest < k - h) return false;
  }
  return below > h || above >= k - h;
}

/** The summed table of the blocks where `weight` is set: entry (y + 1)·(cols + 1) + x + 1 counts those at or above row y and at or left of column x. */
function summedCount(weight: Float32Array, cols: number, rows: number): Int32Array {
  const W = cols + 1;
  const t = new Int32Array(W * (rows + 1));
  for (let y = 0; y < rows; y++) {
    let line = 0;
    for (let x = 0; x < cols; x++) {
      if (weight[y * cols + x]) line++;
      t[(y + 1) * W + x + 1] = t[y * W + x + 1]! + line;
    }
  }
  return t;
}

/**
 * The median of `values` over the blocks within `radius` of block `i` (a square) where `weight`
 * is set (block `i` itself is one when it is set); `near` is scratch of at least (2r + 1)² entries.
 */
function localMedian(values: Float32Array, weight: Float32Array, cols: number, rows: number, i: number, radius: number, near: Float64Array): number {
  const bx = i % cols, by = (i / cols) | 0;
  let m = 0;
  for (let y = Math.max(0, by - radius); y <= Math.min(rows - 1, by + radius); y++) {
    for (let x = Math.max(0, bx - radius); x <= Math.min(cols - 1, bx + radius); x++) if (weight[y * cols + x]) near[m++] = values[y * cols + x]!;
  }
  return near.subarray(0, m).sort()[m >> 1]!;
}

/**
 * The power of the mean-free, Hann-windowed signature at one period (pixels), the quantity
 * {@link measureSignature} compares across its candidate periods (here at any period, not only
 * on the candidates' half-pixel grid).
 */
export function powerAtPeriod(sig: Float32Array, len: number, period: number): number {
  let mean = 0;
  for (let k = 0; k < len; k++) mean += sig[k];
  mean /= len;
  let re = 0;
  let im = 0;
  for (let k = 0; k < len; k++) {
    const v = (sig[k] - mean) * (0.5 - 0.5 * Math.cos((2 * Math.PI * (k + 0.5)) / len));
    re += v * Math.cos((2 * Math.PI * k) / period);
    im += v * Math.sin((2 * Math.PI * k) / period);
  }
  return re * re + im * im;
}

/**
 * The x-signature of Hong, Wan & Jain: `len` samples across the ridge direction `th` (radians,
 * image coordinates) through (cx, cy), each the mean of the image along the ridge over ±`hw`
 * pixels (every other pixel), into `sig`. False when a sample has no pixel inside the image.
 */
export function sampleSignature(
  data: Float32Array, width: number, height: number, cx: number, cy: number, th: number, len: number, hw: number, sig: Float32Array,
): boolean {
  const dx = Math.cos(th); // along the ridge
  const dy = Math.sin(th);
  const nx = -dy; // across the ridges
  const ny = dx;
  let uLast = -hw;
  while (uLast + 2 <= hw) uLast += 2;
  for (let k = 0; k < len; k++) {
    const t = k - (len - 1) / 2;
    let s = 0;
    let c = 0;
    const bx = cx + t * nx;
    const by = cy + t * ny;
    // the rounded coordinates are monotone in u: when both ends of the line are inside the
    // image, every sample is, and the loop needs no test per sample
    const xa = (bx + -hw * dx + 0.5) | 0;
    const ya = (by + -hw * dy + 0.5) | 0;
    const xb = (bx + uLast * dx + 0.5) | 0;
    const yb = (by + uLast * dy + 0.5) | 0;
    if (hw >= 0 && xa >= 0 && ya >= 0 && xb >= 0 && yb >= 0 && xa < width && ya < height && xb < width && yb < height) {
      for (let u = -hw; u <= hw; u += 2) {
        s += data[((by + u * dy + 0.5) | 0) * width + ((bx + u * dx + 0.5) | 0)];
        c++;
      }
      sig[k] = s / c;
      continue;
    }
    for (let u = -hw; u <= hw; u += 2) {
      const x = (bx + u * dx + 0.5) | 0;
      const y = (by + u * dy + 0.5) | 0;
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      s += data[y * width + x];
      c++;
    }
    if (c === 0) return false;
    sig[k] = s / c;
  }
  return true;
}

/**
 * Period of a 1-D signature by its spectrum: the mean-free, Hann-windowed signature is
 * correlated with sinusoids of candidate periods from `minPeriod` to `maxPeriod` (half-pixel
 * steps, the peak refined by parabolic interpolation) and the strongest wins. Counting peaks instead is fooled by pores and noise inside a
 * ridge, which add small extra maxima and halve the period. Returns 0 when the best sinusoid
 * explains less than `minShare` of the signature's energy (no clean ridge pattern).
 */
export function periodOfSignature(sig: Float32Array, len: number, minPeriod = 4, maxPeriod = 16, minShare = 0.25): number {
  const m = measureSignature(sig, len, minPeriod, maxPeriod);
  return m.share >= minShare ? m.period : 0;
}

/**
 * The spectral measurement behind {@link periodOfSignature}: the best period in
 * [minPeriod, maxPeriod] and the share 0–1 of the (mean-free, windowed) signature's energy that
 * its sinusoid explains — high on ridges, low on noise, single lines and step edges, whose
 * energy is spread over many frequencies or lies below the ridge band. Share 0 for a flat signature.
 * With `byLag` the period is then read from the autocorrelation near the spectral peak
 * ({@link periodByLag}); the share stays the spectrum's. With `shortestPeriod` > 0 (pixels;
 * option `ridgeShareShortestPeriod`) the share is taken against the energy at periods of at least
 * that length only ({@link energyAbove}), so noise finer than the ridges, which a mild blur
 * removes, does not lower it; 0 (default): against the whole energy.
 */
export function measureSignature(
  sig: Float32Array, len: number, minPeriod = 4, maxPeriod = 16, byLag = false, shortestPeriod = 0, halfPower = 0,
): { period: number; share: number } {
  const table = spectralTable(len, minPeriod, maxPeriod);
  let mean = 0;
  for (let k = 0; k < len; k++) mean += sig[k];
  mean /= len;
  let energy = 0;
  const x = table.scratch;
  for (let k = 0; k < len; k++) {
    x[k] = (sig[k] - mean) * table.hann[k];
    energy += x[k] * x[k];
  }
  if (energy < 1e-6) return { period: 0, share: 0 };
  const { cos, sin, periods, power } = table;
  const nPeriods = periods.length;
  // four candidate periods at a time: eight independent chains of sums (each in the order of
  // one period alone, so the same bits) instead of two waiting on each other's additions; the
  // last one to three periods two at a time, a lone last one read twice and kept once (one lane
  // width for everything, or a one-period tail, measured 5 % slower)
  let c = 0;
  for (; c + 3 < nPeriods; c += 4) {
    const o = c * len;
    const o1 = o + len;
    const o2 = o1 + len;
    const o3 = o2 + len;
    let re0 = 0;
    let im0 = 0;
    let re1 = 0;
    let im1 = 0;
    let re2 = 0;
    let im2 = 0;
    let re3 = 0;
    let im3 = 0;
    for (let k = 0; k < len; k++) {
      const v = x[k];
      re0 += v * cos[o + k];
      im0 += v * sin[o + k];
      re1 += v * cos[o1 + k];
      im1 += v * sin[o1 + k];
      re2 += v * cos[o2 + k];
      im2 += v * sin[o2 + k];
      re3 += v * cos[o3 + k];
      im3 += v * sin[o3 + k];
    }
    power[c] = re0 * re0 + im0 * im0;
    power[c + 1] = re1 * re1 + im1 * im1;
    power[c + 2] = re2 * re2 + im2 * im2;
    power[c + 3] = re3 * re3 + im3 * im3;
  }
  for (; c < nPeriods; c += 2) {
    const o = c * len;
    const o1 = c + 1 < nPeriods ? o + len : o;
    let re0 = 0;
    let im0 = 0;
    let re1 = 0;
    let im1 = 0;
    for (let k = 0; k < len; k++) {
      const v = x[k];
      re0 += v * cos[o + k];
      im0 += v * sin[o + k];
      re1 += v * cos[o1 + k];
      im1 += v * sin[o1 + k];
    }
    power[c] = re0 * re0 + im0 * im0;
    if (c + 1 < nPeriods) power[c + 1] = re1 * re1 + im1 * im1;
  }
  const m = pickPeriod(power, periods, shortestPeriod > 0 ? energyAbove(x, len, shortestPeriod, table) : energy, len, halfPower);
  if (byLag && m.period > 0) m.period = periodByLag(x, len, m.period, table);
  return m;
}

/**
 * The energy of the windowed, mean-free signature `x` at periods of at least `shortestPeriod`
 * pixels (option `ridgeShareShortestPeriod`): by Parseval, (|X₀|² + 2·Σ|X_k|²) / len over the
 * DFT bins k = 1 … ⌊len / shortestPeriod⌋ (an odd or even `len` alike: the bins above are the
 * fine content dropped; the Nyquist bin is never kept, as `shortestPeriod` > 2). The ridges'
 * own energy lies in the bins of the ridge band and the window's main lobe around them, so with
 * a shortest period below the band's (3.5 px against 4.5) a clean ridge signature keeps its
 * share and only the energy of finer noise, which a mild blur removes, leaves the denominator.
 * The floor of 1e-6 keeps a signature with no coarse energy at share 0.
 */
function energyAbove(x: Float32Array, len: number, shortestPeriod: number, table: SpectralTable): number {
  const bins = Math.min(Math.floor(len / shortestPeriod), Math.floor((len - 1) / 2));
  const dft = dftTable(table, len);
  let sum = 0;
  for (let k = 0; k <= bins; k++) {
    let re = 0;
    let im = 0;
    const o = k * len;
    for (let j = 0; j < len; j++) {
      re += x[j] * dft.cos[o + j];
      im += x[j] * dft.sin[o + j];
    }
    sum += (k === 0 ? 1 : 2) * (re * re + im * im);
  }
  const e = sum / len;
  // a share of a vanishing energy would be noise over noise: none
  return e < 1e-6 ? Infinity : e;
}

/** The DFT's cosines and sines per bin k = 0 … ⌊(len − 1) / 2⌋ and sample, built once per table. */
function dftTable(table: SpectralTable, len: number): { cos: Float64Array; sin: Float64Array } {
  if (table.dft) return table.dft;
  const half = Math.floor((len - 1) / 2);
  const cos = new Float64Array((half + 1) * len);
  const sin = new Float64Array((half + 1) * len);
  for (let k = 0; k <= half; k++) {
    for (let j = 0; j < len; j++) {
      cos[k * len + j] = Math.cos((2 * Math.PI * k * j) / len);
      sin[k * len + j] = Math.sin((2 * Math.PI * k * j) / len);
    }
  }
  table.dft = { cos, sin };
  return table.dft;
}

/**
 * The strongest of the candidate periods' powers (the first of equals; none above 0 gives period
 * 0), refined by parabolic interpolation between its neighbours' powers rounded to f32, and its
 * share of the energy: the end of {@link measureSignature}, shared by the WebAssembly path.
 * With `halfPower` > 0 (option `frequencyHalfPeriodPower`), an octave test: when the strongest
 * period is at least twice the shortest candidate and the strongest candidate within one step of
 * half of it has at least `halfPower` of its power, that one is taken instead (a window where
 * some ridges did not print reads about twice the period, while the true one keeps a peak).
 */
function pickPeriod(power: Float64Array, periods: Float32Array, energy: number, len: number, halfPower = 0): { period: number; share: number } {
  let best = -1;
  let bestPower = 0;
  for (let c = 0; c < periods.length; c++) {
    if (power[c] > bestPower) {
      bestPower = power[c];
      best = c;
    }
  }
  if (best < 0) return { period: 0, share: 0 };
  if (halfPower > 0 && periods[best] >= 2 * periods[0]) {
    const step = periods[1] - periods[0];
    const at = Math.round((periods[best] / 2 - periods[0]) / step);
    let half = -1;
    for (let c = Math.max(0, at - 1); c <= Math.min(periods.length - 1, at + 1); c++) if (half < 0 || power[c] > power[half]) half = c;
    if (half >= 0 && power[half] >= halfPower * bestPower) {
      best = half;
      bestPower = power[half];
    }
  }
  // parabolic interpolation between the candidate periods around the peak
  let period = periods[best];
  if (best > 0 && best < periods.length - 1) {
    const a = Math.fround(power[best - 1]);
    const b = Math.fround(power[best]);
    const c = Math.fround(power[best + 1]);
    const den = a - 2 * b + c;
    if (den < 0) period += (0.5 * (a - c) / den) * (periods[1] - periods[0]);
  }
  // a pure sinusoid filling the window gives power ≈ energy·len/2·(window loss); normalise to 0–1
  return { period, share: (2 * bestPower) / (energy * len) };
}

/**
 * The period as the lag of the windowed signature's autocorrelation peak nearest the spectral
 * estimate `near` (option `frequencyAutocorrelationPeriod`). A periodic profile of period T,
 * whatever its shape, correlates best with itself shifted by T, so the lag does not depend on how
 * strong the profile's harmonics are, which a blur changes; the spectral peak of a 33-sample window
 * (its main lobe as wide as the ridge band) takes in their leakage. On FVC2002 the blur's drift
 * per window is mostly the ridges' own (a period varying inside the window, reweighted by the
 * low-pass) and the lag drifts 20–30 % less than the spectral peak (bench/RESULTS.md, blur2).
 * The correlation at each integer lag is divided by the Hann window's own (Σ w[k]·w[k+t]), the
 * best of the lags within ±2 of `near` is refined by a cosine through it and its neighbours;
 * `near` is kept when that best lies at the search's edge or the refinement leaves ±1 lag.
 */
function periodByLag(x: Float32Array, len: number, near: number, table: SpectralTable): number {
  const lo = Math.max(2, Math.round(near) - 2);
  const hi = Math.min(len - 3, Math.round(near) + 2);
  if (hi - lo < 2) return near;
  const wc = windowCorrelation(table, len);
  const r = lagScratch(hi - lo + 1);
  for (let t = lo; t <= hi; t++) {
    let s = 0;
    for (let k = 0; k + t < len; k++) s += x[k] * x[k + t];
    r[t - lo] = s / wc[t];
  }
  let best = -1;
  let bestValue = -Infinity;
  for (let t = lo; t <= hi; t++) {
    if (r[t - lo] > bestValue) {
      bestValue = r[t - lo];
      best = t;
    }
  }
  if (best <= lo || best >= hi || bestValue <= 0) return near;
  const a = r[best - 1 - lo];
  const b = r[best - lo];
  const c = r[best + 1 - lo];
  // a cosine through the three lags (exact for a sinusoidal profile, where a parabola is off
  // by up to 0.2 px at 9 px periods): cos ω = (a + c) / 2b, peak at best + atan((c − a) / (2b sin ω)) / ω
  const cw = (a + c) / (2 * b);
  if (!(cw > -1 && cw < 1)) return near;
  const w = Math.acos(cw);
  const shift = Math.atan((c - a) / (2 * b * Math.sin(w))) / w;
  return Math.abs(shift) <= 1 ? best + shift : near;
}

/** Σ w[k]·w[k+t] of the table's Hann window per lag t, built once per table. */
function windowCorrelation(table: SpectralTable, len: number): Float64Array {
  if (table.windowCorrelation) return table.windowCorrelation;
  const w = table.hann;
  const out = new Float64Array(len);
  for (let t = 0; t < len; t++) {
    let s = 0;
    for (let k = 0; k + t < len; k++) s += w[k] * w[k + t];
    out[t] = s;
  }
  table.windowCorrelation = out;
  return out;
}

let lags = new Float64Array(8);
function lagScratch(n: number): Float64Array {
  if (lags.length < n) lags = new Float64Array(n);
  return lags;
}

/**
 * The per-block measurement of {@link estimateRidgeFrequency} (sampleSignature, then
 * measureSignature) by the WebAssembly kernel (enhance-kernel.wat), of one or two images of one
 * size: `measure(cx, cy, th, a, b, out)` measures image 0 (when `a`) and image 1 (when `b`) at one
 * block into out[0] and out[1] (both at once by signature2 when both are wanted), false when a
 * sample has no pixel in the image (the positions are the images', so for both). The images and
 * the tables are copied into its memory once per call. Its memory, from byte 0: the sinusoids
 * (f64, eight periods side by side), the Hann window, a signature per image, the windowed
 * signature, the powers, then the images.
 */
function signatureKernel(
  kernel: EnhanceKernel, images: readonly FloatImage[], len: number, hw: number, minPeriod: number, maxPeriod: number, byLag = false, shortestPeriod = 0, halfPower = 0,
): (cx: number, cy: number, th: number, a: boolean, b: boolean, out: Array<{ period: number; share: number }>) => boolean {
  const { width, height } = images[0]!;
  const table = spectralTable(len, minPeriod, maxPeriod);
  const nPeriods = table.periods.length;
  const groups = Math.ceil(nPeriods / 8);
  const align = (v: number): number => (v + 15) & ~15;
  const trigAt = 0;
  const hannAt = align(trigAt + groups * len * 128);
  const sigAt = [align(hannAt + 4 * len)];
  sigAt.push(align(sigAt[0]! + 4 * len));
  const xsAt = align(sigAt[1]! + 4 * len);
  const powerAt = align(xsAt + 4 * len);
  const imageAt = [align(powerAt + groups * 64)];
  imageAt.push(align(imageAt[0]! + 4 * width * height));
  const end = imageAt[images.length - 1]! + 4 * width * height;
  const memory = kernel.memory;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  const buffer = memory.buffer;
  new Float64Array(buffer, trigAt, groups * len * 16).set(groupedTrig(table, len));
  new Float32Array(buffer, hannAt, len).set(table.hann);
  for (let i = 0; i < images.length; i++) new Float32Array(buffer, imageAt[i], width * height).set(images[i]!.data);
  const power = new Float64Array(buffer, powerAt, nPeriods);
  const xs = new Float32Array(buffer, xsAt, len);
  const pick = (energy: number): { period: number; share: number } => {
    if (energy < 1e-6) return { period: 0, share: 0 };
    const m = pickPeriod(power, table.periods, shortestPeriod > 0 ? energyAbove(xs, len, shortestPeriod, table) : energy, len, halfPower);
    if (byLag && m.period > 0) m.period = periodByLag(xs, len, m.period, table);
    return m;
  };
  return (cx, cy, th, a, b, out) => {
    const dx = Math.cos(th);
    const dy = Math.sin(th);
    if (a && b) {
      const energy = kernel.signature2(imageAt[0]!, imageAt[1]!, width, height, cx, cy, dx, dy, len, hw, hannAt, trigAt, groups, sigAt[0]!, sigAt[1]!, xsAt, powerAt);
      if (energy < 0) return false;
      // the first's powers read before the second's overwrite them
      out[0] = pick(energy);
      out[1] = pick(kernel.signatureSpectrum(sigAt[1]!, xsAt, hannAt, trigAt, groups, len, powerAt));
      return true;
    }
    const i = a ? 0 : 1;
    const energy = kernel.signature(imageAt[i]!, width, height, cx, cy, dx, dy, len, hw, hannAt, trigAt, groups, sigAt[i]!, xsAt, powerAt);
    if (energy < 0) return false;
    out[i] = pick(energy);
    return true;
  };
}

/** The table's sinusoids for the kernel: per group of eight periods and sample, the eight cosines then the eight sines (0 past the last period). */
function groupedTrig(table: SpectralTable, len: number): Float64Array {
  if (table.grouped) return table.grouped;
  const nPeriods = table.periods.length;
  const groups = Math.ceil(nPeriods / 8);
  const out = new Float64Array(groups * len * 16);
  for (let c = 0; c < nPeriods; c++) {
    const g = c >> 3;
    const j = c & 7;
    for (let k = 0; k < len; k++) {
      out[(g * len + k) * 16 + j] = table.cos[c * len + k];
      out[(g * len + k) * 16 + 8 + j] = table.sin[c * len + k];
    }
  }
  table.grouped = out;
  return out;
}

interface SpectralTable {
  readonly periods: Float32Array;
  readonly cos: Float32Array;
  readonly sin: Float32Array;
  readonly hann: Float32Array;
  readonly scratch: Float32Array;
  readonly power: Float64Array;
  /** The sinusoids laid out for the kernel (see groupedTrig), built on first use. */
  grouped?: Float64Array;
  /** The Hann window's autocorrelation per lag (see windowCorrelation), built on first use. */
  windowCorrelation?: Float64Array;
  /** The DFT's sinusoids per bin (see dftTable), built on first use. */
  dft?: { cos: Float64Array; sin: Float64Array };
}

/** Spacing of the candidate periods, pixels; the peak is refined by parabolic interpolation. */
const PERIOD_STEP = 0.5;

/** Sinusoid tables per (length, period range), built once: the trigonometry dominated the stage. */
const tables = new Map<string, SpectralTable>();
/** The table of the last call: every call of an extraction asks for the same one, so skip building the key. */
let last: { len: number; minPeriod: number; maxPeriod: number; table: SpectralTable } | null = null;
function spectralTable(len: number, minPeriod: number, maxPeriod: number): SpectralTable {
  if (last && last.len === len && last.minPeriod === minPeriod && last.maxPeriod === maxPeriod) return last.table;
  const key = `${len}:${minPeriod}:${maxPeriod}`;
  let t = tables.get(key);
  if (!t) {
    t = buildSpectralTable(len, minPeriod, maxPeriod);
    tables.set(key, t);
  }
  last = { len, minPeriod, maxPeriod, table: t };
  return t;
}

function buildSpectralTable(len: number, minPeriod: number, maxPeriod: number): SpectralTable {
  const ps: number[] = [];
  for (let p = minPeriod; p <= maxPeriod + 1e-9; p += PERIOD_STEP) ps.push(p);
  const periods = Float32Array.from(ps);
  const cos = new Float32Array(ps.length * len);
  const sin = new Float32Array(ps.length * len);
  ps.forEach((p, c) => {
    for (let k = 0; k < len; k++) {
      cos[c * len + k] = Math.cos((2 * Math.PI * k) / p);
      sin[c * len + k] = Math.sin((2 * Math.PI * k) / p);
    }
  });
  const hann = new Float32Array(len).map((_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (k + 0.5)) / len));
  return { periods, cos, sin, hann, scratch: new Float32Array(len), power: new Float64Array(ps.length) };
}
