import { TWO_PI } from '../core/index.js';
import type { OrientationMap, Template, ValidArea } from '../templates/index.js';
import { prepareOrientation, type OrientationCandidate, type PreparedOrientation } from './compare-orientation-maps.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../config/parameters/matching.js';

/**
 * A template made ready for comparison: everything that depends on one template only is
 * computed once (coordinates at 500 ppi, quantised directions, the neighbour-edge graph), in
 * flat typed arrays. Immutable: safe to share between comparisons and to copy to worker threads
 * (structured clone keeps the typed arrays).
 *
 * Edges: for minutia i, its edges are `edgeStart[i] .. edgeStart[i+1]-1`, sorted by length.
 * An edge i→j is described rotation- and translation-invariantly by its length and two angles
 * (`edgeAngleFrom` = edge direction − θi, `edgeAngleTo` = edge direction − θj), in units of
 * 2π/256. `edgeKey` is the edge's cell in the root lookup grid ({@link edgeGrid}).
 *
 * Memory: about 15 bytes per edge (10 edges per minutia) and 13 per minutia: ≈ 6.5 KB for 40
 * minutiae. When the template is used as a probe, a lookup table (32 KB of cell offsets plus
 * 8 × 8 bytes per edge: ≈ 60 KB) is built once per thread and cached beside it
 * (build-edge-lookup.ts).
 */
export interface PreparedTemplate {
  /** Minutiae kept (at most `maxMinutiae`, the most reliable). */
  readonly count: number;
  /** Index of each kept minutia in the original template's `minutiae`. */
  readonly sourceIndex: Int16Array;
  /** Coordinates at 500 ppi, pixels. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Direction in units of 2π/256 (the Template convention, quantised: 1.4°, far below the tolerances). */
  readonly angle: Uint8Array;
  /** 0 other, 1 ending, 2 bifurcation. */
  readonly type: Uint8Array;
  readonly edgeStart: Int32Array;
  readonly edgeFrom: Uint8Array;
  readonly edgeTo: Uint8Array;
  readonly edgeLength: Float32Array;
  /** Edge direction − θ(from) and edge direction − θ(to), units of 2π/256. */
  readonly edgeAngleFrom: Uint8Array;
  readonly edgeAngleTo: Uint8Array;
  /** Cell of each edge in the root lookup grid. */
  readonly edgeKey: Int32Array;
  /**
   * Edge length as root finding compares it ({@link rootLength}): the same array as
   * `edgeLength` unless `rootDistanceToleranceRelative` is set.
   */
  readonly edgeRootLength: Float32Array;
  /**
   * The edges a candidate offers to root finding: each undirected edge once (an edge whose
   * reverse is also in the graph would only repeat the same votes).
   */
  readonly rootEdges: Uint16Array;
  /**
   * Weight of each minutia in the score, from its quality: `minutiaWeightFloor` +
   * (1 − floor)·quality/100 (all 1 when the floor is 1).
   */
  readonly weight: Float32Array;
  /** Sum of `weight` (each also times its quality share with `countQualityFloor` < 1): the minutiae count the score is normalised by. */
  readonly weightSum: number;
  /**
   * Where the print is usable (Template.validArea, in the template's own pixels), kept only when
   * `validAreaShare` or `validAreaOverlap` is not 0 and the template has one (null otherwise): the score's count
   * normalisation and the overlap term then count only the minutiae that fall inside the other
   * print's valid area (compare-templates.ts). Never stored.
   */
  readonly validArea: ValidArea | null;
  /** The template's pixels per prepared pixel (ppi / 500): a prepared point × this reads `validArea`. */
  readonly validAreaScale: number;
  /**
   * The template's orientation map (Template.orientationMap) decoded, kept only when
   * `orientationAgreementWeight` is not 0 and the template has one (null otherwise): the score is
   * then weighed by how well the two prints' fields agree under the best pairing
   * (compare-orientation-maps.ts). A single-use template ({@link PrepareOptions.singleUse}) keeps
   * only its map and scale, all the candidate's side reads; as a probe it is prepared on that
   * use ({@link probeOrientation}). Never stored.
   */
  readonly orientation: PreparedOrientation | OrientationCandidate | null;
  /**
   * Convex hull of the minutiae (the print's extent as the matcher sees it), 4 values per
   * vertex in turning order: the vertex (x, y) and the unit vector along the edge to the next
   * vertex. Empty for fewer than 3 minutiae not on one line, and when `overlapShareExponent`
   * is 0 (the only reader).
   */
  readonly hull: Float32Array;
  /**
   * The hull cut into rows of {@link HULL_ROW_HEIGHT} pixels, for the overlap term's inside test
   * (compare-templates.ts): per row the x interval surely inside the hull enlarged by
   * `overlapMargin` and the interval outside of which a point is surely not, so that most
   * points are decided by two comparisons instead of one test per hull edge (bit-identical: the
   * few between the intervals take the exact test). Layout: first row's y, margin, row count,
   * then 4 values per row (inside from, to; possibly inside from, to). Empty with `hull`.
   */
  readonly hullRows: Float64Array;
  /**
   * Directions in radians as the template gave them, kept only when `mccWeight` is not 0 (null
   * otherwise): the Minutia Cylinder-Code descriptors are built from them on the template's
   * first comparison that reads them and cached beside it ({@link cylindersOf} in
   * build-minutia-cylinders.ts), so preparing a gallery does not pay for cylinders (≈ 10× the
   * rest of the preparation) that only the comparisons in the MCC band read. Never stored:
   * templates' wire formats do not change.
   */
  readonly theta: Float64Array | null;
  /**
   * The minutiae's quality (0–100, as the template gave it, rounded), kept only when `mccWeight` is
   * not 0 or `overlapShareQuality` is on (null otherwise): the quality options of the MCC gate and
   * the overlap term read it (`mccRelaxQuality`, `overlapShareQuality`). Never stored.
   */
  readonly quality: Uint8Array | null;
  /**
   * Prepared for one comparison ({@link PrepareOptions.singleUse}): its cylinders are not kept in
   * the thread's cache. False when absent.
   */
  readonly singleUse?: boolean;
  /**
   * `hull` and `hullRows` are left empty although the overlap term is on: they are built when a
   * comparison first reads them ({@link overlapHull}, {@link overlapHullRows}, {@link minutiaHull}),
   * the same values. Only for single-use templates. False when absent.
   */
  readonly hullDeferred?: boolean;
}

