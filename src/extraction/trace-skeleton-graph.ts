import { countNeighbours } from './thin-skeleton.js';
import type { BinaryImage, SkeletonGraph, SkeletonNode, SkeletonRidge } from './types.js';
import { scratchInt32, scratchUint8 } from './scratch-arrays.js';

const DX = [0, 1, 1, 1, 0, -1, -1, -1];
const DY = [-1, -1, 0, 1, 1, 1, 0, -1];

/**
 * Turns a thinned skeleton into a graph: pixels with one neighbour are endings, touching pixels
 * with three or more neighbours form one fork node, and the chains of two-neighbour pixels
 * between them are ridges. Closed rings without any node carry no minutiae and are left out.
 * Cost: one pass over the skeleton pixels.
 */
export function traceSkeletonGraph(skeleton: BinaryImage): SkeletonGraph {
  const { width: w, height: h, data: d } = skeleton;
  const n = w * h;
  // (image-sized scratch kept from call to call, cleared here)
  const degree = scratchUint8('trace.degree', n).fill(0);
  const nodeOf = scratchInt32('trace.nodeOf', n).fill(-1);
  const nodes: SkeletonNode[] = [];
  const clusters: number[][] = [];
  // the set pixels that are not plain ridge pixels (not two neighbours), in raster order: the
  // seeds of the nodes, listed in the same pass that counts neighbours
  const seeds: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!d[i]) continue;
    const k = countNeighbours(d, i, w);
    degree[i] = k;
    if (k !== 2) seeds.push(i);
  }
  const stack: number[] = [];
  for (const i of seeds) {
    if (nodeOf[i] >= 0) continue;
    const id = nodes.length;
    const members: number[] = [];
    nodeOf[i] = id;
    stack.push(i);
    while (stack.length) {
      const p = stack.pop()!;
      members.push(p);
      if (degree[p] < 3) continue; // endings and dots do not merge with neighbours
      for (let k = 0; k < 8; k++) {
        const q = p + DY[k] * w + DX[k];
        if (d[q] && degree[q] >= 3 && nodeOf[q] < 0) {
          nodeOf[q] = id;
          stack.push(q);
        }
      }
    }
    let sx = 0;
    let sy = 0;
    for (const p of members) {
      sx += p % w;
      sy += (p / w) | 0;
    }
    nodes.push({ x: sx / members.length, y: sy / members.length, ridges: [] });
    clusters.push(members);
  }
  const visited = scratchUint8('trace.visited', n).fill(0);
  const offsets = Int32Array.from(DX, (dx, k) => DY[k] * w + dx);
  const direct = new Set<number>();
  const addRidge = (a: number, b: number, points: number[]): void => {
    const r: SkeletonRidge = { start: nodes[a], end: nodes[b], points, removed: false };
    nodes[a].ridges.push(r);
    nodes[b].ridges.push(r);
  };
  for (let id = 0; id < nodes.length; id++) {
    for (const p of clusters[id]) {
      for (let k = 0; k < 8; k++) {
        const q = p + DY[k] * w + DX[k];
        if (!d[q] || nodeOf[q] === id) continue;
        if (nodeOf[q] >= 0) {
          // two nodes touching: a ridge without inner pixels, recorded once per node pair
          const other = nodeOf[q];
          if (other < id) continue;
          const key = id * nodes.length + other;
          if (direct.has(key)) continue;
          direct.add(key);
          addRidge(id, other, [p, q]);
          continue;
        }
        if (visited[q]) continue;
        const points = [p, q];
        visited[q] = 1;
        let prev = p;
        let cur = q;
        let endNode = -1;
        for (;;) {
          let next = -1;
          // the set neighbours in the order of DX/DY (bit j = neighbour j), not all eight
          for (let m = neighbourBits(d, cur, w); m !== 0; m &= m - 1) {
            const r = cur + offsets[31 - Math.clz32(m & -m)];
            if (r === prev) continue;
            if (nodeOf[r] >= 0) {
              // prefer stepping onto a node (it ends the ridge) unless it is where we came from
              if (!(nodeOf[r] === id && points.length === 2 && r === p)) {
                next = r;
                break;
              }
              continue;
            }
            if (!visited[r]) next = r;
          }
          if (next < 0) break; // dead end inside a malformed patch: drop the chain
          points.push(next);
          if (nodeOf[next] >= 0) {
            endNode = nodeOf[next];
            break;
          }
          visited[next] = 1;
          prev = cur;
          cur = next;
        }
        if (endNode >= 0) addRidge(id, endNode, points);
      }
    }
  }
  return { width: w, height: h, nodes };
}

/**
 * The set 8-neighbours of pixel i as bits in the order of DX/DY (0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW,
 * 6 W, 7 NW), any byte but 0 set; a neighbour past either end of the array reads as unset, as
 * the loop over the eight it replaces read it.
 */
function neighbourBits(d: Uint8Array, i: number, w: number): number {
  return (
    (d[i - w] ? 1 : 0) |
    (d[i - w + 1] ? 2 : 0) |
    (d[i + 1] ? 4 : 0) |
    (d[i + w + 1] ? 8 : 0) |
    (d[i + w] ? 16 : 0) |
    (d[i + w - 1] ? 32 : 0) |
    (d[i - 1] ? 64 : 0) |
    (d[i - w - 1] ? 128 : 0)
  );
}
