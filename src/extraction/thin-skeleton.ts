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

/** 0 where a pixel's neighbours stay connected without it (two or more set, one group), else 1. */
const KEEP_IN_SKELETON = Uint8Array.from({ length: 256 }, (_, m) => (BIT_COUNT[m] >= 2 && COMPONENTS_LUT[m] === 1 ? 0 : 1));

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
 * Thins a binary image (pixels 0 or 1) to a one-pixel, 8-connected skeleton: Zhang–Suen (1984)
 * parallel thinning, then a sequential pass removing pixels whose neighbours stay connected
 * without them (the staircase corners Zhang–Suen leaves), so that every plain ridge pixel has
 * exactly two neighbours and endings/forks can be read off the neighbour count. The image
 * border is cleared first. The parallel passes run on 32 pixels at once (one bit each, see
 * zhangSuenBits); the sequential pass visits the remaining pixels in raster order. Cost: a few
 * passes over the packed image, then one over the skeleton.
 */
export function thinSkeleton(input: BinaryImage): BinaryImage {
  const { width: w, height: h } = input;
  const d = new Uint8Array(w * h);
  if (w < 3 || h < 3) return { width: w, height: h, data: d };
  const bits = packInterior(input.data, w, h);
  zhangSuenBits(bits, w, h);
  const wordsPerRow = (w + 31) >>> 5;
  const stride = wordsPerRow + 1;
  // unpack, then the sequential pass over the set pixels in raster order
  for (let y = 1; y < h - 1; y++) {
    for (let j = 0; j < wordsPerRow; j++) {
      let v = bits[1 + y * stride + j];
      while (v !== 0) {
        d[y * w + (j << 5) + (31 - Math.clz32(v & -v))] = 1;
        v &= v - 1;
      }
    }
  }
  for (let y = 1; y < h - 1; y++) {
    for (let j = 0; j < wordsPerRow; j++) {
      let v = bits[1 + y * stride + j];
      while (v !== 0) {
        const i = y * w + (j << 5) + (31 - Math.clz32(v & -v));
        v &= v - 1;
        d[i] = KEEP_IN_SKELETON[neighbourhood(d, i, w)];
      }
    }
  }
  return { width: w, height: h, data: d };
}

/**
 * The pixels of the image without its border, one bit each: row y's pixel x is bit x & 31 of
 * word 1 + y * stride + (x >> 5), stride = ⌈w / 32⌉ + 1. The spare word closing each row (and
 * the one before row 0) stays 0, so the west and east neighbours of a row's first and last
 * word read zeros; rows 0 and h − 1 stay 0 too.
 */
function packInterior(data: Uint8Array, w: number, h: number): Int32Array {
  const wordsPerRow = (w + 31) >>> 5;
  const stride = wordsPerRow + 1;
  const bits = new Int32Array(1 + h * stride + 1);
  // four pixels per read: bit 7 of each byte of `nz` is set where that byte is not 0
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let y = 1; y < h - 1; y++) {
    const row = y * w;
    const base = 1 + y * stride;
    for (let j = 0; j < wordsPerRow; j++) {
      const x0 = j << 5;
      let v = 0;
      if (x0 + 32 <= w - 1) {
        for (let q = 0; q < 8; q++) {
          const t = view.getUint32(row + x0 + 4 * q, true);
          const nz = (((t & 0x7f7f7f7f) + 0x7f7f7f7f) | t) & 0x80808080;
          v |= (((nz >>> 7) | (nz >>> 14) | (nz >>> 21) | (nz >>> 28)) & 15) << (4 * q);
        }
        if (j === 0) v &= ~1; // the border column
      } else {
        const x1 = Math.min(w - 1, x0 + 32);
        for (let x = Math.max(1, x0); x < x1; x++) v |= (data[row + x] !== 0 ? 1 : 0) << (x & 31);
      }
      bits[base + j] = v;
    }
  }
  return bits;
}

/**
 * Zhang–Suen's two sub-iterations, repeated until neither deletes a pixel, on the packed image
 * (in place). Each sub-iteration decides every pixel from the image as it was before it, as
 * the definition asks: a whole word of 32 pixels at once, from its eight neighbour words
 * (p0 N, p1 NE … p7 NW). A pixel goes when it is set, its ring of neighbours has exactly one
 * 0 → 1 transition, at least two neighbours are set and at least two unset (2 ≤ n ≤ 6), and the
 * sub-iteration's pair of triples (N E S and E S W, then N E W and N S W) each hold an unset
 * pixel. tests/extraction/thin-skeleton.test.ts checks it against Zhang–Suen one pixel at a time.
 */