/** How {@link prepareTemplate} prepares, beyond the matching parameters. */
export interface PrepareOptions {
  /**
   * The template is prepared for one comparison, then dropped (a gallery finger in 1:N's second
   * stage, decoded and prepared afresh for each): the hull and its rows, which only the overlap
   * term's band and the MCC gate's band read, are built on that first read instead of at
   * preparation, and its cylinders are not entered in the thread's cache (nothing would read
   * them again); its orientation map is kept as it is, not decoded (the candidate's side of the
   * orientation agreement reads the codes). Every score stays bit-identical; a template prepared
   * so still compares correctly any number of times, only building those again.
   */
  readonly singleUse?: boolean;
}

/** Grid of the root lookup table, derived from the root tolerances (shared by every template). */
export interface EdgeGrid {
  readonly lengthCell: number;
  readonly lengthCells: number;
  readonly angleCells: number;
  /** Cell width in angle units (2π/256). */
  readonly angleCell: number;
  readonly bucketCount: number;
}

/** Angle units per turn: angles are stored as bytes. */
export const ANGLE_UNITS = 256;

/** An angle in radians as angle units (rounded). */
export function angleUnitsOf(radians: number): number {
  return Math.round((radians * ANGLE_UNITS) / TWO_PI);
}

/**
 * Cells are at least twice the root tolerance wide, so that a table holding each edge in its
 * own cell and the nearer neighbour cell of each dimension finds every edge within tolerance by
 * looking up one cell.
 */
export function edgeGrid(params: MatchingParameters = MATCHING_PARAMETERS): EdgeGrid {
  const lengthCell = 2 * params.rootDistanceTolerance;
  const lengthCells = Math.ceil(params.maxEdgeLength / lengthCell) + 1;
  const angleCells = Math.max(1, Math.floor(ANGLE_UNITS / (2 * Math.max(1, angleUnitsOf(params.rootAngleTolerance)))));
  const angleCell = ANGLE_UNITS / angleCells;
  return { lengthCell, lengthCells, angleCells, angleCell, bucketCount: lengthCells * angleCells * angleCells };
}

/**
 * An edge length in the units of root finding. With a relative root tolerance b (besides the
 * absolute a = rootDistanceTolerance), two edges agree when their lengths differ by at most
 * a + b·L; g(L) = (a / b)·ln(1 + b·L / a) turns that into a difference of about a in g (its
 * slope is a / (a + b·L)), so the lookup grid keeps cells of a fixed width. g(L) = L when b = 0.
 */
export function rootLength(length: number, params: MatchingParameters): number {
  const b = params.rootDistanceToleranceRelative;
  if (!(b > 0)) return length;
  const a = params.rootDistanceTolerance;
  return (a / b) * Math.log1p((b * length) / a);
}

/**
 * The root lookup grid of `params` with each angle unit's cell (`cellOf`'s angle cells for
 * 0–255): built once for the last root tolerances asked, not per preparation.
 */
function keyTableOf(params: MatchingParameters): { grid: EdgeGrid; angleCellOf: Int32Array } {
  const k = keyTable;
  if (k.grid === null || k.distance !== params.rootDistanceTolerance || k.maxLength !== params.maxEdgeLength || k.angle !== params.rootAngleTolerance) {
    const grid = edgeGrid(params);
    for (let a = 0; a < ANGLE_UNITS; a++) k.angleCellOf[a] = Math.floor(a / grid.angleCell) % grid.angleCells;
    k.grid = grid; k.distance = params.rootDistanceTolerance; k.maxLength = params.maxEdgeLength; k.angle = params.rootAngleTolerance;
  }
  return k as { grid: EdgeGrid; angleCellOf: Int32Array };
}
const keyTable: { grid: EdgeGrid | null; distance: number; maxLength: number; angle: number; angleCellOf: Int32Array } = {
  grid: null, distance: NaN, maxLength: NaN, angle: NaN, angleCellOf: new Int32Array(ANGLE_UNITS),
};

// which edges the graph has: edge i→j at (i << 8) | j holds its preparation's stamp (no clearing per preparation),
// and `edgeAt` its index in the edge list (valid where the stamp is this preparation's)
const adjacency = new Int32Array(256 * 256);
const edgeAt = new Uint16Array(256 * 256);
let adjacencyStamp = 0;

const TYPE_CODE = { other: 0, ending: 1, bifurcation: 2 } as const;

const UNITS_PER_RADIAN = ANGLE_UNITS / TWO_PI;

/**
 * atan2(y, x) to within {@link ATAN2_NEAR_ERROR} radians (x, y finite and not 0), cheaper than
 * Math.atan2: atan of the smaller over the larger magnitude (t ≤ 1) from a table of
 * {@link ATAN_STEPS} intervals of t, on each the cubic Taylor polynomial about its centre m
 * (atan m, 1/(1 + m²), −m/(1 + m²)², (3m² − 1)/(3(1 + m²)³)), then put in its quadrant. Its
 * error is below max|atan⁗|/4! · (1/64)⁴ ≤ 4.7/24 · 6e-8 ≈ 1.2e-8 (atan⁗ t = 24t(1 − t²)/(1 + t²)⁴);
 * measured against Math.atan2 on 2·10⁷ random points and 1.2·10⁷ near the intervals' ends and
 * the octants' seams: 1.16e-8 at most. (It replaced the series of atan to s¹¹ after a reduction to
 * |t| ≤ tan π/8, which took a second division and six terms.)
 */
