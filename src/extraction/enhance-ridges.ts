import type { ExtractionParameters } from '../config/parameters.js';
import type { FloatImage, FrequencyField, OrientationField } from './types.js';
import { blockColumnWeights, blockRowWeights, dilateSquare } from './filters.js';
import { loadEnhanceKernel, type EnhanceKernel } from './load-enhance-kernel.js';

/**
 * Per-pixel orientation bin and period bin of the filter tables: the doubled-angle field and
 * the period map are interpolated bilinearly between block centres.
 */
export interface FilterSelection {
  readonly orientationBin: Uint8Array;
  readonly periodBin: Uint8Array;
  /**
   * Per pixel the along-ridge table of the first pass when it differs from `orientationBin`:
   * bin o, or o + bins for the short kernel near a singular point (tables built with
   * `enhancementSingularAlongSigma` > 0). Absent: the first pass reads `orientationBin`.
   */
  readonly alongBin?: Uint8Array;
}

/**
 * Sigma of the second set of along-ridge kernels: `enhancementSingularAlongSigma` (near cores
 * and deltas) when set, else `enhancementClearAlongSigma` (in clear flow); 0 = none.
 */
export function shortAlongSigma(params: ExtractionParameters): number {
  return params.enhancementSingularAlongSigma > 0 ? params.enhancementSingularAlongSigma : params.enhancementClearAlongSigma > 0 ? params.enhancementClearAlongSigma : 0;
}

/**
 * The selection with the short along-ridge kernel ({@link shortAlongSigma}) at the pixels of
 * `near` (1 = within reach of a core or a delta, or in clear flow): their along bins move to the
 * second half of the tables. The band-pass across the ridges keeps `orientationBin`.
 */
export function withShortAlongKernel(selection: FilterSelection, near: Uint8Array, params: ExtractionParameters): FilterSelection {
  const bins = params.enhancementOrientationBins;
  const alongBin = selection.orientationBin.slice();
  for (let i = 0; i < alongBin.length; i++) if (near[i]) alongBin[i] += bins;
  return { ...selection, alongBin };
}

export function selectFilters(
  width: number,
  height: number,
  orientation: OrientationField,
  frequency: FrequencyField,
  params: ExtractionParameters,
  region?: Uint8Array,
): FilterSelection {
  const { cols, rows, blockSize } = orientation.grid;
  const bins = params.enhancementOrientationBins;
  const nPeriods = periodBinCount(params);
  const kernel = loadEnhanceKernel();
  if (kernel) return selectWithKernel(kernel, width, height, orientation, frequency, params, region);
  const orientationBin = new Uint8Array(width * height);
  const periodBin = new Uint8Array(width * height);
  const { cos2, sin2 } = orientation;
  const period = frequency.period;
  const minP = params.enhancementMinPeriod;
  const step = params.enhancementPeriodStep;
  const scale = bins / Math.PI;
  // bilinear weights between block centres, computed once per column and per row
  const { x0: colX0, x1: colX1, ax: colAx } = blockColumnWeights(width, blockSize, cols);
  const rowWeights = blockRowWeights(height, blockSize, rows, cols);
  for (let y = 0; y < height; y++) {
    const r0 = rowWeights.r0[y];
    const r1 = rowWeights.r1[y];
    const ay = rowWeights.ay[y];
    for (let x = 0; x < width; x++) {
      if (region && !region[y * width + x]) continue;
      const x0 = colX0[x];
      const x1 = colX1[x];
      const ax = colAx[x];
      const w00 = (1 - ax) * (1 - ay);
      const w01 = ax * (1 - ay);
      const w10 = (1 - ax) * ay;
      const w11 = ax * ay;
      const c = w00 * cos2[r0 + x0] + w01 * cos2[r0 + x1] + w10 * cos2[r1 + x0] + w11 * cos2[r1 + x1];
      const s = w00 * sin2[r0 + x0] + w01 * sin2[r0 + x1] + w10 * sin2[r1 + x0] + w11 * sin2[r1 + x1];
      let a = 0.5 * fastAtan2(s, c);
      if (a < 0) a += Math.PI;
      let o = Math.round(a * scale);
      if (o >= bins) o -= bins;
      const p = w00 * period[r0 + x0] + w01 * period[r0 + x1] + w10 * period[r1 + x0] + w11 * period[r1 + x1];
      let pb = Math.round((p - minP) / step);
      if (pb < 0) pb = 0;
      if (pb >= nPeriods) pb = nPeriods - 1;
      orientationBin[y * width + x] = o;
      periodBin[y * width + x] = pb;
    }
  }
  return { orientationBin, periodBin };
}

