import { MATCHING_PARAMETERS, type MatchingParameters } from '../config/parameters/matching.js';
import { angleUnitsOf, edgeGrid, HULL_ROW_HEIGHT, overlapHull, overlapHullRows, probeOrientation, rescalePreparedTemplate, type PreparedTemplate } from './prepare-template.js';
import { edgeLookupOf, secondEdgeLookupOf, type EdgeLookup } from './build-edge-lookup.js';
import { compareCylinders, type CylinderAlignment } from './compare-cylinders.js';
import { insideValidArea } from '../templates/index.js';
import { emptyElasticPairing, refinePairsElastically } from './refine-pairs-elastically.js';
import { orientationAgreement, orientationFactor } from './compare-orientation-maps.js';
import { localOrientationAgreement } from './compare-orientation-maps-locally.js';
import { equateScoreByMinutiae, equateScoreByPair, equateScoreWithoutMap, fmrToThreshold } from './calibration.js';
import { sumRigidFit, type RigidFitSums } from './fit-rigid.js';
import { covariateVector, type PairCovariates } from './pair-fmr-model.js';
import { relativeRigidResidual, residualFactor } from './pairing-residual.js';

/**
 * How a comparison works (neighbour-edge tables with consistent pairing grown from root pairs,
 * the family of SourceAFIS and Bozorth3; this is our own formulation):
 *
 * 1. Votes. Every edge of the candidate's neighbour graph is looked up in the probe's edge
 *    table (build-edge-lookup.ts); each probe edge that agrees in length and both relative
 *    angles (root tolerances) votes for the two minutia pairs at its ends. A high vote means the
 *    two neighbourhoods look alike (local similarity).
 * 2. Roots. The best-voted minutia pairs become roots, best first; roots resting on a single
 *    vote are mostly chance and only a few are tried (this bounds the time spent on impostors).
 * 3. Growth. From a root, the pairing grows along the edge graphs: the edges leaving every paired
 *    minutia are compared with the edges leaving its partner (growth tolerances, the length
 *    tolerance growing with the edge's length), compatible edges propose their end minutiae as a
 *    new pair if it turns like the root pair, and the proposal with the smallest error is taken
 *    first (a priority queue). Only local (edge-wise) consistency is required, so the smooth
 *    bending of elastic distortion is tolerated; rotation and translation never enter. A root
 *    already paired by an earlier root's growth is skipped. Two options (off by default) tolerate
 *    a print scaled against the other (a wrongly stated resolution): root lengths that agree
 *    within a relative tolerance (rootDistanceToleranceRelative, prepare-template.ts
 *    rootLength), and a growth that compares edges at the pairing's scale, estimated from its
 *    confirming edges (maxScaleError). A third (pairingRescaleBound, off by default) pairs once
 *    more, in a copy of the probe rescaled by the best pairing's own scale (the median distance
 *    ratio of its pairs, when they agree), and keeps that pairing if it scores higher.
 * 4. Score. Paired minutiae (half weight without two confirming edges), confirming edges
 *    weighted by how closely they fit (chance agreements spread over the tolerance, genuine ones
 *    cluster near zero error) and agreeing minutia types, normalised by the minutiae counts; the
 *    best root's score is the comparison's. An option (elasticPairTolerance, off by default)
 *    then re-pairs the best pairing through a smooth warp fitted to it and scores it again
 *    (refine-pairs-elastically.ts), in a band of scores.
 * 5. A second pass (wideRootFactor, off by default): where the score is uncertain (a band of the
 *    calibration table's scores), the comparison runs again with the root tolerances widened
 *    (a coarser lookup grid: a strongly distorted print's true neighbourhoods still vote), and
 *    the larger score is kept.
 *
 * Scratch buffers live at module level: one set per thread (worker threads each load the
 * module), and a comparison never yields, so this is safe and allocates nothing per comparison.
 */

const MAX_N = 256;
const votes = new Uint16Array(MAX_N * MAX_N);
// pairs already part of an earlier root's pairing (as vote-table bit): growing from them again repeats work
const seen = new Uint8Array(MAX_N * MAX_N);
// vote-table cells that received a vote (so selection and clearing skip the empty cells)
const touched = new Int32Array(MAX_N * MAX_N);
const seenList = new Int32Array(MAX_N * MAX_N);
// bucket entries that passed the root tolerances (16-bit: a lookup table has at most 65,535
// entries) and the candidate edge each matched (< 255 × 32), cast as votes when the list is full
const PASSED_CAP = 1 << 16;
// the probe's lookup table as the vote loop reads it (holdLookup): bucket offsets (the shipped
// grid has 7,938 buckets) and the entries (at most 65,535)
const HELD_BUCKETS = 1 << 15;
const heldStart = new Uint16Array(HELD_BUCKETS);
const heldLength = new Float32Array(PASSED_CAP);
const heldAngles = new Uint16Array(PASSED_CAP);
const heldPair = new Uint16Array(PASSED_CAP);
let heldLookup: EdgeLookup | null = null;
// the candidate's root edges with a non-empty bucket, and the bucket's bounds (a candidate has
// fewer than 255 × 32 edges)
const rootEdge = new Uint16Array(256 * 32);
const rootStart = new Uint16Array(256 * 32);
const rootEnd = new Uint16Array(256 * 32);
const passedEntry = new Uint16Array(PASSED_CAP);
const passedEdge = new Uint16Array(PASSED_CAP);
const pairP = new Int16Array(MAX_N).fill(-1);
const pairC = new Int16Array(MAX_N).fill(-1);
const support = new Uint16Array(MAX_N);
const fit = new Float64Array(MAX_N);
const pairedList = new Int16Array(MAX_N);
const bestPairP = new Int16Array(MAX_N);
const bestSupport = new Uint16Array(MAX_N);
// the growth's index of the candidate's edges by angle, built for a candidate minutia on its first
// expansion in a comparison (maskStamp[c] === comparisonStamp): per minutia, MASK_BINS bins of
// 2^MASK_SHIFT angle units, each a 32-bit mask of the minutia's edges (at most 32) whose angle
// can lie within the angle tolerance of an angle of the bin (buildAngleMasks)
const MASK_SHIFT = 3;
const MASK_BINS = 256 >> MASK_SHIFT;
/** The largest angle tolerance (units) whose window [x − t, x + t] four bins of 8 units hold. */
const MASK_TOLERANCE_MAX = 12;
const angleMaskFrom = new Int32Array(MAX_N * MASK_BINS);
const angleMaskTo = new Int32Array(MAX_N * MASK_BINS);
const maskStamp = new Int32Array(MAX_N);
let comparisonStamp = 0;
// the angle tolerance the masks are built for (the comparison's angleTolerance in units, −1 when
// larger than MASK_TOLERANCE_MAX): a probe edge whose tolerance is larger takes all edges
let maskTolerance = 0;
// the probe minutiae of the best pairing (bestPairP's paired entries), bestCount of them
const bestList = new Int16Array(MAX_N);
let bestCount = 0;
// the probe the best pairing refers to: the comparison's own, or its copy rescaled (pairingRescaleBound)
let pairedProbe: PreparedTemplate | null = null;
// the ranked roots: at most 64 for the shipped search, up to ROOT_CAP when a second root search
// (secondRootSearchBelowPairs) ranks the roots past it
const ROOT_CAP = 256;
const rootP = new Int16Array(ROOT_CAP);
const rootC = new Int16Array(ROOT_CAP);
const rootV = new Int32Array(ROOT_CAP);
const HEAP_CAP = 1 << 15;
const heapCost = new Float64Array(HEAP_CAP);
const heapPair = new Int32Array(HEAP_CAP);
let heapSize = 0;
let rootRotation = 0;
let bestRotation = 0;
let rotTol = 128;
let lengthShare = 0;
// scale of the growing pairing (candidate length / probe length) and its bounds (maxScaleError)
let scale = 1;
let scaleMin = 1;
let scaleMax = 1;
let scaleSumP = 0;
let scaleSumC = 0;
// the root of the best pairing (the re-pairing at its scale grows from it again)
let bestRootP = 0;
let bestRootC = 0;
/**
 * MCC global score that leaves a score unchanged under the MCC gate (between the FVC2002
 * impostors' median, 0.013, and the genuine pairs', 0.094).
 */
const MCC_REFERENCE = 0.05;
/** Edge length (pixels) at which angleToleranceLengthShare leaves the angle tolerance as it is. */
const ANGLE_REFERENCE_LENGTH = 50;
/**
 * Prior of the pairing's scale estimate (maxScaleError), as pixels of confirming edge of scale 1:
 * a few edges must agree before the estimate moves far from 1.
 */
const SCALE_PRIOR_LENGTH = 150;

/** A root pair (prepared indices: the probe's minutia p, the candidate's c) and its votes. */
export interface RootPair {
  readonly p: number;
  readonly c: number;
  readonly votes: number;
}

/** A root grown under a {@link RootSearchHook}: its pairs made and the pairing's score before finishing. */
export interface GrownRoot extends RootPair {
  readonly pairs: number;
  readonly score: number;
}

/**
 * A bench-only hook on the root search (issue 12, roots: does a wider root search find the
 * true alignment?); set with {@link setRootSearchHook}, none by default, and with none every
 * comparison is the shipped one. With a hook, the roots are listed and chosen as the hook says:
 * the shipped choice (the `maxRoots` best-voted pairs, at most `maxWeakRoots` of them weak) unless
 * `force` or `all`.
 */
export interface RootSearchHook {
  /** Grow from these roots only (prepared indices; votes as found, 0 when none), in this order. */
  force?: readonly { readonly p: number; readonly c: number }[];
  /** Grow from every pair with at least `minRootVotes` votes, best first (no maxRoots / maxWeakRoots bound). */
  all?: boolean;
  /** Filled by each comparison: every pair with ≥ `minRootVotes` votes as the roots are ranked (votes descending, ties in order of discovery). */
  ranked?: RootPair[];
  /** Filled by each comparison: the roots grown (those skipped inside an earlier pairing are not listed). */
  grown?: GrownRoot[];
}