function atan2Near(y: number, x: number): number {
  const ax = Math.abs(x), ay = Math.abs(y);
  // the octant without a branch (which of the three sides is not predictable): +(comparison)
  // compiles to 0 or 1, and s·p + (1 − s)·q is exactly p or q for finite p, q (one product is 0)
  const steep = +(ay > ax), left = +(x < 0);
  const t = (steep * ax + (1 - steep) * ay) / (steep * ay + (1 - steep) * ax);
  // t = 1 takes the last interval past the end, whose centre is 1 + 1/64: still within 1/64
  const k = (t * ATAN_STEPS) | 0, o = 4 * k;
  const d = t - (k + 0.5) / ATAN_STEPS;
  let a = atanTable[o] + d * (atanTable[o + 1] + d * (atanTable[o + 2] + d * atanTable[o + 3]));
  a = steep * (Math.PI / 2 - a) + (1 - steep) * a;
  a = left * (Math.PI - a) + (1 - left) * a;
  return a * (1 - 2 * +(y < 0));
}
const ATAN_STEPS = 32;
const atanTable = new Float64Array(4 * (ATAN_STEPS + 1));
for (let k = 0; k <= ATAN_STEPS; k++) {
  const m = (k + 0.5) / ATAN_STEPS, q = 1 + m * m;
  atanTable[4 * k] = Math.atan(m);
  atanTable[4 * k + 1] = 1 / q;
  atanTable[4 * k + 2] = -m / (q * q);
  atanTable[4 * k + 3] = (3 * m * m - 1) / (3 * q * q * q);
}
/** Bound of {@link atan2Near}'s error, radians: 8 times the polynomials' (rounding adds ≈ 1e-16). */
const ATAN2_NEAR_ERROR = 1e-7;
/**
 * An edge angle is taken from the approximate direction when its value in units u is within
 * this of round(u): the exact direction moves u by at most ATAN2_NEAR_ERROR · 256/2π ≈ 4.1e-6
 * units, plus the rounding of the subtraction and the product (< 1e-12 units), and so cannot
 * cross a half unit; round is monotone, so both round alike. Otherwise (about once in 10⁵
 * angles) Math.atan2 decides as before: every angle is the exact direction's, bit for bit.
 */
const EDGE_ANGLE_SAFE = 0.5 - (ATAN2_NEAR_ERROR * ANGLE_UNITS) / (2 * Math.PI) - 1e-9;
/*
 * REVERSE_SAFE (the reverse edge's angles without a direction of their own): edge j→i runs along
 * (−ex, −ey), the exact negation of i→j's (a float subtraction changes sign exactly), so its exact
 * direction is i→j's ± π and its angle units are i→j's ± 128 in the other order: from-angle
 * (φ ± π − θj)·256/2π = u2 ± 128. When i→j took the approximate path, its u2 was within
 * EDGE_ANGLE_SAFE of round(u2), and the exact value of the reverse's from-angle, as Math.atan2 and
 * toUnits compute it, differs from u2 ± 128 by the approximation's error (< 4.1e-6 units) and
 * roundings below 1e-12 units (atan2's own, the ± π, the subtraction and the product): inside the
 * margin EDGE_ANGLE_SAFE leaves, so it rounds to round(u2) ± 128; likewise for the to-angle from u1.
 * The reverse therefore takes (i→j's to-angle + 128) & 255 and (from-angle + 128) & 255, bit for
 * bit what Math.atan2 would give. A reverse whose original took the exact path computes its own.
 */

/** Radians (any turn) → angle units in [0, 256); `& 255` wraps negatives too (two's complement). */
function toUnits(radians: number): number {
  return Math.round(radians * UNITS_PER_RADIAN) & (ANGLE_UNITS - 1);
}

/**
 * Prepares a template for {@link compareTemplates} (as probe or as candidate). Cost O(n·(n + K))
 * for n minutiae and K neighbours at worst, less where the neighbour search stops early: ≈ 26–41 µs
 * of CPU for 34 minutiae measured on the shared machine (`bench/matching/prepare-speed.mjs`, December
 * 2026). Cache prepared candidates where they are reused.
 * Pure; the result is immutable.
 * Coordinates are rescaled to 500 ppi from `t.ppi`. Use the same `params` for preparing and
 * comparing.
 */
export function prepareTemplate(t: Template, params: MatchingParameters = MATCHING_PARAMETERS, options?: PrepareOptions): PreparedTemplate {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  const total = t.minutiae.length;
  // keep the most reliable minutiae; ties keep the extractor's order (stable)
  const n = Math.min(total, params.maxMinutiae, 255);
  const order = total > n ? qualityOrder(total, (i) => t.minutiae[i].quality) : null;
  // per-minutia values into scratch (module level: preparation never yields)
  for (let k = 0; k < n; k++) {
    const src = order ? order[k] : k;
    const m = t.minutiae[src];
    sSource[k] = src;
    sX[k] = m.x * scale;
    sY[k] = m.y * scale;
    sRad[k] = m.angle;
    sAngle[k] = toUnits(m.angle);
    sType[k] = TYPE_CODE[m.type] ?? 0;
    sQuality[k] = m.quality;
  }
  return prepareScratch(n, params, options?.singleUse === true, t.validArea, scale, t.orientationMap);
}

/** Minutiae as flat arrays (e.g. a gallery's compact form), the input of {@link prepareFlatTemplate}. */
export interface FlatMinutiae {
  readonly count: number;
  /** Pixels at `ppi` (default 500), the Template convention. */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Radians, the Template convention. */
  readonly angle: ArrayLike<number>;
  /** 0 other, 1 ending, 2 bifurcation. */
  readonly type: ArrayLike<number>;
  /** 0–100; used to choose which minutiae to keep when there are more than `maxMinutiae`. */
  readonly quality?: ArrayLike<number>;
  readonly ppi?: number;
  /** Where the print is usable (Template.validArea), at `ppi`; absent = unknown. */
  readonly validArea?: ValidArea;
}

/**
 * {@link prepareTemplate} for minutiae already held in flat arrays: the same result without
 * building Minutia objects first (for a gallery that stores fingers compactly and prepares
 * candidates on the fly). Pure; same cost otherwise.
 */
export function prepareFlatTemplate(f: FlatMinutiae, params: MatchingParameters = MATCHING_PARAMETERS, options?: PrepareOptions): PreparedTemplate {
  const ppi = f.ppi ?? 500;
  const scale = ppi > 0 ? 500 / ppi : 1;
  const total = f.count;
  const n = Math.min(total, params.maxMinutiae, 255);
  const q = f.quality;
  const order = total > n ? qualityOrder(total, (i) => (q ? q[i] : 0)) : null;
  for (let k = 0; k < n; k++) {
    const src = order ? order[k] : k;
    sSource[k] = src;
    sX[k] = f.x[src] * scale;
    sY[k] = f.y[src] * scale;
    sRad[k] = f.angle[src];
    sAngle[k] = toUnits(f.angle[src]);
    const ty = f.type[src];
    sType[k] = ty === 1 || ty === 2 ? ty : 0;
    sQuality[k] = q ? q[src] : 100;
  }
  return prepareScratch(n, params, options?.singleUse === true, f.validArea, scale);
}

