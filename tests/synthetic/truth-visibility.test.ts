/**
 * The impression truth counts only minutiae the image can show: a minutia whose ridge did not
 * touch the sensor (dry skin, low pressure toward the contact border) is marked destroyed, so
 * it is not counted against an extractor's recall.
 */
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMPRESSION_PARAMETERS } from '../../src/config/parameters.js';
import { createRng, mixSeed, renderContact, syntheticMasterPrint } from '../../src/synthetic/index.js';

const R = SYNTHETIC_IMPRESSION_PARAMETERS.visibleContactRadius;

/** Largest contact ink within R pixels of a point. */
function inkNear(ink: Float32Array, width: number, height: number, x: number, y: number): number {
  let hi = 0;
  for (let dy = -R; dy <= R; dy++) {
    for (let dx = -R; dx <= R; dx++) {
      const u = Math.round(x) + dx, v = Math.round(y) + dy;
      if (dx * dx + dy * dy <= R * R && u >= 0 && v >= 0 && u < width && v < height) hi = Math.max(hi, ink[v * width + u]!);
    }
  }
  return hi;
}

describe('synthetic truth visibility', () => {
  const master = syntheticMasterPrint(21, 4, 2);

  it('marks minutiae on ridges that did not touch the sensor as destroyed (dry skin)', () => {
    let counted = 0, lifted = 0;
    for (let k = 1; k <= 4; k++) {
      const c = renderContact(master, 'optical', createRng(mixSeed(21, 4, k)), { condition: 'dry' });
      for (const m of c.minutiae) {
        const touched = inkNear(c.ink, c.width, c.height, m.x, m.y) >= 0.5;
        if (!m.destroyed) { counted++; expect(touched, `counted minutia at ${m.x}, ${m.y} has no ridge contact near it`).toBe(true); }
        if (!touched) { lifted++; expect(m.destroyed).toBe(true); }
      }
    }
    expect(counted).toBeGreaterThan(40);
    // dry impressions lose whole ridges near the contact border: some truth minutiae go with them
    expect(lifted).toBeGreaterThan(0);
  });

  it('keeps nearly every minutia of normal skin', () => {
    let all = 0, lifted = 0;
    for (let k = 1; k <= 4; k++) {
      const c = renderContact(master, 'optical', createRng(mixSeed(21, 4, 10 + k)), { condition: 'normal' });
      for (const m of c.minutiae) { all++; if (inkNear(c.ink, c.width, c.height, m.x, m.y) < 0.5) lifted++; }
    }
    expect(all).toBeGreaterThan(60);
    expect(lifted / all).toBeLessThan(0.05);
  });
});