/**
 * {@link selectFilters}'s per-pixel loop by the WebAssembly kernel (enhance-kernel.wat), eight
 * pixels at a time, the same doubles in each lane. Its memory, from byte 0: the three block
 * fields, the column and row weights, the region, then the two outputs (zeroed).
 */
function selectWithKernel(
  kernel: EnhanceKernel, width: number, height: number, orientation: OrientationField, frequency: FrequencyField, params: ExtractionParameters, region?: Uint8Array,
): FilterSelection {
  const { cols, rows, blockSize } = orientation.grid;
  const n = width * height;
  const cells = cols * rows;
  const { x0, x1, ax } = blockColumnWeights(width, blockSize, cols);
  const rowWeights = blockRowWeights(height, blockSize, rows, cols);
  const align = (v: number): number => (v + 15) & ~15;
  const cosAt = 0;
  const sinAt = align(cosAt + 4 * cells);
  const periodAt = align(sinAt + 4 * cells);
  const x0At = align(periodAt + 4 * cells);
  const x1At = align(x0At + 4 * (width + 8));
  const axAt = align(x1At + 4 * (width + 8));
  const r0At = align(axAt + 4 * (width + 8));
  const r1At = align(r0At + 4 * height);
  const ayAt = align(r1At + 4 * height);
  const regionAt = align(ayAt + 8 * height);
  // 8 bytes of slack after the region and each output: the kernel reads and writes 8 at a time
  const outOAt = align(regionAt + (region ? n + 8 : 0));
  const outPAt = align(outOAt + n + 8);
  const end = outPAt + n + 8;
  const memory = kernel.memory;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  const buffer = memory.buffer;
  new Float32Array(buffer, cosAt, cells).set(orientation.cos2);
  new Float32Array(buffer, sinAt, cells).set(orientation.sin2);
  new Float32Array(buffer, periodAt, cells).set(frequency.period);
  // 8 more columns, copies of the last, for the lanes past a row's end
  const column = <T extends Int32Array | Float32Array>(at: number, values: T, Ctor: { new (b: ArrayBufferLike, o: number, l: number): T }): void => {
    const view = new Ctor(buffer, at, width + 8);
    view.set(values);
    view.fill(values[width - 1], width);
  };
  column(x0At, x0, Int32Array);
  column(x1At, x1, Int32Array);
  column(axAt, ax, Float32Array);
  new Int32Array(buffer, r0At, height).set(rowWeights.r0);
  new Int32Array(buffer, r1At, height).set(rowWeights.r1);
  new Float64Array(buffer, ayAt, height).set(rowWeights.ay);
  const bytes = new Uint8Array(buffer);
  if (region) bytes.set(region, regionAt);
  bytes.fill(0, outOAt, end);
  kernel.select(
    cosAt, sinAt, periodAt, x0At, x1At, axAt, r0At, r1At, ayAt, region ? regionAt : 0, width, height,
    params.enhancementOrientationBins / Math.PI, params.enhancementMinPeriod, params.enhancementPeriodStep,
    params.enhancementOrientationBins, periodBinCount(params), outOAt, outPAt,
  );
  return { orientationBin: bytes.slice(outOAt, outOAt + n), periodBin: bytes.slice(outPAt, outPAt + n) };
}

/** atan2 to within 2.1e-4 rad (minimax polynomial; 2.03e-4 at ±45° by dense sampling): Math.atan2 was a third of this stage's cost. */
function fastAtan2(y: number, x: number): number {
  const ax = x < 0 ? -x : x;
  const ay = y < 0 ? -y : y;
  const mx = ax > ay ? ax : ay;
  if (mx === 0) return 0;
  const a = (ax < ay ? ax : ay) / mx;
  const q = a * a;
  let r = ((-0.0464964749 * q + 0.15931422) * q - 0.327622764) * q * a + a;
  if (ay > ax) r = Math.PI / 2 - r;
  if (x < 0) r = Math.PI - r;
  return y < 0 ? -r : r;
}