/**
 * The prepared template `t` with its coordinates multiplied by `s` about the origin (a print
 * whose stated resolution was off by 1/s): the same minutiae in the same order (indices and
 * `sourceIndex` carry over), directions, types, qualities and weights; the neighbour graph,
 * edges, hull and lookup keys built again at the new scale, as {@link prepareTemplate} would
 * build them from the template declared at its ppi / s (to rounding). For the re-pairing at a
 * pairing's scale (`pairingRescaleBound`). Without kept qualities (neither the MCC gate nor
 * `overlapShareQuality` on) they are read back from the weights. Same cost as preparing.
 */
export function rescalePreparedTemplate(t: PreparedTemplate, s: number, params: MatchingParameters = MATCHING_PARAMETERS): PreparedTemplate {
  const n = t.count;
  const floor = params.minutiaWeightFloor;
  for (let k = 0; k < n; k++) {
    sSource[k] = t.sourceIndex[k];
    sX[k] = t.x[k] * s;
    sY[k] = t.y[k] * s;
    sRad[k] = t.theta ? t.theta[k] : (t.angle[k] * 2 * Math.PI) / ANGLE_UNITS;
    sAngle[k] = t.angle[k];
    sType[k] = t.type[k];
    sQuality[k] = t.quality ? t.quality[k] : floor < 1 ? (100 * (t.weight[k] - floor)) / (1 - floor) : 100;
  }
  return prepareScratch(n, params, false, t.validArea ?? undefined, s / t.validAreaScale, t.orientation?.map);
}

/*
 * The neighbour graph's K nearest of minutia i are the K first of the other minutiae within the
 * length limits by (squared distance, index), in that order. The plain way (kept for templates
 * with a coordinate that is not finite) tries every minutia in index order, keeping a sorted list:
 * an equal distance goes after those already in, and once the list is full one equal to its last
 * stays out. The way taken otherwise gives the same list with about half the tries and a quarter
 * of the list moves: it walks the minutiae sorted by y outward from i, the side nearer in y
 * first, and stops once both sides' next y distance alone exceeds the last kept (every later one
 * on a side is farther still: d = dx² + dy² ≥ dy² holds in floating point too, and dy² grows
 * along a side); since the walk is not in index order, its comparisons order by (distance,
 * index) explicitly. Both are written out in prepareScratch's loop: as functions called per
 * minutia they cost more than they saved.
 */

/**
 * Sorts the n scratch minutiae by y into sOrd (their indices), sXs and sYs (their coordinates in
 * that order) and sRank (each one's place); false when a coordinate is not finite (the plain
 * scan is taken then: NaN orders nothing, and the walk's stops would not hold).
 */
function sortByY(n: number): boolean {
  let finite = true;
  for (let a = 0; a < n; a++) {
    const ya = sY[a];
    if (ya - ya !== 0 || sX[a] - sX[a] !== 0) finite = false;
    // insertion: n is small, and many templates come in y order already
    let b = a + 1;
    while (b > 1 && sYs[b - 1] > ya) { sOrd[b] = sOrd[b - 1]; sYs[b] = sYs[b - 1]; b--; }
    sOrd[b] = a; sYs[b] = ya;
  }
  for (let p = 1; p <= n; p++) { sRank[sOrd[p]] = p; sXs[p] = sX[sOrd[p]]; }
  sYs[0] = -WALL; sYs[n + 1] = WALL;
  return finite;
}

// the walk's order: places 1 … n, with a wall at 0 and n + 1 (sYs ∓WALL) whose y distance squared
// (≥ WALL² / 2 > 1e299 from any finite float32 y) is above that of every minutia (< 1e78)
const sOrd = new Int32Array(258);
const sRank = new Int32Array(256);
const sXs = new Float64Array(258);
const sYs = new Float64Array(258);
const WALL = 1e150;
const WALL_Y2 = 1e299;

