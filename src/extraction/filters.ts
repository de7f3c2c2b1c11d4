/** Small numeric helpers shared by the stages: box sums and Gaussian smoothing on typed arrays. */
import { loadEnhanceKernel, type EnhanceKernel } from './load-enhance-kernel.js';

/**
 * Math.hypot(x, y), the same double to the bit, without the builtin's cost (V8's takes its
 * arguments as a list: about 25 ns a call against a few for this, and the orientation field
 * makes several calls per block). V8 computes it as: ∞ if either is infinite, else NaN if either
 * is NaN, else 0 if both are zero, else with m the larger magnitude, √(Kahan sum of (|x|/m)² and
 * (|y|/m)²) · m — and with two terms that sum is the plain sum, the compensation being exactly 0
 * after the first. Checked against Math.hypot in tests/extraction/filters.test.ts.
 */
export function hypot2(x: number, y: number): number {
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  if (ax === Infinity || ay === Infinity) return Infinity;
  if (x !== x || y !== y) return NaN;
  const m = ax > ay ? ax : ay;
  if (m === 0) return 0;
  const p = ax / m;
  const q = ay / m;
  return Math.sqrt(p * p + q * q) * m;
}

/**
 * Mean of `src` over a (2r+1)² box around each pixel, clipped at the image border: two
 * running-sum passes (rows, then columns), O(1) per pixel whatever r is.
 */
export function boxMean(src: Float32Array, width: number, height: number, r: number): Float32Array {
  // window sizes at each column / row, clipped at the border (same divisions as a direct sum)
  const nx = new Float64Array(width);
  for (let x = 0; x < width; x++) nx[x] = Math.min(width - 1, x + r) - Math.max(0, x - r) + 1;
  const rows = new Float32Array(width * height);
  const lead = Math.max(0, width - r);
  // two rows at a time: each row's running sum is one chain of dependent additions, so two
  // chains side by side run in about the time of one (each sums in its own order: same bits)
  let y = 0;
  for (; y + 1 < height; y += 2) {
    const o = y * width;
    const p = o + width;
    let s = 0;
    let t = 0;
    for (let x = 0; x < r && x < width; x++) {
      s += src[o + x];
      t += src[p + x];
    }
    for (let x = 0; x < width; x++) {
      if (x < lead) {
        s += src[o + x + r];
        t += src[p + x + r];
      }
      if (x > r) {
        s -= src[o + x - r - 1];
        t -= src[p + x - r - 1];
      }
      const n = nx[x];
      rows[o + x] = s / n;
      rows[p + x] = t / n;
    }
  }
  for (; y < height; y++) {
    const o = y * width;
    let s = 0;
    for (let x = 0; x < r && x < width; x++) s += src[o + x];
    for (let x = 0; x < width; x++) {
      if (x < lead) s += src[o + x + r];
      if (x > r) s -= src[o + x - r - 1];
      rows[o + x] = s / nx[x];
    }
  }
  const out = new Float32Array(width * height);
  const acc = new Float64Array(width);
  for (let y = 0; y < r && y < height; y++) for (let x = 0; x < width; x++) acc[x] += rows[y * width + x];
  for (let y = 0; y < height; y++) {
    const n = Math.min(height - 1, y + r) - Math.max(0, y - r) + 1;
    const o = y * width;
    // the row entering the window, the row leaving it, then the mean: one pass per row
    const add = y + r < height ? (y + r) * width : -1;
    const sub = y - r - 1 >= 0 ? (y - r - 1) * width : -1;
    if (add >= 0 && sub >= 0) {
      for (let x = 0; x < width; x++) {
        const a = acc[x] + rows[add + x] - rows[sub + x];
        acc[x] = a;
        out[o + x] = a / n;
      }
    } else if (add >= 0) {
      for (let x = 0; x < width; x++) {
        const a = acc[x] + rows[add + x];
        acc[x] = a;
        out[o + x] = a / n;
      }
    } else if (sub >= 0) {
      for (let x = 0; x < width; x++) {
        const a = acc[x] - rows[sub + x];
        acc[x] = a;
        out[o + x] = a / n;
      }
    } else {
      for (let x = 0; x < width; x++) out[o + x] = acc[x] / n;
    }
  }
  return out;
}

