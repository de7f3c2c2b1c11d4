import { MCC_BITS, MCC_WORDS } from './build-minutia-cylinders.js';
import type { PreparedTemplate } from './prepare-template.js';

/**
 * The global score of Minutia Cylinder-Code (Cappelli, Ferrara and Maltoni 2010, bit
 * version, from the published description): local similarity of every pair of cylinders,
 * then a global consolidation by relaxation (their LSS-R):
 *
 * 1. Local similarity of cylinders a and b, on the cells valid in both: 1 − √|a ⊕ b| /
 *    (√|a| + √|b|) (counts of set bits); 0 when their minutiae turn by more than π/2 or fewer
 *    than minME of the cells are valid in both.
 * 2. The nR = min(nA, nB) best pairs are taken, best first, each minutia once (a greedy
 *    assignment; the paper's LSS takes the best values, its LSA the optimal assignment).
 * 3. Relaxation: each pair's similarity is reinforced by the pairs that agree with it
 *    globally (their distance, the turn between the two minutiae and the radial angle agree
 *    in both prints, three sigmoids) and weakened by those that do not, for five rounds.
 *    Locally alike minutiae in a globally impossible arrangement lose their similarity here.
 * 4. Score: the mean relaxed similarity of the nP pairs whose similarity held best
 *    (efficiency: relaxed / initial), nP from 4 to 12 with the smaller minutiae count.
 *
 * Result in [0, 1]. Cost about O(nA · nB · words + nR²); scratch at module level (one set
 * per thread, a comparison never yields).
 */

const MAX_N = 256;
const MAX_ANGLE = 64; // π/2 in units of 2π/256
const MIN_MATCHABLE = Math.round(0.6 * MCC_BITS);
const N_REL = 5;
const W_R = 0.5;
const MU_1 = 5, TAU_1 = -8 / 5;
const MU_2 = Math.PI / 12, TAU_2 = -30;
const MU_3 = Math.PI / 12, TAU_3 = -30;
/** Limits past which a compatibility factor is below 1e-4 (the pair counts as incompatible). */
const D1_LIMIT = MU_1 + Math.log(1e4) / -TAU_1;
const ANGLE_LIMIT = MU_2 + Math.log(1e4) / -TAU_2;
const MIN_NP = 4, MAX_NP = 12, MU_P = 20, TAU_P = 2 / 5;

const keys = new Int32Array(MAX_N * MAX_N);
const usedA = new Uint8Array(MAX_N);
const usedB = new Uint8Array(MAX_N);
const pairA = new Int32Array(MAX_N);
const pairB = new Int32Array(MAX_N);
const lambda0 = new Float64Array(MAX_N);
const lambda = new Float64Array(MAX_N);
const next = new Float64Array(MAX_N);
const rho = new Float64Array(MAX_N * MAX_N);
const eff = new Float64Array(MAX_N);
const order = new Int32Array(MAX_N);
const SIM_LEVELS = 1 << 15;

// set bits of every 16-bit value: two lookups count a word
const BITS16 = new Uint8Array(1 << 16);
for (let v = 1; v < 1 << 16; v++) BITS16[v] = (v & 1) + BITS16[v >>> 1];
const popcount = (v: number): number => BITS16[v & 0xffff] + BITS16[v >>> 16];

const z = (v: number, mu: number, tau: number): number => 1 / (1 + Math.exp(-tau * (v - mu)));

/** Difference of two angles in radians, in [0, π]. */
function angleDiff(a: number, b: number): number {
  let d = a - b;
  d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
  return d < 0 ? -d : d;
}

/**
 * Local similarity of cylinder a of A and cylinder b of B, in [0, 1] (0: not comparable);
 * `rotation` as in {@link compareCylinders}.
 */
export function cylinderSimilarity(A: PreparedTemplate, a: number, B: PreparedTemplate, b: number, rotation = 0): number {
  const ca = A.cylinders!, cb = B.cylinders!;
  if (ca.valid[a] === 0 || cb.valid[b] === 0) return 0;
  const d = (A.angle[a] - B.angle[b] + rotation) & 255;
  if ((d > 128 ? 256 - d : d) > MAX_ANGLE) return 0;
  if (ca.full[a] !== 0 && cb.full[b] !== 0) return fullSimilarity(ca.bits, a * MCC_WORDS, ca.ones[a], cb.bits, b * MCC_WORDS, cb.ones[b]);
  return similarityOf(ca.bits, ca.mask, a * MCC_WORDS, cb.bits, cb.mask, b * MCC_WORDS);
}