function periodBinCount(params: ExtractionParameters): number {
  return Math.floor((params.enhancementMaxPeriod - params.enhancementMinPeriod) / params.enhancementPeriodStep) + 1;
}

/**
 * Kernel taps of the separable oriented Gabor filter: `along[o]` smooths along the ridge
 * direction of bin o (Gaussian), `across[o·P + p]` is the even Gabor band-pass across the
 * ridges for period bin p. Taps sit on whole pixels (offsets rounded), and each weight is
 * computed from the tap's exact projection on the filter axis, so rounding shifts a tap
 * sideways along the ridge (harmless) rather than changing its phase. Offsets are in the
 * padded buffer of row stride `stride`. The band-pass has zero mean so flat areas give 0.
 */
export interface FilterTables {
  readonly alongOffsets: Int32Array[];
  readonly alongWeights: Float32Array[];
  readonly acrossOffsets: Int32Array[];
  readonly acrossWeights: Float32Array[];
  readonly periods: number;
  /** The same tables flattened (orientation-major, then period), for the inner loops. */
  readonly alongO: Int32Array;
  readonly alongW: Float32Array;
  readonly acrossO: Int32Array;
  readonly acrossW: Float32Array;
}

/** Tables per (row stride, parameter set): images of one sensor share them, so build once. */
const tableCache = new Map<string, FilterTables>();

export function buildFilterTables(stride: number, params: ExtractionParameters): FilterTables {
  const key = `${stride}|${params.enhancementOrientationBins}|${params.enhancementMinPeriod}|${params.enhancementMaxPeriod}|${params.enhancementPeriodStep}|${params.enhancementAlongHalfLength}|${params.enhancementAlongSigma}|${params.enhancementAcrossHalfLength}|${params.enhancementAcrossSigmaPeriods}|${params.enhancementSingularAlongSigma}|${params.enhancementClearAlongSigma}`;
  const cached = tableCache.get(key);
  if (cached) return cached;
  const built = computeFilterTables(stride, params);
  if (tableCache.size > 64) tableCache.clear();
  tableCache.set(key, built);
  return built;
}

