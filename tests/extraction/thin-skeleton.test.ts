import { describe, expect, it } from 'vitest';
import { analyzeFingerprint, binarizeRidges, thinSkeleton, type BinaryImage } from '../../src/extraction/index.js';
import { phaseMinutiaImage, sinusoidImage } from './synthetic.js';

// neighbour k of a pixel: 0 N, 1 NE, 2 E, 3 SE, 4 S, 5 SW, 6 W, 7 NW
const NX = [0, 1, 1, 1, 0, -1, -1, -1];
const NY = [-1, -1, 0, 1, 1, 1, 0, -1];

function ring(d: Uint8Array, w: number, x: number, y: number): number[] {
  return NX.map((dx, k) => d[(y + NY[k]) * w + x + dx]);
}

/** Groups of 8-connected set pixels among the eight neighbours. */
function groups(p: number[]): number {
  const seen = new Array<boolean>(8).fill(false);
  let count = 0;
  for (let s = 0; s < 8; s++) {
    if (!p[s] || seen[s]) continue;
    count++;
    const stack = [s];
    seen[s] = true;
    while (stack.length) {
      const i = stack.pop()!;
      for (let j = 0; j < 8; j++) {
        if (p[j] && !seen[j] && Math.abs(NX[i] - NX[j]) <= 1 && Math.abs(NY[i] - NY[j]) <= 1) {
          seen[j] = true;
          stack.push(j);
        }
      }
    }
  }
  return count;
}

/**
 * Zhang–Suen as its definition reads, one pixel at a time (every pixel of a sub-iteration
 * decided on the image before it), until a pair of sub-iterations deletes nothing; then the
 * sequential pass in raster order removing set pixels whose two or more set neighbours form
 * one group. The border is cleared first.
 */
function referenceThinning({ width: w, height: h, data }: BinaryImage): Uint8Array {
  const d = new Uint8Array(w * h);
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) d[y * w + x] = data[y * w + x];
  let changed = true;
  while (changed) {
    changed = false;
    for (let sub = 0; sub < 2; sub++) {
      const gone: number[] = [];
      for (let y = 1; y < h - 1; y++) {
        for (let x = 1; x < w - 1; x++) {
          if (!d[y * w + x]) continue;
          const p = ring(d, w, x, y);
          const n = p.reduce((a, b) => a + b, 0);
          let transitions = 0;
          for (let k = 0; k < 8; k++) if (!p[k] && p[(k + 1) & 7]) transitions++;
          if (n < 2 || n > 6 || transitions !== 1) continue;
          const [north, , east, , south, , west] = p;
          const ok = sub === 0 ? north * east * south === 0 && east * south * west === 0 : north * east * west === 0 && north * south * west === 0;
          if (ok) gone.push(y * w + x);
        }
      }
      for (const i of gone) d[i] = 0;
      if (gone.length) changed = true;
    }
  }
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      if (!d[y * w + x]) continue;
      const p = ring(d, w, x, y);
      if (p.reduce((a, b) => a + b, 0) >= 2 && groups(p) === 1) d[y * w + x] = 0;
    }
  }
  return d;
}

/** A pseudo-random binary image of blobs a few pixels thick (box-smoothed noise, thresholded). */
function blobs(width: number, height: number, seed: number, radius: number, share: number): BinaryImage {
  let s = seed >>> 0;
  const noise = Float64Array.from({ length: width * height }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  });
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -radius; dy <= radius; dy++) {
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = x + dx;
          const yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= width || yy >= height) continue;
          sum += noise[yy * width + xx];
          n++;
        }
      }
      data[y * width + x] = sum / n < share ? 1 : 0;
    }
  }
  return { width, height, data };
}

describe('thinSkeleton against Zhang–Suen one pixel at a time', () => {
  it('gives the same skeleton on blobs of every width around the 32-pixel words', () => {
    const sizes: [number, number][] = [
      [3, 3],
      [4, 5],
      [31, 7],
      [32, 9],
      [33, 20],
      [63, 30],
      [64, 41],
      [65, 33],
      [97, 50],
    ];
    let set = 0;
    sizes.forEach(([w, h], k) => {
      for (const [radius, share] of [
        [0, 0.5],
        [1, 0.5],
        [2, 0.5],
        [3, 0.55],
      ] as const) {
        const image = blobs(w, h, 17 + k * 101 + radius, radius, share);
        const expected = referenceThinning(image);
        expect(Array.from(thinSkeleton(image).data), `${w}×${h} radius ${radius}`).toEqual(Array.from(expected));
        set += expected.reduce((a, b) => a + b, 0);
      }
    });
    expect(set).toBeGreaterThan(500);
  });

  it('gives the same skeletons of the ridges and valleys of synthetic prints', () => {
    for (const image of [sinusoidImage(150, 130, 9, 0.7), sinusoidImage(97, 120, 11, 2.2), phaseMinutiaImage('bifurcation', 'left'), phaseMinutiaImage('ending', 'right', true)]) {
      const a = analyzeFingerprint(image);
      const { ridges, valleys } = binarizeRidges(a.enhanced, a.mask.pixels);
      for (const binary of [ridges, valleys]) {
        const expected = referenceThinning(binary);
        expect(expected.reduce((s, v) => s + v, 0)).toBeGreaterThan(100);
        expect(Array.from(thinSkeleton(binary).data)).toEqual(Array.from(expected));
      }
    }
  });

  it('thins a solid rectangle filling the image and leaves an empty one empty', () => {
    for (const [w, h] of [
      [40, 40],
      [70, 35],
    ]) {
      const full = { width: w, height: h, data: new Uint8Array(w * h).fill(1) };
      expect(Array.from(thinSkeleton(full).data)).toEqual(Array.from(referenceThinning(full)));
      expect(thinSkeleton({ width: w, height: h, data: new Uint8Array(w * h) }).data.every((v) => v === 0)).toBe(true);
    }
  });
});
