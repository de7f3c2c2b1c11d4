import { CODE_COS2_F32, CODE_SIN2_F32, ORIENTATION_MIN_CELLS, ORIENTATION_MIN_PAIRS, type OrientationCandidate, type PreparedOrientation } from './compare-orientation-maps.js';
import { fitRigidRotation, type RigidFitRotation } from './fit-rigid.js';

/**
 * The orientation agreement through a local fit (`orientationAgreementLocal`, issue 12, maplocal):
 * the two prints' fields compared where each probe cell lands under a transform interpolated
 * from the paired minutiae, instead of under the pairing's one rigid fit. A finger pressed
 * plastically onto the sensor is sheared and turned differently in different places; its
 * minutiae's least-squares rigid fit then leaves the fields turned against each other by several
 * degrees (bench/RESULTS.md, "Why the orientation map costs the second phalanx and DB2": DB2's
 * finger 109, 5–12° everywhere), while the paired minutiae themselves show how each region moved
 * and turned. Our own formulation, in the manner of the elastic re-pairing's smoothed field
 * (refine-pairs-elastically.ts; Bazen & Gerez 2003 fit a thin-plate spline to the pairs).
 *
 * Per pair k, after the rigid fit T of the pairing: its position residual r_k = c_k − T(p_k) and
 * its turn residual φ_k, the candidate minutia's direction less the probe minutia's turned by
 * the fit. At a point x of the probe, with Gaussian weights w_k = exp(−|p_k − x|² / 2σ²) and a
 * stiffness prior λ (λ pairs' worth of no correction at every point: where few pairs lie the
 * rigid fit stands), the correction is the shift Σ w_k r_k / (λ + Σ w_k) and the turn t, the
 * direction of λ·(1, 0) + Σ w_k (cos φ_k, sin φ_k) (a weighted mean of unit vectors rather than
 * of angles: no wrap). Each probe cell is carried to T(x) plus its shift, its direction turned by
 * the fit's rotation plus t, and the agreement is, as before, ½ + ½ · mean cos 2Δ over the cells
 * that land on print.
 *
 * The correction varies slowly (σ is several cells), so it is computed once per block of 2 × 2
 * cells, at the block's centre, and only for blocks holding a cell that is read. The Gaussian is
 * separable and the blocks lie on a grid, so each pair's weights are computed once per block
 * column and once per block row (by recurrence, 4 exponentials a pair and axis) and each block's
 * weight is a product: O(pairs × blocks) multiplications. Scratch buffers live at module level
 * (one set per thread; a comparison never yields); they grow to the largest map seen.
 */

const fit: RigidFitRotation = { ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0, rot: 0, cr: 1, sr: 0, c2r: 1, s2r: 0 };
/** Minutia angles are in units of 2π/256 (prepare-template.ts). */
const RADIANS_PER_UNIT = (2 * Math.PI) / 256;
let capacity = 0;
let residualX = new Float64Array(0), residualY = new Float64Array(0), turnCos = new Float64Array(0), turnSin = new Float64Array(0);
let weightColumn = new Float64Array(0), weightRow = new Float64Array(0);
// per block of 2 × 2 cells: the stamp of the comparison that computed its correction, its shift and turn (cos 2t, sin 2t)
let blockStamp = new Int32Array(0), blockDx = new Float64Array(0), blockDy = new Float64Array(0), blockCos = new Float64Array(0), blockSin = new Float64Array(0);
let stamp = 0;

function ensure(pairs: number, columns: number, rows: number): void {
  const need = pairs * Math.max(columns, rows, 1);
  if (residualX.length < pairs) {
    residualX = new Float64Array(pairs); residualY = new Float64Array(pairs); turnCos = new Float64Array(pairs); turnSin = new Float64Array(pairs);
  }
  if (capacity < need) {
    capacity = need;
    weightColumn = new Float64Array(need); weightRow = new Float64Array(need);
  }
  const blocks = columns * rows;
  if (blockStamp.length < blocks) {
    blockStamp = new Int32Array(blocks); blockDx = new Float64Array(blocks); blockDy = new Float64Array(blocks);
    blockCos = new Float64Array(blocks); blockSin = new Float64Array(blocks);
    stamp = 0;
  }
  if (++stamp === 0x7fffffff) { blockStamp.fill(0); stamp = 1; }
}

/**
 * Agreement 0–1 of two prints' fields under the local fit described above: probe minutiae
 * `px`, `py`, `pa` (prepared pixels; angles in 2π/256 units, counter-clockwise with y up, as the
 * Template convention), indexed by `list[0 … count)`, paired with the candidate's `cx`, `cy`,
 * `ca` at `partner[p]`. `sigma` σ > 0 (prepared pixels) and `stiffness` λ ≥ 0 as in the module
 * comment. NaN when fewer than {@link ORIENTATION_MIN_PAIRS} pairs or {@link ORIENTATION_MIN_CELLS}
 * common cells, as the rigid agreement. Cost O(pairs × probe cells); allocates nothing once its
 * scratch has grown. Not re-entrant (module scratch, one per thread).
 */