let rootHook: RootSearchHook | null = null;

/** Sets (or with null removes) the bench-only {@link RootSearchHook} of this thread's comparisons. */
export function setRootSearchHook(hook: RootSearchHook | null): void {
  rootHook = hook;
}

/** One pairing found by {@link compareTemplatesDetailed}: minutia indices into the original templates. */
export interface MinutiaPair {
  readonly probe: number;
  readonly candidate: number;
  /** Edges of the neighbour graphs that confirm this pair. */
  readonly support: number;
}

export interface ComparisonDetail {
  readonly score: number;
  readonly pairs: readonly MinutiaPair[];
}

/**
 * Similarity of two prepared templates: a number ≥ 0 without upper bound, 0 for nothing in
 * common. Its meaning is a false match rate, given by {@link scoreToFmr} from impostor
 * comparisons (with the shipped calibration, calibration-table.ts, maps on both sides: about 2.4 ≈
 * FMR 1 %, 6.2 ≈ 0.1 %, 14.7 ≈ 0.01 %; without the map 7.4, 16.7 and 28.3; 92 % of genuine FVC2002
 * comparisons score ≥ 30.5); set thresholds with
 * {@link fmrToThreshold}, never as constants. Tolerant of rotation, translation, partial overlap
 * and elastic distortion. Nearly symmetric (not exactly: roots come from the candidate's edges).
 *
 * Cost: ≈ 14–16 µs of CPU per comparison for ~32 minutiae each (bench/RESULTS.md, under load);
 * it grows with the minutiae and neighbour counts. Fastest with one probe against many
 * candidates: a new probe's lookup table is copied into this thread's scratch (≈ 40 KB). No
 * allocation after the probe's first use (its lookup table). Thread-safe in the sense that
 * matters for Node: pure over immutable inputs, scratch memory is per thread.
 */
export function compareTemplates(probe: PreparedTemplate, candidate: PreparedTemplate, params: MatchingParameters = MATCHING_PARAMETERS): number {
  return runComparison(probe, candidate, params);
}

/** Like {@link compareTemplates}, also returning the paired minutiae of the best pairing (for display). */
export function compareTemplatesDetailed(probe: PreparedTemplate, candidate: PreparedTemplate, params: MatchingParameters = MATCHING_PARAMETERS): ComparisonDetail {
  const score = runComparison(probe, candidate, params);
  const pairs: MinutiaPair[] = [];
  if (score > 0) {
    for (let p = 0; p < probe.count; p++) {
      const c = bestPairP[p];
      if (c >= 0) pairs.push({ probe: probe.sourceIndex[p], candidate: candidate.sourceIndex[c], support: bestSupport[p] });
    }
  }
  return { score, pairs };
}

/**
 * Like {@link compareTemplates} (the same score, computed the same way), also returning what the
 * best pairing shows of the pair (pair-fmr-model.ts): the smaller prepared minutiae count, the
 * minutiae in the common area (each print's minutiae carried into the other's frame by the best
 * pairing's rigid fit and found inside its hull, within `overlapMargin`; the mean of the two
 * prints' counts) and their mean quality / 100. Without a fit (score 0, fewer than 2 pairs, no
 * hull) every minutia counts as common. Reads the comparison's state after it, changes no score.
 */
export function compareTemplatesCovariates(probe: PreparedTemplate, candidate: PreparedTemplate, params: MatchingParameters = MATCHING_PARAMETERS): PairCovariates & { readonly score: number } {
  const score = runComparison(probe, candidate, params);
  return { score, ...covariatesOfBest(probe, candidate, score, params) };
}

const covariateFit: CylinderAlignment = { radius: 0, cos: 1, sin: 0, ax: 0, ay: 0, bx: 0, by: 0 };

/** {@link compareTemplatesCovariates}'s covariates of the best pairing just found. */
function covariatesOfBest(P: PreparedTemplate, C: PreparedTemplate, score: number, params: MatchingParameters): PairCovariates {
  const smaller = Math.min(P.count, C.count);
  const pHull = score > 0 ? overlapHull(P) : EMPTY_FLOATS, cHull = score > 0 ? overlapHull(C) : EMPTY_FLOATS;
  const fitted = pHull.length > 0 && cHull.length > 0 && fitPairing(P, C, covariateFit) > 0;
  const { cos, sin, ax: pcx, ay: pcy, bx: ccx, by: ccy } = covariateFit;
  const margin = params.overlapMargin;
  let inside = 0, quality = 0;
  // T's minutiae turned by (cos, sin) about (ax, ay), moved to (bx, by), inside hull h
  const visit = (T: PreparedTemplate, h: Float32Array, c: number, s: number, ax: number, ay: number, bx: number, by: number): void => {
    for (let i = 0; i < T.count; i++) {
      if (fitted) {
        const dx = T.x[i] - ax, dy = T.y[i] - ay;
        if (!insideHull(h, c * dx - s * dy + bx, s * dx + c * dy + by, margin)) continue;
      }
      inside++;
      quality += T.quality ? T.quality[i] : 100;
    }
  };
  // C's minutiae in P's frame inside P's hull, and P's minutiae in C's frame inside C's hull (as overlapShare)
  visit(C, pHull, cos, sin, ccx, ccy, pcx, pcy);
  visit(P, cHull, cos, -sin, pcx, pcy, ccx, ccy);
  return { smaller, common: inside / 2, clarity: inside > 0 ? quality / inside / 100 : 0 };
}

const EMPTY_FLOATS = new Float32Array(0);

/** What {@link compareTemplatesEvidence} returns: the pieces a comparison's score is made of. */
export interface ComparisonEvidence {
  /**
   * The minutia geometry's score: what {@link compareTemplates} gives with
   * `orientationAgreementWeight` 0 (no map read, nothing equated), whatever `params` says of it.
   */
  readonly score: number;
  /**
   * The best pairing's orientation agreement 0–1 as the matcher reads it under `params`
   * (compare-orientation-maps.ts); NaN when not measured (score 0, fewer than 3 pairs or 16 common
   * cells); null when either template has no orientation map (or was prepared with
   * `orientationAgreementWeight` 0, which keeps none).
   */
  readonly agreement: number | null;
  /** Paired minutiae of the best pairing. */
  readonly pairs: number;
}

/**
 * A comparison's minutia score, orientation agreement and pairing size, apart, for measuring how
 * the agreement should be fused with the score (bench/matching/map-fusion-forms.mjs, issue 12,
 * mapfuse). With a map on both sides and `orientationAgreementWeight` w ≠ 0, {@link compareTemplates}
 * gives exactly score · orientationFactor(agreement, w) when the score is > 0. Cost and threads as
 * {@link compareTemplates}, plus one agreement.
 */
export function compareTemplatesEvidence(probe: PreparedTemplate, candidate: PreparedTemplate, params: MatchingParameters = MATCHING_PARAMETERS): ComparisonEvidence {
  const score = scoreGeometry(probe, candidate, params);
  const agreement = score > 0 ? bestPairingAgreement(candidate, params) : candidate.orientation !== null && probe.orientation !== null ? NaN : null;
  return { score, agreement, pairs: bestCount };
}

/**
 * A comparison's result as 0 or 1 for arithmetic without a branch (JavaScript's bitwise
 * operators take booleans as 0 and 1; V8 inlines this).
 */
function bit(b: boolean): number {
  return b as unknown as number;
}

/**
 * The listed root matches vote for the minutia pairs at both ends of their edges; returns the
 * new count of touched vote cells.
 */
function castVotes(bPair: Uint16Array, C: PreparedTemplate, nc: number, nPassed: number, nTouched: number): number {
  const cFrom = C.edgeFrom, cTo = C.edgeTo;
  for (let k = 0; k < nPassed; k++) {
    const pr = bPair[passedEntry[k]], f = passedEdge[k];
    const v1 = (pr >> 8) * nc + cFrom[f];
    if (votes[v1]++ === 0) touched[nTouched++] = v1;
    const v2 = (pr & 255) * nc + cTo[f];
    if (votes[v2]++ === 0) touched[nTouched++] = v2;
  }
  return nTouched;
}

/**
 * Copies the probe's lookup table into this module's arrays, where the comparisons read it
 * until another probe comes (the order of a search, an all-pairs evaluation or a 1:N shortlist:
 * one probe against many candidates). The vote loop reads fixed module arrays faster than the
 * arrays of a table object, whose type and bounds V8 checks again on each pass of the loop;
 * a caller that alternates probes pays the copy (≈ 40 KB) on each switch. False, and nothing
 * held, when the table exceeds the arrays (root tolerances far finer than the shipped ones).
 */
function holdLookup(lookup: EdgeLookup): boolean {
  if (lookup.bucketStart.length > HELD_BUCKETS || lookup.length.length > PASSED_CAP) return false;
  heldStart.set(lookup.bucketStart); heldLength.set(lookup.length); heldAngles.set(lookup.angles); heldPair.set(lookup.pair);
  heldLookup = lookup;
  return true;
}

/**
 * Votes from the edge tables (contiguous bucket entries of the probe's table, integer angle
 * arithmetic): each root edge of the candidate looks up its bucket. The tolerance tests are
 * combined without branches (a bucket entry passes about one time in six, at random: branching
 * on each test mispredicts often) and the entries that pass are listed, then vote in the same
 * order (ties between roots keep the order of discovery). `cKey`: the cell of each of the
 * candidate's edges in the table's grid (C.edgeKey for the tolerances C was prepared with).
 * Returns the count of touched vote cells.
 */
