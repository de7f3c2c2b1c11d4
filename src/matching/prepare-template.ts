import { TWO_PI } from '../core/index.js';
import type { Template } from '../templates/index.js';
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
   * The edges a candidate offers to root finding: each undirected edge once (an edge whose
   * reverse is also in the graph would only repeat the same votes).
   */
  readonly rootEdges: Uint16Array;
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

const TYPE_CODE = { other: 0, ending: 1, bifurcation: 2 } as const;

const UNITS_PER_RADIAN = ANGLE_UNITS / TWO_PI;

/** Radians (any turn) → angle units in [0, 256); `& 255` wraps negatives too (two's complement). */
function toUnits(radians: number): number {
  return Math.round(radians * UNITS_PER_RADIAN) & (ANGLE_UNITS - 1);
}

/**
 * Prepares a template for {@link compareTemplates} (as probe or as candidate). Cost O(n·(n + K))
 * for n minutiae and K neighbours: ≈ 55–80 µs of CPU for 32 minutiae measured on the shared
 * machine (`afis bench match` prints it). Cache prepared candidates where they are reused.
 * Pure; the result is immutable.
 * Coordinates are rescaled to 500 ppi from `t.ppi`. Use the same `params` for preparing and
 * comparing.
 */
export function prepareTemplate(t: Template, params: MatchingParameters = MATCHING_PARAMETERS): PreparedTemplate {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  const total = t.minutiae.length;
  // keep the most reliable minutiae; ties keep the extractor's order (stable)
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  if (total > params.maxMinutiae) {
    const q = t.minutiae.map((m) => m.quality);
    Array.prototype.sort.call(order, (a: number, b: number) => q[b] - q[a] || a - b);
  }
  const n = Math.min(total, params.maxMinutiae, 255);
  const sourceIndex = new Int16Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const angleRad = new Float64Array(n);
  const angle = new Uint8Array(n);
  const type = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const m = t.minutiae[order[k]];
    sourceIndex[k] = order[k];
    x[k] = m.x * scale;
    y[k] = m.y * scale;
    angleRad[k] = m.angle;
    angle[k] = toUnits(m.angle);
    type[k] = TYPE_CODE[m.type] ?? 0;
  }

  // neighbour graph: the K nearest minutiae of each within the length limits, sorted by length
  // at most 32 neighbours: keeps the probe lookup table within 16-bit offsets (255 × 32 × 8 < 65,536)
  const K = Math.min(params.neighbours, 32, Math.max(0, n - 1));
  const edgeStart = new Int32Array(n + 1);
  const capacity = n * K;
  const edgeFrom = new Uint8Array(capacity);
  const edgeTo = new Uint8Array(capacity);
  const edgeLength = new Float32Array(capacity);
  const selD = new Float64Array(K + 1);
  const selJ = new Int32Array(K + 1);
  const minL = params.minEdgeLength;
  const maxL = params.maxEdgeLength;
  let E = 0;
  const minL2 = minL * minL, maxL2 = maxL * maxL;
  for (let i = 0; i < n; i++) {
    edgeStart[i] = E;
    let c = 0;
    const xi = x[i], yi = y[i];
    // insertion into a sorted list of the K nearest so far (K is small); squared distances
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = x[j] - xi, dy = y[j] - yi;
      const d = dx * dx + dy * dy;
      if (d < minL2 || d > maxL2) continue;
      if (c === K && d >= selD[K - 1]) continue;
      let k = c < K ? c++ : K - 1;
      while (k > 0 && selD[k - 1] > d) { selD[k] = selD[k - 1]; selJ[k] = selJ[k - 1]; k--; }
      selD[k] = d; selJ[k] = j;
    }
    for (let k = 0; k < c; k++, E++) {
      edgeFrom[E] = i;
      edgeTo[E] = selJ[k];
      edgeLength[E] = Math.sqrt(selD[k]);
    }
  }
  edgeStart[n] = E;
  const edgeAngleFrom = new Uint8Array(E);
  const edgeAngleTo = new Uint8Array(E);
  const edgeKey = new Int32Array(E);
  const grid = edgeGrid(params);
  for (let e = 0; e < E; e++) {
    const i = edgeFrom[e], j = edgeTo[e];
    // direction (cos φ, −sin φ) in image coordinates: φ = atan2(−dy, dx)
    const phi = Math.atan2(-(y[j] - y[i]), x[j] - x[i]);
    const a1 = toUnits(phi - angleRad[i]);
    const a2 = toUnits(phi - angleRad[j]);
    edgeAngleFrom[e] = a1;
    edgeAngleTo[e] = a2;
    edgeKey[e] = cellOf(grid, edgeLength[e], a1, a2);
  }
  const roots: number[] = [];
  for (let e = 0; e < E; e++) {
    const i = edgeFrom[e], j = edgeTo[e];
    let reverse = false;
    if (j < i) for (let f = edgeStart[j]; f < edgeStart[j + 1]; f++) if (edgeTo[f] === i) { reverse = true; break; }
    if (!reverse) roots.push(e);
  }
  const rootEdges = Uint16Array.from(roots);
  return Object.freeze({
    rootEdges,
    count: n, sourceIndex, x, y, angle, type,
    edgeStart, edgeFrom: edgeFrom.slice(0, E), edgeTo: edgeTo.slice(0, E), edgeLength: edgeLength.slice(0, E), edgeAngleFrom, edgeAngleTo, edgeKey,
  });
}

/** The grid cell of an edge (length pixels, angles in units). */
export function cellOf(g: EdgeGrid, length: number, a1: number, a2: number): number {
  const l = Math.min(g.lengthCells - 1, Math.floor(length / g.lengthCell));
  const i = Math.floor(a1 / g.angleCell) % g.angleCells;
  const j = Math.floor(a2 / g.angleCell) % g.angleCells;
  return (l * g.angleCells + i) * g.angleCells + j;
}