/** {@link similarityOf} for two cylinders whose cells are all valid: only the differing bits need counting. */
function fullSimilarity(ba: Int32Array, oa: number, na: number, bb: Int32Array, ob: number, nb: number): number {
  const norm = Math.sqrt(na) + Math.sqrt(nb);
  if (norm === 0) return 0;
  let nd = 0;
  for (let w = 0; w < MCC_WORDS; w++) nd += popcount(ba[oa + w] ^ bb[ob + w]);
  return 1 - Math.sqrt(nd) / norm;
}

function similarityOf(ba: Int32Array, ma: Int32Array, oa: number, bb: Int32Array, mb: Int32Array, ob: number): number {
  let matchable = 0, na = 0, nb = 0, nd = 0;
  for (let w = 0; w < MCC_WORDS; w++) {
    const va = ma[oa + w], vb = mb[ob + w];
    const both = va & vb;
    if (both === 0) continue;
    const xa = ba[oa + w] & both, xb = bb[ob + w] & both;
    matchable += popcount(both);
    na += popcount(xa);
    nb += popcount(xb);
    nd += popcount(xa ^ xb);
  }
  if (matchable < MIN_MATCHABLE) return 0;
  const norm = Math.sqrt(na) + Math.sqrt(nb);
  return norm > 0 ? 1 - Math.sqrt(nd) / norm : 0;
}

/**
 * Where B is expected to lie against A (a rigid fit, e.g. of the matcher's best pairing): A's
 * point (x, y) maps to (cos·(x − ax) + sin·(y − ay) + bx, −sin·(x − ax) + cos·(y − ay) + by)
 * in B. With `radius` > 0 only pairs of minutiae that land within `radius` pixels of each
 * other are compared (0: every pair, as published).
 */
