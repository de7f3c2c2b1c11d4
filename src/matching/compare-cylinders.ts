import { type CylinderShape, cylindersOf, MCC_BITS, type MinutiaCylinders, MCC_DISC_CELLS, MCC_RECORD_WORDS, MCC_WORDS, mccHeaderWords } from './build-minutia-cylinders.js';
import { KERNEL_A, KERNEL_B, KERNEL_TAKEN, loadCylinderKernel } from './load-cylinder-kernel.js';
import type { PreparedTemplate } from './prepare-template.js';
import { MATCHING_PARAMETERS } from '../config/parameters/matching.js';

/** What a comparison of cylinders reads of the matching parameters: the cylinders' Gaussians and the relaxation's μ1. */
export interface CylinderComparison extends CylinderShape {
  readonly mccRelaxDistance: number;
  /** At most this many other pairs divide a pair's support in the relaxation (0: all nR − 1, as published). */
  readonly mccRelaxSupport?: number;
  /**
   * Exponent γ of the relaxation's pair weights from the minutiae's quality (0: every pair weighs 1,
   * as published): pair t weighs ((qA/100) · (qB/100))^(γ/2) (q clamped to 1 … 100), a pair's
   * support is the weighted mean over the other pairs (Σ ρ·w·λ / Σ w instead of Σ ρ·λ / (nR − 1)).
   */
  readonly mccRelaxQuality?: number;
}

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
 * per thread, a comparison never yields). Steps 1–2 run in a WebAssembly kernel
 * (cylinder-kernel.wat: 64-bit popcounts, a counting sort of the keys) when it is built, else
 * here in JavaScript: the same values.
 *
 * Shortlist (option, `shortlist` k > 0; not in the paper): step 1 first compares the *spatial*
 * cylinders (each disc cell set when any of its direction cells is: 208 bits instead of 1 248;
 * 1 − √(differing cells) / (√(set cells of a) + √(set cells of b)), all of each cylinder's valid
 * cells counted, pairs with fewer than 60 % of the cells valid in both left out as in the full
 * similarity), and the full similarity is computed only for pairs whose coarse value is
 * among the k best of their row or their column (ties included). The rest count as 0. Every
 * minutia keeps its k likeliest partners on both sides, and all pairs still compete (the
 * matcher's own pairs are not imposed), at a fraction of the full comparisons.
 */

const MAX_N = 256;
const MAX_ANGLE = 64; // π/2 in units of 2π/256
const MIN_MATCHABLE = Math.round(0.6 * MCC_BITS);
const N_REL = 5;
const W_R = 0.5;
const TAU_1 = -8 / 5;
const MU_2 = Math.PI / 12, TAU_2 = -30;
const MU_3 = Math.PI / 12, TAU_3 = -30;
/** Limits past which a compatibility factor is below 1e-4 (the pair counts as incompatible). */
const D1_MARGIN = Math.log(1e4) / -TAU_1;
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
// the relaxation's compatible pairs: pair t's are compatibleWith[t · MAX_N …] (compatible[t] of them)
const compatible = new Int32Array(MAX_N);
const compatibleWith = new Int32Array(MAX_N * MAX_N);
const compatibleRho = new Float64Array(MAX_N * MAX_N);
const eff = new Float64Array(MAX_N);
const order = new Int32Array(MAX_N);
const pairWeight = new Float64Array(MAX_N);
// the relaxation's filters: the selected pairs' directions, the pairs of pairs (t << 8 | k) that
// passed so far and their distance differences
const turnA = new Int32Array(MAX_N);
const turnB = new Int32Array(MAX_N);
const candidates = new Int32Array((MAX_N * (MAX_N - 1)) / 2);
const distanceDiff = new Float64Array((MAX_N * (MAX_N - 1)) / 2);
const SIM_LEVELS = 1 << 15;
// the JavaScript shortlist: coarse values (−1: not compared) and the k-th best of rows and columns
const coarse = new Float32Array(MAX_N * MAX_N);
const rowKth = new Float32Array(MAX_N);
const colKth = new Float32Array(MAX_N);
const topK = new Float32Array(8);
/** Most partners a shortlist keeps per minutia (the kernel's lists hold 8). */
export const MCC_MAX_SHORTLIST = 8;
const SPATIAL_MATCHABLE = Math.ceil(MIN_MATCHABLE / 6);

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
  const ca = cylindersOf(A), cb = cylindersOf(B);
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
export function compareCylinders(A: PreparedTemplate, B: PreparedTemplate, rotation = 0, align?: CylinderAlignment, shortlist = 0, cacheBytes?: number, shape: CylinderComparison = MATCHING_PARAMETERS): number {
  // built here on the templates' first comparison that needs them (RangeError without mccWeight),
  // kept in this thread's cache within `cacheBytes` (default MATCHING_PARAMETERS.mccCacheBytes);
  // held here for the whole comparison, so B's entry evicting A's costs nothing; built with
  // `shape`'s Gaussians (default: MATCHING_PARAMETERS', as μ1)
  const ca = cylindersOf(A, cacheBytes, shape), cb = cylindersOf(B, cacheBytes, shape);
  if (!(shortlist >= 0 && shortlist <= MCC_MAX_SHORTLIST && Number.isInteger(shortlist))) throw new RangeError(`compareCylinders: shortlist ${shortlist} is not an integer in 0 … ${MCC_MAX_SHORTLIST}`);
  const nA = A.count, nB = B.count;
  if (nA < 2 || nB < 2) return 0;
  const aAngle = A.angle, bAngle = B.angle;
  // 1. local similarities > 0, as sortable keys: (quantised similarity << 16) | (a << 8) | b;
  // 2. the best pairs, each minutia once
  let n = 0;
  const kernel = align && align.radius > 0 ? null : loadCylinderKernel();
  if (kernel) {
    if (kernelMemory !== kernel.memory.buffer) {
      kernelMemory = kernel.memory.buffer;
      kernelA = new Int32Array(kernelMemory, KERNEL_A);
      kernelB = new Int32Array(kernelMemory, KERNEL_B);
      kernelTaken = new Int32Array(kernelMemory, KERNEL_TAKEN, MAX_N);
      lastA = lastB = null;
    }
    if (lastA !== ca.packed) { kernelA!.set(ca.packed); lastA = ca.packed; }
    if (lastB !== cb.packed) { kernelB!.set(cb.packed); lastB = cb.packed; }
    n = kernel.similarities(nA, nB, rotation, shortlist);
    if (n === 0) return 0;
    for (let t = 0; t < n; t++) {
      const key = kernelTaken![t];
      pairA[t] = (key >> 8) & 255; pairB[t] = key & 255; lambda0[t] = (key >>> 16) / SIM_LEVELS;
    }
  } else {
    const K = localSimilarities(A, ca, B, cb, rotation, align, shortlist);
    if (K === 0) return 0;
    const sorted = keys.subarray(0, K).sort();
    const nR = Math.min(nA, nB);
    usedA.fill(0, 0, nA); usedB.fill(0, 0, nB);
    for (let q = K - 1; q >= 0 && n < nR; q--) {
      const key = sorted[q];
      const a = (key >> 8) & 255, b = key & 255;
      if (usedA[a] !== 0 || usedB[b] !== 0) continue;
      usedA[a] = 1; usedB[b] = 1;
      pairA[n] = a; pairB[n] = b; lambda0[n] = (key >>> 16) / SIM_LEVELS; n++;
    }
  }
  const nP = Math.min(n, MIN_NP + Math.round(z(Math.min(nA, nB), MU_P, TAU_P) * (MAX_NP - MIN_NP)));
  if (n < 2) return n === 1 ? lambda0[0] / nP : 0;
  // 3. relaxation: pairwise compatibility of the selected pairs, kept as each pair's list of
  // compatible pairs in increasing order (most pairs of an impostor comparison are incompatible:
  // the sums skip only terms that are exactly 0, so they are the same doubles)
  const ax = A.x, ay = A.y, bx = B.x, by = B.y;
  const MU_1 = shape.mccRelaxDistance, D1_LIMIT = MU_1 + D1_MARGIN;
  if (!(MU_1 >= 0)) throw new RangeError(`compareCylinders: mccRelaxDistance ${MU_1} is not ≥ 0`);
  for (let t = 0; t < n; t++) { compatible[t] = 0; turnA[t] = aAngle[pairA[t]]; turnB[t] = bAngle[pairB[t]]; }
  // each factor is below 1e-4 past its limit (the product too): the pairs of pairs are filtered
  // by one limit after the other, the turn first (a table by its byte), then the distances, then
  // the radial angle, each filter listing the pairs that pass without a branch (which ones pass is
  // a coin toss the predictor loses), in the order (t, k) of the published double loop
  let c1 = 0;
  for (let t = 0; t < n; t++) {
    const ta = turnA[t], tb = turnB[t];
    for (let k = t + 1; k < n; k++) {
      candidates[c1] = (t << 8) | k;
      c1 += TURN_PASSES[(ta - turnA[k] - tb + turnB[k]) & 255];
    }
  }
  let c2 = 0;
  for (let q = 0; q < c1; q++) {
    const code = candidates[q], t = code >> 8, k = code & 255;
    const at = pairA[t], bt = pairB[t], ak = pairA[k], bk = pairB[k];
    const dxA = ax[ak] - ax[at], dyA = ay[ak] - ay[at], dxB = bx[bk] - bx[bt], dyB = by[bk] - by[bt];
    const d1 = Math.abs(Math.sqrt(dxA * dxA + dyA * dyA) - Math.sqrt(dxB * dxB + dyB * dyB));
    candidates[c2] = code;
    distanceDiff[c2] = d1;
    c2 += bit(d1 < D1_LIMIT);
  }
  const radA = ca.radial, radB = cb.radial, memoA = radA.length !== 0, memoB = radB.length !== 0;
  for (let q = 0; q < c2; q++) {
    const code = candidates[q], t = code >> 8, k = code & 255;
    const at = pairA[t], bt = pairB[t], ak = pairA[k], bk = pairB[k];
    // radial angle: the direction of the segment t → k relative to t's direction (each computed
    // once per template: ca.radial)
    // (a single-use template has no table: computed here)
    const ia = at * nA + ak, ib = bt * nB + bk;
    let rA = memoA ? radA[ia] : NaN;
    if (rA !== rA) { rA = Math.atan2(-(ay[ak] - ay[at]), ax[ak] - ax[at]) - rad(aAngle[at]); if (memoA) radA[ia] = rA; }
    let rB = memoB ? radB[ib] : NaN;
    if (rB !== rB) { rB = Math.atan2(-(by[bk] - by[bt]), bx[bk] - bx[bt]) - rad(bAngle[bt]); if (memoB) radB[ib] = rB; }
    const d3 = angleDiff(rA, rB);
    if (!(d3 < ANGLE_LIMIT)) continue;
    const r = z(distanceDiff[q], MU_1, TAU_1) * Z_TURN[(turnA[t] - turnA[k] - turnB[t] + turnB[k]) & 255] * z(d3, MU_3, TAU_3);
    if (r === 0) continue;
    // the radial angle seen from k differs; one value serves both directions (symmetric)
    const ct = t * MAX_N + compatible[t]++, ck = k * MAX_N + compatible[k]++;
    compatibleWith[ct] = k; compatibleRho[ct] = r;
    compatibleWith[ck] = t; compatibleRho[ck] = r;
  }
  // the support's divisor: all other pairs (nR − 1) as published; with `mccRelaxSupport` k > 0 at
  // most k, so that the false pairs a print's false minutiae add (nR grows with them) do not dilute
  // the support the true pairs give each other (bench/RESULTS.md, "Why MCC fails on fingers 109 and 110")
  const support = shape.mccRelaxSupport ?? 0;
  if (!(support >= 0)) throw new RangeError(`compareCylinders: mccRelaxSupport ${support} is not ≥ 0`);
  const divisor = support > 0 ? Math.min(n - 1, support) : n - 1;
  for (let t = 0; t < n; t++) lambda[t] = lambda0[t];
  const gamma = shape.mccRelaxQuality ?? 0;
  if (!(gamma >= 0)) throw new RangeError(`compareCylinders: mccRelaxQuality ${gamma} is not ≥ 0`);
  if (gamma > 0) relaxWeighted(A, B, n, gamma);
  else for (let it = 0; it < N_REL; it++) {
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let j = t * MAX_N, end = j + compatible[t]; j < end; j++) s += compatibleRho[j] * lambda[compatibleWith[j]];
      next[t] = W_R * lambda[t] + ((1 - W_R) * s) / divisor;
    }
    for (let t = 0; t < n; t++) lambda[t] = next[t];
  }
  // 4. the nP pairs of highest efficiency (ties: the better initial pair), by insertion
  for (let t = 0; t < n; t++) {
    const e = lambda[t] / lambda0[t];
    eff[t] = e;
    let j = t;
    while (j > 0 && e - eff[order[j - 1]] > 0) { order[j] = order[j - 1]; j--; }
    order[j] = t;
  }
  let sum = 0;
  for (let k = 0; k < nP; k++) sum += lambda[order[k]];
  return sum / nP;
}

