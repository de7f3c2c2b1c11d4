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
 * samples.
 */
export function transformColumns(plane: Float32Array, stride: number, x: number, y: number, width: number, height: number, taps: LineTaps, scratch: Float32Array): void {
  const { start, source, weight } = taps;
  for (let i = 0; i < height; i++) {
    const out = i * width;
    scratch.fill(0, out, out + width);
    for (let t = start[i], end = start[i + 1]; t < end; t++) {
      const w = weight[t];
      const src = (y + source[t]) * stride + x;
      for (let c = 0; c < width; c++) scratch[out + c] += w * plane[src + c];
    }
  }
  for (let i = 0; i < height; i++) {
    const dst = (y + i) * stride + x;
    plane.set(scratch.subarray(i * width, (i + 1) * width), dst);
  }
}
