/**
 * A per-finger smooth random turn of the flow (orientationNoise, draw-orientation-noise.ts): a
 * value-noise field scaled by a Gaussian of the distance to the nearest core, added to the flow
 * model. Off (0) nothing is drawn and the master is unchanged (bench/RESULTS.md, 2026-12-03, synind).
 */
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../../src/config/parameters.js';
import { chooseFingerPattern, createRng, drawOrientationNoise, generateMasterPrint, mixSeed } from '../../src/synthetic/index.js';

const withParams = (p: Partial<Record<keyof SyntheticImageParameters, number>>): SyntheticImageParameters =>
  ({ ...SYNTHETIC_IMAGE_PARAMETERS, ...p }) as unknown as SyntheticImageParameters;

/** Smallest angle between two line directions (radians, period π). */
const lineDiff = (a: number, b: number): number => {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
};

describe('per-finger random turn of the flow', () => {
  const pattern = chooseFingerPattern(createRng(mixSeed(11, 3)), 3);
  const [cx, cy] = [pattern.cores[0]!, pattern.cores[1]!];

  it('is deterministic, about the given deviation at the core and fades with the distance to it', () => {
    const a = drawOrientationNoise(createRng(5), pattern, 400, 500, 0.3, 48, 80);
    const b = drawOrientationNoise(createRng(5), pattern, 400, 500, 0.3, 48, 80);
    const c = drawOrientationNoise(createRng(6), pattern, 400, 500, 0.3, 48, 80);
    expect(a(cx + 10, cy + 7)).toBe(b(cx + 10, cy + 7));
    let near = 0, far = 0, differs = 0, n = 0;
    for (let t = 0; t < 64; t++) {
      const u = Math.cos((2 * Math.PI * t) / 64), v = Math.sin((2 * Math.PI * t) / 64);
      near += a(cx + 20 * u, cy + 20 * v) ** 2;
      far += a(cx + 320 * u, cy + 320 * v) ** 2;
      if (a(cx + 20 * u, cy + 20 * v) !== c(cx + 20 * u, cy + 20 * v)) differs++;
      n++;
    }
    const rmsNear = Math.sqrt(near / n);
    expect(rmsNear).toBeGreaterThan(0.05);
    expect(rmsNear).toBeLessThan(0.6);
    expect(Math.sqrt(far / n)).toBeLessThan(0.01 * rmsNear);
    expect(differs).toBe(n);
    // reach 0: no fall-off
    const flat = drawOrientationNoise(createRng(5), pattern, 400, 500, 0.3, 48, 0);
    let farFlat = 0;
    for (let x = 20; x < 380; x += 10) farFlat += flat(x, 480) ** 2;
    expect(Math.sqrt(farFlat / 36)).toBeGreaterThan(0.05);
  });

  it('changes nothing when off, and turns the master flow near the core, not far from it, when on', () => {
    const seed = mixSeed(11, 3);
    // off spelled out: the default has been 0.3 since sense3's switch
    const off = generateMasterPrint(createRng(seed), 3, withParams({ orientationNoise: 0 }));
    const offOther = generateMasterPrint(createRng(seed), 3, withParams({ orientationNoise: 0, orientationNoiseScale: 17, orientationNoiseReach: 5 }));
    expect(offOther.ridges).toEqual(off.ridges);
    expect(offOther.minutiae.x).toEqual(off.minutiae.x);
    const on = generateMasterPrint(createRng(seed), 3, withParams({ orientationNoise: 0.3 }));
    expect(on.pattern.cores).toEqual(off.pattern.cores);
    const w = off.width;
    let near = 0, nearN = 0, far = 0, farN = 0;
    for (let y = 0; y < off.height; y += 4) {
      for (let x = 0; x < w; x += 4) {
        const r = Math.hypot(x - cx, y - cy);
        const d = lineDiff(on.orientation[y * w + x]!, off.orientation[y * w + x]!);
        if (r > 12 && r < 60) { near += d; nearN++; }
        else if (r > 250) { far += d; farN++; }
      }
    }
    expect(near / nearN).toBeGreaterThan(0.05);
    expect(farN).toBeGreaterThan(50);
    expect(far / farN).toBeLessThan(0.01);
  });
});