function computeFilterTables(stride: number, params: ExtractionParameters): FilterTables {
  const bins = params.enhancementOrientationBins;
  const nP = periodBinCount(params);
  const K = params.enhancementAlongHalfLength;
  const M = params.enhancementAcrossHalfLength;
  const alongOffsets: Int32Array[] = [];
  const alongWeights: Float32Array[] = [];
  const acrossOffsets: Int32Array[] = [];
  const acrossWeights: Float32Array[] = [];
  const alongTable = (o: number, sigma: number): void => {
    const th = (o / bins) * Math.PI;
    const dx = Math.cos(th);
    const dy = Math.sin(th);
    const ao = new Int32Array(2 * K + 1);
    const aw = new Float32Array(2 * K + 1);
    let sum = 0;
    for (let k = -K; k <= K; k++) {
      const ox = Math.round(k * dx);
      const oy = Math.round(k * dy);
      const t = ox * dx + oy * dy;
      const w = Math.exp((-t * t) / (2 * sigma * sigma));
      ao[k + K] = oy * stride + ox;
      aw[k + K] = w;
      sum += w;
    }
    for (let i = 0; i < aw.length; i++) aw[i] /= sum;
    alongOffsets.push(ao);
    alongWeights.push(aw);
  };
  for (let o = 0; o < bins; o++) {
    const th = (o / bins) * Math.PI;
    const dx = Math.cos(th);
    const dy = Math.sin(th);
    alongTable(o, params.enhancementAlongSigma);
    const nx = -dy;
    const ny = dx;
    for (let p = 0; p < nP; p++) {
      const period = params.enhancementMinPeriod + p * params.enhancementPeriodStep;
      const sigma = params.enhancementAcrossSigmaPeriods * period;
      const co = new Int32Array(2 * M + 1);
      const cw = new Float32Array(2 * M + 1);
      let mean = 0;
      let env = 0;
      const envs = new Float32Array(2 * M + 1);
      for (let k = -M; k <= M; k++) {
        const ox = Math.round(k * nx);
        const oy = Math.round(k * ny);
        const t = ox * nx + oy * ny;
        const g = Math.exp((-t * t) / (2 * sigma * sigma));
        co[k + M] = oy * stride + ox;
        cw[k + M] = g * Math.cos((2 * Math.PI * t) / period);
        envs[k + M] = g;
        mean += cw[k + M];
        env += g;
      }
      // remove the DC response in proportion to the envelope, then scale to unit energy
      let energy = 0;
      for (let i = 0; i < cw.length; i++) {
        cw[i] -= (mean / env) * envs[i];
        energy += cw[i] * cw[i];
      }
      const norm = Math.sqrt(energy) || 1;
      for (let i = 0; i < cw.length; i++) cw[i] /= norm;
      acrossOffsets.push(co);
      acrossWeights.push(cw);
    }
  }
  // the short along kernels near singular points or in clear flow, bins o + bins (off by default)
  const shortSigma = shortAlongSigma(params);
  if (shortSigma > 0) for (let o = 0; o < bins; o++) alongTable(o, shortSigma);
  const flat = (parts: Int32Array[]): Int32Array => flatten(parts, Int32Array);
  const flatW = (parts: Float32Array[]): Float32Array => flatten(parts, Float32Array);
  return {
    alongOffsets,
    alongWeights,
    acrossOffsets,
    acrossWeights,
    periods: nP,
    alongO: flat(alongOffsets),
    alongW: flatW(alongWeights),
    acrossO: flat(acrossOffsets),
    acrossW: flatW(acrossWeights),
  };
}

/**
 * Contextual enhancement: an oriented Gabor filter split into a Gaussian smoothing along the
 * local ridge direction followed by a Gabor band-pass across it, tuned to the local period
 * (Hong, Wan & Jain 1998 use the 2-D filter; the separable form costs 2·(taps) instead of
 * taps² per pixel). Ridges come out negative, valleys positive; background is 0.
 * Cost: about 40 multiply-adds per foreground pixel. `region` (optional) is the
 * near-foreground mask if the caller already has it (see {@link nearForeground}).
 * `blank` (optional, 1 per pixel of a blank spot, find-blank-spots.ts) marks missing data: the
 * smoothing along the ridges then averages only the pixels it has (normalised convolution,
 * Knutsson & Westin 1993), so a ridge through a dry blotch is continued from both sides instead
 * of being read as white valley; with too little support (under a quarter of the kernel's
 * weight, deep inside a wide blotch) the plain average is kept.
 */