/** Builds the prepared template from the n minutiae in the scratch arrays. */
function prepareScratch(n: number, params: MatchingParameters, singleUse: boolean, area: ValidArea | undefined, scale: number, map?: OrientationMap): PreparedTemplate {
  // at most 32 neighbours: keeps the probe lookup table within 16-bit offsets (255 × 32 × 8 < 65,536)
  const K = Math.min(params.neighbours, 32, Math.max(0, n - 1));

  // neighbour graph: the K nearest minutiae of each within the length limits, sorted by length
  const minL2 = params.minEdgeLength * params.minEdgeLength, maxL2 = params.maxEdgeLength * params.maxEdgeLength;
  if (++adjacencyStamp > 0x7ffffff0) { adjacency.fill(0); adjacencyStamp = 1; }
  const stamp = adjacencyStamp;
  let E = 0;
  // the K nearest of each (see "The neighbour graph's K nearest" above)
  const sorted = sortByY(n);
  for (let i = 0; i < n; i++) {
    sEdgeStart[i] = E;
    let c = 0;
    if (K === 0) {
      // no neighbours asked (or no other minutia)
    } else if (sorted) {
      const xi = sX[i], yi = sY[i], p = sRank[i];
      // the last kept (its distance and index) once the list is full; before, the limit
      let last = maxL2, lastJ = 256;
      // the next place up and down, and the square of its y distance (a wall's is above 1e299)
      let up = p + 1, down = p - 1;
      let upY = (sYs[up] - yi) * (sYs[up] - yi);
      let downY = (sYs[down] - yi) * (sYs[down] - yi);
      for (;;) {
        // the side nearer in y next (up on a tie), chosen without a branch (which side comes next
        // is not predictable): +(comparison) is 0 or 1, and s·a + (1 − s)·b is exactly a or b
        // for finite a, b (one product is 0)
        const goUp = +(upY <= downY);
        const dy2 = goUp * upY + (1 - goUp) * downY;
        // done when the nearer side is farther in y alone than the last kept, or both sides are at their wall
        if (dy2 > last || dy2 >= WALL_Y2) break;
        const q = down + goUp * (up - down);
        up += goUp; down -= 1 - goUp;
        const yUp = sYs[up] - yi, yDown = sYs[down] - yi;
        upY = yUp * yUp; downY = yDown * yDown;
        const dx = sXs[q] - xi;
        const d = dx * dx + dy2;
        const j = sOrd[q];
        // out when not within the length limits, or once the list is full not before its last by
        // (distance, index); before it is full last is the upper limit and lastJ above every index,
        // so one test (one branch) says both
        if ((+(d < minL2) | +(d > last) | (+(d === last) & +(j > lastJ))) !== 0) continue;
        let k = c < K ? c++ : K - 1;
        while (k > 0 && (selD[k - 1] > d || (selD[k - 1] === d && selJ[k - 1] > j))) { selD[k] = selD[k - 1]; selJ[k] = selJ[k - 1]; k--; }
        selD[k] = d; selJ[k] = j;
        if (c === K) { last = selD[K - 1]; lastJ = selJ[K - 1]; }
      }
    } else {
      // every other minutia in index order, into a sorted list of the K nearest so far
      const xi = sX[i], yi = sY[i];
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dx = sX[j] - xi, dy = sY[j] - yi;
        const d = dx * dx + dy * dy;
        if (d < minL2 || d > maxL2) continue;
        if (c === K && d >= selD[K - 1]) continue;
        let k = c < K ? c++ : K - 1;
        while (k > 0 && selD[k - 1] > d) { selD[k] = selD[k - 1]; selJ[k] = selJ[k - 1]; k--; }
        selD[k] = d; selJ[k] = j;
      }
    }
    for (let k = 0; k < c; k++, E++) {
      sFrom[E] = i;
      sTo[E] = selJ[k];
      sLen[E] = Math.sqrt(selD[k]);
      adjacency[(i << 8) | selJ[k]] = stamp;
      edgeAt[(i << 8) | selJ[k]] = E;
    }
  }
  sEdgeStart[n] = E;

  // the undirected edges offered to root finding: an edge whose reverse exists counts once
  // (without a branch: whether an edge is a reverse is not predictable; +(comparison) is 0 or 1).
  // The reverses are listed too (sReverseList), for the angles below
  let R = 0, V = 0;
  for (let e = 0; e < E; e++) {
    const i = sFrom[e], j = sTo[e];
    const isReverse = +(j < i) & +(adjacency[(j << 8) | i] === stamp);
    sReverse[e] = isReverse * (edgeAt[(j << 8) | i] + 1) - 1;
    sRoot[R] = e; R += 1 - isReverse;
    sReverseList[V] = e; V += isReverse;
  }

  // one buffer for every array of the result (one allocation instead of fifteen); 4-byte
  // fields first so that every view is aligned
  const bytes = 4 * (3 * n + (n + 1) + 2 * E) + 2 * (n + R) + 2 * n + 4 * E;
  const buf = new ArrayBuffer(bytes + 8);
  let off = 0;
  const f32 = (len: number): Float32Array => { const v = new Float32Array(buf, off, len); off += 4 * len; return v; };
  const i32 = (len: number): Int32Array => { const v = new Int32Array(buf, off, len); off += 4 * len; return v; };
  const x = f32(n), y = f32(n), edgeLength = f32(E), weight = f32(n);
  const edgeStart = i32(n + 1), edgeKey = i32(E);
  const sourceIndex = new Int16Array(buf, off, n); off += 2 * n;
  const rootEdges = new Uint16Array(buf, off, R); off += 2 * R;
  const angle = new Uint8Array(buf, off, n); off += n;
  const type = new Uint8Array(buf, off, n); off += n;
  const edgeFrom = new Uint8Array(buf, off, E); off += E;
  const edgeTo = new Uint8Array(buf, off, E); off += E;
  const edgeAngleFrom = new Uint8Array(buf, off, E); off += E;
  const edgeAngleTo = new Uint8Array(buf, off, E);
  x.set(sX.subarray(0, n)); y.set(sY.subarray(0, n));
  sourceIndex.set(sSource.subarray(0, n)); angle.set(sAngle.subarray(0, n)); type.set(sType.subarray(0, n));
  edgeStart.set(sEdgeStart.subarray(0, n + 1));
  edgeFrom.set(sFrom.subarray(0, E)); edgeTo.set(sTo.subarray(0, E)); edgeLength.set(sLen.subarray(0, E));
  rootEdges.set(sRoot.subarray(0, R));
  const floor = params.minutiaWeightFloor;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    const q = Math.min(100, Math.max(0, sQuality[i]));
    weight[i] = floor >= 1 ? 1 : floor + ((1 - floor) * q) / 100;
    weightSum += weight[i];
  }
  if (params.countQualityFloor < 1) {
    const counted = params.countEdgeReach > 0
      ? (area ? countByEdgeDistance(n, params.countQualityFloor, params.countEdgeReach, weight, area, scale, params.countEdgeOuter !== 0) : weightSum)
      : params.countHullReach > 0
        ? countByHullDistance(n, params.countQualityFloor, params.countHullReach, weight, weightSum)
        : countByQuality(n, params.countQualityFloor, weight, weightSum, params.countQualityRelative !== 0);
    weightSum = Math.max(counted, params.countQualityMinShare * weightSum);
  }

  // only the overlap term reads the hull: without it, preparation does not pay for one (the
  // cylinders compute their own when they are built); a single-use template builds it on its
  // comparison's first read (most of 1:N's comparisons score below both bands and never read it)
  const hullDeferred = singleUse && params.overlapShareExponent !== 0;
  const hull = params.overlapShareExponent !== 0 && !hullDeferred ? convexHull(n) : EMPTY_HULL;
  const hullRows = hull.length > 0 ? buildHullRows(hull, params.overlapMargin) : EMPTY_ROWS;
  const validArea = (params.validAreaShare !== 0 || params.validAreaOverlap !== 0) && area ? area : null;
  // a single-use template is 1:N's gallery finger, a candidate: its map needs no preparing
  const orientation = params.orientationAgreementWeight !== 0 && map ? (singleUse ? { map, scale: 1 / scale } : prepareOrientation(map, 1 / scale)) : null;
  const theta = params.mccWeight !== 0 ? sRad.slice(0, n) : null;
  let quality: Uint8Array | null = null;
  if (params.mccWeight !== 0 || params.overlapShareQuality > 0) {
    quality = new Uint8Array(n);
    for (let i = 0; i < n; i++) quality[i] = Math.round(Math.min(100, Math.max(0, sQuality[i])));
  }

  const { grid, angleCellOf } = keyTableOf(params);
  const { lengthCell, lengthCells, angleCells } = grid;
  const relativeRoots = params.rootDistanceToleranceRelative > 0;
  const edgeRootLength = relativeRoots ? new Float32Array(E) : edgeLength;
  if (relativeRoots) for (let e = 0; e < E; e++) edgeRootLength[e] = rootLength(edgeLength[e], params);
  // the edge angles: first the edges that are no reverse (every reverse's original is one of them,
  // the edge j→i with j < i), then the reverses, most from their original (REVERSE_SAFE); in two
  // loops, not one with a branch on whether the edge is a reverse (not predictable). An edge's
  // angles depend only on its own ends or on its original's, so the order changes no value
  for (let r = 0; r < R; r++) edgeAngles(sRoot[r], edgeAngleFrom, edgeAngleTo);
  for (let v = 0; v < V; v++) {
    const e = sReverseList[v], rev = sReverse[e];
    if (sSafe[rev] === 1) {
      // the original i←j took the approximate path: this edge's direction is its φ ± π, so its
      // angles are the original's swapped and turned by half a turn (REVERSE_SAFE)
      edgeAngleFrom[e] = (edgeAngleTo[rev] + ANGLE_UNITS / 2) & (ANGLE_UNITS - 1);
      edgeAngleTo[e] = (edgeAngleFrom[rev] + ANGLE_UNITS / 2) & (ANGLE_UNITS - 1);
    } else edgeAngles(e, edgeAngleFrom, edgeAngleTo);
  }
  for (let e = 0; e < E; e++) {
    // cellOf(grid, length, a1, a2), its angle cells read from the table
    const l = Math.min(lengthCells - 1, Math.floor(edgeRootLength[e] / lengthCell));
    edgeKey[e] = (l * angleCells + angleCellOf[edgeAngleFrom[e]]) * angleCells + angleCellOf[edgeAngleTo[e]];
  }
  return Object.freeze({
    count: n, sourceIndex, x, y, angle, type,
    edgeStart, edgeFrom, edgeTo, edgeLength, edgeAngleFrom, edgeAngleTo, edgeKey, edgeRootLength, rootEdges, weight, weightSum, validArea, validAreaScale: 1 / scale, orientation, hull, hullRows, theta, quality, singleUse, hullDeferred,
  });
}

