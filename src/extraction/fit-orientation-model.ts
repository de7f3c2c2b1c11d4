import { ridgeAngleOf } from './compute-orientation-field.js';
import type { OrientationField } from './types.js';

/**
 * A whole-print model of the orientation field (issue 12, wet4): the doubled-angle vector field
 * (cos 2θ, sin 2θ) fitted over the print by weighted least squares in a basis of products of
 * Legendre polynomials P_i(x)·P_j(y), i + j ≤ degree, on the foreground's bounding box mapped to
 * [−1, 1]² (the polynomial model of Zhou & Gu 2004, without their point charges). A vector field
 * of polynomials has zeros where it winds once around (cores, +2π) or back (deltas, −2π), so it
 * can carry the singular points a closed mass hides, from the flow around them. The two
 * components share one normal matrix; a ridge term (lambda × the mean diagonal) keeps a fit with
 * few reliable blocks from swinging. The degree is lowered until the basis has at most a fifth
 * as many terms as blocks of weight.
 */
export interface OrientationModel {
  /** The fitted doubled-angle vector per block (not unit: its length falls near the model's zeros), 0 off the box. */
  readonly cos2: Float32Array;
  readonly sin2: Float32Array;
  /** The degree used (0 when no fit was made). */
  readonly degree: number;
}

/** Values P_0(t) … P_k(t) of the Legendre polynomials by their three-term recurrence. */
function legendre(t: number, k: number, out: Float64Array): void {
  out[0] = 1;
  if (k >= 1) out[1] = t;
  for (let n = 1; n < k; n++) out[n + 1] = ((2 * n + 1) * t * out[n]! - n * out[n - 1]!) / (n + 1);
}

/** Number of basis terms P_i P_j with i + j ≤ k. */
export function modelTerms(k: number): number {
  return ((k + 1) * (k + 2)) / 2;
}

/**
 * Fits the model to `field` with per-block weights (0 = not used) and evaluates it on every block
 * of the foreground's bounding box. Returns degree 0 (and zero vectors) when the weighted blocks
 * are too few for even a degree-1 fit. Pure; a few ten-thousand operations per print.
 */
export function fitOrientationModel(
  field: Pick<OrientationField, 'grid' | 'cos2' | 'sin2'>,
  weights: ArrayLike<number>,
  foreground: Uint8Array,
  maxDegree: number,
  lambda: number,
): OrientationModel {
  const { cols, rows } = field.grid;
  const n = cols * rows;
  const cos2 = new Float32Array(n);
  const sin2 = new Float32Array(n);
  let x0 = cols;
  let x1 = -1;
  let y0 = rows;
  let y1 = -1;
  let used = 0;
  for (let b = 0; b < n; b++) {
    if (!foreground[b]) continue;
    const x = b % cols;
    const y = (b / cols) | 0;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    if (weights[b]! > 0) used++;
  }
  let k = Math.max(0, Math.floor(maxDegree));
  while (k > 0 && modelTerms(k) * 5 > used) k--;
  if (k < 1 || x1 <= x0 || y1 <= y0) return { cos2, sin2, degree: 0 };
  const m = modelTerms(k);
  const cx = (x0 + x1) / 2;
  const hx = (x1 - x0) / 2;
  const cy = (y0 + y1) / 2;
  const hy = (y1 - y0) / 2;
  // per column and row the Legendre values, so a block's basis is their products
  const px = new Float64Array((x1 - x0 + 1) * (k + 1));
  const py = new Float64Array((y1 - y0 + 1) * (k + 1));
  const tmp = new Float64Array(k + 1);
  for (let x = x0; x <= x1; x++) {
    legendre((x - cx) / hx, k, tmp);
    px.set(tmp, (x - x0) * (k + 1));
  }
  for (let y = y0; y <= y1; y++) {
    legendre((y - cy) / hy, k, tmp);
    py.set(tmp, (y - y0) * (k + 1));
  }
  const basis = (x: number, y: number, out: Float64Array): void => {
    const ox = (x - x0) * (k + 1);
    const oy = (y - y0) * (k + 1);
    let t = 0;
    for (let d = 0; d <= k; d++) for (let i = 0; i <= d; i++) out[t++] = px[ox + i]! * py[oy + d - i]!;
  };
  const A = new Float64Array(m * m);
  const bc = new Float64Array(m);
  const bs = new Float64Array(m);
  const phi = new Float64Array(m);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const b = y * cols + x;
      const w = foreground[b] ? weights[b]! : 0;
      if (!(w > 0)) continue;
      basis(x, y, phi);
      const c = w * field.cos2[b]!;
      const s = w * field.sin2[b]!;
      for (let i = 0; i < m; i++) {
        const wi = w * phi[i]!;
        bc[i] += c * phi[i]!;
        bs[i] += s * phi[i]!;
        for (let j = 0; j <= i; j++) A[i * m + j] += wi * phi[j]!;
      }
    }
  }
  let trace = 0;
  for (let i = 0; i < m; i++) trace += A[i * m + i]!;
  const ridge = lambda * (trace / m);
  for (let i = 0; i < m; i++) A[i * m + i] += ridge;
  if (!choleskySolve(A, m, bc, bs)) return { cos2, sin2, degree: 0 };
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      basis(x, y, phi);
      let c = 0;
      let s = 0;
      for (let i = 0; i < m; i++) {
        c += bc[i]! * phi[i]!;
        s += bs[i]! * phi[i]!;
      }
      cos2[y * cols + x] = c;
      sin2[y * cols + x] = s;
    }
  }
  return { cos2, sin2, degree: k };
}