function collectVotes(bStart: Uint16Array, bLen: Float32Array, bAng: Uint16Array, bPair: Uint16Array, C: PreparedTemplate, cKey: Int32Array, nc: number, params: MatchingParameters): number {
  let nTouched = 0, nPassed = 0;
  const cLen = C.edgeRootLength, cA1 = C.edgeAngleFrom, cA2 = C.edgeAngleTo;
  const rootTolL = params.rootDistanceTolerance;
  const rootTolA = angleUnitsOf(params.rootAngleTolerance);
  // |angle difference| ≤ tol ⟺ (difference + 128) mod 256 lies in [128 − tol, 128 + tol]
  const angLo = 128 - rootTolA, angHi = 128 + rootTolA;
  const rootEdges = C.rootEdges;
  for (let r = 0, re = rootEdges.length; r < re; r++) {
    const f = rootEdges[r];
    const key = cKey[f];
    const L = cLen[f], A1 = 128 - cA1[f], A2 = 128 - cA2[f];
    const q0 = bStart[key], qe = bStart[key + 1];
    // a bucket holds at most 65,535 entries: room for the whole bucket
    if (nPassed + (qe - q0) > PASSED_CAP) { nTouched = castVotes(bPair, C, nc, nPassed, nTouched); nPassed = 0; }
    for (let q = q0; q < qe; q++) {
      const dl = bLen[q] - L;
      const ang = bAng[q];
      const d1 = ((ang >> 8) + A1) & 255, d2 = ((ang & 255) + A2) & 255;
      passedEntry[nPassed] = q;
      passedEdge[nPassed] = f;
      nPassed += bit(dl <= rootTolL) & bit(dl >= -rootTolL) & bit(((d1 - angLo) | (angHi - d1) | (d2 - angLo) | (angHi - d2)) >= 0);
    }
  }
  return castVotes(bPair, C, nc, nPassed, nTouched);
}

/** Difference of two angles in units of 2π/256, in [0, 128]. */
function unitDiff(a: number, b: number): number {
  const d = (a - b) & 255;
  return d > 128 ? 256 - d : d;
}

function runComparison(P: PreparedTemplate, C: PreparedTemplate, params: MatchingParameters): number {
  const score = scoreOnce(P, C, params);
  // a second pass at wider root tolerances (off by default) for the uncertain scores
  const final = params.wideRootFactor > 0 && rootHook === null && opensWidePass(score, params) ? runWidePass(P, C, score, params) : score;
  // calibration by the pair's smaller minutiae count (off by default): only when both templates
  // are ours (they carry a map), since the bands' tables were fitted on our extractor's counts
  if (params.calibrationByMinutiae !== 0 && P.orientation !== null && C.orientation !== null) return equateScoreByMinutiae(final, Math.min(P.count, C.count));
  // the per-pair tail model (off by default): likewise only between our templates, whose counts,
  // hulls and minutia qualities the model was fitted on
  if (params.calibrationByPair !== 0 && final > 0 && P.orientation !== null && C.orientation !== null) return equateScoreByPair(final, covariateVector(covariatesOfBest(P, C, final, params)));
  return final;
}

/** One pass of the comparison: the minutia geometry's score with the orientation agreement. */
function scoreOnce(P: PreparedTemplate, C: PreparedTemplate, params: MatchingParameters): number {
  const score = scoreGeometry(P, C, params);
  // the best pairing's global consistency (pairingResidualScale, off by default): a factor on the
  // score after every other term, so it reads the score as the rest of the comparison made it
  return score > 0 && params.pairingResidualScale > 0 ? withMap(score, C, params) * pairingResidualTerm(C, params) : withMap(score, C, params);
}

/** The geometry's score with the orientation agreement of its best pairing (step of {@link scoreOnce}). */
function withMap(score: number, C: PreparedTemplate, params: MatchingParameters): number {
  // the two prints' orientation fields under the best pairing (orientationAgreementWeight, on since
  // the tenth session); without a map on either side the score is equated to the scale of
  // comparisons with maps by its false match rate, so that one calibration table holds for both
  if (score > 0 && params.orientationAgreementWeight !== 0) {
    const agreement = bestPairingAgreement(C, params);
    return agreement === null ? equateScoreWithoutMap(score) : score * orientationFactor(agreement, params.orientationAgreementWeight);
  }
  return score;
}

const residualSums: RigidFitSums = { ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0 };

/**
 * The pairing-residual factor of the best pairing just scored (pairingResidualScale): its rigid
 * fit's residual relative to its radius (pairing-residual.ts), 1 for fewer than 3 pairs. In the
 * frame of the probe the pairing refers to (a rescaled copy with pairingRescaleBound).
 */
function pairingResidualTerm(C: PreparedTemplate, params: MatchingParameters): number {
  if (bestCount < 3) return 1;
  const P = pairedProbe!;
  sumRigidFit(P.x, P.y, C.x, C.y, bestList, bestCount, bestPairP, residualSums);
  const rel = relativeRigidResidual(P.x, P.y, C.x, C.y, bestList, bestCount, bestPairP, residualSums);
  return residualFactor(rel, params.pairingResidualScale, params.pairingResidualExponent);
}

// The second pass at wider root tolerances (wideRootFactor, off by default). While it runs,
// widePassParams holds its parameters (the comparison's with the root tolerances widened) and
// pairBest votes at them; null otherwise.
let widePassParams: MatchingParameters | null = null;
// the parameters the band and the widened parameters below were derived from
let wideFor: MatchingParameters | null = null;
let wideParams: MatchingParameters = MATCHING_PARAMETERS;
let wideLow = 0;
let wideHigh = Infinity;
// the widened grid (edgeGrid of wideParams) the candidate's root edges are filed in: its cell
// sizes, each angle unit's angle cell, and the keys by edge (a candidate has < 256 × 32 edges)
let wideGridFor: MatchingParameters | null = null;
let wideLengthCell = 1;
let wideLengthCells = 1;
let wideAngleCells = 1;
const wideAngleCellOf = new Int32Array(256);
const wideKeys = new Int32Array(MAX_N * 32);
// the first pass's best pairing, kept while the second runs (for compareTemplatesDetailed)
const firstPairP = new Int16Array(MAX_N);
const firstSupport = new Uint16Array(MAX_N);
const firstList = new Int16Array(MAX_N);

/**
 * Whether the first pass's `score` (and best pairing) opens the second pass: in the band of
 * scores [score at FMR wideRootBandLowFmr, score at FMR wideRootBandHighFmr) of the shipped
 * calibration table and, with wideRootBelowPairs, a best pairing of fewer pairs than that.
 */
function opensWidePass(score: number, params: MatchingParameters): boolean {
  if (wideFor !== params) {
    const f = params.wideRootFactor;
    wideParams = Object.freeze({ ...params, rootDistanceTolerance: params.rootDistanceTolerance * f, rootAngleTolerance: params.rootAngleTolerance * f });
    wideLow = params.wideRootBandLowFmr >= 1 ? 0 : fmrToThreshold(params.wideRootBandLowFmr);
    wideHigh = params.wideRootBandHighFmr > 0 ? fmrToThreshold(params.wideRootBandHighFmr) : Infinity;
    wideFor = params;
  }
  return score >= wideLow && score < wideHigh && (params.wideRootBelowPairs <= 0 || bestCount < params.wideRootBelowPairs);
}

/**
 * The comparison once more with its root tolerances widened (votes from the probe's table at
 * those, {@link secondEdgeLookupOf}, the growth and every later step as they are); the larger of
 * the two scores, or the second's with wideRootKeepSecond, and its best pairing kept.
 */
function runWidePass(P: PreparedTemplate, C: PreparedTemplate, first: number, params: MatchingParameters): number {
  const np = P.count, count = bestCount;
  firstPairP.set(bestPairP.subarray(0, np)); firstSupport.set(bestSupport.subarray(0, np)); firstList.set(bestList.subarray(0, count));
  widePassParams = wideParams;
  let second: number;
  try {
    second = scoreOnce(P, C, params);
  } finally {
    widePassParams = null;
  }
  if (params.wideRootKeepSecond !== 0 || second > first) return second;
  bestPairP.set(firstPairP.subarray(0, np)); bestSupport.set(firstSupport.subarray(0, np)); bestList.set(firstList.subarray(0, count));
  bestCount = count;
  return first;
}

/**
 * The lookup-grid cell of each of C's root edges in the grid of `wide` (as prepareTemplate files
 * them in the grid of the parameters C was prepared with), indexed by edge; O(root edges).
 */
function wideEdgeKeys(C: PreparedTemplate, wide: MatchingParameters): Int32Array {
  if (wideGridFor !== wide) {
    const g = edgeGrid(wide);
    wideLengthCell = g.lengthCell; wideLengthCells = g.lengthCells; wideAngleCells = g.angleCells;
    for (let a = 0; a < 256; a++) wideAngleCellOf[a] = Math.floor(a / g.angleCell) % g.angleCells;
    wideGridFor = wide;
  }
  const len = C.edgeRootLength, a1 = C.edgeAngleFrom, a2 = C.edgeAngleTo, roots = C.rootEdges;
  for (let r = 0, re = roots.length; r < re; r++) {
    const f = roots[r];
    const l = Math.min(wideLengthCells - 1, Math.floor(len[f] / wideLengthCell));
    wideKeys[f] = (l * wideAngleCells + wideAngleCellOf[a1[f]]) * wideAngleCells + wideAngleCellOf[a2[f]];
  }
  return wideKeys;
}

/**
 * The minutia geometry's score of the comparison (steps 1–4 and what finishes them), the best
 * pairing kept as pairBest keeps it and the probe it refers to in pairedProbe.
 */
function scoreGeometry(P: PreparedTemplate, C: PreparedTemplate, params: MatchingParameters): number {
  let best = pairBest(P, C, params);
  // re-pairing at the best pairing's own scale (off by default), in its score band
  if (best > 0 && params.pairingRescaleBound > 0 && best >= params.pairingRescaleBandLow && (params.pairingRescaleBandHigh <= 0 || best <= params.pairingRescaleBandHigh)) {
    const rescaled = rescaleBest(P, C, best, params);
    if (rescaled !== null) { P = rescaled.probe; best = rescaled.score; }
  }
  pairedProbe = P;
  return finishComparison(P, C, best, params);
}