/** A normalised 1-D Gaussian kernel of the given sigma (radius 3σ, at least 1). */
export function gaussianKernel(sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 3));
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const v = Math.exp((-i * i) / (2 * sigma * sigma));
    k[i + r] = v;
    sum += v;
  }
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  return k;
}

/**
 * Variance of white pixel noise in an image, by Immerkær's (1996) estimator: the mean absolute
 * response to the 3 × 3 mask [1 −2 1; −2 4 −2; 1 −2 1] (the difference of two Laplacians, blind
 * to constants, ramps and — nearly — to smooth ridges: zero for ridges along either axis, a few
 * per cent of their amplitude on the diagonal at a period of 8 px) times √(π/2)/6 is the noise's
 * standard deviation. Only pixels with `where` set (and a full 3 × 3 neighbourhood) count, so a
 * saturated background does not read as noise-free print. 0 when no pixel counts.
 */
export function estimateNoiseVariance(pixels: Float32Array, width: number, height: number, where: Uint8Array): number {
  let sum = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    const o = y * width;
    for (let x = 1; x < width - 1; x++) {
      if (!where[o + x]) continue;
      const a = o - width + x;
      const b = o + width + x;
      const v =
        pixels[a - 1] - 2 * pixels[a] + pixels[a + 1] - 2 * pixels[o + x - 1] + 4 * pixels[o + x] - 2 * pixels[o + x + 1] + pixels[b - 1] - 2 * pixels[b] + pixels[b + 1];
      sum += Math.abs(v);
      count++;
    }
  }
  if (!count) return 0;
  const sd = (Math.sqrt(Math.PI / 2) / 6) * (sum / count);
  return sd * sd;
}

/**
 * The standard deviation of white pixel noise in a grey image (grey levels), robustly: the median
 * absolute response to Immerkær's 3 × 3 mask (see {@link estimateNoiseVariance}) over every pixel
 * with a full neighbourhood, times 1.4826 / 6 (a Gaussian's median absolute value is 0.6745 of its
 * SD, and the mask multiplies white noise's SD by 6). The median, unlike the mean, is carried by the
 * many pixels where the mask sees little besides noise, so a print's ridges (which the mask nearly
 * ignores) and its strongest edges do not raise it, and a saturated or flat background reads 0.
 * Read on the 320 clean FVC2002 B prints: 0–1.7 (DB1, DB2, DB4), 3.2–5.9 (DB3, a noisier capacitive
 * sensor); with white noise of SD 8 added, 5.4–10.9 (DB1's white background clips half of it).
 * With `region` (one byte per pixel) and `inside`, only the pixels whose region byte is non-zero
 * (`inside` true) or zero (false) are counted: the noise on the finger and on the empty platen read
 * apart (a region with no pixels reads 0). A bilevel image (at most two grey levels among the
 * counted pixels: a thresholded print) reads 0: it holds no white noise, and its median response is
 * that of its staircase edges, 0 or about 40–60 depending on whether they are more than half its
 * pixels. O(W·H): a histogram of the integer responses.
 */
