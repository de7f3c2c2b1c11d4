import { TWO_PI } from '../core/index.js';
import type { Template } from '../templates/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../config/parameters/matching.js';

/**
 * A template made ready for comparison: everything that depends on one template only is
 * computed here once (coordinates at 500 ppi, the neighbour-edge graph, the edge lookup table),
 * in flat typed arrays. Immutable after construction: safe to share between comparisons and to
 * copy to worker threads (structured clone keeps the typed arrays).
 *
 * Edges: for minutia i, its edges are `edgeStart[i] .. edgeStart[i+1]-1`, sorted by length.
 * An edge i→j is described rotation- and translation-invariantly by its length and two angles
 * (`edgeAngleFrom` = edge direction − θi, `edgeAngleTo` = edge direction − θj), radians in [0, 2π).
 *
 * Lookup table: every edge is filed under the key of its own (length, angle, angle) cell and
 * under the nearest neighbouring cell of each dimension (8 keys), so looking up the single cell
 * of another template's edge finds every edge within the tolerances. `bucketStart` has
 * `bucketCount + 1` entries; `bucketEdges` holds edge indices.
 *
 * Memory: about 60 bytes per edge (9 edges per minutia) plus 4 bytes per key cell: ≈ 30 KB for a
 * 40-minutia template.
 */
export interface PreparedTemplate {
  /** Minutiae kept (at most `maxMinutiae`, the most reliable). */
  readonly count: number;
  /** Index of each kept minutia in the original template's `minutiae`. */
  readonly sourceIndex: Int16Array;
  /** Coordinates at 500 ppi, pixels. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** Direction, radians [0, 2π), the Template convention. */
  readonly angle: Float32Array;
  /** 0 other, 1 ending, 2 bifurcation. */
  readonly type: Uint8Array;
  readonly edgeStart: Int32Array;
  readonly edgeFrom: Int16Array;
  readonly edgeTo: Int16Array;
  readonly edgeLength: Float32Array;
  readonly edgeAngleFrom: Float32Array;
  readonly edgeAngleTo: Float32Array;
  /** Key cell of each edge (for lookups into another template's table). */
  readonly edgeKey: Int32Array;
  readonly bucketStart: Int32Array;
  readonly bucketEdges: Int32Array;
  /** Area covered by the minutiae (convex hull not needed: bounding box), 500 ppi pixels². */
  readonly width: number;
  readonly height: number;
}

/** Grid of the lookup table, derived from the tolerances (shared by every template). */
export interface EdgeGrid {
  readonly lengthCell: number;
  readonly lengthCells: number;
  readonly angleCells: number;
  readonly angleCell: number;
  readonly bucketCount: number;
}

/** Cell sizes are at least twice the tolerance so that own cell + nearer neighbour cover it. */
export function edgeGrid(params: MatchingParameters = MATCHING_PARAMETERS): EdgeGrid {
  const lengthCell = 2 * params.distanceTolerance;
  const lengthCells = Math.ceil(params.maxEdgeLength / lengthCell) + 1;
  const angleCells = Math.max(1, Math.floor(TWO_PI / (2 * params.angleTolerance)));
  const angleCell = TWO_PI / angleCells;
  return { lengthCell, lengthCells, angleCells, angleCell, bucketCount: lengthCells * angleCells * angleCells };
}

const TYPE_CODE = { other: 0, ending: 1, bifurcation: 2 } as const;

/**
 * Prepares a template for {@link compareTemplates}. Cost: O(n²) in the minutiae count
 * (≈ 20–40 µs for 40 minutiae). Pure; the result is immutable. Coordinates are rescaled to
 * 500 ppi from `t.ppi`.
 */