/**
 * The orientation agreement 0–1 of the best pairing just scored by {@link scoreGeometry} (NaN when
 * not measured: fewer than 3 pairs or 16 common cells); null when either template has no map.
 */
function bestPairingAgreement(C: PreparedTemplate, params: MatchingParameters): number | null {
  const P = pairedProbe!;
  const probeSide = C.orientation !== null ? probeOrientation(P) : null;
  if (probeSide === null || C.orientation === null) return null;
  // through a transform interpolated from the pairs (orientationAgreementLocal, off by default; only
  // for pairings of at least orientationAgreementLocalMinPairs pairs), else the rigid fit
  return params.orientationAgreementLocal > 0 && bestCount >= params.orientationAgreementLocalMinPairs
    ? localOrientationAgreement(probeSide, C.orientation, P.x, P.y, P.angle, C.x, C.y, C.angle, bestList, bestCount, bestPairP, params.orientationAgreementLocal, params.orientationAgreementLocalStiffness)
    : orientationAgreement(probeSide, C.orientation, P.x, P.y, C.x, C.y, bestList, bestCount, bestPairP, params.orientationAgreementRadius, (params.orientationAgreementTurn * Math.PI) / 180, params.orientationAgreementScale);
}

/**
 * Steps 1–4: votes, roots, the growth from each root and its score. Returns the best pairing's
 * score (0 when none; with pairingResidualPerRoot the best is the highest score times residual
 * factor, and its unfactored score is returned), the pairing itself kept in bestPairP / bestList / bestSupport, its root
 * turn in bestRotation and its root in bestRootP / bestRootC.
 */
function pairBest(P: PreparedTemplate, C: PreparedTemplate, params: MatchingParameters): number {
  const np = P.count;
  const nc = C.count;
  for (let p = 0; p < np; p++) bestPairP[p] = -1;
  bestCount = 0;
  if (np < 2 || nc < 2) return 0;
  // a new stamp: the angle masks of the previous comparison's candidate are stale
  if (++comparisonStamp === 0x7fffffff) { maskStamp.fill(0); comparisonStamp = 1; }
  const tolL = params.distanceTolerance;
  const tolR = params.distanceToleranceRelative;
  const tolA = angleUnitsOf(params.angleTolerance);
  // masks for the comparison's angle tolerance; beyond what four bins hold, masks that no probe
  // edge with a tolerance ≥ 0 uses (edges with a negative one pass no test: any mask will do)
  maskTolerance = tolA <= MASK_TOLERANCE_MAX ? Math.max(0, tolA) : -1;
  rotTol = angleUnitsOf(params.maxRotationDrift);
  lengthShare = params.angleToleranceLengthShare;
  scaleMax = 1 + Math.max(0, params.maxScaleError);
  scaleMin = 1 / scaleMax;

  // 1. votes from the edge tables: the probe's table held in this module's arrays (see
  // holdLookup) unless it is too large for them; in the second pass at wider root tolerances
  // (wideRootFactor), the probe's table at those and the candidate's edges filed in its grid
  const wide = widePassParams;
  const lookup = wide === null ? edgeLookupOf(P, params) : secondEdgeLookupOf(P, wide);
  let nTouched = 0;
  if (wide !== null) {
    nTouched = collectVotes(lookup.bucketStart, lookup.length, lookup.angles, lookup.pair, C, wideEdgeKeys(C, wide), nc, wide);
  } else if (lookup === heldLookup || holdLookup(lookup)) {
    // collectVotes on the held table, written out here: V8 reads the module's arrays in this
    // loop as constants (the loop in a function of its own, with the arrays as arguments or
    // read from the module, measured no faster than on the table object's arrays)
    let nPassed = 0;
    const cLen = C.edgeRootLength, cA1 = C.edgeAngleFrom, cA2 = C.edgeAngleTo, cKey = C.edgeKey;
    const rootTolL = params.rootDistanceTolerance;
    const rootTolA = angleUnitsOf(params.rootAngleTolerance);
    const angLo = 128 - rootTolA, angHi = 128 + rootTolA;
    const rootEdges = C.rootEdges;
    // first the root edges whose bucket holds entries (about half), listed without a branch with
    // their bucket's bounds, then those in the same order
    let nRoots = 0;
    for (let r = 0, re = rootEdges.length; r < re; r++) {
      const f = rootEdges[r];
      const key = cKey[f];
      const q0 = heldStart[key], qe = heldStart[key + 1];
      rootEdge[nRoots] = f; rootStart[nRoots] = q0; rootEnd[nRoots] = qe;
      nRoots += bit(q0 < qe);
    }
    for (let r = 0; r < nRoots; r++) {
      const f = rootEdge[r];
      const L = cLen[f], A1 = 128 - cA1[f], A2 = 128 - cA2[f];
      const q0 = rootStart[r], qe = rootEnd[r];
      if (nPassed + (qe - q0) > PASSED_CAP) { nTouched = castVotes(heldPair, C, nc, nPassed, nTouched); nPassed = 0; }
      for (let q = q0; q < qe; q++) {
        const dl = heldLength[q] - L;
        const ang = heldAngles[q];
        const d1 = ((ang >> 8) + A1) & 255, d2 = ((ang & 255) + A2) & 255;
        passedEntry[nPassed] = q;
        passedEdge[nPassed] = f;
        nPassed += bit(dl <= rootTolL) & bit(dl >= -rootTolL) & bit(((d1 - angLo) | (angHi - d1) | (d2 - angLo) | (angHi - d2)) >= 0);
      }
    }
    nTouched = castVotes(heldPair, C, nc, nPassed, nTouched);
  } else {
    nTouched = collectVotes(lookup.bucketStart, lookup.length, lookup.angles, lookup.pair, C, C.edgeKey, nc, params);
  }
  if (rootHook !== null) return pairFromHook(P, C, params, nTouched, tolL, tolR, tolA, rootHook);

  // 2. roots: the best-voted pairs (small insertion-sorted list)
  const maxRoots = Math.max(1, Math.min(params.maxRoots, 64));
  // a second root search (off by default) ranks the next secondRootSearchRoots pairs too
  const secondBelow = params.secondRootSearchBelowPairs;
  const maxRanked = secondBelow > 0 ? Math.min(ROOT_CAP, maxRoots + Math.max(0, params.secondRootSearchRoots)) : maxRoots;
  let roots = 0;
  const minVotes = Math.max(1, params.minRootVotes);
  for (let t = 0; t < nTouched; t++) {
    const cell = touched[t];
    const v = votes[cell];
    votes[cell] = 0; // cleared as read: the table is all zero again when the comparison ends
    if (v < minVotes) continue;
    if (roots === maxRanked && v <= rootV[roots - 1]) continue;
    let k = roots < maxRanked ? roots++ : roots - 1;
    // equal votes keep the order of discovery (deterministic)
    while (k > 0 && rootV[k - 1] < v) {
      rootV[k] = rootV[k - 1]; rootP[k] = rootP[k - 1]; rootC[k] = rootC[k - 1];
      k--;
    }
    rootV[k] = v; rootP[k] = (cell / nc) | 0; rootC[k] = cell % nc;
  }

  // 3. growth from each root; 4. score
  let best = 0;
  // roots resting on a single agreeing edge are weak: a few are tried when nothing better exists
  const weakVotes = params.minRootVotes + 1;
  let weakLeft = params.maxWeakRoots;
  seenCount = 0;
  const firstRoots = Math.min(roots, maxRoots);
  let r = 0;
  for (; r < firstRoots; r++) {
    const p0 = rootP[r], c0 = rootC[r];
    if (rootV[r] < weakVotes && weakLeft-- <= 0) break;
    // a root already inside an earlier pairing would grow much the same pairing again
    if (seen[p0 * nc + c0] !== 0) continue;
    const score = growRoot(P, C, p0, c0, tolL, tolR, tolA, params, best);
    if (score > best) best = score;
  }
  // a second root search (off by default) where the best pairing is small: the next ranked
  // roots, from where the search stopped (weak or not), grown as the first were; the best kept
  if (secondBelow > 0 && bestCount < secondBelow) {
    const end = Math.min(roots, r + Math.max(0, params.secondRootSearchRoots));
    for (; r < end; r++) {
      const p0 = rootP[r], c0 = rootC[r];
      if (seen[p0 * nc + c0] !== 0) continue;
      const score = growRoot(P, C, p0, c0, tolL, tolR, tolA, params, best);
      if (score > best) best = score;
    }
  }
  for (let k = 0; k < seenCount; k++) seen[seenList[k]] = 0;
  return chosenScore(best, params);
}

/** Pairs grown by the last {@link growRoot}, and the cells of `seen` set since the roots began. */
let grownPairs = 0;
let seenCount = 0;
// the unfactored score of the pairing kept by growRoot (with pairingResidualPerRoot the roots are
// ranked by the factored score; the steps after the root choice read the unfactored one)
let bestRaw = 0;

/** The residual factor of the pairing just grown ({@link growPairing}'s `paired` pairs), 1 below 3 pairs. */
function grownResidualFactor(P: PreparedTemplate, C: PreparedTemplate, paired: number, params: MatchingParameters): number {
  if (paired < 3) return 1;
  sumRigidFit(P.x, P.y, C.x, C.y, pairedList, paired, pairP, residualSums);
  const rel = relativeRigidResidual(P.x, P.y, C.x, C.y, pairedList, paired, pairP, residualSums);
  return residualFactor(rel, params.pairingResidualScale, params.pairingResidualExponent);
}

/** pairBest's result from the best ranked score: the kept pairing's unfactored score when the ranking was factored. */
function chosenScore(best: number, params: MatchingParameters): number {
  return best > 0 && params.pairingResidualPerRoot !== 0 && params.pairingResidualScale > 0 ? bestRaw : best;
}

/**
 * Step 3–4 for one root: grows its pairing and scores it; keeps the pairing (and the root's
 * rotation) as the best when it scores above `best`; marks its pairs seen, so that a later root
 * inside it is skipped, and frees them for the next growth. Returns the score (with
 * pairingResidualPerRoot: the score times the pairing's residual factor, the ranking's score; the
 * kept pairing's unfactored score in bestRaw).
 */