export function localOrientationAgreement(
  P: PreparedOrientation, C: OrientationCandidate,
  px: Float32Array, py: Float32Array, pa: Uint8Array, cx: Float32Array, cy: Float32Array, ca: Uint8Array,
  list: Int16Array, count: number, partner: Int16Array, sigma: number, stiffness: number,
): number {
  if (count < ORIENTATION_MIN_PAIRS) return NaN;
  // the rotation in image coordinates (y down); a Template-convention direction ψ turns to ψ − rot
  fitRigidRotation(px, py, cx, cy, list, count, partner, fit);
  const { ax: mpx, ay: mpy, bx: mcx, by: mcy, rot, cr, sr, c2r, s2r } = fit;
  const pmap = P.map, pColumns = pmap.columns, pRows = pmap.rows, pSide = pmap.cell / P.scale;
  // the correction is computed once per block of 2 × 2 cells, at the block's centre
  const bColumns = (pColumns + 1) >> 1, bRows = (pRows + 1) >> 1, bSide = 2 * pSide;
  ensure(count, bColumns, bRows);
  // each pair's residuals after the rigid fit
  for (let k = 0; k < count; k++) {
    const p = list[k], c = partner[p];
    const x = px[p] - mpx, y = py[p] - mpy;
    residualX[k] = cx[c] - (mcx + cr * x - sr * y);
    residualY[k] = cy[c] - (mcy + sr * x + cr * y);
    // candidate direction less the probe's turned by the fit (ψ − rot), as a unit vector
    const t = (ca[c] - pa[p]) * RADIANS_PER_UNIT + rot;
    turnCos[k] = Math.cos(t); turnSin[k] = Math.sin(t);
  }
  // separable Gaussian weights per column and per row of the probe's grid, pairs innermost
  gaussianAlongGrid(px, list, count, bColumns, bSide, sigma, weightColumn);
  gaussianAlongGrid(py, list, count, bRows, bSide, sigma, weightRow);
  const { centres, cells, cos2: pc, sin2: ps } = P;
  const { map, scale } = C;
  const codes = map.codes;
  const columns = map.columns, rows = map.rows, side = map.cell / scale;
  let sum = 0, n = 0;
  for (let k = 0, m = cells.length; k < m; k++) {
    const i = cells[k];
    const bu = (i % pColumns) >> 1, bv = Math.floor(i / pColumns) >> 1, b = bv * bColumns + bu;
    if (blockStamp[b] !== stamp) correctBlock(b, bu * count, bv * count, count, stiffness);
    const dx = blockDx[b], dy = blockDy[b], ct = blockCos[b], st = blockSin[b];
    const x = centres[2 * k] - mpx, y = centres[2 * k + 1] - mpy;
    const u = Math.floor((mcx + cr * x - sr * y + dx) / side), v = Math.floor((mcy + sr * x + cr * y + dy) / side);
    if (u < 0 || v < 0 || u >= columns || v >= rows) continue;
    const q = codes[v * columns + u];
    if (q === 0) continue;
    // the probe's doubled direction turned by rot − t: cos(2ψp − 2(rot − t) − 2ψc)
    const c2 = c2r * ct + s2r * st, s2 = s2r * ct - c2r * st;
    sum += (pc[i] * c2 + ps[i] * s2) * CODE_COS2_F32[q] + (ps[i] * c2 - pc[i] * s2) * CODE_SIN2_F32[q];
    n++;
  }
  return n >= ORIENTATION_MIN_CELLS ? 0.5 + (0.5 * sum) / n : NaN;
}

/** A block's correction (shift, and cos 2t / sin 2t of its turn t) from the pairs' weights at its column and row. */
function correctBlock(b: number, cu: number, cv: number, count: number, stiffness: number): void {
  // the prior counts as λ pairs of no shift and no turn (a turn vector (1, 0))
  let w = stiffness, dx = 0, dy = 0, tc = stiffness, ts = 0;
  for (let q = 0; q < count; q++) {
    const wq = weightColumn[cu + q] * weightRow[cv + q];
    w += wq; dx += wq * residualX[q]; dy += wq * residualY[q]; tc += wq * turnCos[q]; ts += wq * turnSin[q];
  }
  // w > 0 unless λ = 0 and every pair lies so far off that its weight underflows: then the rigid fit
  blockDx[b] = w > 0 ? dx / w : 0; blockDy[b] = w > 0 ? dy / w : 0;
  // the local turn t is the weighted mean direction of the turns: cos 2t and sin 2t from its vector
  const t2 = tc * tc + ts * ts;
  blockCos[b] = t2 > 0 ? (tc * tc - ts * ts) / t2 : 1; blockSin[b] = t2 > 0 ? (2 * tc * ts) / t2 : 0;
  blockStamp[b] = stamp;
}

/**
 * out[u · count + k] = exp(−(z_k − (u + ½)·side)² / 2σ²) for u in [0, n), z_k = at[list[k]]: from
 * the grid point nearest z_k outwards by the ratio of neighbouring weights, itself a geometric
 * sequence (4 exponentials a pair instead of n; every ratio ≤ 1, so nothing overflows, and a weight
 * that underflows stays 0 as exp's would).
 */
function gaussianAlongGrid(at: Float32Array, list: Int16Array, count: number, n: number, side: number, sigma: number, out: Float64Array): void {
  const inv = 1 / (2 * sigma * sigma), q = Math.exp(-2 * side * side * inv);
  for (let k = 0; k < count; k++) {
    const z = at[list[k]];
    const u0 = Math.min(n - 1, Math.max(0, Math.round(z / side - 0.5)));
    const d0 = z - (u0 + 0.5) * side;
    let g = Math.exp(-d0 * d0 * inv);
    out[u0 * count + k] = g;
    // rightwards: d falls by side each step; g(u + 1) / g(u) = exp((2 d side − side²) / 2σ²)
    let r = Math.exp((2 * d0 * side - side * side) * inv);
    for (let u = u0 + 1; u < n; u++) { g *= r; r *= q; out[u * count + k] = g; }
    // leftwards: g(u − 1) / g(u) = exp(−(2 d side + side²) / 2σ²)
    g = out[u0 * count + k];
    r = Math.exp(-(2 * d0 * side + side * side) * inv);
    for (let u = u0 - 1; u >= 0; u--) { g *= r; r *= q; out[u * count + k] = g; }
  }
}
