import type { MatchingParameters } from '../config/parameters/matching.js';
import { edgeGrid, type EdgeGrid, type PreparedTemplate } from './prepare-template.js';

/**
 * The probe side of root finding: every edge of a template filed under its own grid cell and
 * the nearer neighbouring cell of each dimension (8 cells), so that looking up the single cell
 * of another template's edge finds every edge within the root tolerances. The entries of a
 * cell are contiguous and carry the edge's length, angles and minutiae, so a lookup reads
 * consecutive memory. Lengths are root lengths (`edgeRootLength`).
 */
export interface EdgeLookup {
  readonly params: MatchingParameters;
  /** `bucketCount + 1` offsets into the entry arrays (16 bits: half the cache footprint of the hottest table). */
  readonly bucketStart: Uint16Array;
  readonly length: Float32Array;
  /** (angle from << 8) | angle to, units of 2π/256. */
  readonly angles: Uint16Array;
  /** (from minutia << 8) | to minutia. */
  readonly pair: Uint16Array;
}

// Built on first use as a probe and kept beside the template (per thread: each worker has its
// own module instance). The prepared template stays immutable and candidates that are never
// probes do not pay for a table.
const cache = new WeakMap<PreparedTemplate, EdgeLookup>();

/** The lookup table of a prepared template, built once per (template, params) and thread. */
export function edgeLookupOf(t: PreparedTemplate, params: MatchingParameters): EdgeLookup {
  return cachedLookup(cache, t, params);
}

// A second table per template, for a comparison's second pass at wider root tolerances
// (wideRootFactor): in the first slot, each pass would evict the other's table.
const secondCache = new WeakMap<PreparedTemplate, EdgeLookup>();

/**
 * {@link edgeLookupOf} in a second slot beside the first: the lookup table of `t` at other root
 * tolerances (the second pass of compare-templates.ts, `wideRootFactor`), built once per
 * (template, params) and thread without evicting the first slot's table.
 */
export function secondEdgeLookupOf(t: PreparedTemplate, params: MatchingParameters): EdgeLookup {
  return cachedLookup(secondCache, t, params);
}

function cachedLookup(slot: WeakMap<PreparedTemplate, EdgeLookup>, t: PreparedTemplate, params: MatchingParameters): EdgeLookup {
  const hit = slot.get(t);
  // compared by value: a caller that spreads a fresh parameter object per call must not
  // rebuild the table every comparison
  if (hit && (hit.params === params || sameGrid(hit.params, params))) return hit;
  const built = buildEdgeLookup(t, params);
  slot.set(t, built);
  return built;
}

function sameGrid(a: MatchingParameters, b: MatchingParameters): boolean {
  return a.rootDistanceTolerance === b.rootDistanceTolerance && a.rootDistanceToleranceRelative === b.rootDistanceToleranceRelative && a.rootAngleTolerance === b.rootAngleTolerance && a.maxEdgeLength === b.maxEdgeLength;
}

/** Builds the table (≈ 10–20 µs for 40 minutiae). */
export function buildEdgeLookup(t: PreparedTemplate, params: MatchingParameters): EdgeLookup {
  const g: EdgeGrid = edgeGrid(params);
  const E = t.edgeLength.length;
  const keys = new Int32Array(E * 8);
  for (let e = 0; e < E; e++) {
    const L = t.edgeRootLength[e];
    const lc = L / g.lengthCell;
    const li = Math.min(g.lengthCells - 1, Math.floor(lc));
    const ln = lc - li < 0.5 ? li - 1 : li + 1;
    const c1 = t.edgeAngleFrom[e] / g.angleCell;
    const i1 = Math.floor(c1) % g.angleCells;
    const n1 = (c1 - Math.floor(c1) < 0.5 ? i1 - 1 + g.angleCells : i1 + 1) % g.angleCells;
    const c2 = t.edgeAngleTo[e] / g.angleCell;
    const i2 = Math.floor(c2) % g.angleCells;
    const n2 = (c2 - Math.floor(c2) < 0.5 ? i2 - 1 + g.angleCells : i2 + 1) % g.angleCells;
    let k = e * 8;
    for (let dl = 0; dl < 2; dl++) {
      const l = dl ? ln : li;
      for (let da = 0; da < 2; da++) {
        const a = da ? n1 : i1;
        for (let db = 0; db < 2; db++) {
          const b = db ? n2 : i2;
          keys[k++] = l < 0 || l >= g.lengthCells ? -1 : (l * g.angleCells + a) * g.angleCells + b;
        }
      }
    }
  }
  // counting sort of (cell, edge)
  const counts = new Int32Array(g.bucketCount + 1);
  for (let q = 0; q < keys.length; q++) if (keys[q] >= 0) counts[keys[q] + 1]++;
  for (let b = 0; b < g.bucketCount; b++) counts[b + 1] += counts[b];
  // at most 255 minutiae × 8 cells × the neighbours per minutia (bounded in prepareTemplate)
  const bucketStart = Uint16Array.from(counts);
  const fill = counts.slice(0, g.bucketCount);
  const entries = counts[g.bucketCount];
  const length = new Float32Array(entries);
  const angles = new Uint16Array(entries);
  const pair = new Uint16Array(entries);
  for (let q = 0; q < keys.length; q++) {
    const key = keys[q];
    if (key < 0) continue;
    const e = q >> 3;
    const at = fill[key]++;
    length[at] = t.edgeRootLength[e];
    angles[at] = (t.edgeAngleFrom[e] << 8) | t.edgeAngleTo[e];
    pair[at] = (t.edgeFrom[e] << 8) | t.edgeTo[e];
  }
  return { params, bucketStart, length, angles, pair };
}
