/**
 * A loop's arms turned towards straight down near its core (loopArmsTurn): judged on the flow
 * model itself. The arms' direction is read as FVC2002's is in bench/synthetic/field-by-class.mjs:
 * around a +1/2 singular point θ ≈ φ/2 + c, and the arms run where the field is radial,
 * φ0 = arg Σ e^{i(2θ − φ)} over a ring around the core.
 */
import { describe, expect, it } from 'vitest';
import { chooseFingerPattern, createRng, loopArmsDirection, loopArmsTurn, mixSeed, orientationAt, type FingerPattern } from '../../src/synthetic/index.js';

function loops(n: number): FingerPattern[] {
  const out: FingerPattern[] = [];
  for (let s = 1; out.length < n; s++) {
    const p = chooseFingerPattern(createRng(mixSeed(5, s)), s % 2 ? 3 : 8);
    if (p.patternClass === 'left-loop' || p.patternClass === 'right-loop') out.push(p);
  }
  return out;
}

/** The arms' direction (radians, y down) read from the field on a ring of radius 16–40 px around the core. */
function readArms(p: FingerPattern, turn?: (x: number, y: number) => number, hairpin = 0, armsDown = 0): number {
  let re = 0, im = 0;
  for (let r = 16; r <= 40; r += 8) for (let k = 0; k < 64; k++) {
    const phi = (2 * Math.PI * k) / 64;
    const x = p.cores[0]! + r * Math.cos(phi), y = p.cores[1]! + r * Math.sin(phi);
    const theta = orientationAt(p, x, y, hairpin, 0, armsDown) + (turn ? turn(x, y) : 0);
    re += Math.cos(2 * theta - phi); im += Math.sin(2 * theta - phi);
  }
  return Math.atan2(im, re);
}

/** Angle between two directions, degrees (0–180). */
const apart = (a: number, b: number): number => {
  const d = Math.abs(a - b) % (2 * Math.PI);
  return ((d > Math.PI ? 2 * Math.PI - d : d) * 180) / Math.PI;
};

describe('loop arms turned down', () => {
  const sample = loops(20);

  it('reads the model arms where loopArmsDirection says, well off straight down', () => {
    const tilts: number[] = [];
    for (const p of sample) {
      expect(apart(readArms(p), loopArmsDirection(p))).toBeLessThan(15);
      tilts.push(apart(readArms(p), Math.PI / 2));
    }
    tilts.sort((a, b) => a - b);
    expect(tilts[tilts.length >> 1]!).toBeGreaterThan(25);
  });

  it('brings the arms straight down at 1 and half way at 0.5, fading with the distance to the core', () => {
    for (const p of sample) {
      const before = apart(readArms(p), Math.PI / 2);
      const full = loopArmsTurn(p, 1, 64)!;
      const half = loopArmsTurn(p, 0.5, 64)!;
      // the ring reaches 40 px, where the turn has faded to 0.82 of its value at the core
      expect(apart(readArms(p, full), Math.PI / 2)).toBeLessThan(Math.max(12, 0.3 * before));
      expect(Math.abs(apart(readArms(p, half), Math.PI / 2) - before / 2)).toBeLessThan(Math.max(6, 0.3 * before));
      // the far field is the model's
      expect(Math.abs(full(p.cores[0]! + 256, p.cores[1]!))).toBeLessThan(1e-3 * Math.max(1e-9, Math.abs(full(p.cores[0]!, p.cores[1]!))) + 1e-9);
    }
  });

  it('turns a hairpin core\'s axis with the arms, so that its parallel arms run down too', () => {
    for (const p of sample) {
      const full = loopArmsTurn(p, 1, 64)!;
      // the hairpin on its own axis (armsDown 0) keeps the model's direction; with armsDown 1 and the turn, down
      expect(apart(readArms(p, undefined, 1, 0), loopArmsDirection(p))).toBeLessThan(15);
      const before = apart(readArms(p, undefined, 1, 0), Math.PI / 2);
      expect(apart(readArms(p, full, 1, 1), Math.PI / 2)).toBeLessThan(Math.max(12, 0.3 * before));
      // armsDown 0 is the hairpin as before, bit for bit
      expect(orientationAt(p, p.cores[0]! + 30, p.cores[1]! + 7, 1, 0, 0)).toBe(orientationAt(p, p.cores[0]! + 30, p.cores[1]! + 7, 1, 0));
    }
  });

  it('does nothing when off, and nothing for whorls and arches', () => {
    expect(loopArmsTurn(sample[0]!, 0, 64)).toBeUndefined();
    let others = 0;
    for (let s = 1; s <= 80; s++) {
      const p = chooseFingerPattern(createRng(mixSeed(6, s)), 1);
      if (p.patternClass === 'whorl' || p.patternClass === 'arch') {
        expect(loopArmsTurn(p, 1, 64)).toBeUndefined();
        others++;
      }
    }
    expect(others).toBeGreaterThan(5);
  });
});
