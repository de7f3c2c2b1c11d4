/**
 * Slaps and altered fingers (issue 11, for the ten-print capture checks): each finger's box in
 * a slap holds that finger (its truth minutiae, its ridges) and nothing of the background; an
 * alteration changes the ridge pattern inside its region only, and obliterated skin keeps no
 * truth minutiae.
 */
import { describe, expect, it } from 'vitest';
import {
  ALTERATION_KINDS, alterMaster, composeSlap, createRng, insidePolygon, mixSeed, syntheticMasterPrint, type MasterPrint,
} from '../../src/synthetic/index.js';

describe('slaps', () => {
  const masters = new Map<number, MasterPrint>();
  for (const p of [2, 3, 4, 5]) masters.set(p, syntheticMasterPrint(21, 1, p));

  it('puts each finger of the right four in its own box, with its truth inside the box', () => {
    const slap = composeSlap(masters, 13, createRng(mixSeed(21, 1, 13)));
    const { width, height, data } = slap.image;
    expect([width, height]).toEqual([1600, 1500]);
    expect(slap.fingers.map((f) => f.position)).toEqual([2, 3, 4, 5]);
    const inBox = new Uint8Array(width * height);
    for (const f of slap.fingers) {
      const [x0, y0, x1, y1] = f.box;
      expect(x1 - x0).toBeGreaterThan(150);
      expect(y1 - y0).toBeGreaterThan(150);
      expect(f.minutiae.length).toBeGreaterThan(5);
      for (const m of f.minutiae) {
        expect(m.x).toBeGreaterThanOrEqual(x0);
        expect(m.x).toBeLessThanOrEqual(x1);
        expect(m.y).toBeGreaterThanOrEqual(y0);
        expect(m.y).toBeLessThanOrEqual(y1);
      }
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) inBox[y * width + x] = 1;
    }
    // the boxes are left to right in finger order and barely overlap
    for (let k = 1; k < 4; k++) expect(slap.fingers[k]!.box[0]).toBeGreaterThan(slap.fingers[k - 1]!.box[0] + 100);
    // ridges (dark pixels) are in the boxes, not outside them
    let darkIn = 0, darkOut = 0;
    for (let i = 0; i < data.length; i++) if (data[i]! < 110) { if (inBox[i]) darkIn++; else darkOut++; }
    expect(darkIn).toBeGreaterThan(20000);
    expect(darkOut).toBeLessThan(0.01 * darkIn);
  });
});

function edgeDistance(poly: readonly number[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0, j = poly.length - 2; i < poly.length; j = i, i += 2) {
    const ax = poly[j]!, ay = poly[j + 1]!, dx = poly[i]! - ax, dy = poly[i + 1]! - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

describe('alterations', () => {
  const master = syntheticMasterPrint(22, 1, 2);
  for (const kind of ALTERATION_KINDS) {
    it(`${kind} changes the ridges inside its region only`, () => {
      const { master: altered, alteration } = alterMaster(master, kind, createRng(mixSeed(22, 1, 2, kind.length)));
      expect(alteration.kind).toBe(kind);
      let changedIn = 0, cellsIn = 0, changedFar = 0;
      for (let y = 0; y < master.height; y += 2) {
        for (let x = 0; x < master.width; x += 2) {
          const i = y * master.width + x;
          const changed = Math.abs(altered.ridges[i]! - master.ridges[i]!) > 0.5;
          if (insidePolygon(alteration.polygon, x, y)) { cellsIn++; if (changed) changedIn++; }
          else {
            // farther than the scar band from the region's edges
            if (changed && edgeDistance(alteration.polygon, x, y) > 12) changedFar++;
          }
        }
      }
      expect(cellsIn).toBeGreaterThan(500);
      expect(changedIn / cellsIn).toBeGreaterThan(0.25);
      expect(changedFar).toBe(0);
      if (kind === 'obliteration') {
        for (let k = 0; k < altered.minutiae.count; k++) expect(insidePolygon(alteration.polygon, altered.minutiae.x[k]!, altered.minutiae.y[k]!)).toBe(false);
      }
    });
  }
});
