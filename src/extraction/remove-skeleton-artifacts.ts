import type { ExtractionParameters } from '../config/parameters.js';
import { dilateSquare, forEachClosePair } from './filters.js';
import type { ClearTailGate } from './map-clear-tails.js';
import type { SkeletonGraph, SkeletonNode, SkeletonRidge } from './types.js';

/** The ridge's pixels read from `node` outward. */
export function pointsFrom(r: SkeletonRidge, node: SkeletonNode): number[] {
  return r.start === node ? r.points : r.points.slice().reverse();
}

/**
 * Direction (image coordinates) from a node into its ridge: towards the mean of the ridge
 * points between `near` and `far` pixels along it.
 */
export function directionInto(points: number[], width: number, near: number, far: number): number {
  const x0 = points[0] % width;
  const y0 = (points[0] / width) | 0;
  const last = points.length - 1;
  const a = Math.min(near, last);
  const b = Math.min(far, last);
  let sx = 0;
  let sy = 0;
  for (let i = a; i <= b; i++) {
    sx += (points[i] % width) - x0;
    sy += ((points[i] / width) | 0) - y0;
  }
  return Math.atan2(sy, sx);
}

function detach(r: SkeletonRidge): void {
  r.removed = true;
  const a = r.start.ridges.indexOf(r);
  if (a >= 0) r.start.ridges.splice(a, 1);
  const b = r.end.ridges.indexOf(r);
  if (b >= 0) r.end.ridges.splice(b, 1);
}

function connect(a: SkeletonNode, b: SkeletonNode, points: number[]): SkeletonRidge {
  const r: SkeletonRidge = { start: a, end: b, points, removed: false };
  a.ridges.push(r);
  b.ridges.push(r);
  return r;
}

/** A node with exactly two distinct ridges is no minutia: merge its ridges through it. */
function dissolve(node: SkeletonNode): void {
  if (node.ridges.length !== 2) return;
  const [r1, r2] = node.ridges;
  if (r1 === r2) return;
  const p1 = pointsFrom(r1, node); // node → far1
  const p2 = pointsFrom(r2, node); // node → far2
  const far1 = r1.start === node ? r1.end : r1.start;
  const far2 = r2.start === node ? r2.end : r2.start;
  if (far1 === node || far2 === node) return;
  detach(r1);
  detach(r2);
  const joined = p1.slice().reverse();
  for (let i = 1; i < p2.length; i++) joined.push(p2[i]);
  connect(far1, far2, joined);
}

/** Pixels of the straight line from a to b (exclusive of a, inclusive of b). */
function linePixels(a: number, b: number, width: number): number[] {
  const ax = a % width;
  const ay = (a / width) | 0;
  const bx = b % width;
  const by = (b / width) | 0;
  const steps = Math.max(Math.abs(bx - ax), Math.abs(by - ay));
  const out: number[] = [];
  for (let s = 1; s <= steps; s++) {
    const x = Math.round(ax + ((bx - ax) * s) / steps);
    const y = Math.round(ay + ((by - ay) * s) / steps);
    out.push(y * width + x);
  }
  return out;
}

function ridgeLength(r: SkeletonRidge): number {
  return r.points.length - 1;
}

/**
 * Removes the skeleton artefacts that cause most false minutiae, in rounds (each removal can
 * reveal the next): pores and small lakes (short loops), gaps (two endings facing each other
 * across a short break: a broken ridge, or on the valley skeleton a bridge between ridges),
 * tails (short spurs off a ridge) and fragments (short pieces with two free ends: islands,
 * dots). Mutates and returns the graph. `open` (optional, 1 per pixel, see
 * {@link openEndPixels}) marks where a free end is the cut of the print's edge rather than a
 * ridge's end: a tail or fragment with such an end runs on beyond what is seen, so its length
 * says nothing and it is kept (its other end, a minutia, is judged by the later filters).
 * `thin` (optional, 1 per pixel, see mapThinRidges) marks where the ridges are thin (a dry
 * print): two facing endings both there are joined across up to `gapThinMaxDistance` pixels
 * with `gapThinMaxLateral` sideways (an eroded ridge breaks over longer gaps than a pore or a
 * crease makes). `thinTails` (optional, 1 per pixel, see mapThinTails) marks eroded blocks where
 * a tail is cut from its fork only when shorter than `tailThinMaxLength`. `clearTails` (optional,
 * see mapClearTails) says whether a tail lies in clear ridge flow: there it is cut only when
 * shorter than `tailClearMaxLength` (a true spur, or an ending beside its neighbour's fork).
 */
