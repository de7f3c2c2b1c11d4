import { describe, expect, it } from 'vitest';
import { sumRigidFit, type RigidFitSums } from '../../src/matching/fit-rigid.js';

describe('sumRigidFit', () => {
  it('finds the rotation and both centroids of a turned and moved point set, pairing through list and partner', () => {
    const n = 6, turn = 0.4;
    const ax = Float32Array.from([10, 50, 80, 30, 60, 20]), ay = Float32Array.from([15, 20, 70, 90, 40, 60]);
    // the second set holds the turned points in reverse order, moved by (100, −30)
    const bx = new Float32Array(n), by = new Float32Array(n);
    const partner = new Int16Array(n), list = Int16Array.from([0, 1, 2, 3, 4, 5]);
    for (let p = 0; p < n; p++) {
      const c = n - 1 - p;
      partner[p] = c;
      bx[c] = Math.cos(turn) * ax[p] - Math.sin(turn) * ay[p] + 100;
      by[c] = Math.sin(turn) * ax[p] + Math.cos(turn) * ay[p] - 30;
    }
    const out: RigidFitSums = { ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0 };
    sumRigidFit(ax, ay, bx, by, list, n, partner, out);
    expect(Math.atan2(out.cross, out.dot)).toBeCloseTo(turn, 5);
    expect(out.ax).toBeCloseTo(ax.reduce((s, v) => s + v, 0) / n, 4);
    expect(out.by).toBeCloseTo(by.reduce((s, v) => s + v, 0) / n, 4);
    // only the listed pairs count
    sumRigidFit(ax, ay, bx, by, Int16Array.from([1, 4, 2]), 3, partner, out);
    expect(out.ax).toBeCloseTo((50 + 60 + 80) / 3, 4);
    expect(Math.atan2(out.cross, out.dot)).toBeCloseTo(turn, 5);
  });
});