export function enhanceRidges(
  image: FloatImage,
  selection: FilterSelection,
  foreground: Uint8Array,
  params: ExtractionParameters,
  region?: Uint8Array,
  blank?: Uint8Array | null,
): FloatImage {
  const { width, height, data } = image;
  const pad = Math.max(params.enhancementAlongHalfLength, params.enhancementAcrossHalfLength) + 1;
  const pw = width + 2 * pad;
  const ph = height + 2 * pad;
  const tables = buildFilterTables(pw, params);
  const reach = params.enhancementAcrossHalfLength + 1;
  // the same two passes in WebAssembly when it is there (the same sums in the same order, so the
  // same bits; blank spots' normalised smoothing stays in JavaScript)
  const kernel = blank ? null : loadEnhanceKernel();
  if (kernel) return enhanceWithKernel(kernel, image, selection, foreground, region ?? nearForeground(foreground, width, height, reach), tables, pad);
  const padded = new Float32Array(pw * ph);
  copyRowsInto(data, width, height, padded, pad * pw + pad, pw);
  const { orientationBin, periodBin } = selection;
  const alongBin = selection.alongBin ?? orientationBin;
  const { alongO, alongW, acrossO, acrossW } = tables;
  const alongTaps = tables.alongOffsets[0].length;
  const acrossTaps = tables.acrossOffsets[0].length;
  // blank spots in padded coordinates, and the pixels whose along kernel reaches one
  let paddedBlank: Uint8Array | null = null;
  let nearBlank: Uint8Array | null = null;
  if (blank) {
    paddedBlank = new Uint8Array(pw * ph);
    copyRowsInto(blank, width, height, paddedBlank, pad * pw + pad, pw);
    nearBlank = nearForeground(blank, width, height, params.enhancementAlongHalfLength);
  }
  // pass 1 (along the ridges) everywhere the band-pass of a foreground pixel can read
  const along = new Float32Array(pw * ph);
  const near = region ?? nearForeground(foreground, width, height, reach);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const prow = (y + pad) * pw + pad;
    let x = 0;
    while (x < width) {
      const i = row + x;
      if (!near[i]) {
        x++;
        continue;
      }
      const base = alongBin[i] * alongTaps;
      const c = prow + x;
      if (x + 3 < width && near[i + 1] && near[i + 2] && near[i + 3] && sameBin(alongBin, i) && !(nearBlank && anyOfFour(nearBlank, i))) {
        filterFour(padded, along, c, alongO, alongW, base, alongTaps);
        x += 4;
        continue;
      }
      let s = 0;
      let support = 0;
      if (nearBlank && paddedBlank && nearBlank[i]) {
        for (let k = 0; k < alongTaps; k++) {
          const o = c + alongO[base + k];
          if (paddedBlank[o]) continue;
          s += alongW[base + k] * padded[o];
          support += alongW[base + k];
        }
      }
      if (support >= 0.25) {
        s /= support;
      } else {
        // no blank spot within reach, or too little of the kernel outside one to continue the
        // ridges: the plain average
        s = 0;
        for (let k = 0; k < alongTaps; k++) s += alongW[base + k] * padded[c + alongO[base + k]];
      }
      along[c] = s;
      x++;
    }
  }
  const out = new Float32Array(width * height);
  const nP = tables.periods;
  // pass 2 (across the ridges) on the foreground; `out` is unpadded: pixel i sits at c + (i − c)
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const prow = (y + pad) * pw + pad;
    let x = 0;
    while (x < width) {
      const i = row + x;
      if (!foreground[i]) {
        x++;
        continue;
      }
      const base = (orientationBin[i] * nP + periodBin[i]) * acrossTaps;
      const c = prow + x;
      if (x + 3 < width && foreground[i + 1] && foreground[i + 2] && foreground[i + 3] && sameBin(orientationBin, i) && sameBin(periodBin, i)) {
        filterFour(along, out, c, acrossO, acrossW, base, acrossTaps, i - c);
        x += 4;
        continue;
      }
      let s = 0;
      for (let k = 0; k < acrossTaps; k++) s += acrossW[base + k] * along[c + acrossO[base + k]];
      out[i] = s;
      x++;
    }
  }
  return { width, height, data: out };
}

/**
 * {@link enhanceRidges}'s two passes by the WebAssembly kernel (enhance-kernel.wat), for the
 * pixels of `near` (along the ridges) and of `foreground` (across them). Its memory, from byte 0:
 * the four flattened tables, the padded image, the padded along-pass image (zeroed), the output
 * (zeroed), then the masks and bins (one byte per pixel); grown when an image needs more.
 */
