/**
 * Discrete Fourier transforms of power-of-two lengths (iterative radix-2, in place), for the
 * smear's estimate and its undoing (undo-smear.ts). Twiddle factors and bit-reversal tables are
 * made once per length and thread and kept (immutable). O(n log n) per line.
 */

interface Tables {
  readonly reverse: Uint32Array;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}
const tables = new Map<number, Tables>();

function tablesFor(n: number): Tables {
  let t = tables.get(n);
  if (t) return t;
  if (n < 2 || (n & (n - 1)) !== 0) throw new RangeError(`FFT length ${n} is not a power of two`);
  const bits = Math.log2(n);
  const reverse = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    reverse[i] = r;
  }
  const cos = new Float64Array(n / 2), sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  t = { reverse, cos, sin };
  tables.set(n, t);
  return t;
}

/**
 * In-place transform of `n` contiguous complex values from `offset` in `re`/`im`. Forward is
 * e^(−2πi kx/n); the inverse is scaled by 1/n.
 */
export function fft(re: Float64Array, im: Float64Array, n: number, inverse = false, offset = 0): void {
  const { reverse, cos, sin } = tablesFor(n);
  for (let i = 0; i < n; i++) {
    const j = reverse[i]!;
    if (i < j) {
      const a = offset + i, b = offset + j;
      const tr = re[a]!, ti = im[a]!;
      re[a] = re[b]!; im[a] = im[b]!;
      re[b] = tr; im[b] = ti;
    }
  }
  const sign = inverse ? -1 : 1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1, step = n / size;
    for (let k = 0; k < half; k++) {
      const wr = cos[k * step]!, wi = sign * sin[k * step]!;
      for (let a = offset + k; a < offset + n; a += size) {
        const b = a + half;
        const br = re[b]!, bi = im[b]!;
        const xr = br * wr - bi * wi, xi = br * wi + bi * wr;
        const ar = re[a]!, ai = im[a]!;
        re[b] = ar - xr; im[b] = ai - xi;
        re[a] = ar + xr; im[a] = ai + xi;
      }
    }
  }
  if (inverse) {
    const scale = 1 / n;
    for (let a = offset; a < offset + n; a++) {
      re[a] = re[a]! * scale; im[a] = im[a]! * scale;
    }
  }
}

/** `src` (`width` × `height`, row-major) written transposed into `dst` (`height` × `width`). */
function transpose(src: Float64Array, dst: Float64Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) dst[x * height + y] = src[row + x]!;
  }
}

const spare = { re: new Float64Array(0), im: new Float64Array(0) };

/**
 * In-place 2-D transform of a `width` × `height` row-major array (both powers of two): rows, then
 * columns as the rows of the transposed array (contiguous, so the cache serves them).
 */
export function fft2(re: Float64Array, im: Float64Array, width: number, height: number, inverse = false): void {
  for (let y = 0; y < height; y++) fft(re, im, width, inverse, y * width);
  const n = width * height;
  if (spare.re.length < n) {
    spare.re = new Float64Array(n);
    spare.im = new Float64Array(n);
  }
  const tr = spare.re.subarray(0, n), ti = spare.im.subarray(0, n);
  transpose(re, tr, width, height);
  transpose(im, ti, width, height);
  for (let x = 0; x < width; x++) fft(tr, ti, height, inverse, x * height);
  transpose(tr, re, height, width);
  transpose(ti, im, height, width);
}
