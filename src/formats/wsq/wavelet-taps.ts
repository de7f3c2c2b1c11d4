/**
 * One level of the WSQ wavelet transform on a line of n samples, expressed as a sparse matrix
 * ("taps": for each output sample, the input samples and weights that make it). Building the
 * matrix once per (length, inversion) and applying it to every row or column keeps the
 * boundary handling out of the hot loops and lets columns be processed row by row.
 *
 * Boundary handling is the standard's symmetric extension for odd-length symmetric filters:
 * the signal is mirrored about its end samples (whole-sample symmetry). In the transform domain
 * that makes the low-pass band whole-sample symmetric at its left end and the high-pass band
 * half-sample symmetric there; at the right end the kinds depend on the parity of n.
 * Low-pass output p is centred on sample 2p and high-pass output p on sample 2p+1; the low band
 * has ceil(n/2) samples. With spectral inversion the high band is stored first.
 */

export interface LineTaps {
  readonly length: number;
  /** Taps of output i are entries start[i] … start[i+1]−1 of `source` and `weight`. */
  readonly start: Int32Array;
  readonly source: Int32Array;
  readonly weight: Float64Array;
}

/**
 * Index of a sample of an extended sequence of `n` samples. `wholeLeft`/`wholeRight` choose
 * whole-sample (…2 1 | 0 1 2…) or half-sample (…1 0 | 0 1…) mirroring at each end.
 * Every reflection brings the index strictly closer to the range, so the loop ends.
 */
function mirror(i: number, n: number, wholeLeft: boolean, wholeRight: boolean): number {
  if (n === 1) return 0;
  for (;;) {
    if (i < 0) i = wholeLeft ? -i : -i - 1;
    else if (i >= n) i = wholeRight ? 2 * n - 2 - i : 2 * n - 1 - i;
    else return i;
  }
}

function finish(length: number, start: number[], source: number[], weight: number[]): LineTaps {
  start.push(source.length);
  return { length, start: Int32Array.from(start), source: Int32Array.from(source), weight: Float64Array.from(weight) };
}

/**
 * Synthesis taps: output sample i of the reconstructed line from the stored line
 * [low band | high band] (or [high | low] when `inverted`).
 * x[i] = Σ_j g0[j]·L[(i−j)/2] over j ≡ i (mod 2) + Σ_j g1[j]·H[(i−1−j)/2] over j ≡ i−1 (mod 2).
 */
export function buildSynthesisTaps(n: number, inverted: boolean, low: Float64Array, high: Float64Array): LineTaps {
  const lowLength = (n + 1) >> 1;
  const highLength = n >> 1;
  const lowBase = inverted ? highLength : 0;
  const highBase = inverted ? 0 : lowLength;
  const odd = n % 2 === 1;
  const lowReach = low.length - 1;
  const highReach = high.length - 1;
  const start: number[] = [];
  const source: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    start.push(source.length);
    for (let j = -lowReach; j <= lowReach; j++) {
      if (((i - j) & 1) !== 0) continue;
      source.push(lowBase + mirror((i - j) / 2, lowLength, true, odd));
      weight.push(low[Math.abs(j)]);
    }
    if (highLength === 0) continue;
    for (let j = -highReach; j <= highReach; j++) {
      if (((i - 1 - j) & 1) !== 0) continue;
      source.push(highBase + mirror((i - 1 - j) / 2, highLength, false, !odd));
      weight.push(high[Math.abs(j)]);
    }
  }
  return finish(n, start, source, weight);
}

/**
 * Analysis taps: stored line [low | high] (or [high | low] when `inverted`) from the n input
 * samples, with whole-sample mirroring of the input at both ends.
 */
export function buildAnalysisTaps(n: number, inverted: boolean, low: Float64Array, high: Float64Array): LineTaps {
  const lowLength = (n + 1) >> 1;
  const highLength = n >> 1;
  const out: { src: number[]; w: number[] }[] = new Array(n);
  const lowBase = inverted ? highLength : 0;
  const highBase = inverted ? 0 : lowLength;
  const lowReach = low.length - 1;
  const highReach = high.length - 1;
  for (let p = 0; p < lowLength; p++) {
    const src: number[] = [];
    const w: number[] = [];
    for (let k = -lowReach; k <= lowReach; k++) {
      src.push(mirror(2 * p + k, n, true, true));
      w.push(low[Math.abs(k)]);
    }
    out[lowBase + p] = { src, w };
  }
  for (let p = 0; p < highLength; p++) {
    const src: number[] = [];
    const w: number[] = [];
    for (let k = -highReach; k <= highReach; k++) {
      src.push(mirror(2 * p + 1 + k, n, true, true));
      w.push(high[Math.abs(k)]);
    }
    out[highBase + p] = { src, w };
  }
  const start: number[] = [];
  const source: number[] = [];
  const weight: number[] = [];
  for (const o of out) {
    start.push(source.length);
    source.push(...o.src);
    weight.push(...o.w);
  }
  return finish(n, start, source, weight);
}

