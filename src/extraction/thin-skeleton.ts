import type { BinaryImage } from './types.js';

// neighbour bits: 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW
const NX = [0, 1, 1, 1, 0, -1, -1, -1];
const NY = [-1, -1, 0, 1, 1, 1, 0, -1];

function bitCount(m: number): number {
  let c = 0;
  for (let k = 0; k < 8; k++) c += (m >> k) & 1;
  return c;
}

/** Number of set bits of each neighbourhood. */
const BIT_COUNT = Uint8Array.from({ length: 256 }, (_, m) => bitCount(m));

/** Zhang–Suen deletability of each neighbourhood, for the two sub-iterations. */
const ZS_LUT = ((): [Uint8Array, Uint8Array] => {
  const a = new Uint8Array(256);
  const b = new Uint8Array(256);
  for (let m = 0; m < 256; m++) {
    const p = (k: number): number => (m >> k) & 1;
    const n = bitCount(m);
    let transitions = 0;
    for (let k = 0; k < 8; k++) if (!p(k) && p((k + 1) & 7)) transitions++;
    if (n < 2 || n > 6 || transitions !== 1) continue;
    // P2=N, P4=E, P6=S, P8=W
    if (p(0) * p(2) * p(4) === 0 && p(2) * p(4) * p(6) === 0) a[m] = 1;
    if (p(0) * p(2) * p(6) === 0 && p(0) * p(4) * p(6) === 0) b[m] = 1;
  }
  return [a, b];
})();

/** Number of 8-connected groups among the set neighbours of each neighbourhood. */
const COMPONENTS_LUT = ((): Uint8Array => {
  const lut = new Uint8Array(256);
  for (let m = 0; m < 256; m++) {
    const parent = [0, 1, 2, 3, 4, 5, 6, 7];
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let i = 0; i < 8; i++) {
      if (!((m >> i) & 1)) continue;
      for (let j = i + 1; j < 8; j++) {
        if (!((m >> j) & 1)) continue;
        if (Math.abs(NX[i] - NX[j]) <= 1 && Math.abs(NY[i] - NY[j]) <= 1) parent[find(i)] = find(j);
      }
    }
    const roots = new Set<number>();
    for (let i = 0; i < 8; i++) if ((m >> i) & 1) roots.add(find(i));
    lut[m] = roots.size;
  }
  return lut;
})();

function neighbourhood(d: Uint8Array, i: number, w: number): number {
  return (
    d[i - w] |
    (d[i - w + 1] << 1) |
    (d[i + 1] << 2) |
    (d[i + w + 1] << 3) |
    (d[i + w] << 4) |
    (d[i + w - 1] << 5) |
    (d[i - 1] << 6) |
    (d[i - w - 1] << 7)
  );
}

/**
 * Thins a binary image to a one-pixel, 8-connected skeleton: Zhang–Suen (1984) parallel
 * thinning, then a sequential pass removing pixels whose neighbours stay connected without
 * them (the staircase corners Zhang–Suen leaves), so that every plain ridge pixel has exactly
 * two neighbours and endings/forks can be read off the neighbour count. The image border is
 * cleared first. Cost: a few passes over the set pixels.
 */
export function thinSkeleton(input: BinaryImage): BinaryImage {
  const { width: w, height: h } = input;
  const d = input.data.slice();
  for (let x = 0; x < w; x++) {
    d[x] = 0;
    d[(h - 1) * w + x] = 0;
  }
  for (let y = 0; y < h; y++) {
    d[y * w] = 0;
    d[y * w + w - 1] = 0;
  }
  // the set pixels, listed without branching on each (about half the print is set, at random)
  let count = 0;
  for (let i = 0; i < d.length; i++) count += d[i];
  let candidates = new Int32Array(count + 1);
  count = 0;
  for (let i = 0; i < d.length; i++) {
    candidates[count] = i;
    count += d[i];
  }
  const toDelete = new Int32Array(count + 1);
  let changed = true;
  while (changed) {
    changed = false;
    for (let sub = 0; sub < 2; sub++) {
      const lut = ZS_LUT[sub];
      let del = 0;
      // without a branch: whether a pixel goes is close to a coin toss on the ridge edges, so a
      // branch on it is mispredicted often; the slot is overwritten when the pixel stays
      for (let k = 0; k < count; k++) {
        const i = candidates[k];
        toDelete[del] = i;
        del += d[i] & lut[neighbourhood(d, i, w)];
      }
      if (del) {
        changed = true;
        for (let k = 0; k < del; k++) d[toDelete[k]] = 0;
      }
    }
    // only pixels still set can be deleted later: shrink the list in place
    let next = 0;
    for (let k = 0; k < count; k++) {
      const i = candidates[k];
      candidates[next] = i;
      next += d[i];
    }
    count = next;
  }
  candidates = candidates.subarray(0, count);
  for (let k = 0; k < count; k++) {
    const i = candidates[k];
    if (!d[i]) continue;
    const m = neighbourhood(d, i, w);
    if (BIT_COUNT[m] >= 2 && COMPONENTS_LUT[m] === 1) d[i] = 0;
  }
  return { width: w, height: h, data: d };
}

/** Number of set 8-neighbours of pixel i (not on the border). */
export function countNeighbours(d: Uint8Array, i: number, w: number): number {
  return d[i - w] + d[i - w + 1] + d[i + 1] + d[i + w + 1] + d[i + w] + d[i + w - 1] + d[i - 1] + d[i - w - 1];
}
