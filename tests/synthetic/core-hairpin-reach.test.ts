/**
 * A hairpin core confined to the core's neighbourhood (coreHairpinReach, coreHairpinReachMax): the
 * full bend within the reach, fading out by twice it, the plain zero-pole field beyond; the reach
 * fixed or drawn per finger. Off (coreHairpin 0) nothing is drawn and the master is unchanged
 * (bench/RESULTS.md, 2026-12-03, syncore2).
 */
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../../src/config/parameters.js';
import { hairpinWeight } from '../../src/synthetic/compute-master-orientation.js';
import { chooseFingerPattern, createRng, generateMasterPrint, mixSeed, orientationAt } from '../../src/synthetic/index.js';

// the flow's other per-finger changes off (the defaults since sense3 turn the loop arms and add
// orientation noise), so the field beyond the reach is the plain zero-pole model these tests read
const withParams = (p: Partial<Record<keyof SyntheticImageParameters, number>>): SyntheticImageParameters =>
  ({ ...SYNTHETIC_IMAGE_PARAMETERS, orientationNoise: 0, loopArmsDown: 0, ...p }) as unknown as SyntheticImageParameters;

function loopSeeds(n: number): number[] {
  const out: number[] = [];
  for (let s = 1; out.length < n; s++) if (chooseFingerPattern(createRng(mixSeed(7, s)), 3).patternClass === 'right-loop') out.push(s);
  return out;
}

describe('hairpin confined to the core', () => {
  const seeds = loopSeeds(4);
  const loops = seeds.map((s) => chooseFingerPattern(createRng(mixSeed(7, s)), 3));

  it('weighs the bend 1 within the reach, 0 beyond twice it, falling in between', () => {
    expect(hairpinWeight(0, 30)).toBe(1);
    expect(hairpinWeight(30, 30)).toBe(1);
    expect(hairpinWeight(60, 30)).toBe(0);
    expect(hairpinWeight(200, 30)).toBe(0);
    expect(hairpinWeight(45, 30)).toBeCloseTo(0.5, 10);
    let last = 1;
    for (let r = 30; r <= 60; r += 1) {
      const w = hairpinWeight(r, 30);
      expect(w).toBeLessThanOrEqual(last);
      last = w;
    }
    // reach 0: the whole field
    expect(hairpinWeight(500, 0)).toBe(1);
  });

  it('is the full hairpin near the core and the plain model far from it', () => {
    const reach = 32;
    let differs = 0;
    for (const p of loops) {
      for (let k = 0; k < 24; k++) {
        const a = (k * Math.PI) / 12;
        const near = [p.cores[0]! + 20 * Math.cos(a), p.cores[1]! + 20 * Math.sin(a)] as const;
        expect(orientationAt(p, near[0], near[1], 1, reach)).toBe(orientationAt(p, near[0], near[1], 1));
        const far = [p.cores[0]! + 80 * Math.cos(a), p.cores[1]! + 80 * Math.sin(a)] as const;
        expect(orientationAt(p, far[0], far[1], 1, reach)).toBe(orientationAt(p, far[0], far[1], 0));
        if (orientationAt(p, far[0], far[1], 1) !== orientationAt(p, far[0], far[1], 0)) differs++;
      }
    }
    // the unconfined hairpin does change the far field (else the test above proves nothing)
    expect(differs).toBeGreaterThan(24);
  });

  it('draws nothing and changes nothing while the hairpin is off', () => {
    const s = seeds[0]!;
    const plain = generateMasterPrint(createRng(mixSeed(7, s)), 3, withParams({ coreHairpin: 0 }));
    const off = generateMasterPrint(createRng(mixSeed(7, s)), 3, withParams({ coreHairpin: 0, coreHairpinReach: 16, coreHairpinReachMax: 64 }));
    expect(off.ridges).toEqual(plain.ridges);
    expect(Array.from(off.minutiae.x)).toEqual(Array.from(plain.minutiae.x));
  });

  it('draws the reach per finger when a range is given, deterministically', () => {
    const s = seeds[1]!;
    const params = withParams({ coreHairpin: 1, coreHairpinReach: 16, coreHairpinReachMax: 64 });
    const a = generateMasterPrint(createRng(mixSeed(7, s)), 3, params);
    const b = generateMasterPrint(createRng(mixSeed(7, s)), 3, params);
    expect(a.ridges).toEqual(b.ridges);
    const fixed16 = generateMasterPrint(createRng(mixSeed(7, s)), 3, withParams({ coreHairpin: 1, coreHairpinReach: 16, coreHairpinReachMax: 16 }));
    expect(a.ridges).not.toEqual(fixed16.ridges);
    // the field is the hairpin's at the core and the plain one beyond the largest reach's fade
    const fixed = fixed16;
    const p = a.pattern;
    const at = (m: typeof a, x: number, y: number): number => m.orientation[Math.round(y) * m.width + Math.round(x)]!;
    expect(at(a, p.cores[0]! + 140, p.cores[1]!)).toBeCloseTo(orientationAt(p, p.cores[0]! + 140, p.cores[1]!, 0), 2);
    expect(at(fixed, p.cores[0]! + 140, p.cores[1]!)).toBeCloseTo(orientationAt(p, p.cores[0]! + 140, p.cores[1]!, 0), 2);
  });
});