/**
 * Applies line taps to every row of a rectangle of a row-major plane, in place, using a line
 * buffer of at least `taps.length` samples.
 */
export function transformRows(plane: Float32Array, stride: number, x: number, y: number, width: number, height: number, taps: LineTaps, line: Float64Array): void {
  const { start, source, weight } = taps;
  for (let r = 0; r < height; r++) {
    const base = (y + r) * stride + x;
    for (let i = 0; i < width; i++) line[i] = plane[base + i];
    for (let i = 0; i < width; i++) {
      let sum = 0;
      for (let t = start[i], end = start[i + 1]; t < end; t++) sum += weight[t] * line[source[t]];
      plane[base + i] = sum;
    }
  }
}

/**
 * Applies line taps down every column of a rectangle, in place. Works a whole output row at a
 * time (input rows are read contiguously) through `scratch`, which must hold width × height
 * samples. Rows made of 7 or 9 input rows (the standard 9/7 filters) take an unrolled path.
 * With `copyBack` false the result stays in `scratch` (rows of `width` samples) for the next
 * pass to read.
 */
export function transformColumns(plane: Float32Array, stride: number, x: number, y: number, width: number, height: number, taps: LineTaps, scratch: Float32Array, copyBack = true): void {
  const { start, source, weight } = taps;
  for (let i = 0; i < height; i++) {
    const o = i * width;
    const t = start[i];
    const count = start[i + 1] - t;
    const row = (k: number) => (y + source[t + k]) * stride + x;
    if (count === 9) {
      const r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6), r7 = row(7), r8 = row(8);
      const w0 = weight[t], w1 = weight[t + 1], w2 = weight[t + 2], w3 = weight[t + 3], w4 = weight[t + 4];
      const w5 = weight[t + 5], w6 = weight[t + 6], w7 = weight[t + 7], w8 = weight[t + 8];
      for (let c = 0; c < width; c++) {
        scratch[o + c] =
          w0 * plane[r0 + c] + w1 * plane[r1 + c] + w2 * plane[r2 + c] + w3 * plane[r3 + c] + w4 * plane[r4 + c] +
          w5 * plane[r5 + c] + w6 * plane[r6 + c] + w7 * plane[r7 + c] + w8 * plane[r8 + c];
      }
    } else if (count === 7) {
      const r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6);
      const w0 = weight[t], w1 = weight[t + 1], w2 = weight[t + 2], w3 = weight[t + 3], w4 = weight[t + 4], w5 = weight[t + 5], w6 = weight[t + 6];
      for (let c = 0; c < width; c++) {
        scratch[o + c] = w0 * plane[r0 + c] + w1 * plane[r1 + c] + w2 * plane[r2 + c] + w3 * plane[r3 + c] + w4 * plane[r4 + c] + w5 * plane[r5 + c] + w6 * plane[r6 + c];
      }
    } else {
      scratch.fill(0, o, o + width);
      for (let k = 0; k < count; k++) {
        const w = weight[t + k];
        const src = row(k);
        for (let c = 0; c < width; c++) scratch[o + c] += w * plane[src + c];
      }
    }
  }
  if (!copyBack) return;
  for (let i = 0; i < height; i++) {
    const dst = (y + i) * stride + x;
    plane.set(scratch.subarray(i * width, (i + 1) * width), dst);
  }
}

/** Mirrored source indices of the `pad` samples before and after a band of n samples. */
function padIndices(n: number, pad: number, wholeLeft: boolean, wholeRight: boolean): [Int32Array, Int32Array] {
  const before = new Int32Array(pad);
  const after = new Int32Array(pad);
  for (let k = 0; k < pad; k++) {
    before[k] = mirror(-pad + k, n, wholeLeft, wholeRight);
    after[k] = mirror(n + k, n, wholeLeft, wholeRight);
  }
  return [before, after];
}