function zhangSuenBits(bits: Int32Array, w: number, h: number): void {
  const stride = ((w + 31) >>> 5) + 1;
  const wordsPerRow = stride - 1;
  // the row above as it was before this sub-iteration's deletions (bits holds it changed), with
  // a zero word on either side; the current row's words are saved into `saved` on the way
  let above = new Int32Array(stride + 1);
  let saved = new Int32Array(stride + 1);
  // rows that lost pixels in the last and the last but one sub-iteration: a row whose
  // neighbourhood lost none in both is decided from the same pixels as two sub-iterations
  // ago (by the same rule), when it lost none either, so it is skipped
  let lostLast = new Uint8Array(h).fill(1, 1, h - 1);
  let lostBefore = new Uint8Array(h).fill(1, 1, h - 1);
  let lost = new Uint8Array(h);
  let sub = 0;
  let quiet = 0;
  // stop when two sub-iterations in a row (one of each kind) delete nothing
  while (quiet < 2) {
    let any = 0;
    above.fill(0);
    let aboveFromBits = false;
    let aboveAt = 0;
    for (let y = 1; y < h - 1; y++) {
      const base = 1 + y * stride;
      lost[y] = 0;
      if ((lostLast[y - 1] | lostLast[y] | lostLast[y + 1] | lostBefore[y - 1] | lostBefore[y] | lostBefore[y + 1]) === 0) {
        // unchanged by this sub-iteration: the next row reads it from bits
        aboveFromBits = true;
        aboveAt = base - 1;
        continue;
      }
      if (aboveFromBits) {
        for (let k = 0; k <= stride; k++) above[k] = bits[aboveAt + k];
        aboveFromBits = false;
      }
      const below = base + stride;
      let rowLost = 0;
      let west = 0;
      let c = bits[base];
      for (let j = 0; j < wordsPerRow; j++) {
        const east = bits[base + j + 1];
        saved[1 + j] = c;
        if (c !== 0) {
          const n = above[1 + j];
          const s = bits[below + j];
          const p0 = n;
          const p1 = (n >>> 1) | (above[2 + j] << 31);
          const p2 = (c >>> 1) | (east << 31);
          const p3 = (s >>> 1) | (bits[below + j + 1] << 31);
          const p4 = s;
          const p5 = (s << 1) | (bits[below + j - 1] >>> 31);
          const p6 = (c << 1) | (west >>> 31);
          const p7 = (n << 1) | (above[j] >>> 31);
          // transitions 0 → 1 around the ring: exactly one
          const t0 = ~p0 & p1;
          const t1 = ~p1 & p2;
          const t2 = ~p2 & p3;
          const t3 = ~p3 & p4;
          const t4 = ~p4 & p5;
          const t5 = ~p5 & p6;
          const t6 = ~p6 & p7;
          const t7 = ~p7 & p0;
          const anyT = t0 | t1 | t2 | t3 | t4 | t5 | t6 | t7;
          const twoT =
            (t0 & (t1 | t2 | t3 | t4 | t5 | t6 | t7)) |
            (t1 & (t2 | t3 | t4 | t5 | t6 | t7)) |
            (t2 & (t3 | t4 | t5 | t6 | t7)) |
            (t3 & (t4 | t5 | t6 | t7)) |
            (t4 & (t5 | t6 | t7)) |
            (t5 & (t6 | t7)) |
            (t6 & t7);
          // with one transition the set neighbours form one arc: n ≥ 2 when two neighbours
          // side by side are set, n ≤ 6 when two side by side are unset
          const twoSet = (p0 & p1) | (p1 & p2) | (p2 & p3) | (p3 & p4) | (p4 & p5) | (p5 & p6) | (p6 & p7) | (p7 & p0);
          const twoUnset = ~((p0 | p1) & (p1 | p2) & (p2 | p3) & (p3 | p4) & (p4 | p5) & (p5 | p6) & (p6 | p7) & (p7 | p0));
          const side = sub === 0 ? ~(p2 & p4 & (p0 | p6)) : ~(p0 & p6 & (p2 | p4));
          const del = c & anyT & ~twoT & twoSet & twoUnset & side;
          bits[base + j] = c & ~del;
          rowLost |= del;
        }
        west = c;
        c = east;
      }
      if (rowLost !== 0) {
        lost[y] = 1;
        any = 1;
      }
      const t = above;
      above = saved;
      saved = t;
    }
    const spare = lostBefore;
    lostBefore = lostLast;
    lostLast = lost;
    lost = spare;
    quiet = any ? 0 : quiet + 1;
    sub ^= 1;
  }
}

/** Number of set 8-neighbours of pixel i (not on the border). */
export function countNeighbours(d: Uint8Array, i: number, w: number): number {
  return d[i - w] + d[i - w + 1] + d[i + 1] + d[i + w + 1] + d[i + w] + d[i + w - 1] + d[i - 1] + d[i - w - 1];
}