function growRoot(P: PreparedTemplate, C: PreparedTemplate, p0: number, c0: number, tolL: number, tolR: number, tolA: number, params: MatchingParameters, best: number): number {
  const nc = C.count;
  scale = 1; scaleSumP = SCALE_PRIOR_LENGTH; scaleSumC = SCALE_PRIOR_LENGTH;
  const paired = growPairing(P, C, p0, c0, tolL, tolR, tolA);
  const raw = scorePairing(P, C, paired, params);
  // the root's pairing ranked by its score times its residual factor (pairingResidualPerRoot, off by default)
  const score = raw > 0 && params.pairingResidualPerRoot !== 0 && params.pairingResidualScale > 0 ? raw * grownResidualFactor(P, C, paired, params) : raw;
  if (score > best) {
    bestRotation = rootRotation;
    bestRootP = p0; bestRootC = c0;
    bestRaw = raw;
    keepPairing(P, paired);
  }
  for (let k = 0; k < paired; k++) {
    const p = pairedList[k];
    const cell = p * nc + pairP[p];
    if (seen[cell] === 0) { seen[cell] = 1; seenList[seenCount++] = cell; }
    pairC[pairP[p]] = -1;
    pairP[p] = -1;
  }
  grownPairs = paired;
  return score;
}

/**
 * Steps 2–4 under a {@link RootSearchHook} (bench only): the voted pairs ranked as pairBest ranks
 * them (a stable sort by votes: its insertion sort keeps the order of discovery among equals),
 * then the roots the hook asks for grown and scored as pairBest does.
 */
function pairFromHook(P: PreparedTemplate, C: PreparedTemplate, params: MatchingParameters, nTouched: number, tolL: number, tolR: number, tolA: number, hook: RootSearchHook): number {
  const nc = C.count;
  const minVotes = Math.max(1, params.minRootVotes);
  const ranked: RootPair[] = [];
  const found = new Map<number, number>();
  for (let t = 0; t < nTouched; t++) {
    const cell = touched[t];
    const v = votes[cell];
    votes[cell] = 0;
    found.set(cell, v);
    if (v >= minVotes) ranked.push({ p: (cell / nc) | 0, c: cell % nc, votes: v });
  }
  ranked.sort((a, b) => b.votes - a.votes);
  if (hook.ranked) hook.ranked.push(...ranked);
  let order: RootPair[];
  let weakLeft = Infinity;
  if (hook.force) order = hook.force.map(({ p, c }) => ({ p, c, votes: found.get(p * nc + c) ?? 0 }));
  else if (hook.all) order = ranked;
  else { order = ranked.slice(0, Math.max(1, Math.min(params.maxRoots, 64))); weakLeft = params.maxWeakRoots; }
  const weakVotes = params.minRootVotes + 1;
  let best = 0;
  seenCount = 0;
  for (const root of order) {
    const { p: p0, c: c0 } = root;
    if (p0 < 0 || p0 >= P.count || c0 < 0 || c0 >= nc) throw new Error(`root ${p0}, ${c0} outside the templates`);
    if (root.votes < weakVotes && weakLeft-- <= 0) break;
    if (seen[p0 * nc + c0] !== 0) continue;
    const score = growRoot(P, C, p0, c0, tolL, tolR, tolA, params, best);
    if (hook.grown) hook.grown.push({ p: p0, c: c0, votes: root.votes, pairs: grownPairs, score });
    if (score > best) best = score;
  }
  for (let k = 0; k < seenCount; k++) seen[seenList[k]] = 0;
  return chosenScore(best, params);
}

/** The steps after the pairing (elastic re-pairing, valid-area normalisation, overlap term, MCC gate) on its score. */
function finishComparison(P: PreparedTemplate, C: PreparedTemplate, best: number, params: MatchingParameters): number {
  // elastic re-pairing of the best pairing (off by default), in its score band
  if (best > 0 && params.elasticPairTolerance > 0 && best >= params.elasticBandLow && (params.elasticBandHigh <= 0 || best <= params.elasticBandHigh)) best = refineBest(P, C, best, params);
  // valid-area normalisation (off by default): the minutiae that fall outside the other print's
  // usable area (under its smudge, beyond its edge) are not counted against the pairing
  const areas = P.validArea !== null && C.validArea !== null;
  if (best > 0 && areas && params.validAreaShare !== 0) best = normaliseByValidArea(P, C, best, params);
  if (best > 0 && params.overlapShareExponent !== 0) {
    // with the gate on, the overlap term only where the gate's band can be reached and the
    // decision made (overlapBandLow/High, on the score before the term); outside, the gate's
    // own treatment of scores below and above its band, those below scaled into the range the
    // scores below the band have with the term (under mccBandLow · mccBelowBandFactor), so they
    // do not climb among the gated impostors
    if (params.mccWeight !== 0 && best < params.overlapBandLow) {
      const fixed = best * params.mccBelowBandFactor * Math.min(1, params.mccBandLow / params.overlapBandLow);
      // bandRampWidth (off by default): near the edge, blended with the term and the gate
      const t = rampShare(best, params.overlapBandLow, params.bandRampWidth);
      if (t <= 0) return fixed;
      const inBand = gateInBand(P, C, best * overlapTerm(P, C, areas, params), params);
      return (1 - t) * fixed + t * (inBand > 0 ? inBand : 0);
    }
    if (params.mccWeight !== 0 && params.overlapBandHigh > 0 && best > params.overlapBandHigh) return best;
    best *= overlapTerm(P, C, areas, params);
  }
  // the MCC global score checks the pairing's neighbourhoods cell by cell and their global
  // arrangement by relaxation: it gates the score, so a pairing of locally alike minutiae in a
  // globally impossible arrangement loses what it gained locally
  if (best > 0 && params.mccWeight !== 0) best = gateInBand(P, C, best, params);
  return best > 0 ? best : 0;
}

/**
 * Grows a pairing from the root pair (p0, c0) (step 3): the pairs proposed along the edges of
 * every newly paired minutia, the one with the smallest error first. Returns the pairs made
 * (listed in pairedList, mapped in pairP / pairC, their confirming edges in support and fit); the
 * caller clears pairP and pairC.
 */
function growPairing(P: PreparedTemplate, C: PreparedTemplate, p0: number, c0: number, tolL: number, tolR: number, tolA: number): number {
  let paired = 0;
  heapSize = 0;
  pairP[p0] = c0; pairC[c0] = p0; support[p0] = 0; fit[p0] = 0; pairedList[paired++] = p0;
  rootRotation = (C.angle[c0] - P.angle[p0]) & 255;
  expand(P, C, p0, c0, tolL, tolR, tolA);
  while (heapSize > 0) {
    const code = heapPop();
    const p = code >> 8, c = code & 255;
    if (pairP[p] >= 0 || pairC[c] >= 0) continue;
    pairP[p] = c; pairC[c] = p; support[p] = 0; fit[p] = 0; pairedList[paired++] = p;
    expand(P, C, p, c, tolL, tolR, tolA);
  }
  return paired;
}

/** The score of the pairing just grown (step 4; {@link growPairing}'s `paired` pairs). */
function scorePairing(P: PreparedTemplate, C: PreparedTemplate, paired: number, params: MatchingParameters): number {
  const pWeight = P.weight, cWeight = C.weight;
  // each pair counts by the weights of its two minutiae (their quality, all 1 unless
  // minutiaWeightFloor < 1), so look-alike minutiae of unreliable regions cannot carry a score alone
  let typeAgree = 0, confirmed = 0, fitSum = 0, pairs = 0;
  for (let k = 0; k < paired; k++) {
    const p = pairedList[k];
    const s = support[p];
    const w = pWeight[p] * cWeight[pairP[p]];
    fitSum += fit[p] * w;
    pairs += w;
    if (s >= params.minSupport) confirmed += w;
    const tp = P.type[p], tc = C.type[pairP[p]];
    if (tp !== 0 && tp === tc) typeAgree += w;
  }
  // chance pairings grow with the minutiae counts: normalise so that scores of small and
  // large templates mean the same false match rate (exponent tuned, see parameters); the
  // counts are weighted too, so unreliable minutiae cost a true match little
  const norm = Math.pow((params.referenceCount * params.referenceCount) / (P.weightSum * C.weightSum), params.countNormalisation / 2);
  return norm * (params.pairWeight * (confirmed + 0.5 * (pairs - confirmed) - 1) + params.supportWeight * fitSum + params.typeWeight * typeAgree);
}

// ln distance ratios of the best pairing's pairs of pairs (rescaleBest): at most 255 · 254 / 2
const ratios = new Float64Array((MAX_N * (MAX_N - 1)) / 2);

/**
 * The relative scale (candidate / probe) the best pairing implies, as ln: the median of
 * ln(candidate distance / probe distance) over every two of its pairs at least `minDistance`
 * apart in the probe; NaN when fewer than `minPairs` pairs, no such two, or the ratios disagree
 * (median absolute deviation above `spread`: a pairing of chance agreements holds together
 * edge by edge, not across the print). Cost O(pairs²).
 */
function estimatePairingScale(P: PreparedTemplate, C: PreparedTemplate, minPairs: number, minDistance: number, spread: number): number {
  const m = bestCount;
  if (m < Math.max(2, minPairs)) return NaN;
  const px = P.x, py = P.y, cx = C.x, cy = C.y;
  const min2 = minDistance * minDistance;
  let n = 0;
  for (let i = 0; i < m; i++) {
    const p = bestList[i], c = bestPairP[p];
    for (let j = i + 1; j < m; j++) {
      const q = bestList[j], d = bestPairP[q];
      const dpx = px[q] - px[p], dpy = py[q] - py[p];
      const dp2 = dpx * dpx + dpy * dpy;
      if (dp2 < min2) continue;
      const dcx = cx[d] - cx[c], dcy = cy[d] - cy[c];
      const dc2 = dcx * dcx + dcy * dcy;
      if (dc2 === 0) continue;
      ratios[n++] = 0.5 * Math.log(dc2 / dp2);
    }
  }
  if (n === 0) return NaN;
  const r = ratios.subarray(0, n).sort();
  const median = n & 1 ? r[n >> 1] : 0.5 * (r[(n >> 1) - 1] + r[n >> 1]);
  for (let k = 0; k < n; k++) r[k] = Math.abs(r[k] - median);
  r.sort();
  const mad = n & 1 ? r[n >> 1] : 0.5 * (r[(n >> 1) - 1] + r[n >> 1]);
  return mad <= spread ? median : NaN;
}