export function prepareTemplate(t: Template, params: MatchingParameters = MATCHING_PARAMETERS): PreparedTemplate {
  const scale = t.ppi > 0 ? 500 / t.ppi : 1;
  // keep the most reliable minutiae; a stable sort keeps the extractor's order among equals
  const order = t.minutiae.map((_, i) => i);
  order.sort((a, b) => t.minutiae[b].quality - t.minutiae[a].quality || a - b);
  const n = Math.min(order.length, params.maxMinutiae);
  const sourceIndex = new Int16Array(n);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const angle = new Float32Array(n);
  const type = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const m = t.minutiae[order[k]];
    sourceIndex[k] = order[k];
    x[k] = m.x * scale;
    y[k] = m.y * scale;
    angle[k] = m.angle;
    type[k] = TYPE_CODE[m.type] ?? 0;
  }

  // neighbour graph: the K nearest minutiae of each, within the length limits
  const K = Math.min(params.neighbours, Math.max(0, n - 1));
  const edgeStart = new Int32Array(n + 1);
  const tmpTo: number[] = [];
  const tmpLen: number[] = [];
  const dist = new Float64Array(n);
  const idx = new Int32Array(n);
  const minL = params.minEdgeLength;
  const maxL = params.maxEdgeLength;
  for (let i = 0; i < n; i++) {
    edgeStart[i] = tmpTo.length;
    let c = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = Math.hypot(x[j] - x[i], y[j] - y[i]);
      if (d < minL || d > maxL) continue;
      dist[c] = d;
      idx[c] = j;
      c++;
    }
    // partial selection of the K nearest, then sort them by length (the comparison sweeps by length)
    const sel = Array.from(idx.subarray(0, c)).map((j, k) => ({ j, d: dist[k] }));
    sel.sort((a, b) => a.d - b.d || a.j - b.j);
    for (let k = 0; k < Math.min(K, sel.length); k++) {
      tmpTo.push(sel[k].j);
      tmpLen.push(sel[k].d);
    }
  }
  edgeStart[n] = tmpTo.length;
  const E = tmpTo.length;
  const edgeTo = Int16Array.from(tmpTo);
  const edgeFrom = new Int16Array(E);
  for (let i = 0; i < n; i++) edgeFrom.fill(i, edgeStart[i], edgeStart[i + 1]);
  const edgeLength = Float32Array.from(tmpLen);
  const edgeAngleFrom = new Float32Array(E);
  const edgeAngleTo = new Float32Array(E);
  const edgeKey = new Int32Array(E);
  const grid = edgeGrid(params);
  const keys8 = new Int32Array(E * 8);
  for (let i = 0; i < n; i++) {
    for (let e = edgeStart[i]; e < edgeStart[i + 1]; e++) {
      const j = edgeTo[e];
      // direction (cos φ, −sin φ) in image coordinates: φ = atan2(−dy, dx)
      const phi = Math.atan2(-(y[j] - y[i]), x[j] - x[i]);
      const a1 = wrap(phi - angle[i]);
      const a2 = wrap(phi - angle[j]);
      edgeAngleFrom[e] = a1;
      edgeAngleTo[e] = a2;
      const L = edgeLength[e];
      const lc = L / grid.lengthCell;
      const li = Math.min(grid.lengthCells - 1, Math.floor(lc));
      const ln = lc - li < 0.5 ? li - 1 : li + 1;
      const c1 = a1 / grid.angleCell;
      const a1i = Math.floor(c1) % grid.angleCells;
      const a1n = (c1 - Math.floor(c1) < 0.5 ? a1i - 1 + grid.angleCells : a1i + 1) % grid.angleCells;
      const c2 = a2 / grid.angleCell;
      const a2i = Math.floor(c2) % grid.angleCells;
      const a2n = (c2 - Math.floor(c2) < 0.5 ? a2i - 1 + grid.angleCells : a2i + 1) % grid.angleCells;
      edgeKey[e] = cellKey(grid, li, a1i, a2i);
      let k = 0;
      for (const lx of [li, ln]) {
        for (const ax of [a1i, a1n]) {
          for (const bx of [a2i, a2n]) {
            keys8[e * 8 + k++] = lx < 0 || lx >= grid.lengthCells ? -1 : cellKey(grid, lx, ax, bx);
          }
        }
      }
    }
  }
  // counting sort of (key, edge) into buckets
  const bucketStart = new Int32Array(grid.bucketCount + 1);
  for (let q = 0; q < keys8.length; q++) if (keys8[q] >= 0) bucketStart[keys8[q] + 1]++;
  for (let b = 0; b < grid.bucketCount; b++) bucketStart[b + 1] += bucketStart[b];
  const fill = bucketStart.slice(0, grid.bucketCount);
  const bucketEdges = new Int32Array(bucketStart[grid.bucketCount]);
  for (let q = 0; q < keys8.length; q++) {
    const key = keys8[q];
    if (key >= 0) bucketEdges[fill[key]++] = q >> 3;
  }

  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]); maxX = Math.max(maxX, x[i]);
    minY = Math.min(minY, y[i]); maxY = Math.max(maxY, y[i]);
  }
  return Object.freeze({
    count: n, sourceIndex, x, y, angle, type,
    edgeStart, edgeFrom, edgeTo, edgeLength, edgeAngleFrom, edgeAngleTo, edgeKey, bucketStart, bucketEdges,
    width: n > 0 ? maxX - minX : 0, height: n > 0 ? maxY - minY : 0,
  });
}

function cellKey(g: EdgeGrid, l: number, a: number, b: number): number {
  return (l * g.angleCells + a) * g.angleCells + b;
}

function wrap(a: number): number {
  const r = a % TWO_PI;
  const w = r < 0 ? r + TWO_PI : r;
  return w >= TWO_PI ? 0 : w;
}