/** Copies a band of a row into `ext` at offset `pad`, with its mirrored margins. */
function extendBand(plane: Float32Array, base: number, n: number, pad: number, before: Int32Array, after: Int32Array, ext: Float64Array): void {
  for (let k = 0; k < pad; k++) ext[k] = plane[base + before[k]];
  for (let k = 0; k < n; k++) ext[pad + k] = plane[base + k];
  for (let k = 0; k < pad; k++) ext[pad + n + k] = plane[base + after[k]];
}

/**
 * Row synthesis for the standard filter lengths (7-tap g0, 9-tap g1; centre-out `low` of 4 and
 * `high` of 5 values), the decoder's hot loop: each output sample is written straight from
 * the mirrored bands, no tap lists. Reads rows of `width` samples from `src` (row r at
 * srcBase + r × srcStride) and writes them to `dst` (dstBase + r × dstStride); the two may be
 * the same array and rows. Needs width ≥ 2; `extLow`/`extHigh` hold width/2 + 8.
 */
export function synthesizeRows97(src: Float32Array, srcBase: number, srcStride: number, dst: Float32Array, dstBase: number, dstStride: number, width: number, height: number, inverted: boolean, low: Float64Array, high: Float64Array, extLow: Float64Array, extHigh: Float64Array): void {
  const n = width;
  const nl = (n + 1) >> 1;
  const nh = n >> 1;
  const odd = (n & 1) === 1;
  const lowBase = inverted ? nh : 0;
  const highBase = inverted ? 0 : nl;
  const PAD = 3;
  const [lb, la] = padIndices(nl, PAD, true, odd);
  const [hb, ha] = padIndices(nh, PAD, false, !odd);
  const a0 = low[0], a1 = low[1], a2 = low[2], a3 = low[3];
  const b0 = high[0], b1 = high[1], b2 = high[2], b3 = high[3], b4 = high[4];
  for (let r = 0; r < height; r++) {
    const from = srcBase + r * srcStride;
    const to = dstBase + r * dstStride;
    extendBand(src, from + lowBase, nl, PAD, lb, la, extLow);
    extendBand(src, from + highBase, nh, PAD, hb, ha, extHigh);
    for (let m = 0; m < nl; m++) {
      const l = PAD + m;
      const h = PAD + m;
      const i = to + 2 * m;
      dst[i] = a0 * extLow[l] + a2 * (extLow[l - 1] + extLow[l + 1]) + b1 * (extHigh[h - 1] + extHigh[h]) + b3 * (extHigh[h - 2] + extHigh[h + 1]);
      if (2 * m + 1 < n) {
        dst[i + 1] =
          a1 * (extLow[l] + extLow[l + 1]) + a3 * (extLow[l - 1] + extLow[l + 2]) + b0 * extHigh[h] + b2 * (extHigh[h - 1] + extHigh[h + 1]) + b4 * (extHigh[h - 2] + extHigh[h + 2]);
      }
    }
  }
}

/**
 * Row analysis for the standard filter lengths (9-tap h0, 7-tap h1; centre-out `low` of 5 and
 * `high` of 4 values), the encoder's hot loop. Needs width ≥ 2; `ext` holds width + 8.
 */
export function analyzeRows97(plane: Float32Array, stride: number, x: number, y: number, width: number, height: number, inverted: boolean, low: Float64Array, high: Float64Array, ext: Float64Array): void {
  const n = width;
  const nl = (n + 1) >> 1;
  const nh = n >> 1;
  const lowBase = inverted ? nh : 0;
  const highBase = inverted ? 0 : nl;
  const PAD = 4;
  const [before, after] = padIndices(n, PAD, true, true);
  const c0 = low[0], c1 = low[1], c2 = low[2], c3 = low[3], c4 = low[4];
  const d0 = high[0], d1 = high[1], d2 = high[2], d3 = high[3];
  for (let r = 0; r < height; r++) {
    const base = (y + r) * stride + x;
    extendBand(plane, base, n, PAD, before, after, ext);
    for (let p = 0; p < nl; p++) {
      const e = PAD + 2 * p;
      plane[base + lowBase + p] = c0 * ext[e] + c1 * (ext[e - 1] + ext[e + 1]) + c2 * (ext[e - 2] + ext[e + 2]) + c3 * (ext[e - 3] + ext[e + 3]) + c4 * (ext[e - 4] + ext[e + 4]);
    }
    for (let p = 0; p < nh; p++) {
      const e = PAD + 2 * p + 1;
      plane[base + highBase + p] = d0 * ext[e] + d1 * (ext[e - 1] + ext[e + 1]) + d2 * (ext[e - 2] + ext[e + 2]) + d3 * (ext[e - 3] + ext[e + 3]);
    }
  }
}