// rescaled copies of the last RESCALED_PROBES probes, by the scale's step (ln s / RESCALE_STEP,
// rounded): one probe against many candidates (an evaluation), or a ten-print's fingers in turn
// (1:N's second stage, match-shortlist.ts), builds each copy once
const RESCALED_PROBES = 10;
const rescaledCopies = new Map<PreparedTemplate, Map<number, PreparedTemplate>>();
let rescaledParams: MatchingParameters | null = null;
/** Steps of the re-pairing's scale, in ln: a copy of the probe serves every scale within ±0.5 %. */
const RESCALE_STEP = 0.01;

/** The probe P rescaled by e^(step · RESCALE_STEP), built on first use and held while P is among the last probes. */
function rescaledProbe(P: PreparedTemplate, step: number, params: MatchingParameters): PreparedTemplate {
  if (rescaledParams !== params) { rescaledCopies.clear(); rescaledParams = params; }
  let copies = rescaledCopies.get(P);
  if (copies === undefined) {
    if (rescaledCopies.size >= RESCALED_PROBES) rescaledCopies.delete(rescaledCopies.keys().next().value!);
    copies = new Map();
    rescaledCopies.set(P, copies);
  }
  let copy = copies.get(step);
  if (copy === undefined) {
    copy = rescalePreparedTemplate(P, Math.exp(step * RESCALE_STEP), params);
    copies.set(step, copy);
  }
  return copy;
}

// the best pairing saved while the whole pairing runs again on a rescaled probe (rescaleBest)
const savedPairP = new Int16Array(MAX_N);
const savedSupport = new Uint16Array(MAX_N);
const savedList = new Int16Array(MAX_N);

/**
 * Re-pairing at the best pairing's own scale (pairingRescaleBound): when that scale
 * ({@link estimatePairingScale}) is consistent and lies within pairingRescaleMinimum ≤ |ln s| ≤
 * ln(1 + pairingRescaleBound), a copy of the probe rescaled by s (tolerances unchanged) is paired
 * again: from the best pairing's root only (pairingRescaleRoots 0) or from votes and roots of its
 * own (1). If the new best pairing scores higher it becomes the best, and the copy is returned:
 * the rest of the comparison (overlap term, gate) reads it instead of the probe. Otherwise null,
 * the first best pairing kept. Minutia indices are the same in the copy.
 */
function rescaleBest(P: PreparedTemplate, C: PreparedTemplate, best: number, params: MatchingParameters): { probe: PreparedTemplate; score: number } | null {
  const ls = estimatePairingScale(P, C, params.pairingRescaleMinPairs, params.pairingRescaleMinDistance, params.pairingRescaleSpread);
  const a = Math.abs(ls);
  if (!(a >= params.pairingRescaleMinimum && a <= Math.log(1 + params.pairingRescaleBound))) return null;
  const R = rescaledProbe(P, Math.round(ls / RESCALE_STEP), params);
  if (params.pairingRescaleRoots !== 0) {
    const np = P.count, count = bestCount, rotation = bestRotation, rootP = bestRootP, rootC = bestRootC;
    savedPairP.set(bestPairP.subarray(0, np)); savedSupport.set(bestSupport.subarray(0, np)); savedList.set(bestList.subarray(0, count));
    const score = pairBest(R, C, params);
    if (score > best) return { probe: R, score };
    bestPairP.set(savedPairP.subarray(0, np)); bestSupport.set(savedSupport.subarray(0, np)); bestList.set(savedList.subarray(0, count));
    bestCount = count; bestRotation = rotation; bestRootP = rootP; bestRootC = rootC;
    return null;
  }
  scale = 1; scaleSumP = SCALE_PRIOR_LENGTH; scaleSumC = SCALE_PRIOR_LENGTH;
  const paired = growPairing(R, C, bestRootP, bestRootC, params.distanceTolerance, params.distanceToleranceRelative, angleUnitsOf(params.angleTolerance));
  const score = scorePairing(R, C, paired, params);
  const better = score > best;
  if (better) keepPairing(R, paired);
  for (let k = 0; k < paired; k++) {
    const p = pairedList[k];
    pairC[pairP[p]] = -1;
    pairP[p] = -1;
  }
  return better ? { probe: R, score } : null;
}

const elastic = emptyElasticPairing();

/**
 * The best pairing re-paired and re-measured through a fitted warp (refine-pairs-elastically.ts):
 * its score by the same formula as the growth's pairings, or `best` unchanged when the warp is
 * refused. The new pairs join the best pairing (for the overlap term, the gate's alignment and
 * {@link compareTemplatesDetailed}).
 */
function refineBest(P: PreparedTemplate, C: PreparedTemplate, best: number, params: MatchingParameters): number {
  const n = refinePairsElastically(P, C, bestPairP, bestList, bestCount, bestSupport, params, elastic);
  if (n < 0) return best;
  bestCount = n;
  const norm = Math.pow((params.referenceCount * params.referenceCount) / (P.weightSum * C.weightSum), params.countNormalisation / 2);
  const { pairs, confirmed, fitSum, typeAgree } = elastic;
  return norm * (params.pairWeight * (confirmed + 0.5 * (pairs - confirmed) - 1) + params.supportWeight * fitSum + params.typeWeight * typeAgree);
}

/**
 * The MCC gate on a score, only where it can change the decision (band [mccBandLow,
 * mccBandHigh]): below, the score takes the fixed factor an impostor's gate would give; above, it
 * stays as it is.
 */
function gateInBand(P: PreparedTemplate, C: PreparedTemplate, best: number, params: MatchingParameters): number {
  if (best < params.mccBandLow) {
    const fixed = best * params.mccBelowBandFactor;
    // bandRampWidth (off by default): near the band's edge, blended with the gate's own factor
    const t = rampShare(best, params.mccBandLow, params.bandRampWidth);
    return t <= 0 ? fixed : (1 - t) * fixed + t * gateScore(P, C, best, params);
  }
  if (params.mccBandHigh > 0 && best > params.mccBandHigh) return best;
  return gateScore(P, C, best, params);
}

/** The MCC gate's score: `best` × (MCC global score / {@link MCC_REFERENCE})^mccWeight. */
function gateScore(P: PreparedTemplate, C: PreparedTemplate, best: number, params: MatchingParameters): number {
  alignment.radius = params.mccAlignRadius > 0 && fitPairing(P, C, alignment) > 0 ? params.mccAlignRadius : 0;
  return best * Math.pow(compareCylinders(P, C, bestRotation, alignment, params.mccShortlist, params.mccCacheBytes, params) / MCC_REFERENCE, params.mccWeight);
}

/**
 * Where a score s below a band's low edge L lies in the ramp of width r (bandRampWidth): 0 at or
 * below L · (1 − r) (and always when r ≤ 0), rising linearly to 1 at L.
 */
function rampShare(s: number, edge: number, r: number): number {
  if (!(r > 0) || !(edge > 0)) return 0;
  const start = edge * (1 - Math.min(1, r));
  return s <= start ? 0 : Math.min(1, (s - start) / (edge - start));
}

/** The overlap term's factor of the best pairing: its overlap share (valid areas or hulls) to `overlapShareExponent`. */
function overlapTerm(P: PreparedTemplate, C: PreparedTemplate, areas: boolean, params: MatchingParameters): number {
  return Math.pow(areas && params.validAreaOverlap !== 0 ? areaOverlapShare(P, C, params.overlapShareQuality) : overlapShare(P, C, params.overlapMargin, params.overlapShareQuality), params.overlapShareExponent);
}

const alignment: CylinderAlignment = { radius: 0, cos: 1, sin: 0, ax: 0, ay: 0, bx: 0, by: 0 };
const overlapFit: CylinderAlignment = { radius: 0, cos: 1, sin: 0, ax: 0, ay: 0, bx: 0, by: 0 };

/**
 * The best pairing's rigid least-squares fit (2-D Procrustes) from P to C, into `out`: P's
 * point maps to C as {@link CylinderAlignment} says. Returns the pairs it used, 0 (and `out`
 * unchanged) when fewer than 2.
 */
function fitPairing(P: PreparedTemplate, C: PreparedTemplate, out: CylinderAlignment): number {
  const px = P.x, py = P.y, cx = C.x, cy = C.y;
  // the best pairing's probe minutiae in ascending order (the sums' order, so the fit is the
  // same to the last bit as a sweep over all probe minutiae): O(pairs), not O(minutiae)
  const m = bestCount;
  if (m < 2) return 0;
  for (let k = 1; k < m; k++) {
    const v = bestList[k];
    let j = k;
    while (j > 0 && bestList[j - 1] > v) { bestList[j] = bestList[j - 1]; j--; }
    bestList[j] = v;
  }
  sumRigidFit(px, py, cx, cy, bestList, m, bestPairP, fitSums);
  // the candidate-to-probe cross product's sign (Σ c × p = −Σ p × c, exactly)
  const r = Math.hypot(fitSums.dot, fitSums.cross) || 1;
  out.cos = fitSums.dot / r; out.sin = -fitSums.cross / r;
  out.ax = fitSums.ax; out.ay = fitSums.ay; out.bx = fitSums.bx; out.by = fitSums.by;
  return m;
}

const fitSums: RigidFitSums = { ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0 };