/**
 * The two angles of edge e (from sFrom[e] to sTo[e] of the scratch) into `from` and `to`, and
 * sSafe[e]: direction (cos φ, −sin φ) in image coordinates, φ = atan2(−dy, dx); the two angles in
 * units from an approximate φ where they are surely the ones the exact φ gives (EDGE_ANGLE_SAFE,
 * sSafe 1), from Math.atan2 otherwise (and for an edge along an axis, whose signed zeros atan2
 * reads; sSafe 0).
 */
function edgeAngles(e: number, from: Uint8Array, to: Uint8Array): void {
  const i = sFrom[e], j = sTo[e];
  const ey = -(sY[j] - sY[i]), ex = sX[j] - sX[i];
  const phiNear = ex !== 0 && ey !== 0 ? atan2Near(ey, ex) : NaN;
  const u1 = (phiNear - sRad[i]) * UNITS_PER_RADIAN, u2 = (phiNear - sRad[j]) * UNITS_PER_RADIAN;
  // round(u) as floor(u + 0.5) by truncation of a positive number (cheaper than Math.round):
  // right for u in (−512.5, 2³¹ − 513) except within 1e-13 of a half unit; wherever it is not
  // right it is off by at least a half unit, and the test below sends the edge to Math.atan2
  const r1 = ((u1 + 512.5) | 0) - 512, r2 = ((u2 + 512.5) | 0) - 512;
  if (Math.abs(u1 - r1) < EDGE_ANGLE_SAFE && Math.abs(u2 - r2) < EDGE_ANGLE_SAFE) {
    from[e] = r1 & (ANGLE_UNITS - 1);
    to[e] = r2 & (ANGLE_UNITS - 1);
    sSafe[e] = 1;
  } else {
    const phi = Math.atan2(ey, ex);
    from[e] = toUnits(phi - sRad[i]);
    to[e] = toUnits(phi - sRad[j]);
    sSafe[e] = 0;
  }
}

// scratch of prepareTemplate, sized for the largest template it keeps (255 minutiae × 32 neighbours)
const sSource = new Int16Array(256);
const sX = new Float32Array(256);
const sY = new Float32Array(256);
const sRad = new Float64Array(256);
const sAngle = new Uint8Array(256);
const sType = new Uint8Array(256);
const sQuality = new Float64Array(256);

/**
 * The normalisation's count with each minutia counted by its quality (`countQualityFloor` f):
 * Σ weight · (f + (1 − f) · q/100) over the first n of `sQuality`. Minutiae near their print's
 * edge (and on unclear ridges) find their mate less often in a genuine comparison and are paired
 * less often by chance as well, so they should not enlarge the count as fully as the rest; the
 * pairs themselves count as before. A template whose minutiae all carry quality 0 ("not
 * reported", as foreign ISO/INCITS records) keeps `plain`, its count without qualities.
 * `relative` (`countQualityRelative`): the share is min(1, q / the print's median quality) instead
 * of q/100, so a print whose minutiae are all poor alike counts as fully as a good one.
 */
function countByQuality(n: number, f: number, weight: Float32Array, plain: number, relative: boolean): number {
  let reported = false;
  for (let i = 0; i < n && !reported; i++) reported = sQuality[i] > 0;
  if (!reported) return plain;
  let sum = 0;
  if (!relative) {
    for (let i = 0; i < n; i++) sum += weight[i] * (f + ((1 - f) * Math.min(100, Math.max(0, sQuality[i]))) / 100);
    return sum;
  }
  const reference = medianQuality(n);
  if (reference <= 0) return plain;
  for (let i = 0; i < n; i++) sum += weight[i] * (f + (1 - f) * Math.min(1, Math.max(0, sQuality[i]) / reference));
  return sum;
}

/** Median of the first n of `sQuality` clamped to 0–100 (the mean of the middle two for even n). */
function medianQuality(n: number): number {
  const q = sMedian.subarray(0, n);
  for (let i = 0; i < n; i++) q[i] = Math.min(100, Math.max(0, sQuality[i]));
  q.sort();
  return n % 2 ? q[(n - 1) >> 1] : (q[n / 2 - 1] + q[n / 2]) / 2;
}
const sMedian = new Float64Array(256);

/**
 * The normalisation's count with each minutia counted by its place in its own print
 * (`countHullReach` r with `countQualityFloor` f): Σ weight · (f + (1 − f) · min(1, d / r)), d the
 * minutia's distance to the boundary of the convex hull of the first n minutiae (a vertex of the
 * hull is at 0). Fewer than three minutiae not on one line have no hull: `plain`.
 */
