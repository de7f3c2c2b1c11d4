import type { MatchingParameters } from '../config/parameters/matching.js';
import { ANGLE_UNITS, angleUnitsOf, type PreparedTemplate } from './prepare-template.js';

/**
 * Elastic re-pairing of a comparison's best pairing (in the manner of Bazen & Gerez 2003,
 * "Elastic minutiae matching by means of thin-plate spline models"; our own formulation with a
 * kernel-smoothed displacement field instead of the spline):
 *
 * 1. Warp. A similarity transform (rotation, translation and a scale bounded to
 *    1 ± `elasticScaleBound`) is fitted by least squares to the pairing's minutiae, probe onto
 *    candidate. What is left at each pair (its residual) is smoothed into a displacement field
 *    with a Gaussian kernel of `elasticSmoothing` pixels and a stiffness prior
 *    (`elasticStiffness` pairs' worth of zero displacement at every point): where few pairs lie
 *    the field stays near zero, so a lone pair cannot bend the print onto itself. The warp is
 *    refused (the pairing left as it is) when the scale leaves its bound or the field moves any
 *    paired minutia by more than `elasticMaxCorrection` pixels: a pairing that needs more
 *    bending than a finger gives is not a print distorted against itself.
 * 2. New pairs. Each unpaired probe minutia, carried through the warp, pairs with the nearest
 *    unpaired candidate minutia within `elasticPairTolerance` pixels whose direction agrees
 *    within `angleTolerance` after the fitted rotation (closest pairs first).
 * 3. Re-measure. The confirming edges of the whole pairing (old and new pairs) are counted again
 *    as the growth counts them (an edge from a pair to one paired before it, compared with the
 *    candidate's edge between the partners, growth tolerances), but with the probe edge's length
 *    taken between the warped positions: a print scaled or bent against the other keeps the fit
 *    its edges would have without the distortion.
 *
 * Scratch buffers live at module level (one set per thread; a refinement never yields).
 */

const MAX_N = 256;
// similarity-mapped and warped probe positions, per probe minutia
const wx = new Float64Array(MAX_N);
const wy = new Float64Array(MAX_N);
// residual of each pair after the similarity, by place in the pairing order
const rx = new Float64Array(MAX_N);
const ry = new Float64Array(MAX_N);
// the smoothed displacement field at each probe minutia
const fx = new Float64Array(MAX_N);
const fy = new Float64Array(MAX_N);
// place of each probe minutia in the pairing order (UNPAIRED when not paired)
const rank = new Int16Array(MAX_N);
const UNPAIRED = 0x7fff;
// candidate minutiae already paired (stamp of the refinement)
const usedC = new Int32Array(MAX_N);
let stamp = 0;
// proposed new pairs: squared distance and code (p << 8 | c)
const PROPOSAL_CAP = 1 << 12;
const propD = new Float64Array(PROPOSAL_CAP);
const propCode = new Int32Array(PROPOSAL_CAP);
const support = new Uint16Array(MAX_N);
const fit = new Float64Array(MAX_N);
/** Fewest pairs a warp is fitted to: fewer do not fix a scale, let alone a bend. */
const MIN_PAIRS = 4;

/** The pairing after {@link refinePairsElastically}: its score terms and the warp found. */
export interface ElasticPairing {
  /** Pairs, each weighted by its two minutiae's weights (as the comparison's score counts them). */
  pairs: number;
  /** Weighted pairs with at least `minSupport` confirming edges. */
  confirmed: number;
  /** Σ weight · fit of the confirming edges at each pair. */
  fitSum: number;
  /** Weighted pairs whose minutia types agree. */
  typeAgree: number;
  /** Pairs added by the warp. */
  added: number;
  /** The warp's similarity scale (candidate / probe). */
  scale: number;
  /** The largest displacement the smoothed field gives a paired minutia, pixels. */
  correction: number;
}

/** An empty {@link ElasticPairing} to pass to {@link refinePairsElastically}. */
export function emptyElasticPairing(): ElasticPairing {
  return { pairs: 0, confirmed: 0, fitSum: 0, typeAgree: 0, added: 0, scale: 1, correction: 0 };
}