/**
 * Share of the minutiae in the common area of the two prints that the best pairing pairs, in
 * [0, 1]: the pairing's rigid least-squares fit maps each print's minutiae onto the other, a
 * minutia lies in the common area when it falls inside the other print's hull (within
 * `margin` pixels), and share = 2 · pairs / (those of P + those of C). Impostor pairings
 * that survive the local checks pair few of the minutiae around them; genuine ones most.
 */
function overlapShare(P: PreparedTemplate, C: PreparedTemplate, margin: number, gamma = 0): number {
  // a single-use template's hull is built here, on its first read (prepare-template.ts)
  const pHull = overlapHull(P), cHull = overlapHull(C);
  if (pHull.length === 0 || cHull.length === 0) return 1;
  const m = fitPairing(P, C, overlapFit);
  if (m === 0) return 1;
  const pRows = overlapHullRows(P, margin), cRows = overlapHullRows(C, margin);
  const { cos, sin, ax: pcx, ay: pcy, bx: ccx, by: ccy } = overlapFit;
  if (gamma > 0 && reportsQuality(P) && reportsQuality(C)) {
    // overlapShareQuality: each minutia counts (q/100)^γ, so a poor print's unreliable (mostly
    // false) minutiae in the common area lower the share less. Only when both prints report
    // their minutiae's quality: a print that reports none (see reportsQuality) has no weights to
    // set against the other's, and the comparison keeps the share of counts below
    const wp = qualityWeights(P, gamma, weightsP), wc = qualityWeights(C, gamma, weightsC);
    let paired = 0;
    for (let k = 0; k < m; k++) { const p = bestList[k]; paired += wp[p] + wc[bestPairP[p]]; }
    const inside = insideCount(C, pHull, pRows, cos, sin, ccx, ccy, pcx, pcy, margin, wc) + insideCount(P, cHull, cRows, cos, -sin, pcx, pcy, ccx, ccy, margin, wp);
    return inside > 0 ? Math.min(1, paired / inside) : 1;
  }
  // C's minutiae in P's frame inside P's hull, and P's minutiae in C's frame inside C's hull
  const inside = insideCount(C, pHull, pRows, cos, sin, ccx, ccy, pcx, pcy, margin) + insideCount(P, cHull, cRows, cos, -sin, pcx, pcy, ccx, ccy, margin);
  return inside > 0 ? Math.min(1, (2 * m) / inside) : 1;
}

const areaFit: CylinderAlignment = { radius: 0, cos: 1, sin: 0, ax: 0, ay: 0, bx: 0, by: 0 };
// the candidate minutiae of the best pairing (1), set and cleared around each use
const pairedC = new Uint8Array(MAX_N);
const onesP = new Float64Array(MAX_N).fill(1);
const onesC = new Float64Array(MAX_N).fill(1);

/**
 * The score with each print's count in the normalisation taken as n^(1 − a) · n_in^a (a =
 * `validAreaShare`): n_in counts (by the minutiae's weights, as n does) those of the print's
 * minutiae that the best pairing pairs or that its rigid fit carries inside the other print's
 * valid area, at least `validAreaFloor` · n. Both templates carry one (the caller checks).
 * `best` unchanged without a fit.
 */
function normaliseByValidArea(P: PreparedTemplate, C: PreparedTemplate, best: number, params: MatchingParameters): number {
  if (fitPairing(P, C, areaFit) === 0) return best;
  const { cos, sin, ax, ay, bx, by } = areaFit;
  markPairedC(1);
  const pIn = areaWeight(P, C, cos, -sin, ax, ay, bx, by, P.weight, false);
  const cIn = areaWeight(C, P, cos, sin, bx, by, ax, ay, C.weight, true);
  markPairedC(0);
  // validAreaFloor: a small common area gains at most (1 / floor)^(a · countNormalisation)
  const floor = params.validAreaFloor;
  const pEff = Math.max(pIn, floor * P.weightSum), cEff = Math.max(cIn, floor * C.weightSum);
  if (!(pEff > 0 && cEff > 0)) return best;
  return best * Math.pow((P.weightSum * C.weightSum) / (pEff * cEff), (params.countNormalisation * params.validAreaShare) / 2);
}

/** Sets (1) or clears (0) {@link pairedC} for the best pairing's candidate minutiae. */
function markPairedC(v: number): void {
  for (let k = 0; k < bestCount; k++) pairedC[bestPairP[bestList[k]]] = v;
}

/**
 * The summed weights of T's minutiae that are paired (T the candidate: {@link pairedC}; the
 * probe: {@link bestPairP}) or that, turned by (cos, sin) about (ax, ay) and moved to (bx, by),
 * fall inside O's valid area.
 */
function areaWeight(T: PreparedTemplate, O: PreparedTemplate, cos: number, sin: number, ax: number, ay: number, bx: number, by: number, weights: ArrayLike<number>, candidate: boolean): number {
  const area = O.validArea!, k = O.validAreaScale;
  const tx = T.x, ty = T.y;
  let sum = 0;
  for (let i = 0, n = T.count; i < n; i++) {
    if (candidate ? pairedC[i] !== 0 : bestPairP[i] >= 0) { sum += weights[i]; continue; }
    const dx = tx[i] - ax, dy = ty[i] - ay;
    if (insideValidArea(area, (cos * dx - sin * dy + bx) * k, (sin * dx + cos * dy + by) * k)) sum += weights[i];
  }
  return sum;
}

/**
 * {@link overlapShare} with the common area given by the valid areas (`validAreaOverlap` on, both
 * templates carry one): the paired minutiae over those of each print that are paired or fall,
 * by the best pairing's rigid fit, inside the other's valid area; quality-weighted as there.
 */
function areaOverlapShare(P: PreparedTemplate, C: PreparedTemplate, gamma: number): number {
  const m = fitPairing(P, C, overlapFit);
  if (m === 0) return 1;
  const { cos, sin, ax, ay, bx, by } = overlapFit;
  const weighted = gamma > 0 && reportsQuality(P) && reportsQuality(C);
  const wp = weighted ? qualityWeights(P, gamma, weightsP) : onesP, wc = weighted ? qualityWeights(C, gamma, weightsC) : onesC;
  let paired = 0;
  for (let k = 0; k < m; k++) { const p = bestList[k]; paired += wp[p] + wc[bestPairP[p]]; }
  markPairedC(1);
  const inside = areaWeight(P, C, cos, -sin, ax, ay, bx, by, wp, false) + areaWeight(C, P, cos, sin, bx, by, ax, ay, wc, true);
  markPairedC(0);
  return inside > 0 ? Math.min(1, paired / inside) : 1;
}

/**
 * How many of T's minutiae, turned by (cos, sin) about (ax, ay) and moved to (bx, by), lie inside
 * the hull `h` enlarged by `margin`: {@link insideHull} for each, decided by the hull's rows
 * ({@link PreparedTemplate.hullRows}) where they are sure (most minutiae: a few comparisons),
 * by the exact test elsewhere; the same count.
 */
function insideCount(T: PreparedTemplate, h: Float32Array, rows: Float64Array, cos: number, sin: number, ax: number, ay: number, bx: number, by: number, margin: number, weights?: Float64Array): number {
  const tx = T.x, ty = T.y, n = T.count;
  let inside = 0;
  if (weights) return insideWeight(T, h, rows, cos, sin, ax, ay, bx, by, margin, weights);
  if (rows.length === 0 || rows[1] !== margin) {
    for (let i = 0; i < n; i++) {
      const dx = tx[i] - ax, dy = ty[i] - ay;
      if (insideHull(h, cos * dx - sin * dy + bx, sin * dx + cos * dy + by, margin)) inside++;
    }
    return inside;
  }
  const y0 = rows[0], nRows = rows[2];
  for (let i = 0; i < n; i++) {
    const dx = tx[i] - ax, dy = ty[i] - ay;
    const x = cos * dx - sin * dy + bx, y = sin * dx + cos * dy + by;
    const r = Math.floor((y - y0) * (1 / HULL_ROW_HEIGHT));
    if (r >= 0 && r < nRows) {
      const o = 3 + 4 * r;
      if (x >= rows[o] && x <= rows[o + 1]) { inside++; continue; }
      if (x < rows[o + 2] || x > rows[o + 3]) continue;
    }
    if (insideHull(h, x, y, margin)) inside++;
  }
  return inside;
}

/** {@link insideCount} with each minutia counted by its weight (overlapShareQuality): the same decisions. */
function insideWeight(T: PreparedTemplate, h: Float32Array, rows: Float64Array, cos: number, sin: number, ax: number, ay: number, bx: number, by: number, margin: number, weights: Float64Array): number {
  const tx = T.x, ty = T.y, n = T.count;
  const useRows = rows.length > 0 && rows[1] === margin;
  const y0 = useRows ? rows[0] : 0, nRows = useRows ? rows[2] : 0;
  let inside = 0;
  for (let i = 0; i < n; i++) {
    const dx = tx[i] - ax, dy = ty[i] - ay;
    const x = cos * dx - sin * dy + bx, y = sin * dx + cos * dy + by;
    const r = useRows ? Math.floor((y - y0) * (1 / HULL_ROW_HEIGHT)) : -1;
    if (r >= 0 && r < nRows) {
      const o = 3 + 4 * r;
      if (x >= rows[o] && x <= rows[o + 1]) { inside += weights[i]; continue; }
      if (x < rows[o + 2] || x > rows[o + 3]) continue;
    }
    if (insideHull(h, x, y, margin)) inside += weights[i];
  }
  return inside;
}

/**
 * Whether T kept its minutiae's qualities and any of them is not 0. Templates read from
 * ISO/IEC 19794-2:2005, INCITS 378-2004 or ANSI/NIST Type-9 records carry the producer's minutia
 * quality byte, where 0 is "not reported" (SecuGen's FVC2002 records: 0 on every minutia); read
 * as a quality it would say "worthless" ((1/100)^γ per minutia), which it does not. Our
 * extraction writes its reliability (the lowest on the 320 FVC2002 B templates is 2), so our
 * templates report and their scores do not change (bench/RESULTS.md, "Foreign templates'
 * minutia quality under the MCC gate"). Cost O(n), only on the weighted share's path.
 */