function enhanceWithKernel(
  kernel: EnhanceKernel, image: FloatImage, selection: FilterSelection, foreground: Uint8Array, near: Uint8Array, tables: FilterTables, pad: number,
): FloatImage {
  const { width, height, data } = image;
  const n = width * height;
  const pw = width + 2 * pad;
  const pn = pw * (height + 2 * pad);
  const { alongO, alongW, acrossO, acrossW } = tables;
  const align = (v: number): number => (v + 15) & ~15;
  const alongOAt = 0;
  const alongWAt = align(alongOAt + alongO.byteLength);
  const acrossOAt = align(alongWAt + alongW.byteLength);
  const acrossWAt = align(acrossOAt + acrossO.byteLength);
  const paddedAt = align(acrossWAt + acrossW.byteLength);
  const alongAt = align(paddedAt + 4 * pn);
  const outAt = align(alongAt + 4 * pn);
  const nearAt = align(outAt + 4 * n);
  const fgAt = align(nearAt + n);
  const obAt = align(fgAt + n);
  const pbAt = align(obAt + n);
  const abAt = align(pbAt + n);
  const end = abAt + (selection.alongBin ? n : 0);
  const memory = kernel.memory;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  const buffer = memory.buffer;
  const bytes = new Uint8Array(buffer);
  // (copied every time: the other kernels use the same memory)
  new Int32Array(buffer, alongOAt, alongO.length).set(alongO);
  new Float32Array(buffer, alongWAt, alongW.length).set(alongW);
  new Int32Array(buffer, acrossOAt, acrossO.length).set(acrossO);
  new Float32Array(buffer, acrossWAt, acrossW.length).set(acrossW);
  bytes.fill(0, paddedAt, nearAt);
  const floats = new Float32Array(buffer);
  copyRowsInto(data, width, height, floats, paddedAt / 4 + pad * pw + pad, pw);
  bytes.set(near, nearAt);
  bytes.set(foreground, fgAt);
  bytes.set(selection.orientationBin, obAt);
  bytes.set(selection.periodBin, pbAt);
  if (selection.alongBin) bytes.set(selection.alongBin, abAt);
  const alongTaps = tables.alongOffsets[0].length;
  const acrossTaps = tables.acrossOffsets[0].length;
  kernel.filter(paddedAt, alongAt, nearAt, selection.alongBin ? abAt : obAt, 0, 0, alongOAt, alongWAt, alongTaps, width, height, pw, pad, pw, pad);
  kernel.filter(alongAt, outAt, fgAt, obAt, pbAt, tables.periods, acrossOAt, acrossWAt, acrossTaps, width, height, pw, pad, width, 0);
  return { width, height, data: floats.slice(outAt / 4, outAt / 4 + n) };
}

/** True when pixels i…i+3 have the same bin. */
/** `src` (`width` × `height`, row-major) written row by row into `dst` of row stride `stride`, its first pixel at index `at`. */
function copyRowsInto(src: Float32Array | Uint8Array, width: number, height: number, dst: Float32Array | Uint8Array, at: number, stride: number): void {
  for (let y = 0; y < height; y++) dst.set(src.subarray(y * width, (y + 1) * width), at + y * stride);
}

function sameBin(bins: Uint8Array, i: number): boolean {
  const b = bins[i];
  return bins[i + 1] === b && bins[i + 2] === b && bins[i + 3] === b;
}

function anyOfFour(mask: Uint8Array, i: number): boolean {
  return (mask[i] | mask[i + 1] | mask[i + 2] | mask[i + 3]) !== 0;
}

/**
 * The filter of taps `base`…`base + taps − 1` at the four neighbours c…c+3 of one row of `src`,
 * written to `dst` at c + shift…: the four sums run side by side, each in the same order as
 * one pixel's sum alone (so the results are the same bits), which hides the latency of the
 * additions that one pixel's chain of sums waits on.
 */
function filterFour(
  src: Float32Array, dst: Float32Array, c: number, offsets: Int32Array, weights: Float32Array, base: number, taps: number, shift = 0,
): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let k = 0; k < taps; k++) {
    const w = weights[base + k];
    const o = c + offsets[base + k];
    s0 += w * src[o];
    s1 += w * src[o + 1];
    s2 += w * src[o + 2];
    s3 += w * src[o + 3];
  }
  const d = c + shift;
  dst[d] = s0;
  dst[d + 1] = s1;
  dst[d + 2] = s2;
  dst[d + 3] = s3;
}

/** Pixels within `r` (Chebyshev) of the foreground (a 0/1 mask), by a square dilation. */
export function nearForeground(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  return dilateSquare(mask, width, height, r);
}

function flatten<T extends Int32Array | Float32Array>(parts: T[], Ctor: { new (n: number): T }): T {
  const taps = parts[0].length;
  const out = new Ctor(parts.length * taps);
  parts.forEach((p, i) => out.set(p, i * taps));
  return out;
}