export interface CylinderAlignment {
  radius: number;
  cos: number;
  sin: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/**
 * MCC global score (LSS-R) of two templates prepared with cylinders, in [0, 1]. `rotation`
 * (units of 2π/256, B's directions minus A's) is how far B is expected to be turned against
 * A: pairs of minutiae whose directions differ from it by more than π/2 are not compared. The
 * paper assumes 0 (prints captured upright); the matcher passes its best pairing's rotation,
 * so the gate stays rotation-invariant like the rest of the comparison.
 */
export function compareCylinders(A: PreparedTemplate, B: PreparedTemplate, rotation = 0, align?: CylinderAlignment): number {
  const ca = A.cylinders, cb = B.cylinders;
  if (!ca || !cb) throw new RangeError('compareCylinders: templates prepared without cylinders (prepare them with mccWeight > 0)');
  const nA = A.count, nB = B.count;
  if (nA < 2 || nB < 2) return 0;
  const aAngle = A.angle, bAngle = B.angle;
  const bitsA = ca.bits, maskA = ca.mask, bitsB = cb.bits, maskB = cb.mask;
  // 1. local similarities > 0, as sortable keys: (quantised similarity << 16) | (a << 8) | b
  let K = 0;
  const r2 = align && align.radius > 0 ? align.radius * align.radius : 0;
  const bxs = B.x, bys = B.y;
  for (let a = 0; a < nA; a++) {
    if (ca.valid[a] === 0) continue;
    const oa = a * MCC_WORDS, ta = aAngle[a] + rotation, fullA = ca.full[a];
    let mx = 0, my = 0;
    if (r2 > 0) {
      const dx = A.x[a] - align!.ax, dy = A.y[a] - align!.ay;
      mx = align!.cos * dx + align!.sin * dy + align!.bx;
      my = -align!.sin * dx + align!.cos * dy + align!.by;
    }
    for (let b = 0; b < nB; b++) {
      if (cb.valid[b] === 0) continue;
      if (r2 > 0) {
        const ex = bxs[b] - mx, ey = bys[b] - my;
        if (ex * ex + ey * ey > r2) continue;
      }
      const d = (ta - bAngle[b]) & 255;
      if ((d > 128 ? 256 - d : d) > MAX_ANGLE) continue;
      const s = fullA !== 0 && cb.full[b] !== 0
        ? fullSimilarity(bitsA, oa, ca.ones[a], bitsB, b * MCC_WORDS, cb.ones[b])
        : similarityOf(bitsA, maskA, oa, bitsB, maskB, b * MCC_WORDS);
      if (s <= 0) continue;
      keys[K++] = (Math.min(SIM_LEVELS - 1, Math.round(s * SIM_LEVELS)) << 16) | (a << 8) | b;
    }
  }
  if (K === 0) return 0;
  // 2. the best pairs, each minutia once
  const sorted = keys.subarray(0, K).sort();
  const nR = Math.min(nA, nB);
  usedA.fill(0, 0, nA); usedB.fill(0, 0, nB);
  let n = 0;
  for (let q = K - 1; q >= 0 && n < nR; q--) {
    const key = sorted[q];
    const a = (key >> 8) & 255, b = key & 255;
    if (usedA[a] !== 0 || usedB[b] !== 0) continue;
    usedA[a] = 1; usedB[b] = 1;
    pairA[n] = a; pairB[n] = b; lambda0[n] = (key >>> 16) / SIM_LEVELS; n++;
  }
  const nP = Math.min(n, MIN_NP + Math.round(z(Math.min(nA, nB), MU_P, TAU_P) * (MAX_NP - MIN_NP)));
  if (n < 2) return n === 1 ? lambda0[0] / nP : 0;
  // 3. relaxation: pairwise compatibility of the selected pairs
  const ax = A.x, ay = A.y, bx = B.x, by = B.y;
  const rad = (u: number): number => (u * 2 * Math.PI) / 256;
  for (let t = 0; t < n; t++) {
    rho[t * n + t] = 0;
    const at = pairA[t], bt = pairB[t];
    const thA = rad(aAngle[at]), thB = rad(bAngle[bt]);
    for (let k = t + 1; k < n; k++) {
      const ak = pairA[k], bk = pairB[k];
      const dxA = ax[ak] - ax[at], dyA = ay[ak] - ay[at], dxB = bx[bk] - bx[bt], dyB = by[bk] - by[bt];
      const d1 = Math.abs(Math.sqrt(dxA * dxA + dyA * dyA) - Math.sqrt(dxB * dxB + dyB * dyB));
      let r = 0;
      // each factor is below 1e-4 past these limits (the product too): skip the rest
      if (d1 < D1_LIMIT) {
        const d2u = (aAngle[at] - aAngle[ak] - bAngle[bt] + bAngle[bk]) & 255;
        const d2 = rad(d2u > 128 ? 256 - d2u : d2u);
        if (d2 < ANGLE_LIMIT) {
          // radial angle: the direction of the segment t → k relative to t's direction
          const d3 = angleDiff(Math.atan2(-dyA, dxA) - thA, Math.atan2(-dyB, dxB) - thB);
          if (d3 < ANGLE_LIMIT) r = z(d1, MU_1, TAU_1) * z(d2, MU_2, TAU_2) * z(d3, MU_3, TAU_3);
        }
      }
      // the radial angle seen from k differs; one value serves both directions (symmetric)
      rho[t * n + k] = r; rho[k * n + t] = r;
    }
  }
  for (let t = 0; t < n; t++) lambda[t] = lambda0[t];
  for (let it = 0; it < N_REL; it++) {
    for (let t = 0; t < n; t++) {
      let s = 0;
      const row = t * n;
      for (let k = 0; k < n; k++) s += rho[row + k] * lambda[k];
      next[t] = W_R * lambda[t] + ((1 - W_R) * s) / (n - 1);
    }
    for (let t = 0; t < n; t++) lambda[t] = next[t];
  }
  // 4. the nP pairs of highest efficiency
  for (let t = 0; t < n; t++) { eff[t] = lambda[t] / lambda0[t]; order[t] = t; }
  const sel = order.subarray(0, n);
  sel.sort((p, q) => eff[q] - eff[p] || p - q);
  let sum = 0;
  for (let k = 0; k < nP; k++) sum += lambda[sel[k]];
  return sum / nP;
}
