import { ORIENTATION_MAP_LEVELS, type OrientationMap } from '../templates/index.js';
import { fitRigidRotation, type RigidFitRotation } from './fit-rigid.js';

/**
 * Orientation agreement of a pairing (`orientationAgreementWeight`, issue 12, odesc): evidence
 * beyond minutia geometry. Dry skin erodes minutiae while the orientation field barely moves
 * (bench/RESULTS.md, "Dry prints"), and an impostor pairing, which lines up a few look-alike
 * minutiae, rarely carries the whole field of one print onto the other's. The idea of comparing
 * the fields once the minutiae have aligned the prints is the published one (e.g. Tico &
 * Kuosmanen, IEEE PAMI 25(8), 2003, compare the field around each paired minutia; here the
 * common area's whole field is compared at once); this is our own formulation.
 */

/**
 * What {@link orientationAgreement} reads of the candidate's side: its map and scale only (each
 * code's cos 2ψ and sin 2ψ come from a table), so a 1:N gallery finger, the candidate of one
 * comparison, is not prepared (bench/RESULTS.md, mapcost). Never stored.
 */
export interface OrientationCandidate {
  readonly map: OrientationMap;
  /** The map's pixels per prepared pixel (the template's ppi / 500). */
  readonly scale: number;
}

/** An orientation map made ready for comparisons as the probe (prepare-template.ts). Never stored. */
export interface PreparedOrientation extends OrientationCandidate {
  /** Per cell cos 2ψ and sin 2ψ of its direction ψ (the Template convention); 0 and 0 where no print. */
  readonly cos2: Float32Array;
  readonly sin2: Float32Array;
  /** The centres of the cells with print, in prepared pixels, x and y interleaved, and their cells. */
  readonly centres: Float32Array;
  readonly cells: Int32Array;
}

/** Least pairs for a rigid fit, and least common cells, below which the agreement is not measured (½). */
export const ORIENTATION_MIN_PAIRS = 3;
export const ORIENTATION_MIN_CELLS = 16;

/**
 * cos 2ψ and sin 2ψ of each code's direction ψ (index = code; 0 for "no print"), computed once:
 * a 1:N second stage prepares every gallery finger afresh, and the cosine and sine of each of
 * its hundreds of cells took about half of what carrying the map cost there (bench/RESULTS.md,
 * mapgal). The same expression as per cell before, so the same values.
 */
const CODE_COS2 = new Float64Array(ORIENTATION_MAP_LEVELS + 1), CODE_SIN2 = new Float64Array(ORIENTATION_MAP_LEVELS + 1);
for (let code = 1; code <= ORIENTATION_MAP_LEVELS; code++) {
  const doubled = (2 * Math.PI * (code - 1)) / ORIENTATION_MAP_LEVELS;
  CODE_COS2[code] = Math.cos(doubled);
  CODE_SIN2[code] = Math.sin(doubled);
}
/** The same in single precision, as {@link PreparedOrientation}'s arrays hold them: the candidate's side reads these. */
export const CODE_COS2_F32 = Float32Array.from(CODE_COS2), CODE_SIN2_F32 = Float32Array.from(CODE_SIN2);

/** Decodes a map for {@link orientationAgreement}; `scale` = the map's pixels per prepared pixel. Cost O(cells). */
export function prepareOrientation(map: OrientationMap, scale: number): PreparedOrientation {
  const n = map.codes.length;
  const cos2 = new Float32Array(n), sin2 = new Float32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const code = map.codes[i];
    if (code === 0) continue;
    cos2[i] = CODE_COS2[code];
    sin2[i] = CODE_SIN2[code];
    count++;
  }
  const centres = new Float32Array(2 * count), cells = new Int32Array(count);
  for (let i = 0, k = 0; i < n; i++) {
    if (map.codes[i] === 0) continue;
    centres[2 * k] = ((i % map.columns) + 0.5) * map.cell / scale;
    centres[2 * k + 1] = (Math.floor(i / map.columns) + 0.5) * map.cell / scale;
    cells[k++] = i;
  }
  return { map, scale, cos2, sin2, centres, cells };
}

/**
 * Agreement 0–1 of two prints' fields under a pairing: the least-squares rotation and
 * translation carrying the probe's paired minutiae (prepared pixels: `px`, `py` indexed by the
 * probe minutiae in `list[0 … count)`) onto their partners (`cx`, `cy` indexed by `partner[p]`)
 * carries each probe cell with print onto the candidate's map; over the cells that land on print,
 * ½ + ½ · mean cos 2Δ, Δ the angle between the probe's ridge direction (turned by the fit) and the
 * candidate's. NaN when fewer than {@link ORIENTATION_MIN_PAIRS} pairs or
 * {@link ORIENTATION_MIN_CELLS} common cells. Cost O(pairs + probe cells); allocates nothing.
 *
 * `radius` R > 0 (`orientationAgreementRadius`, issue 12, mapfit; off = 0): each common cell's
 * cos 2Δ is weighted by exp(−d² / 2R²), d the distance (prepared pixels) from the probe cell's
 * centre to the nearest paired probe minutia, so the agreement is read where the pairing holds
 * the two prints together; the count of common cells stays unweighted. A second phalanx below a
 * crease carries a field of its own, and a probe print that reaches further down lands on it far
 * from every pair (bench/RESULTS.md, "Why the orientation map costs the second phalanx and
 * DB2"). Cost then O(pairs × common cells).
 *
 * `turn` θ > 0 (`orientationAgreementTurn`, radians, mapfit; off = 0): the field may turn against
 * the minutiae's rigid fit by up to θ, g = ½ + ½ · max over |δ| ≤ θ of the (weighted) mean of
 * cos(2Δ − 2δ): a finger sheared or twisted on the sensor turns its ridges by about the same angle
 * everywhere while its minutiae's least-squares fit turns by another (DB2's finger 109: 5 to 12°).
 */