/**
 * Solves A·x = b1 and A·x = b2 in place (the solutions overwrite b1, b2) for a symmetric positive
 * definite A of which the lower triangle is filled. False when A is not positive definite.
 */
function choleskySolve(A: Float64Array, m: number, b1: Float64Array, b2: Float64Array): boolean {
  for (let j = 0; j < m; j++) {
    let d = A[j * m + j]!;
    for (let p = 0; p < j; p++) d -= A[j * m + p]! * A[j * m + p]!;
    if (!(d > 1e-12)) return false;
    const l = Math.sqrt(d);
    A[j * m + j] = l;
    for (let i = j + 1; i < m; i++) {
      let v = A[i * m + j]!;
      for (let p = 0; p < j; p++) v -= A[i * m + p]! * A[j * m + p]!;
      A[i * m + j] = v / l;
    }
  }
  for (const b of [b1, b2]) {
    for (let i = 0; i < m; i++) {
      let v = b[i]!;
      for (let p = 0; p < i; p++) v -= A[i * m + p]! * b[p]!;
      b[i] = v / A[i * m + i]!;
    }
    for (let i = m - 1; i >= 0; i--) {
      let v = b[i]!;
      for (let p = i + 1; p < m; p++) v -= A[p * m + i]! * b[p]!;
      b[i] = v / A[i * m + i]!;
    }
  }
  return true;
}

/** The model's settings read by {@link replaceDoubtedByModel}. */
export interface OrientationModelSettings {
  /** Map coherence below which a block is doubted and takes the model's direction. */
  readonly threshold: number;
  /** Highest polynomial degree. */
  readonly degree: number;
  /** Ridge term, a share of the normal matrix's mean diagonal. */
  readonly lambda: number;
}

/**
 * The field with its doubted foreground blocks (coherence on the ridge network's map below the
 * threshold, where a wet print's closed valleys leave the map a mush) given the whole-print
 * model's direction, fitted to the other foreground blocks with weight map coherence⁴ × (classical
 * coherence + 0.1). The model's vector length measures how well the flow around agrees (it falls
 * near a singular point and where the fit is torn): a doubted block takes the model's direction in
 * full where the length reaches 0.5 and in proportion below (a doubled-angle blend with its own).
 * Every other block, and the coherence, are untouched; returns `field` itself when no block is
 * doubted or no fit could be made.
 */
export function replaceDoubtedByModel(
  field: OrientationField,
  mapCoherence: ArrayLike<number>,
  classicalCoherence: ArrayLike<number>,
  foreground: Uint8Array,
  settings: OrientationModelSettings,
): OrientationField {
  const n = field.cos2.length;
  const weights = new Float32Array(n);
  let doubted = 0;
  for (let b = 0; b < n; b++) {
    if (!foreground[b]) continue;
    const mc = mapCoherence[b]!;
    if (mc < settings.threshold) doubted++;
    else weights[b] = mc * mc * mc * mc * (classicalCoherence[b]! + 0.1);
  }
  if (doubted === 0) return field;
  const model = fitOrientationModel(field, weights, foreground, settings.degree, settings.lambda);
  if (model.degree === 0) return field;
  const cos2 = Float32Array.from(field.cos2);
  const sin2 = Float32Array.from(field.sin2);
  const angle = Float32Array.from(field.angle);
  for (let b = 0; b < n; b++) {
    if (!foreground[b] || !(mapCoherence[b]! < settings.threshold)) continue;
    const mc = model.cos2[b]!;
    const ms = model.sin2[b]!;
    const len = Math.hypot(mc, ms);
    if (!(len > 1e-6)) continue;
    const a = Math.min(1, len / 0.5);
    const c = (1 - a) * field.cos2[b]! + (a * mc) / len;
    const s = (1 - a) * field.sin2[b]! + (a * ms) / len;
    const l = Math.hypot(c, s);
    if (!(l > 1e-9)) continue;
    cos2[b] = c / l;
    sin2[b] = s / l;
    angle[b] = ridgeAngleOf(cos2[b]!, sin2[b]!);
  }
  return { grid: field.grid, cos2, sin2, angle, coherence: field.coherence };
}