export function estimateNoiseLevel(grey: Float32Array, width: number, height: number, region?: Uint8Array, inside = true): number {
  if (width < 3 || height < 3) return 0;
  // the responses of an 8-bit image are integers in 0–4080: counted, the median read off the counts
  const counts = new Uint32Array(4081);
  let n = 0;
  // the first two grey levels met, and whether a third was
  let first = Number.NaN;
  let second = Number.NaN;
  let third = false;
  for (let y = 1; y < height - 1; y++) {
    const o = y * width;
    for (let x = 1; x < width - 1; x++) {
      if (region && (region[o + x] !== 0) !== inside) continue;
      if (!third) {
        const g = grey[o + x]!;
        if (g !== first && g !== second) {
          if (Number.isNaN(first)) first = g;
          else if (Number.isNaN(second)) second = g;
          else third = true;
        }
      }
      const a = o - width + x;
      const b = o + width + x;
      const v = grey[a - 1]! - 2 * grey[a]! + grey[a + 1]! - 2 * grey[o + x - 1]! + 4 * grey[o + x]! - 2 * grey[o + x + 1]! + grey[b - 1]! - 2 * grey[b]! + grey[b + 1]!;
      counts[Math.min(4080, Math.round(Math.abs(v)))]!++;
      n++;
    }
  }
  if (!n || !third) return 0;
  const half = n / 2;
  let seen = 0;
  for (let r = 0; r < counts.length; r++) {
    seen += counts[r]!;
    if (seen >= half) return (r * 1.4826) / 6;
  }
  return (4080 * 1.4826) / 6;
}

/** E[gx² + gy²] of the 3 × 3 Sobel operator on white noise of unit variance (2 × (1 + 4 + 1) × 2). */
export const SOBEL_NOISE_GAIN = 24;

/**
 * Separable Gaussian smoothing of a whole image (pixels), the border replicated (a flat image
 * stays flat, the mean grey is kept). Cost: two passes of 2⌈3σ⌉ + 1 taps per pixel.
 */
export function smoothImage(src: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const k = gaussianKernel(sigma);
  const r = (k.length - 1) >> 1;
  const tmp = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i < 0 ? 0 : x + i >= width ? width - 1 : x + i;
        s += k[i + r] * src[o + xx];
      }
      tmp[o + x] = s;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    for (let i = -r; i <= r; i++) {
      const yy = y + i < 0 ? 0 : y + i >= height ? height - 1 : y + i;
      const w = k[i + r];
      const p = yy * width;
      for (let x = 0; x < width; x++) out[o + x] += w * tmp[p + x];
    }
  }
  return out;
}

/**
 * Separable Gaussian smoothing of a small grid (block maps), optionally weighted: with
 * `weight`, the result is Σ(w·v)/Σw over the kernel, so unknown cells (w = 0) do not pull
 * values toward zero. Borders are handled by renormalising over the cells inside.
 */
export function smoothGrid(
  src: Float32Array,
  cols: number,
  rows: number,
  sigma: number,
  weight?: Float32Array,
): Float32Array {
  const k = gaussianKernel(sigma);
  // the same sums in WebAssembly when it is there (the same bits)
  const kernel = loadEnhanceKernel();
  if (kernel && cols > 0 && rows > 0) return smoothWithKernel(kernel, src, cols, rows, k, weight);
  const r = (k.length - 1) >> 1;
  const n = cols * rows;
  const num = new Float32Array(n);
  const den = new Float32Array(n);
  const tmpNum = new Float32Array(n);
  const tmpDen = new Float32Array(n);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let sv = 0;
      let sw = 0;
      for (let i = -r; i <= r; i++) {
        const xx = x + i;
        if (xx < 0 || xx >= cols) continue;
        const idx = y * cols + xx;
        const w = k[i + r] * (weight ? weight[idx] : 1);
        sv += w * src[idx];
        sw += w;
      }
      tmpNum[y * cols + x] = sv;
      tmpDen[y * cols + x] = sw;
    }
  }
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let sv = 0;
      let sw = 0;
      for (let i = -r; i <= r; i++) {
        const yy = y + i;
        if (yy < 0 || yy >= rows) continue;
        const idx = yy * cols + x;
        sv += k[i + r] * tmpNum[idx];
        sw += k[i + r] * tmpDen[idx];
      }
      num[y * cols + x] = sv;
      den[y * cols + x] = sw;
    }
  }
  for (let i = 0; i < n; i++) num[i] = den[i] > 1e-12 ? num[i] / den[i] : 0;
  return num;
}