const rad = (u: number): number => (u * 2 * Math.PI) / 256;

/**
 * The turn factor z(d2, μ2, τ2) of the relaxation by the turn's byte value u ((θ differences)
 * & 255, d2 = rad(min(u, 256 − u))), the same double as computed per pair; TURN_PASSES[u] is 1
 * where d2 is below its limit, else 0 (the pair is incompatible).
 */
const Z_TURN = new Float64Array(256);
const TURN_PASSES = new Uint8Array(256);
for (let u = 0; u < 256; u++) {
  const d2 = rad(u > 128 ? 256 - u : u);
  Z_TURN[u] = z(d2, MU_2, TAU_2);
  TURN_PASSES[u] = d2 < ANGLE_LIMIT ? 1 : 0;
}
/** A comparison's result as 0 or 1 for arithmetic without a branch. */
function bit(b: boolean): number {
  return b as unknown as number;
}

/**
 * The relaxation with quality weights (`mccRelaxQuality` γ > 0): pair t weighs
 * w_t = ((qA/100)·(qB/100))^(γ/2), and its support is Σ_k ρ_tk · w_k · λ_k / Σ_{k≠t} w_k, the
 * weighted mean of the other pairs' (so λ stays within the initial similarities' range, and a
 * print whose every minutia has the same quality gets the published relaxation: the weights
 * cancel). Pairs of a print's unreliable minutiae (mostly false in faint or dry prints) then
 * dilute the support the true pairs give each other less. A template without qualities counts
 * every minutia as 100.
 */