export function removeSkeletonArtifacts(
  graph: SkeletonGraph,
  params: ExtractionParameters,
  open?: Uint8Array | null,
  thin?: Uint8Array | null,
  thinTails?: Uint8Array | null,
  clearTails?: ClearTailGate | null,
): SkeletonGraph {
  const w = graph.width;
  const isOpen = (nd: SkeletonNode): boolean => !!open && open[nd.y * w + nd.x] === 1;
  const isThin = (nd: SkeletonNode): boolean => !!thin && thin[nd.y * w + nd.x] === 1;
  const thinReach = thin ? Math.max(params.gapMaxDistance, params.gapThinMaxDistance) : params.gapMaxDistance;
  const thinLateral = Math.max(params.gapMaxLateral, params.gapThinMaxLateral);
  for (let round = 0; round < params.cleaningRounds; round++) {
    // pores and lakes: loops, and pairs of nodes joined twice by short ridges
    for (const node of graph.nodes) {
      for (const r of node.ridges.slice()) {
        if (r.removed) continue;
        if (r.start === r.end && ridgeLength(r) < params.poreMaxLength) detach(r);
      }
      const rs = node.ridges;
      for (let i = 0; i < rs.length; i++) {
        for (let j = i + 1; j < rs.length; j++) {
          const a = rs[i];
          const b = rs[j];
          const fa = a.start === node ? a.end : a.start;
          const fb = b.start === node ? b.end : b.start;
          if (fa === fb && fa !== node && ridgeLength(a) + ridgeLength(b) < 2 * params.poreMaxLength) {
            detach(ridgeLength(a) > ridgeLength(b) ? a : b);
            i = rs.length;
            break;
          }
        }
      }
    }
    for (const node of graph.nodes) dissolve(node);

    // gaps: facing endings, closest pairs first
    const endings = graph.nodes.filter((nd) => nd.ridges.length === 1);
    const pairs: Array<{ a: SkeletonNode; b: SkeletonNode; d: number }> = [];
    const dirs = new Map<SkeletonNode, number>();
    for (const e of endings) dirs.set(e, directionInto(pointsFrom(e.ridges[0], e), w, params.directionNearDistance, params.directionFarDistance));
    forEachClosePair(
      endings.map((e) => e.x),
      endings.map((e) => e.y),
      thinReach,
      (i, j, d2) => {
        const a = endings[i];
        const b = endings[j];
        if (a.ridges[0] === b.ridges[0]) return;
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const d = Math.sqrt(d2);
        // where both ends lie on thin ridges the longer reach and sideways tolerance apply
        const both = thin != null && isThin(a) && isThin(b);
        if (!both && d > params.gapMaxDistance) return;
        const lateral = both ? thinLateral : params.gapMaxLateral;
        if (d > 2) {
          // the gap must continue both ridges: each ending's outward direction points at the
          // other within a fraction of a ridge period sideways (a looser angle test would join a
          // ridge to its neighbour, one period over), and the two ridges run antiparallel
          const da = dirs.get(a)!;
          const db = dirs.get(b)!;
          const ax = -Math.cos(da);
          const ay = -Math.sin(da);
          const bx = -Math.cos(db);
          const by = -Math.sin(db);
          if (ax * dx + ay * dy <= 0 || -(bx * dx + by * dy) <= 0) return;
          if (Math.abs(ax * dy - ay * dx) > lateral) return;
          if (Math.abs(bx * dy - by * dx) > lateral) return;
          if (angleBetween(da, db + Math.PI) > params.gapMaxAngle) return;
        }
        pairs.push({ a, b, d });
      },
    );
    pairs.sort((p, q) => p.d - q.d || p.a.y - q.a.y || p.a.x - q.a.x || p.b.y - q.b.y || p.b.x - q.b.x);
    for (const { a, b } of pairs) {
      if (a.ridges.length !== 1 || b.ridges.length !== 1) continue;
      const ra = a.ridges[0];
      const rb = b.ridges[0];
      if (ra === rb) continue;
      const farA = ra.start === a ? ra.end : ra.start;
      const farB = rb.start === b ? rb.end : rb.start;
      if (farA === b || farB === a) continue;
      const pa = pointsFrom(ra, a).slice().reverse(); // farA → a
      const bridge = linePixels(pa[pa.length - 1], pointsFrom(rb, b)[0], w);
      const pb = pointsFrom(rb, b);
      detach(ra);
      detach(rb);
      const joined = pa.concat(bridge, pb.slice(1));
      connect(farA, farB, joined);
    }

    // tails: short free branches off a fork
    for (const node of graph.nodes) {
      if (node.ridges.length !== 1) continue;
      const r = node.ridges[0];
      const far = r.start === node ? r.end : r.start;
      // a fork in an eroded (thin-ridged) block keeps its shorter tails (tailThinMaxLength, off by default)
      let maxTail = thinTails && thinTails[far.y * w + far.x] === 1 ? params.tailThinMaxLength : params.tailMaxLength;
      // a tail in clear flow, running along it, keeps a shorter length (tailClearMaxLength, off by default)
      if (clearTails && ridgeLength(r) < maxTail && ridgeLength(r) >= params.tailClearMaxLength && far.ridges.length >= 3) {
        if (clearTails(node.x, node.y, directionInto(pointsFrom(r, node), w, params.directionNearDistance, params.directionFarDistance))) maxTail = params.tailClearMaxLength;
      }
      if (far.ridges.length >= 3 && ridgeLength(r) < maxTail && !isOpen(node)) {
        detach(r);
        dissolve(far);
      }
    }
    // fragments: short pieces with two free ends
    for (const node of graph.nodes) {
      if (node.ridges.length !== 1) continue;
      const r = node.ridges[0];
      const far = r.start === node ? r.end : r.start;
      if (far.ridges.length === 1 && ridgeLength(r) < params.fragmentMaxLength && !isOpen(node) && !isOpen(far)) detach(r);
    }
    for (const node of graph.nodes) dissolve(node);
    graph.nodes = graph.nodes.filter((nd) => nd.ridges.length > 0);
  }
  return graph;
}

/**
 * The pixels within `cleaningOpenEndDistance` of the mask's background or the image side, where
 * a skeleton's free end is the print's edge cutting a ridge (an occlusion, a crop, a frame), for
 * {@link removeSkeletonArtifacts}; null when the option is 0 (off).
 */
export function openEndPixels(mask: Uint8Array, width: number, height: number, params: ExtractionParameters): Uint8Array | null {
  const r = params.cleaningOpenEndDistance;
  if (!(r > 0)) return null;
  // the pixels within r (Chebyshev) of the background, the image side being background just outside it
  return dilateSquare(mask, width, height, r, 0, true);
}

function angleBetween(a: number, b: number): number {
  let d = Math.abs(a - b) % (2 * Math.PI);
  if (d > Math.PI) d = 2 * Math.PI - d;
  return d;
}