function countByHullDistance(n: number, f: number, r: number, weight: Float32Array, plain: number): number {
  const hull = convexHull(n);
  const vertices = hull.length / 4;
  if (vertices < 3) return plain;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    // inside a convex polygon the distance to its boundary is the least distance to an edge's line
    let d = Infinity;
    for (let v = 0; v < vertices; v++) {
      const ax = hull[4 * v], ay = hull[4 * v + 1], ux = hull[4 * v + 2], uy = hull[4 * v + 3];
      d = Math.min(d, Math.abs((sX[i] - ax) * uy - (sY[i] - ay) * ux));
    }
    sum += weight[i] * (f + (1 - f) * Math.min(1, d / r));
  }
  return sum;
}
/**
 * The normalisation's count with each minutia counted by its distance to its own print's edge
 * (`countEdgeReach` r with `countQualityFloor` f): Σ weight · (f + (1 − f) · min(1, d / r)), d the
 * distance (prepared pixels) from the minutia to the nearest cell of `area` that is not usable,
 * cells past the grid included (the image side). On clean re-impressions a minutia 8–12 px from its
 * edge finds its mate in 44 % of genuine pairs against 81 % ≥ 32 px in (bench/RESULTS.md, "Minutiae
 * at the print's edge"), at every quality, while a print poor throughout gains nothing.
 * `scale`: prepared pixels per template pixel.
 */
function countByEdgeDistance(n: number, f: number, r: number, weight: Float32Array, area: ValidArea, scale: number, outerOnly: boolean): number {
  const cell = area.cell, reach = r / scale;
  const outside = outerOnly ? outerCells(area) : null;
  const span = Math.ceil(reach / cell) + 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const px = sX[i] / scale, py = sY[i] / scale;
    const cx = Math.floor(px / cell), cy = Math.floor(py / cell);
    let d2 = reach * reach;
    for (let y = cy - span; y <= cy + span; y++) {
      for (let x = cx - span; x <= cx + span; x++) {
        const past = x < 0 || y < 0 || x >= area.columns || y >= area.rows;
        const k = y * area.columns + x;
        if (!past && (outside ? outside[k] === 0 : (area.bits[k >> 3] & (1 << (k & 7))) !== 0)) continue;
        // distance from the point to the cell's square
        const dx = Math.max(x * cell - px, 0, px - (x + 1) * cell);
        const dy = Math.max(y * cell - py, 0, py - (y + 1) * cell);
        d2 = Math.min(d2, dx * dx + dy * dy);
      }
    }
    sum += weight[i] * (f + (1 - f) * Math.min(1, Math.sqrt(d2) / reach));
  }
  return sum;
}
/**
 * The cells of `area` outside the print (`countEdgeOuter`): 1 for an unusable cell joined to the
 * grid's side through unusable cells (4-neighbours), 0 for a usable cell or a hole inside the print.
 */
function outerCells(area: ValidArea): Uint8Array {
  const { columns, rows, bits } = area;
  const out = new Uint8Array(columns * rows);
  const stack = new Int32Array(columns * rows);
  let top = 0;
  const unusable = (k: number): boolean => (bits[k >> 3] & (1 << (k & 7))) === 0;
  const seed = (k: number): void => { if (out[k] === 0 && unusable(k)) { out[k] = 1; stack[top++] = k; } };
  for (let x = 0; x < columns; x++) { seed(x); seed((rows - 1) * columns + x); }
  for (let y = 0; y < rows; y++) { seed(y * columns); seed(y * columns + columns - 1); }
  while (top > 0) {
    const k = stack[--top], x = k % columns, y = (k - x) / columns;
    if (x > 0) seed(k - 1);
    if (x + 1 < columns) seed(k + 1);
    if (y > 0) seed(k - columns);
    if (y + 1 < rows) seed(k + columns);
  }
  return out;
}
const sEdgeStart = new Int32Array(257);
const sFrom = new Uint8Array(256 * 32);
const sTo = new Uint8Array(256 * 32);
const sLen = new Float32Array(256 * 32);
const sRoot = new Uint16Array(256 * 32);
// per edge: the index of its reverse when that came earlier (−1 otherwise), and whether its angles took the approximate path
const sReverse = new Int16Array(256 * 32);
const sSafe = new Uint8Array(256 * 32);
const sReverseList = new Uint16Array(256 * 32);
const selD = new Float64Array(33);
const EMPTY_HULL = new Float32Array(0);
const EMPTY_ROWS = new Float64Array(0);

/** Height of the rows of {@link PreparedTemplate.hullRows}, pixels. */
export const HULL_ROW_HEIGHT = 8;
/**
 * Slack of the row intervals, pixels: far above the rounding of the exact test (≈ 1e-13 px),
 * so a point the rows decide is decided as the exact test would.
 */
const HULL_ROW_SLACK = 1e-3;

/**
 * {@link PreparedTemplate.hullRows} of a hull enlarged by `margin`. Each hull edge is a
 * half-plane ex·(y − vy) − ey·(x − vx) ≥ −margin, linear in x on a row: over the row's y range
 * its worst case bounds the surely-inside interval and its best case the possibly-inside one.
 * Rows span the hull's height plus margin + 2 rows on either side; cost O(rows · vertices).
 */
function buildHullRows(h: Float32Array, margin: number): Float64Array {
  let yMin = Infinity, yMax = -Infinity;
  for (let k = 0; k < h.length; k += 4) { yMin = Math.min(yMin, h[k + 1]); yMax = Math.max(yMax, h[k + 1]); }
  const y0 = Math.floor(yMin - margin) - 2 * HULL_ROW_HEIGHT;
  const rows = Math.ceil((yMax + margin + 2 * HULL_ROW_HEIGHT - y0) / HULL_ROW_HEIGHT);
  const out = new Float64Array(3 + 4 * rows);
  out[0] = y0; out[1] = margin; out[2] = rows;
  for (let r = 0; r < rows; r++) {
    // the row's y range, widened by the slack (a point's row index is rounded)
    const ya = y0 + r * HULL_ROW_HEIGHT - HULL_ROW_SLACK, yb = y0 + (r + 1) * HULL_ROW_HEIGHT + HULL_ROW_SLACK;
    let inLo = -Infinity, inHi = Infinity, outLo = -Infinity, outHi = Infinity;
    for (let k = 0; k < h.length; k += 4) {
      const vx = h[k], vy = h[k + 1], ex = h[k + 2], ey = h[k + 3];
      const ta = ex * (ya - vy), tb = ex * (yb - vy);
      // surely inside: −ey·(x − vx) ≥ −margin + slack − (worst ex·(y − vy)) for every y of the row
      const rIn = -margin + HULL_ROW_SLACK - Math.min(ta, tb);
      // surely outside when −ey·(x − vx) < −margin − slack − (best ex·(y − vy))
      const rOut = -margin - HULL_ROW_SLACK - Math.max(ta, tb);
      if (ey > 0) {
        inHi = Math.min(inHi, vx - rIn / ey);
        outHi = Math.min(outHi, vx - rOut / ey);
      } else if (ey < 0) {
        inLo = Math.max(inLo, vx - rIn / ey);
        outLo = Math.max(outLo, vx - rOut / ey);
      } else {
        if (rIn > 0) { inLo = Infinity; inHi = -Infinity; }
        if (rOut > 0) { outLo = Infinity; outHi = -Infinity; }
      }
    }
    const o = 3 + 4 * r;
    out[o] = inLo; out[o + 1] = inHi; out[o + 2] = outLo; out[o + 3] = outHi;
  }
  return out;
}
const hullOrder = new Int32Array(256);
const hullStack = new Int32Array(512);