function relaxWeighted(A: PreparedTemplate, B: PreparedTemplate, n: number, gamma: number): void {
  const qa = A.quality, qb = B.quality;
  let total = 0;
  for (let t = 0; t < n; t++) {
    const q = Math.max(1, qa ? qa[pairA[t]] : 100) * Math.max(1, qb ? qb[pairB[t]] : 100);
    const w = Math.pow(q / 10000, gamma / 2);
    pairWeight[t] = w;
    total += w;
  }
  for (let it = 0; it < N_REL; it++) {
    for (let t = 0; t < n; t++) {
      let s = 0;
      for (let j = t * MAX_N, end = j + compatible[t]; j < end; j++) { const k = compatibleWith[j]; s += compatibleRho[j] * pairWeight[k] * lambda[k]; }
      next[t] = W_R * lambda[t] + ((1 - W_R) * s) / (total - pairWeight[t]);
    }
    for (let t = 0; t < n; t++) lambda[t] = next[t];
  }
}

// the packed cylinders the kernel holds (copied only when another template comes)
let lastA: Int32Array | null = null;
let lastB: Int32Array | null = null;
let kernelMemory: ArrayBufferLike | null = null;
let kernelA: Int32Array | null = null;
let kernelB: Int32Array | null = null;
let kernelTaken: Int32Array | null = null;

