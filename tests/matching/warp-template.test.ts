import { describe, expect, it } from 'vitest';
import { warpTemplate, ORIENTATION_MAP_LEVELS as BENCH_LEVELS } from '../../bench/matching/warp-template.mjs';
import { ORIENTATION_MAP_LEVELS, validateTemplate, insideValidArea, type Template } from '../../src/templates/index.js';
import { createGrayImage } from '../../src/core/index.js';
import { perturbImage } from '../../src/perturbation/index.js';

/** A template on 200 × 240 px: a few minutiae, a 16-px orientation map of one direction, a 8-px valid area (left half). */
function template(direction: number): Template {
  const width = 200, height = 240, cell = 16, columns = Math.ceil(width / cell), rows = Math.ceil(height / cell);
  const code = (Math.round(direction / (Math.PI / ORIENTATION_MAP_LEVELS)) % ORIENTATION_MAP_LEVELS) + 1;
  const vCell = 8, vColumns = Math.ceil(width / vCell), vRows = Math.ceil(height / vCell);
  const bits = new Uint8Array(Math.ceil((vColumns * vRows) / 8));
  for (let y = 0; y < vRows; y++) for (let x = 0; x < vColumns / 2; x++) { const i = y * vColumns + x; bits[i >> 3] |= 1 << (i & 7); }
  return {
    width, height, ppi: 500, quality: 60,
    minutiae: [
      { x: 50, y: 60, angle: 0.3, type: 'ending', quality: 80 },
      { x: 120, y: 150, angle: 4, type: 'bifurcation', quality: 70 },
      { x: 3, y: 100, angle: 1, type: 'ending', quality: 50 },
    ],
    orientationMap: { cell, columns, rows, codes: new Uint8Array(columns * rows).fill(code) },
    validArea: { cell: vCell, columns: vColumns, rows: vRows, bits },
  };
}

describe('warpTemplate (bench/matching/warp-template.mjs)', () => {
  it('knows the template format it resamples', () => {
    expect(BENCH_LEVELS).toBe(ORIENTATION_MAP_LEVELS);
  });

  it('under the identity keeps everything; an edge drops minutiae near the side', () => {
    const t = template(0.5);
    const id = (x: number, y: number) => [x, y] as const;
    const w = warpTemplate(t, id, id, t.width, t.height);
    expect(w.minutiae).toHaveLength(3);
    w.minutiae.forEach((m, i) => {
      expect({ ...m, angle: 0 }).toEqual({ ...t.minutiae[i], angle: 0 });
      expect(m.angle).toBeCloseTo(t.minutiae[i].angle, 9);
    });
    expect(Array.from(w.orientationMap.codes)).toEqual(Array.from(t.orientationMap!.codes));
    expect(Array.from(w.validArea.bits)).toEqual(Array.from(t.validArea!.bits));
    expect(warpTemplate(t, id, id, t.width, t.height, 10).minutiae).toHaveLength(2);
    validateTemplate(w);
  });

  it('under a rotation turns minutiae, their directions and the map’s ridges, and moves the valid area', () => {
    const t = template(0.5);
    const turn = Math.PI / 10; // two map steps
    const cx = 100, cy = 120, c = Math.cos(turn), s = Math.sin(turn);
    // counter-clockwise on screen (y down): (dx, dy) → (c dx + s dy, −s dx + c dy)
    const fwd = (x: number, y: number) => [cx + c * (x - cx) + s * (y - cy), cy - s * (x - cx) + c * (y - cy)] as const;
    const back = (x: number, y: number) => [cx + c * (x - cx) - s * (y - cy), cy + s * (x - cx) + c * (y - cy)] as const;
    const w = warpTemplate(t, fwd, back, t.width, t.height);
    validateTemplate(w);
    const m = w.minutiae[0];
    const [ex, ey] = fwd(50, 60);
    expect(Math.hypot(m.x - ex, m.y - ey)).toBeLessThan(1e-9);
    expect(m.angle).toBeCloseTo(0.3 + turn, 6);
    expect(w.minutiae[1].angle).toBeCloseTo(4 + turn, 6);
    const before = t.orientationMap!.codes[0];
    const inner = w.orientationMap.codes[7 * w.orientationMap.columns + 6];
    expect(inner).toBe(((before - 1 + 2) % ORIENTATION_MAP_LEVELS) + 1);
    // a corner cell whose source lies outside the old grid has no print
    expect(w.orientationMap.codes[0]).toBe(0);
    // the valid area follows: a point well inside the left half stays valid where it went
    const [vx, vy] = fwd(40, 120);
    expect(insideValidArea(w.validArea, vx, vy)).toBe(true);
    const [ix, iy] = fwd(160, 120);
    expect(insideValidArea(w.validArea, ix, iy)).toBe(false);
  });

  it('through an elastic warp and back gives the template again (the oracle control)', () => {
    const img = createGrayImage(200, 240, new Uint8Array(200 * 240).fill(128));
    const p = perturbImage(img, 'elastic', 3);
    const t = template(1.2);
    const f = warpTemplate(t, p.mapPoint, p.unmapPoint!, 200, 240);
    const r = warpTemplate(f, p.unmapPoint!, p.mapPoint, 200, 240);
    for (const m of r.minutiae) {
      const o = t.minutiae.find((n) => n.type === m.type && n.quality === m.quality)!;
      expect(Math.hypot(m.x - o.x, m.y - o.y)).toBeLessThan(0.05);
      expect(Math.abs(m.angle - o.angle)).toBeLessThan(0.02);
    }
  });
});