/**
 * {@link smoothGrid} by the WebAssembly kernel (enhance-kernel.wat), four cells at a time. Its
 * memory, from byte 0: the taps, the values and the weights (rows of stride + 2r cells, the grid's
 * after r zeros, zeros after them; weight 1 inside without weights), the two intermediate sums
 * (r zero rows above and below), the result (rows of stride cells).
 */
function smoothWithKernel(kernel: EnhanceKernel, src: Float32Array, cols: number, rows: number, k: Float32Array, weight?: Float32Array): Float32Array {
  const r = (k.length - 1) >> 1;
  const stride = (cols + 3) & ~3;
  const rowLen = stride + 2 * r;
  const align = (v: number): number => (v + 15) & ~15;
  const tapsAt = 0;
  const srcAt = align(tapsAt + 4 * k.length);
  const weightAt = align(srcAt + 4 * rows * rowLen);
  const numAt = align(weightAt + 4 * rows * rowLen);
  const denAt = align(numAt + 4 * (rows + 2 * r) * stride);
  const outAt = align(denAt + 4 * (rows + 2 * r) * stride);
  const end = outAt + 4 * rows * stride;
  const memory = kernel.memory;
  if (memory.buffer.byteLength < end) memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
  const f = new Float32Array(memory.buffer);
  f.set(k, tapsAt >> 2);
  f.fill(0, srcAt >> 2, outAt >> 2);
  for (let y = 0; y < rows; y++) {
    const at = y * rowLen + r;
    f.set(src.subarray(y * cols, (y + 1) * cols), (srcAt >> 2) + at);
    if (weight) f.set(weight.subarray(y * cols, (y + 1) * cols), (weightAt >> 2) + at);
    else f.fill(1, (weightAt >> 2) + at, (weightAt >> 2) + at + cols);
  }
  kernel.smooth(srcAt, weightAt, tapsAt, r, cols, rows, stride, numAt, denAt, outAt);
  const out = new Float32Array(cols * rows);
  for (let y = 0; y < rows; y++) out.set(f.subarray((outAt >> 2) + y * stride, (outAt >> 2) + y * stride + cols), y * cols);
  return out;
}

/** Bilinear sample of a block map at pixel (x, y): block centres sit at (bx + 0.5)·size. */
export function sampleBlockMap(map: Float32Array, cols: number, rows: number, size: number, x: number, y: number): number {
  let fx = (x + 0.5) / size - 0.5;
  let fy = (y + 0.5) / size - 0.5;
  if (fx < 0) fx = 0;
  if (fy < 0) fy = 0;
  if (fx > cols - 1) fx = cols - 1;
  if (fy > rows - 1) fy = rows - 1;
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = x0 + 1 < cols ? x0 + 1 : x0;
  const y1 = y0 + 1 < rows ? y0 + 1 : y0;
  const ax = fx - x0;
  const ay = fy - y0;
  const a = map[y0 * cols + x0] * (1 - ax) + map[y0 * cols + x1] * ax;
  const b = map[y1 * cols + x0] * (1 - ax) + map[y1 * cols + x1] * ax;
  return a * (1 - ay) + b * ay;
}

/**
 * Calls `visit(i, j)` once for every pair i < j of points closer than `radius`, through a grid
 * of radius-sized cells, so the cost grows with the number of close pairs rather than with n²
 * (a noise image can yield tens of thousands of skeleton endings).
 */