export function orientationAgreement(
  P: PreparedOrientation, C: OrientationCandidate,
  px: Float32Array, py: Float32Array, cx: Float32Array, cy: Float32Array,
  list: Int16Array, count: number, partner: Int16Array, radius = 0, turn = 0,
): number {
  if (count < ORIENTATION_MIN_PAIRS) return NaN;
  // the rotation in image coordinates (y down); a Template-convention direction ψ turns to ψ − rot
  fitRigidRotation(px, py, cx, cy, list, count, partner, fit);
  const { ax: mpx, ay: mpy, bx: mcx, by: mcy, cr, sr, c2r, s2r } = fit;
  const { centres, cells, cos2: pc, sin2: ps } = P;
  const { map, scale } = C;
  const codes = map.codes;
  const columns = map.columns, rows = map.rows, side = map.cell / scale;
  if (radius > 0 || turn > 0) return weightedAgreement(P, C, px, py, list, count, mpx, mpy, mcx, mcy, cr, sr, c2r, s2r, radius, turn);
  let sum = 0, n = 0;
  for (let k = 0, m = cells.length; k < m; k++) {
    const x = centres[2 * k] - mpx, y = centres[2 * k + 1] - mpy;
    const u = Math.floor((mcx + cr * x - sr * y) / side), v = Math.floor((mcy + sr * x + cr * y) / side);
    if (u < 0 || v < 0 || u >= columns || v >= rows) continue;
    const q = codes[v * columns + u];
    if (q === 0) continue;
    const i = cells[k];
    // cos(2ψp − 2rot − 2ψc)
    sum += (pc[i] * c2r + ps[i] * s2r) * CODE_COS2_F32[q] + (ps[i] * c2r - pc[i] * s2r) * CODE_SIN2_F32[q];
    n++;
  }
  return n >= ORIENTATION_MIN_CELLS ? 0.5 + (0.5 * sum) / n : NaN;
}

/**
 * {@link orientationAgreement} with each common cell weighted by its distance to the nearest paired
 * probe minutia (`radius` > 0; else every weight is 1) and the field allowed to turn by up to `turn`.
 */
function weightedAgreement(
  P: PreparedOrientation, C: OrientationCandidate, px: Float32Array, py: Float32Array, list: Int16Array, count: number,
  mpx: number, mpy: number, mcx: number, mcy: number, cr: number, sr: number, c2r: number, s2r: number, radius: number, turn: number,
): number {
  const { centres, cells, cos2: pc, sin2: ps } = P;
  const { map, scale } = C;
  const codes = map.codes;
  const columns = map.columns, rows = map.rows, side = map.cell / scale;
  const falloff = -1 / (2 * radius * radius);
  let sum = 0, sumSin = 0, weights = 0, n = 0;
  for (let k = 0, m = cells.length; k < m; k++) {
    const ox = centres[2 * k], oy = centres[2 * k + 1];
    const x = ox - mpx, y = oy - mpy;
    const u = Math.floor((mcx + cr * x - sr * y) / side), v = Math.floor((mcy + sr * x + cr * y) / side);
    if (u < 0 || v < 0 || u >= columns || v >= rows) continue;
    const code = codes[v * columns + u];
    if (code === 0) continue;
    let w = 1;
    if (radius > 0) {
      let d2 = Infinity;
      for (let q = 0; q < count; q++) {
        const p = list[q], dx = px[p] - ox, dy = py[p] - oy;
        d2 = Math.min(d2, dx * dx + dy * dy);
      }
      w = Math.exp(d2 * falloff);
    }
    const i = cells[k];
    // the probe's doubled direction turned by the fit, against the candidate's: cos and sin of 2Δ
    const tc = pc[i] * c2r + ps[i] * s2r, ts = ps[i] * c2r - pc[i] * s2r;
    const qc = CODE_COS2_F32[code], qs = CODE_SIN2_F32[code];
    sum += w * (tc * qc + ts * qs);
    sumSin += w * (ts * qc - tc * qs);
    weights += w;
    n++;
  }
  // weights > 0 unless every common cell lies so far out that its weight underflows: then unmeasured
  if (n < ORIENTATION_MIN_CELLS || !(weights > 0)) return NaN;
  if (turn <= 0) return 0.5 + (0.5 * sum) / weights;
  // the best turn δ within ±turn: the mean resultant's doubled angle less 2·turn, not past 0
  const beyond = Math.max(0, Math.abs(Math.atan2(sumSin, sum)) - 2 * turn);
  return 0.5 + (0.5 * Math.hypot(sum, sumSin) * Math.cos(beyond)) / weights;
}

const fit: RigidFitRotation = { ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0, rot: 0, cr: 1, sr: 0, c2r: 1, s2r: 0 };

/** The score's factor for an agreement g (NaN counts as ½): exp(−w · (1 − g)). */
export function orientationFactor(agreement: number, weight: number): number {
  return Math.exp(-weight * (1 - (Number.isNaN(agreement) ? 0.5 : agreement)));
}