/** Step 1 in JavaScript (no kernel, or an alignment radius): the keys into `keys`, their count. */
function localSimilarities(A: PreparedTemplate, ca: MinutiaCylinders, B: PreparedTemplate, cb: MinutiaCylinders, rotation: number, align: CylinderAlignment | undefined, shortlist: number): number {
  const nA = A.count, nB = B.count;
  const aAngle = A.angle, bAngle = B.angle;
  const bitsA = ca.bits, maskA = ca.mask, bitsB = cb.bits, maskB = cb.mask;
  if (shortlist > 0) coarseShortlist(A, ca.packed, B, cb.packed, rotation, shortlist);
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
      if (shortlist > 0) {
        const v = coarse[a * nB + b];
        if (v < 0 || (v < rowKth[a] && v < colKth[b])) continue;
      }
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
  return K;
}

/**
 * The shortlist's coarse pass (as cylinder-kernel.wat does it): the spatial cylinders' similarity
 * of every comparable pair into `coarse` (as float32; −1 when not comparable or fewer than 60 %
 * of the cells are valid in both), and the k-th best value of each row and column (−1 when fewer).
 */
function coarseShortlist(A: PreparedTemplate, pa: Int32Array, B: PreparedTemplate, pb: Int32Array, rotation: number, k: number): void {
  const nA = A.count, nB = B.count;
  const hA = mccHeaderWords(nA), hB = mccHeaderWords(nB);
  const SW = Math.ceil(MCC_DISC_CELLS / 32);
  for (let a = 0; a < nA; a++) {
    const ha = pa[a], ra = hA + a * MCC_RECORD_WORDS + 80;
    for (let b = 0; b < nB; b++) {
      const hb = pb[b], rb = hB + b * MCC_RECORD_WORDS + 80;
      let v = -1;
      const d = ((ha & 255) + rotation - (hb & 255)) & 255;
      if ((ha & hb & 256) !== 0 && (d > 128 ? 256 - d : d) <= MAX_ANGLE) {
        let m = 0, nd = 0;
        for (let w = 0; w < SW; w++) {
          m += popcount(pa[ra + 8 + w] & pb[rb + 8 + w]);
          nd += popcount(pa[ra + w] ^ pb[rb + w]);
        }
        const na = (ha >>> 10) & 255, nb = (hb >>> 10) & 255;
        if (m >= SPATIAL_MATCHABLE) {
          const norm = Math.sqrt(na) + Math.sqrt(nb);
          v = Math.fround(norm > 0 ? 1 - Math.sqrt(nd) / norm : 0);
        }
      }
      coarse[a * nB + b] = v;
    }
  }
  for (let a = 0; a < nA; a++) rowKth[a] = kthBest(a * nB, 1, nB, k);
  for (let b = 0; b < nB; b++) colKth[b] = kthBest(b, nB, nA, k);
}

/** The k-th largest of `count` coarse values from `start` by `step` (−1 when fewer are ≥ 0). */
function kthBest(start: number, step: number, count: number, k: number): number {
  topK.fill(-1, 0, k);
  for (let i = 0, at = start; i < count; i++, at += step) {
    const v = coarse[at];
    if (!(v > topK[k - 1])) continue;
    let j = k - 1;
    while (j > 0 && v > topK[j - 1]) { topK[j] = topK[j - 1]; j--; }
    topK[j] = v;
  }
  return topK[k - 1];
}