export function forEachClosePair(xs: ArrayLike<number>, ys: ArrayLike<number>, radius: number, visit: (i: number, j: number, d2: number) => void): void {
  const n = xs.length;
  if (n < 2 || !(radius > 0)) return;
  const cells = new Map<number, number[]>();
  const key = (cx: number, cy: number): number => cx * 1_000_003 + cy;
  for (let i = 0; i < n; i++) {
    const k = key(Math.floor(xs[i] / radius), Math.floor(ys[i] / radius));
    const list = cells.get(k);
    if (list) list.push(i);
    else cells.set(k, [i]);
  }
  const r2 = radius * radius;
  for (let i = 0; i < n; i++) {
    const cx = Math.floor(xs[i] / radius);
    const cy = Math.floor(ys[i] / radius);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const list = cells.get(key(cx + dx, cy + dy));
        if (!list) continue;
        for (const j of list) {
          if (j <= i) continue;
          const ex = xs[j] - xs[i];
          const ey = ys[j] - ys[i];
          const d2 = ex * ex + ey * ey;
          if (d2 <= r2) visit(i, j, d2);
        }
      }
    }
  }
}

/**
 * Bilinear interpolation between block centres along the x axis: for each pixel column x, the
 * two block columns `x0`, `x1` it lies between and the weight `ax` of `x1` (clamped at the
 * edges). Shared by every stage that spreads a block field over pixels; cost O(width).
 */
export interface BlockColumnWeights {
  readonly x0: Int32Array;
  readonly x1: Int32Array;
  readonly ax: Float32Array;
}

export function blockColumnWeights(width: number, blockSize: number, cols: number): BlockColumnWeights {
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const ax = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    let fx = (x + 0.5) / blockSize - 0.5;
    if (fx < 0) fx = 0;
    if (fx > cols - 1) fx = cols - 1;
    const x0 = Math.floor(fx);
    x0s[x] = x0;
    x1s[x] = x0 + 1 < cols ? x0 + 1 : x0;
    ax[x] = fx - x0;
  }
  return { x0: x0s, x1: x1s, ax };
}

/**
 * The same along the y axis, as row offsets into a block grid of `cols` columns: for each pixel
 * row y, `r0`/`r1` = (block row) × cols of the two block rows it lies between and `ay` the weight
 * of `r1`. Kept in float64 so the stages give exactly what they computed inline before.
 */
export interface BlockRowWeights {
  readonly r0: Int32Array;
  readonly r1: Int32Array;
  readonly ay: Float64Array;
}

export function blockRowWeights(height: number, blockSize: number, rows: number, cols: number): BlockRowWeights {
  const r0s = new Int32Array(height);
  const r1s = new Int32Array(height);
  const ay = new Float64Array(height);
  for (let y = 0; y < height; y++) {
    let fy = (y + 0.5) / blockSize - 0.5;
    if (fy < 0) fy = 0;
    if (fy > rows - 1) fy = rows - 1;
    const y0 = Math.floor(fy);
    r0s[y] = y0 * cols;
    r1s[y] = (y0 + 1 < rows ? y0 + 1 : y0) * cols;
    ay[y] = fy - y0;
  }
  return { r0: r0s, r1: r1s, ay };
}

/**
 * The pixels within `r` (Chebyshev distance) of a pixel of the 0/1 mask equal to `value`, or,
 * with `sides`, of the outside of the image, as 0/1 bytes (a square dilation). The rows' runs are
 * found and widened with the native `indexOf` and `fill`; the columns are spread by the running
 * maxima of van Herk (1992) and Gil & Werman (1993), three ORs per word whatever r is, sixteen
 * pixels at a time in the WebAssembly kernel (enhance-kernel.wat), else four (a 32-bit word).
 * Any other byte than 0 or 1 in `mask` is not allowed.
 */