/**
 * Convex hull of a prepared template's minutiae, as {@link PreparedTemplate.hull} (the same
 * values, also when the template was prepared without the overlap term).
 */
export function minutiaHull(t: PreparedTemplate): Float32Array {
  if (t.hull.length > 0) return t.hull;
  if (t.hullDeferred === true) return deferred(t).hull;
  sX.set(t.x); sY.set(t.y);
  return convexHull(t.count);
}

/**
 * The hull the overlap term reads: {@link PreparedTemplate.hull}, or a deferred hull built now
 * (the value preparation would have given).
 */
export function overlapHull(t: PreparedTemplate): Float32Array {
  return t.hullDeferred === true ? deferred(t).hull : t.hull;
}

/**
 * The hull rows the overlap term reads: {@link PreparedTemplate.hullRows}, or for a deferred hull
 * its rows for `margin` (the comparison's `overlapMargin`, which preparation would have used: the
 * rows only decide what the exact test would) built now.
 */
export function overlapHullRows(t: PreparedTemplate, margin: number): Float64Array {
  if (t.hullDeferred !== true) return t.hullRows;
  const d = deferred(t);
  if (d.rows === null || d.margin !== margin) { d.rows = d.hull.length > 0 ? buildHullRows(d.hull, margin) : EMPTY_ROWS; d.margin = margin; }
  return d.rows;
}

/**
 * The probe's side of the orientation agreement: {@link PreparedTemplate.orientation}, prepared
 * now for a single-use template, which holds only its map (the same values preparation would have
 * given; the last one is kept). Null without a map.
 */
export function probeOrientation(t: PreparedTemplate): PreparedOrientation | null {
  const o = t.orientation;
  if (o === null || 'cells' in o) return o;
  if (deferredOrientation.t !== t) { deferredOrientation.t = t; deferredOrientation.o = prepareOrientation(o.map, o.scale); }
  return deferredOrientation.o;
}
const deferredOrientation: { t: PreparedTemplate | null; o: PreparedOrientation | null } = { t: null, o: null };

// deferred hulls of the last two templates asked (a comparison reads at most two): bounded,
// whatever the number of single-use templates
interface DeferredHull { t: PreparedTemplate | null; hull: Float32Array; rows: Float64Array | null; margin: number }
const deferredHulls: DeferredHull[] = [
  { t: null, hull: EMPTY_HULL, rows: null, margin: 0 },
  { t: null, hull: EMPTY_HULL, rows: null, margin: 0 },
];
function deferred(t: PreparedTemplate): DeferredHull {
  if (deferredHulls[0].t === t) return deferredHulls[0];
  if (deferredHulls[1].t === t) { deferredHulls.reverse(); return deferredHulls[0]; }
  const d = deferredHulls[1];
  sX.set(t.x); sY.set(t.y);
  d.t = t; d.hull = convexHull(t.count); d.rows = null; d.margin = 0;
  deferredHulls.reverse();
  return d;
}

/**
 * Convex hull of the n scratch minutiae (monotone chain), as {@link PreparedTemplate.hull}:
 * a point is inside when its cross product with every edge vector is positive.
 */
function convexHull(n: number): Float32Array {
  for (let i = 0; i < n; i++) hullOrder[i] = i;
  const order = hullOrder.subarray(0, n);
  order.sort((a, b) => sX[a] - sX[b] || sY[a] - sY[b] || a - b);
  const cross = (o: number, a: number, b: number): number => (sX[a] - sX[o]) * (sY[b] - sY[o]) - (sY[a] - sY[o]) * (sX[b] - sX[o]);
  let h = 0;
  // lower chain, then upper chain (the last point of each is the first of the other)
  for (let k = 0; k < n; k++) {
    const i = order[k];
    while (h >= 2 && cross(hullStack[h - 2], hullStack[h - 1], i) <= 0) h--;
    hullStack[h++] = i;
  }
  const lower = h + 1;
  for (let k = n - 2; k >= 0; k--) {
    const i = order[k];
    while (h >= lower && cross(hullStack[h - 2], hullStack[h - 1], i) <= 0) h--;
    hullStack[h++] = i;
  }
  const vertices = h - 1;
  if (n < 3 || vertices < 3) return new Float32Array(0);
  const out = new Float32Array(4 * vertices);
  for (let v = 0; v < vertices; v++) {
    const a = hullStack[v], b = hullStack[v + 1];
    const ex = sX[b] - sX[a], ey = sY[b] - sY[a];
    const len = Math.hypot(ex, ey) || 1;
    out[4 * v] = sX[a]; out[4 * v + 1] = sY[a]; out[4 * v + 2] = ex / len; out[4 * v + 3] = ey / len;
  }
  return out;
}
const selJ = new Int32Array(33);

/** Indices of the minutiae by falling quality (stable), when there are more than can be kept. */
function qualityOrder(total: number, qualityOf: (i: number) => number): Int32Array {
  const order = new Int32Array(total);
  const q = new Float64Array(total);
  for (let i = 0; i < total; i++) { order[i] = i; q[i] = qualityOf(i); }
  Array.prototype.sort.call(order, (a: number, b: number) => q[b] - q[a] || a - b);
  return order;
}

/** The grid cell of an edge (length pixels, angles in units). */
export function cellOf(g: EdgeGrid, length: number, a1: number, a2: number): number {
  const l = Math.min(g.lengthCells - 1, Math.floor(length / g.lengthCell));
  const i = Math.floor(a1 / g.angleCell) % g.angleCells;
  const j = Math.floor(a2 / g.angleCell) % g.angleCells;
  return (l * g.angleCells + i) * g.angleCells + j;
}
