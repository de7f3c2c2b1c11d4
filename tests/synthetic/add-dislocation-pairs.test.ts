import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../../src/config/parameters.js';
import { addDislocationPairs, createRng, findMasterMinutiae, generateMasterPrint, mixSeed } from '../../src/synthetic/index.js';

/** A canvas of straight horizontal ridges: period 10 px, no minutiae of its own. */
function parallelRidges(width: number, height: number) {
  const ridges = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) ridges[y * width + x] = Math.cos((2 * Math.PI * y) / 10 + 0.7) > 0 ? 1 : -1;
  return { ridges, orientation: new Float32Array(width * height), period: new Float32Array(width * height).fill(10), mask: new Uint8Array(width * height).fill(1) };
}

describe('addDislocationPairs', () => {
  const W = 400, H = 400;
  const inner = (x: number, y: number) => x > 12 && y > 12 && x < W - 12 && y < H - 12;
  const withDensity = (d: number) => ({ ...SYNTHETIC_IMAGE_PARAMETERS, dislocationPairDensity: d }) as unknown as SyntheticImageParameters;
  const params = withDensity(2);
  // pairs at least a period apart along and 1.2 across, so each core reads on its own
  const separated = { ...params, dislocationPairAlongMin: 1, dislocationPairLateralMin: 1.2 } as unknown as SyntheticImageParameters;

  it('adds opposite minutiae pairs, side by side within the set separations, and nothing else', () => {
    const { ridges, orientation, period, mask } = parallelRidges(W, H);
    const before = ridges.slice();
    expect(findMasterMinutiae(before, W, H, inner).count).toBe(0);
    const pairs = addDislocationPairs(ridges, W, H, orientation, period, mask, createRng(5), separated);
    expect(pairs.length).toBeGreaterThan(3);
    const found = findMasterMinutiae(ridges, W, H, inner);
    // every pair's cores read as two minutiae, one near each core;
    // the first core winds +1, the second −1: the extra half-ridge (or half-valley) of the first
    // lies towards −x, of the second towards +x, so an ending at the first core points left and one
    // at the second right: the pair points opposite ways. A fork at a core points the same way (along
    // the valley between its branches, its extra half-valley); checked since the master reader
    // traces every branch past the fork's ring (2026-12-03; before, a tight jog could read wrong).
    let matched = 0, endings = 0;
    for (const q of pairs) {
      const near = (cx: number, cy: number) => {
        let best = -1, bd = Infinity;
        for (let k = 0; k < found.count; k++) { const d = Math.hypot(found.x[k]! - cx, found.y[k]! - cy); if (d < bd) { bd = d; best = k; } }
        return bd < 6 ? best : -1;
      };
      const a = near(q.x1, q.y1), b = near(q.x2, q.y2);
      if (a < 0 || b < 0 || a === b) continue;
      matched++;
      if (found.type[a] === 1) endings++;
      if (found.type[b] === 1) endings++;
      // an ending or a fork alike: the extra half-ridge or half-valley lies on the side it points to
      expect(Math.cos(found.angle[a]!)).toBeLessThan(-0.5);
      expect(Math.cos(found.angle[b]!)).toBeGreaterThan(0.5);
      // across the ridges (y here) the cores lie 1.2–1.6 periods apart, along them 1–2
      expect(Math.abs(q.y2 - q.y1)).toBeGreaterThanOrEqual(12 - 1e-6);
      expect(Math.abs(q.y2 - q.y1)).toBeLessThanOrEqual(16 + 1e-6);
      expect(Math.abs(q.x2 - q.x1)).toBeLessThanOrEqual(20 + 1e-6);
      expect(Math.abs(q.x2 - q.x1)).toBeGreaterThanOrEqual(10 - 1e-6);
    }
    // (two pairs close together may merge their cores into one form)
    expect(matched).toBeGreaterThanOrEqual(0.75 * pairs.length);
    expect(endings).toBeGreaterThanOrEqual(pairs.length / 2);
    expect(found.count).toBeLessThanOrEqual(2 * pairs.length);
    // untouched beyond the reach of every pair
    const reach = params.dislocationPairReach * 10;
    for (let y = 0; y < H; y += 3) {
      for (let x = 0; x < W; x += 3) {
        if (pairs.every((q) => Math.hypot(x - (q.x1 + q.x2) / 2, y - (q.y1 + q.y2) / 2) > reach + 1)) expect(ridges[y * W + x]).toBe(before[y * W + x]);
      }
    }
  });

  it('is deterministic per rng state and adds none at density 0', () => {
    const a = parallelRidges(W, H), b = parallelRidges(W, H), c = parallelRidges(W, H);
    addDislocationPairs(a.ridges, W, H, a.orientation, a.period, a.mask, createRng(9), params);
    addDislocationPairs(b.ridges, W, H, b.orientation, b.period, b.mask, createRng(9), params);
    expect(Buffer.from(a.ridges.buffer).equals(Buffer.from(b.ridges.buffer))).toBe(true);
    const none = addDislocationPairs(c.ridges, W, H, c.orientation, c.period, c.mask, createRng(9), withDensity(0));
    expect(none).toHaveLength(0);
    expect(findMasterMinutiae(c.ridges, W, H, inner).count).toBe(0);
  });

  it('places the extra pairs around the cores it is given, where the flow turns, and changes nothing when off', () => {
    // concentric ridges around (200, 200) on a finger area of radius 80: the flow turns by more
    // than 0.35 rad within every reach there, so no ordinary pair fits
    const ridges = new Float32Array(W * H), orientation = new Float32Array(W * H), mask = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
      ridges[y * W + x] = Math.cos((2 * Math.PI * Math.hypot(x - 200, y - 200)) / 10) > 0 ? 1 : -1;
      orientation[y * W + x] = (Math.atan2(y - 200, x - 200) + 1.5 * Math.PI) % Math.PI;
      mask[y * W + x] = Math.hypot(x - 200, y - 200) <= 80 ? 1 : 0;
    }
    const period = new Float32Array(W * H).fill(10);
    const core = Float32Array.of(200, 200);
    const extra = (n: number, turn: number = SYNTHETIC_IMAGE_PARAMETERS.dislocationPairCoreMaxTurn) =>
      ({ ...params, dislocationPairCoreExtra: n, dislocationPairCoreMaxTurn: turn }) as unknown as SyntheticImageParameters;
    expect(addDislocationPairs(ridges.slice(), W, H, orientation, period, mask, createRng(3), params, core)).toHaveLength(0);
    const around = addDislocationPairs(ridges.slice(), W, H, orientation, period, mask, createRng(3), extra(6), core);
    expect(around.length).toBeGreaterThanOrEqual(2);
    for (const q of around) {
      const r = Math.hypot((q.x1 + q.x2) / 2 - 200, (q.y1 + q.y2) / 2 - 200);
      expect(r).toBeGreaterThanOrEqual(12 - 1e-3);
      expect(r).toBeLessThanOrEqual(56 + 1e-3);
    }
    // held to the ordinary flow-turn limit they do not fit here either
    expect(addDislocationPairs(ridges.slice(), W, H, orientation, period, mask, createRng(3), extra(6, 0.35), core)).toHaveLength(0);
    // off (the default): passing the cores changes nothing, pair for pair and pixel for pixel
    const a = parallelRidges(W, H), b = parallelRidges(W, H);
    const pa = addDislocationPairs(a.ridges, W, H, a.orientation, a.period, a.mask, createRng(9), params);
    const pb = addDislocationPairs(b.ridges, W, H, b.orientation, b.period, b.mask, createRng(9), params, Float32Array.of(200, 200));
    expect(pb).toEqual(pa);
    expect(Buffer.from(a.ridges.buffer).equals(Buffer.from(b.ridges.buffer))).toBe(true);
  });

  it('adds minutiae around a master core when the extra pairs are on', () => {
    const near = (m: ReturnType<typeof generateMasterPrint>) => {
      let n = 0;
      for (let i = 0; i < m.minutiae.count; i++) if (Math.hypot(m.minutiae.x[i]! - m.pattern.cores[0]!, m.minutiae.y[i]! - m.pattern.cores[1]!) < 64) n++;
      return n;
    };
    const off = generateMasterPrint(createRng(mixSeed(4, 2)), 2);
    const on = generateMasterPrint(createRng(mixSeed(4, 2)), 2, { ...SYNTHETIC_IMAGE_PARAMETERS, dislocationPairCoreExtra: 4 } as unknown as SyntheticImageParameters);
    expect(off.pattern.cores.length).toBeGreaterThanOrEqual(2);
    expect(near(on)).toBeGreaterThanOrEqual(near(off) + 2);
  });

  it('puts the added minutiae into the master ground truth', () => {
    const without = generateMasterPrint(createRng(mixSeed(4, 2)), 2, withDensity(0));
    const withPairs = generateMasterPrint(createRng(mixSeed(4, 2)), 2);
    expect(withPairs.minutiae.count).toBeGreaterThan(without.minutiae.count + 4);
  });
});