export function dilateSquare(mask: Uint8Array, width: number, height: number, r: number, value: 0 | 1 = 1, sides = false): Uint8Array {
  r = Math.max(0, Math.floor(r));
  if (width <= 0 || height <= 0) return new Uint8Array(Math.max(0, width * height));
  const kernel = loadEnhanceKernel();
  // whole words per row (in the kernel 16-byte vectors)
  const stride = kernel ? (width + 15) & ~15 : (width + 3) & ~3;
  const words = stride >> 2;
  const rowsPadded = height + 2 * r; // r rows above and below, outside the image
  let rowBytes: Uint8Array;
  if (kernel) {
    // the rows straight into the kernel's memory (from byte 0), the column pass's rows after them
    const end = 2 * rowsPadded * stride;
    if (kernel.memory.buffer.byteLength < end) kernel.memory.grow(Math.ceil((end - kernel.memory.buffer.byteLength) / 65536));
    rowBytes = new Uint8Array(kernel.memory.buffer, 0, rowsPadded * stride);
    rowBytes.fill(0);
  } else {
    rowBytes = new Uint8Array(rowsPadded * stride);
  }
  if (sides) {
    rowBytes.fill(1, 0, r * stride);
    rowBytes.fill(1, (r + height) * stride);
  }
  // the rows: every run of `value` widened by r on both sides (clipped to the row)
  const other = value ? 0 : 1;
  const n = width * height;
  for (let p = mask.indexOf(value); p >= 0; ) {
    let q = mask.indexOf(other, p);
    if (q < 0) q = n;
    // the run [p, q) of the flat image, cut at the rows' ends
    for (let start = p, y = (p / width) | 0; start < q; y++) {
      const rowStart = y * width;
      const rowEnd = rowStart + width;
      const end = q < rowEnd ? q : rowEnd;
      const at = (y + r) * stride - rowStart;
      rowBytes.fill(1, at + Math.max(rowStart, start - r), at + Math.min(rowEnd, end + r));
      start = rowEnd;
    }
    if (q >= n) break;
    p = mask.indexOf(value, q + 1);
  }
  if (sides && r > 0) {
    for (let y = 0; y < height; y++) {
      const at = (y + r) * stride;
      rowBytes.fill(1, at, at + Math.min(r, width));
      rowBytes.fill(1, at + Math.max(0, width - r), at + width);
    }
  }
  if (kernel) {
    const resultAt = rowsPadded * stride;
    kernel.orColumns(0, resultAt, stride, rowsPadded, r);
    const bytes = new Uint8Array(kernel.memory.buffer);
    const out = new Uint8Array(n);
    for (let y = 0; y < height; y++) out.set(bytes.subarray(resultAt + y * stride, resultAt + y * stride + width), y * width);
    return out;
  }
  // the columns: output row y is the OR of padded rows y … y + 2r, the window cut into a
  // suffix of one block of 2r + 1 rows and a prefix of the next (the prefixes in place, the
  // result over the suffixes)
  const prefix = new Int32Array(rowBytes.buffer);
  const suffix = new Int32Array(rowsPadded * words);
  const span = 2 * r + 1;
  for (let b = 0; b < rowsPadded; b += span) {
    const last = Math.min(rowsPadded, b + span) - 1;
    suffix.set(prefix.subarray(last * words, (last + 1) * words), last * words);
    for (let y = last - 1; y >= b; y--) {
      const o = y * words;
      for (let k = 0; k < words; k++) suffix[o + k] = suffix[o + words + k] | prefix[o + k];
    }
    for (let y = b + 1; y <= last; y++) {
      const o = y * words;
      for (let k = 0; k < words; k++) prefix[o + k] |= prefix[o - words + k];
    }
  }
  for (let y = 0; y < height; y++) {
    const a = y * words;
    const c = (y + 2 * r) * words;
    for (let k = 0; k < words; k++) suffix[a + k] |= prefix[c + k];
  }
  const bytes = new Uint8Array(suffix.buffer);
  if (stride === width) return bytes.subarray(0, n);
  const out = new Uint8Array(n);
  for (let y = 0; y < height; y++) out.set(bytes.subarray(y * stride, y * stride + width), y * width);
  return out;
}
