import { CODE_COS2_F32, CODE_SIN2_F32, ORIENTATION_MIN_CELLS, ORIENTATION_MIN_PAIRS, type OrientationCandidate, type PreparedOrientation } from './compare-orientation-maps.js';
import { sumRigidFit, type RigidFitSums } from './fit-rigid.js';

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
 * the fit (wrapped to ±π). At a probe cell's centre x, with Gaussian weights
 * w_k = exp(−|p_k − x|² / 2σ²) and a stiffness prior λ (λ pairs' worth of no correction at every
 * point: where few pairs lie the rigid fit stands), the cell is carried to
 * T(x) + Σ w_k r_k / (λ + Σ w_k) and its direction turned by the fit's rotation plus
 * Σ w_k φ_k / (λ + Σ w_k); the agreement is then, as before, ½ + ½ · mean cos 2Δ over the cells
 * that land on print.
 *
 * The Gaussian is separable and the probe's cells lie on a grid, so each pair's weights are
 * computed once per column and once per row (O(pairs × (columns + rows)) exponentials) and each
 * cell's weight is a product: O(pairs × cells) multiplications in all. Scratch buffers live at
 * module level (one set per thread; a comparison never yields); they grow to the largest map seen.
 */

const fit: RigidFitSums = { ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0 };
const TWO_PI = 2 * Math.PI;
/** Minutia angles are in units of 2π/256 (prepare-template.ts). */
const RADIANS_PER_UNIT = TWO_PI / 256;
let capacity = 0;
let residualX = new Float64Array(0), residualY = new Float64Array(0), residualTurn = new Float64Array(0);
let weightColumn = new Float64Array(0), weightRow = new Float64Array(0);

function ensure(pairs: number, columns: number, rows: number): void {
  const need = pairs * Math.max(columns, rows, 1);
  if (residualX.length < pairs) {
    residualX = new Float64Array(pairs); residualY = new Float64Array(pairs); residualTurn = new Float64Array(pairs);
  }
  if (capacity < need) {
    capacity = need;
    weightColumn = new Float64Array(need); weightRow = new Float64Array(need);
  }
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
  sumRigidFit(px, py, cx, cy, list, count, partner, fit);
  const { ax: mpx, ay: mpy, bx: mcx, by: mcy, dot, cross } = fit;
  // the rotation in image coordinates (y down); a Template-convention direction ψ turns to ψ − rot
  const rot = Math.atan2(cross, dot);
  const cr = Math.cos(rot), sr = Math.sin(rot);
  const pmap = P.map, pColumns = pmap.columns, pRows = pmap.rows, pSide = pmap.cell / P.scale;
  ensure(count, pColumns, pRows);
  // each pair's residuals after the rigid fit
  for (let k = 0; k < count; k++) {
    const p = list[k], c = partner[p];
    const x = px[p] - mpx, y = py[p] - mpy;
    residualX[k] = cx[c] - (mcx + cr * x - sr * y);
    residualY[k] = cy[c] - (mcy + sr * x + cr * y);
    // candidate direction less the probe's turned by the fit (ψ − rot), wrapped to (−π, π]
    let t = (ca[c] - pa[p]) * RADIANS_PER_UNIT + rot;
    t -= TWO_PI * Math.round(t / TWO_PI);
    residualTurn[k] = t;
  }
  // separable Gaussian weights per column and per row of the probe's grid, pairs innermost
  const falloff = -1 / (2 * sigma * sigma);
  for (let u = 0; u < pColumns; u++) {
    const x = (u + 0.5) * pSide;
    for (let k = 0; k < count; k++) { const d = px[list[k]] - x; weightColumn[u * count + k] = Math.exp(d * d * falloff); }
  }
  for (let v = 0; v < pRows; v++) {
    const y = (v + 0.5) * pSide;
    for (let k = 0; k < count; k++) { const d = py[list[k]] - y; weightRow[v * count + k] = Math.exp(d * d * falloff); }
  }
  const { centres, cells, cos2: pc, sin2: ps } = P;
  const { map, scale } = C;
  const codes = map.codes;
  const columns = map.columns, rows = map.rows, side = map.cell / scale;
  let sum = 0, n = 0;
  for (let k = 0, m = cells.length; k < m; k++) {
    const i = cells[k];
    const cu = (i % pColumns) * count, cv = Math.floor(i / pColumns) * count;
    let w = stiffness, dx = 0, dy = 0, turn = 0;
    for (let q = 0; q < count; q++) {
      const wq = weightColumn[cu + q] * weightRow[cv + q];
      w += wq; dx += wq * residualX[q]; dy += wq * residualY[q]; turn += wq * residualTurn[q];
    }
    // w > 0 unless λ = 0 and every pair lies so far off that its weight underflows: then the rigid fit
    if (w > 0) { dx /= w; dy /= w; turn /= w; } else { dx = 0; dy = 0; turn = 0; }
    const x = centres[2 * k] - mpx, y = centres[2 * k + 1] - mpy;
    const u = Math.floor((mcx + cr * x - sr * y + dx) / side), v = Math.floor((mcy + sr * x + cr * y + dy) / side);
    if (u < 0 || v < 0 || u >= columns || v >= rows) continue;
    const q = codes[v * columns + u];
    if (q === 0) continue;
    // the probe's doubled direction turned by the fit's rotation less the local turn: cos(2ψp − 2(rot − turn) − 2ψc)
    const a = 2 * (rot - turn), c2 = Math.cos(a), s2 = Math.sin(a);
    sum += (pc[i] * c2 + ps[i] * s2) * CODE_COS2_F32[q] + (ps[i] * c2 - pc[i] * s2) * CODE_SIN2_F32[q];
    n++;
  }
  return n >= ORIENTATION_MIN_CELLS ? 0.5 + (0.5 * sum) / n : NaN;
}
