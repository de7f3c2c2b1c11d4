import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P } from '../../src/config/parameters.js';
import {
  analyzeFingerprint,
  blockGridOf,
  computeBlockGradients,
  computeOrientationField,
  periodOfSignature,
  removeSkeletonArtifacts,
  thinSkeleton,
  traceSkeletonGraph,
  type BinaryImage,
} from '../../src/extraction/index.js';
import { boxMean } from '../../src/extraction/filters.js';
import { sinusoidImage } from './synthetic.js';

function angleError(a: number, b: number): number {
  // orientations are defined modulo π
  let d = Math.abs(a - b) % Math.PI;
  if (d > Math.PI / 2) d = Math.PI - d;
  return d;
}

function binary(width: number, height: number, set: (x: number, y: number) => boolean): BinaryImage {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = set(x, y) ? 1 : 0;
  return { width, height, data };
}

describe('box mean', () => {
  it('equals the brute-force mean over the clipped box', () => {
    const w = 37;
    const h = 23;
    const r = 5;
    const src = new Float32Array(w * h).map((_, i) => Math.sin(i * 1.7) * 100 + (i % 7));
    const out = boxMean(src, w, h, r);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let s = 0;
        let n = 0;
        for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
          for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
            s += src[yy * w + xx];
            n++;
          }
        }
        expect(out[y * w + x]).toBeCloseTo(s / n, 3);
      }
    }
  });
});

describe('orientation field', () => {
  for (const deg of [0, 30, 90, 135]) {
    it(`recovers the ridge direction of a sinusoid at ${deg}°`, () => {
      const theta = (deg * Math.PI) / 180;
      const img = sinusoidImage(160, 160, 9, theta);
      const grey = Float32Array.from(img.data);
      const grid = blockGridOf(160, 160, P.blockSize);
      const field = computeOrientationField(computeBlockGradients(grey, 160, 160, grid), new Uint8Array(grid.cols * grid.rows).fill(1), P);
      for (let by = 4; by < grid.rows - 4; by++) {
        for (let bx = 4; bx < grid.cols - 4; bx++) {
          const i = by * grid.cols + bx;
          expect(angleError(field.angle[i], theta)).toBeLessThan(0.05);
          expect(field.coherence[i]).toBeGreaterThan(0.9);
        }
      }
    });
  }
});

describe('ridge frequency', () => {
  it('finds the period of a clean signature', () => {
    for (const period of [6, 9, 12]) {
      const sig = new Float32Array(33).map((_, k) => Math.cos((2 * Math.PI * k) / period));
      expect(Math.abs(periodOfSignature(sig, 33) - period)).toBeLessThanOrEqual(0.25);
    }
  });
  it('is not halved by pores (a small second harmonic)', () => {
    const sig = new Float32Array(33).map((_, k) => Math.cos((2 * Math.PI * k) / 10) + 0.3 * Math.cos((2 * Math.PI * k) / 5));
    expect(Math.abs(periodOfSignature(sig, 33) - 10)).toBeLessThanOrEqual(0.25);
  });
  it('rejects a flat signature', () => {
    expect(periodOfSignature(new Float32Array(33).fill(3), 33)).toBe(0);
  });
  it('maps the period of a synthetic print', () => {
    const img = sinusoidImage(200, 200, 10, 0.4);
    const a = analyzeFingerprint(img);
    const { cols, rows } = a.frequency.grid;
    for (let by = 5; by < rows - 5; by++) {
      for (let bx = 5; bx < cols - 5; bx++) expect(Math.abs(a.frequency.period[by * cols + bx] - 10)).toBeLessThan(0.6);
    }
  });
});

describe('skeleton', () => {
  it('thins a thick bar to a one-pixel line', () => {
    const skel = thinSkeleton(binary(60, 30, (x, y) => x >= 5 && x < 55 && y >= 12 && y < 18));
    const { data } = skel;
    let count = 0;
    for (let y = 1; y < 29; y++) {
      for (let x = 1; x < 59; x++) {
        if (!data[y * 60 + x]) continue;
        count++;
        let n = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) if (dx || dy) n += data[(y + dy) * 60 + x + dx];
        expect(n).toBeLessThanOrEqual(2);
      }
    }
    expect(count).toBeGreaterThan(35);
  });

  it('reads endings and forks from the graph (crossing numbers 1 and 3)', () => {
    // a Y: a stem from (40,70) up to (40,40), then two arms to (20,10) and (60,10)
    const y = binary(80, 80, (x, yy) => {
      if (x === 40 && yy >= 40 && yy <= 70) return true;
      if (yy < 40 && yy >= 10) {
        const t = 40 - yy;
        return x === 40 - Math.round((t * 20) / 30) || x === 40 + Math.round((t * 20) / 30);
      }
      return false;
    });
    const g = traceSkeletonGraph(thinSkeleton(y));
    const degrees = g.nodes.map((n) => n.ridges.length).sort();
    expect(degrees).toEqual([1, 1, 1, 3]);
  });

  it('a straight line has two endings', () => {
    const g = traceSkeletonGraph(binary(50, 20, (x, y) => y === 10 && x >= 5 && x <= 44));
    expect(g.nodes.map((n) => n.ridges.length)).toEqual([1, 1]);
    expect(g.nodes[0].ridges[0].points.length).toBe(40);
  });

  it('cuts a short spur and joins a short collinear gap', () => {
    const img = binary(120, 40, (x, y) => (y === 20 && ((x >= 5 && x <= 55) || (x >= 61 && x <= 114))) || (x === 30 && y >= 21 && y <= 26));
    const g = removeSkeletonArtifacts(traceSkeletonGraph(img), P);
    // one ridge left, two endings at the far ends
    const ends = g.nodes.filter((n) => n.ridges.length === 1).map((n) => Math.round(n.x)).sort((a, b) => a - b);
    expect(ends).toEqual([5, 114]);
    expect(g.nodes.every((n) => n.ridges.length === 1)).toBe(true);
  });

  it('keeps endings of neighbouring ridges one period apart (no false gap join)', () => {
    const img = binary(120, 40, (x, y) => (y === 15 && x >= 5 && x <= 55) || (y === 24 && x >= 62 && x <= 114));
    const g = removeSkeletonArtifacts(traceSkeletonGraph(img), P);
    expect(g.nodes.length).toBe(4);
  });
});