function reportsQuality(T: PreparedTemplate): boolean {
  const q = T.quality;
  if (!q) return false;
  for (let i = 0; i < T.count; i++) if (q[i] !== 0) return true;
  return false;
}

const weightsP = new Float64Array(256);
const weightsC = new Float64Array(256);
// (q/100)^γ for q = 0 … 100 (q clamped to ≥ 1), for the last γ asked
const weightOfQuality = new Float64Array(101);
let weightGamma = NaN;
/** (q/100)^γ of each of T's minutiae into `out` (q clamped to 1 … 100; 1 each when T kept no qualities). */
function qualityWeights(T: PreparedTemplate, gamma: number, out: Float64Array): Float64Array {
  const q = T.quality;
  if (!q) return out.fill(1, 0, T.count);
  if (gamma !== weightGamma) {
    for (let v = 0; v <= 100; v++) weightOfQuality[v] = Math.pow(Math.max(1, v) / 100, gamma);
    weightGamma = gamma;
  }
  for (let i = 0; i < T.count; i++) out[i] = weightOfQuality[q[i]];
  return out;
}

/** Whether (x, y) lies inside a hull of {@link PreparedTemplate.hull} or within `margin` of it. */
function insideHull(h: Float32Array, x: number, y: number, margin: number): boolean {
  for (let k = 0, K = h.length; k < K; k += 4) {
    if (h[k + 2] * (y - h[k + 1]) - h[k + 3] * (x - h[k]) < -margin) return false;
  }
  return true;
}

// the best pairing so far, kept as a probe→candidate map for compareTemplatesDetailed
function keepPairing(P: PreparedTemplate, paired: number): void {
  for (let p = 0, np = P.count; p < np; p++) bestPairP[p] = -1;
  bestCount = paired;
  for (let k = 0; k < paired; k++) {
    const p = pairedList[k];
    bestPairP[p] = pairP[p];
    bestSupport[p] = support[p];
    bestList[k] = p;
  }
}

/**
 * The angle masks of candidate minutia c for this comparison ({@link angleMaskFrom}): for each
 * bin of 2^MASK_SHIFT angle units, the bit of each of c's edges (its index from c's first edge)
 * whose first (second) angle x can lie within `maskTolerance` t of an angle of the bin. Those
 * bins run from ⌊(x − t) / 8⌋ to ⌊(x + t) / 8⌋, at most four for t ≤ MASK_TOLERANCE_MAX: the
 * four from the first are set (a superset, without a loop of varying length).
 */
function buildAngleMasks(C: PreparedTemplate, c: number): void {
  const cA1 = C.edgeAngleFrom, cA2 = C.edgeAngleTo;
  const m0 = c * MASK_BINS;
  // (a loop: TypedArray fill is a call into the runtime, dearer than these 64 stores)
  for (let k = m0, k1 = m0 + MASK_BINS; k < k1; k++) { angleMaskFrom[k] = 0; angleMaskTo[k] = 0; }
  const t = maskTolerance;
  const w = MASK_BINS - 1;
  for (let f = C.edgeStart[c], ce1 = C.edgeStart[c + 1], b = 1; f < ce1; f++, b <<= 1) {
    const k1 = (cA1[f] - t) >> MASK_SHIFT, k2 = (cA2[f] - t) >> MASK_SHIFT;
    angleMaskFrom[m0 + (k1 & w)] |= b; angleMaskFrom[m0 + ((k1 + 1) & w)] |= b;
    angleMaskFrom[m0 + ((k1 + 2) & w)] |= b; angleMaskFrom[m0 + ((k1 + 3) & w)] |= b;
    angleMaskTo[m0 + (k2 & w)] |= b; angleMaskTo[m0 + ((k2 + 1) & w)] |= b;
    angleMaskTo[m0 + ((k2 + 2) & w)] |= b; angleMaskTo[m0 + ((k2 + 3) & w)] |= b;
  }
  maskStamp[c] = comparisonStamp;
}

/** Proposes pairs along the edges of the newly paired (p, c) and counts confirming edges. */
function expand(P: PreparedTemplate, C: PreparedTemplate, p: number, c: number, tolL: number, tolR: number, tolA0: number): void {
  const pTo = P.edgeTo, pLen = P.edgeLength, pA1 = P.edgeAngleFrom, pA2 = P.edgeAngleTo, pAngle = P.angle;
  const cTo = C.edgeTo, cLen = C.edgeLength, cA1 = C.edgeAngleFrom, cA2 = C.edgeAngleTo, cAngle = C.angle;
  const ce0 = C.edgeStart[c];
  const all = allEdges(C.edgeStart[c + 1] - ce0);
  if (maskStamp[c] !== comparisonStamp) buildAngleMasks(C, c);
  const m0 = c * MASK_BINS;
  // the probe's edges at the pairing's scale when maxScaleError is set (0 = off: as they are)
  const s = scaleMax > 1 ? scale : 0;
  for (let e = P.edgeStart[p], ee = P.edgeStart[p + 1]; e < ee; e++) {
    const L = s === 0 ? pLen[e] : pLen[e] * s;
    const tol = tolL + tolR * L;
    // the angle tolerance may widen for short edges and narrow for long ones (angleToleranceLengthShare)
    const tolA = lengthShare === 0 ? tolA0 : tolA0 * (1 - lengthShare + lengthShare * Math.min(2, ANGLE_REFERENCE_LENGTH / L));
    // an integer angle difference d is within tolA when d ≤ ⌊tolA⌋
    const tolAi = tolA === tolA0 ? tolA0 : Math.floor(tolA);
    const j = pTo[e];
    const pj = pairP[j];
    const a1 = pA1[e], a2 = pA2[e];
    // c's edges whose angles can both lie within ⌊tolA⌋ of a1 and a2: with ⌊tolA⌋ ≤ 16 those in
    // the bins next to a1's and a2's (a superset: every edge that passes the tests is in it), in
    // the order of c's edges (by length), as a sweep along them would find them
    let cand = tolAi <= maskTolerance ? angleMaskFrom[m0 + (a1 >> MASK_SHIFT)] & angleMaskTo[m0 + (a2 >> MASK_SHIFT)] & all : all;
    if (cand === 0) continue;
    const lowL = L - tol;
    if (pj >= 0) {
      // j is paired: only c's edge to j's partner can confirm the pair (c has at most one)
      for (; cand !== 0; cand &= cand - 1) {
        const f = ce0 + 31 - Math.clz32(cand & -cand);
        if (cTo[f] !== pj) continue;
        const dl = cLen[f] - L;
        if (cLen[f] < lowL || dl > tol) break;
        const d1 = unitDiff(a1, cA1[f]);
        const d2 = unitDiff(a2, cA2[f]);
        if (d1 <= tolA && d2 <= tolA) {
          // a confirming edge counts by how well it fits: chance agreements spread evenly over
          // the tolerance, genuine ones cluster near zero error
          const w0 = 1 - ((dl < 0 ? -dl : dl) / tol + (d1 + d2) / tolA) / 3;
          const w = w0 * w0;
          support[p]++; support[j]++; fit[p] += w; fit[j] += w;
          if (s !== 0) followScale(pLen[e], cLen[f]);
        }
        break;
      }
      continue;
    }
    // (d + 128) mod 256 lies in [128 − ⌊tolA⌋, 128 + ⌊tolA⌋]
    const angLo = 128 - tolAi, angHi = 128 + tolAi;
    const b1 = 128 - a1, b2 = 128 - a2;
    for (; cand !== 0; cand &= cand - 1) {
      const f = ce0 + 31 - Math.clz32(cand & -cand);
      const dl = cLen[f] - L;
      if (cLen[f] < lowL || dl > tol) continue;
      const s1 = (cA1[f] + b1) & 255, s2 = (cA2[f] + b2) & 255;
      if (((s1 - angLo) | (angHi - s1) | (s2 - angLo) | (angHi - s2)) < 0) continue;
      const b = cTo[f];
      if (pairC[b] >= 0) continue;
      if (unitDiff((cAngle[b] - pAngle[j]) & 255, rootRotation) > rotTol) continue;
      const d1 = s1 < 128 ? 128 - s1 : s1 - 128, d2 = s2 < 128 ? 128 - s2 : s2 - 128;
      const cost = (dl < 0 ? -dl : dl) / tol + (d1 + d2) / tolA;
      heapPush(cost, (j << 8) | b);
    }
  }
}

/** The mask of a minutia's `count` edges (all bits below `count`; count ≤ 32). */
function allEdges(count: number): number {
  return count >= 32 ? -1 : (1 << count) - 1;
}

/** The pairing's scale follows its confirming edges (maxScaleError), within the allowed error. */
function followScale(probeLength: number, candidateLength: number): void {
  scaleSumP += probeLength; scaleSumC += candidateLength;
  const sc = scaleSumC / scaleSumP;
  scale = sc < scaleMin ? scaleMin : sc > scaleMax ? scaleMax : sc;
}

function heapPush(cost: number, code: number): void {
  if (heapSize >= HEAP_CAP) return;
  let k = heapSize++;
  while (k > 0) {
    const parent = (k - 1) >> 1;
    if (heapCost[parent] <= cost) break;
    heapCost[k] = heapCost[parent];
    heapPair[k] = heapPair[parent];
    k = parent;
  }
  heapCost[k] = cost;
  heapPair[k] = code;
}

function heapPop(): number {
  const top = heapPair[0];
  const n = --heapSize;
  if (n > 0) {
    const cost = heapCost[n], code = heapPair[n];
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      if (child + 1 < n && heapCost[child + 1] < heapCost[child]) child++;
      if (heapCost[child] >= cost) break;
      heapCost[k] = heapCost[child];
      heapPair[k] = heapPair[child];
      k = child;
    }
    heapCost[k] = cost;
    heapPair[k] = code;
  }
  return top;
}