/**
 * Refines a pairing of probe P and candidate C through a fitted smooth warp (see the module
 * comment): `pairOf[p]` is probe minutia p's partner (−1 when unpaired), `order` the paired
 * probe minutiae in the order the growth paired them, `count` of them. On success the new pairs
 * are appended to `order` and entered in `pairOf`, each pair's confirming edges written to
 * `supportOut[p]`, the pairing's score terms to `out`, and the new count returned; −1 (nothing
 * changed) when the warp is refused or there are fewer than 4 pairs. Units: pixels at 500 ppi.
 * Cost O(n·m) for n probe minutiae and m pairs (≈ a few µs for 40 minutiae). Not re-entrant
 * (module scratch, one per thread).
 */
export function refinePairsElastically(P: PreparedTemplate, C: PreparedTemplate, pairOf: Int16Array, order: Int16Array, count: number, supportOut: Uint16Array, params: MatchingParameters, out: ElasticPairing): number {
  const m = count;
  if (m < MIN_PAIRS) return -1;
  const np = P.count, nc = C.count;
  const px = P.x, py = P.y, cx = C.x, cy = C.y;

  // 1. similarity fit: minimise Σ |u − s·R·v|², u and v the pairs about their centroids
  let pcx = 0, pcy = 0, ccx = 0, ccy = 0;
  for (let k = 0; k < m; k++) {
    const p = order[k], c = pairOf[p];
    pcx += px[p]; pcy += py[p]; ccx += cx[c]; ccy += cy[c];
  }
  pcx /= m; pcy /= m; ccx /= m; ccy /= m;
  let sdot = 0, scross = 0, vv = 0;
  for (let k = 0; k < m; k++) {
    const p = order[k], c = pairOf[p];
    const ux = cx[c] - ccx, uy = cy[c] - ccy, vx = px[p] - pcx, vy = py[p] - pcy;
    sdot += ux * vx + uy * vy;
    scross += vx * uy - vy * ux;
    vv += vx * vx + vy * vy;
  }
  const h = Math.hypot(sdot, scross);
  if (!(h > 0) || !(vv > 0)) return -1;
  const s = h / vv;
  const bound = params.elasticScaleBound;
  if (!(s >= 1 - bound && s <= 1 + bound)) return -1;
  const cos = (s * sdot) / h, sin = (s * scross) / h;
  // the rotation in the directions' convention (angles counted with y up, image y points down)
  const rotation = (-Math.atan2(scross, sdot) * ANGLE_UNITS) / (2 * Math.PI);
  for (let p = 0; p < np; p++) {
    const vx = px[p] - pcx, vy = py[p] - pcy;
    wx[p] = cos * vx - sin * vy + ccx;
    wy[p] = sin * vx + cos * vy + ccy;
    rank[p] = UNPAIRED;
  }
  for (let k = 0; k < m; k++) {
    const p = order[k], c = pairOf[p];
    rx[k] = cx[c] - wx[p]; ry[k] = cy[c] - wy[p];
    rank[p] = k;
  }

  // the smoothed displacement field at every probe minutia; refused when it bends a pair too far
  const inv2s2 = 1 / (2 * params.elasticSmoothing * params.elasticSmoothing);
  const prior = params.elasticStiffness;
  const maxCorrection2 = params.elasticMaxCorrection * params.elasticMaxCorrection;
  let correction2 = 0;
  for (let p = 0; p < np; p++) {
    const x = wx[p], y = wy[p];
    let g = prior, dx = 0, dy = 0;
    for (let k = 0; k < m; k++) {
      const q = order[k];
      const ex = wx[q] - x, ey = wy[q] - y;
      const wk = Math.exp(-(ex * ex + ey * ey) * inv2s2);
      g += wk; dx += wk * rx[k]; dy += wk * ry[k];
    }
    dx /= g; dy /= g;
    if (rank[p] !== UNPAIRED) {
      const d2 = dx * dx + dy * dy;
      if (d2 > correction2) correction2 = d2;
    }
    // applied once every minutia has its field (the field reads the unwarped positions)
    fx[p] = dx; fy[p] = dy;
  }
  if (correction2 > maxCorrection2) return -1;
  for (let p = 0; p < np; p++) { wx[p] += fx[p]; wy[p] += fy[p]; }

  const tol = params.elasticPairTolerance, tol2 = tol * tol;
  // 2. new pairs: every unpaired probe minutia against every unpaired candidate minutia
  if (++stamp === 0x7fffffff) { usedC.fill(0); stamp = 1; }
  for (let k = 0; k < m; k++) usedC[pairOf[order[k]]] = stamp;
  const tolA = angleUnitsOf(params.angleTolerance);
  const pAngle = P.angle, cAngle = C.angle;
  let nProp = 0;
  for (let p = 0; p < np && nProp < PROPOSAL_CAP; p++) {
    if (rank[p] !== UNPAIRED) continue;
    const x = wx[p], y = wy[p], a = pAngle[p] + rotation;
    for (let c = 0; c < nc; c++) {
      if (usedC[c] === stamp) continue;
      const ex = cx[c] - x, ey = cy[c] - y;
      const d2 = ex * ex + ey * ey;
      if (d2 > tol2) continue;
      let da = cAngle[c] - a;
      da -= ANGLE_UNITS * Math.round(da / ANGLE_UNITS);
      if (da > tolA || da < -tolA) continue;
      // insertion by distance (ties keep the order of discovery)
      let i = nProp++;
      while (i > 0 && propD[i - 1] > d2) { propD[i] = propD[i - 1]; propCode[i] = propCode[i - 1]; i--; }
      propD[i] = d2; propCode[i] = (p << 8) | c;
      if (nProp === PROPOSAL_CAP) break;
    }
  }
  let n = m;
  for (let i = 0; i < nProp; i++) {
    const p = propCode[i] >> 8, c = propCode[i] & 255;
    if (rank[p] !== UNPAIRED || usedC[c] === stamp) continue;
    pairOf[p] = c; usedC[c] = stamp; rank[p] = n; order[n++] = p;
  }

  // 3. confirming edges re-measured at the warp, as the growth counts them
  const pTo = P.edgeTo, pA1 = P.edgeAngleFrom, pA2 = P.edgeAngleTo;
  const cTo = C.edgeTo, cLen = C.edgeLength, cA1 = C.edgeAngleFrom, cA2 = C.edgeAngleTo;
  const tolL = params.distanceTolerance, tolR = params.distanceToleranceRelative;
  const tolA0 = angleUnitsOf(params.angleTolerance);
  const lengthShare = params.angleToleranceLengthShare;
  for (let k = 0; k < n; k++) { const p = order[k]; support[p] = 0; fit[p] = 0; }
  for (let k = 1; k < n; k++) {
    const p = order[k], c = pairOf[p];
    const ce0 = C.edgeStart[c], ce1 = C.edgeStart[c + 1];
    for (let e = P.edgeStart[p], ee = P.edgeStart[p + 1]; e < ee; e++) {
      const j = pTo[e];
      if (rank[j] >= k) continue; // unpaired, or paired after p
      const cj = pairOf[j];
      let f = ce0;
      while (f < ce1 && cTo[f] !== cj) f++;
      if (f === ce1) continue;
      const L = Math.hypot(wx[j] - wx[p], wy[j] - wy[p]);
      const tolE = tolL + tolR * L;
      const dl = cLen[f] - L;
      if (dl > tolE || dl < -tolE) continue;
      const tolAE = lengthShare === 0 ? tolA0 : tolA0 * (1 - lengthShare + lengthShare * Math.min(2, 50 / L));
      const d1 = unitDiff(pA1[e], cA1[f]), d2 = unitDiff(pA2[e], cA2[f]);
      if (d1 > tolAE || d2 > tolAE) continue;
      const w0 = 1 - ((dl < 0 ? -dl : dl) / tolE + (d1 + d2) / tolAE) / 3;
      const w = w0 * w0;
      support[p]++; support[j]++; fit[p] += w; fit[j] += w;
    }
  }
  let pairs = 0, confirmed = 0, fitSum = 0, typeAgree = 0;
  const pWeight = P.weight, cWeight = C.weight, pType = P.type, cType = C.type;
  for (let k = 0; k < n; k++) {
    const p = order[k], c = pairOf[p];
    const w = pWeight[p] * cWeight[c];
    pairs += w; fitSum += fit[p] * w;
    if (support[p] >= params.minSupport) confirmed += w;
    if (pType[p] !== 0 && pType[p] === cType[c]) typeAgree += w;
    supportOut[p] = support[p];
  }
  out.pairs = pairs; out.confirmed = confirmed; out.fitSum = fitSum; out.typeAgree = typeAgree;
  out.added = n - m; out.scale = s; out.correction = Math.sqrt(correction2);
  return n;
}

/** Difference of two angles in units of 2π/256, in [0, 128]. */
function unitDiff(a: number, b: number): number {
  const d = (a - b) & 255;
  return d > 128 ? 256 - d : d;
}
