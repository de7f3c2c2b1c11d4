/**
 * A loop's core as a hairpin (coreHairpin): the zero-pole model (θ = ½ arg around the core) makes
 * a loop's arms confocal parabolas that close in on the core, so the grown pattern ends a fan of
 * 2–4 ridges there, all pointing away from the core, in every loop alike. With the hairpin the
 * arms run parallel and the ridges circle the core on the other side: nested hairpins, 0–1
 * minutiae at the very core (bench/RESULTS.md, 2026-12-03).
 */
import { describe, expect, it } from 'vitest';
import { SYNTHETIC_IMAGE_PARAMETERS, type SyntheticImageParameters } from '../../src/config/parameters.js';
import { chooseFingerPattern, createRng, generateMasterPrint, mixSeed, orientationAt, type FingerPattern } from '../../src/synthetic/index.js';

function loopSeeds(n: number): number[] {
  const out: number[] = [];
  for (let s = 1; out.length < n; s++) if (chooseFingerPattern(createRng(mixSeed(7, s)), 3).patternClass === 'right-loop') out.push(s);
  return out;
}

const lineAngle = (a: number, b: number): number => { const d = Math.abs(a - b) % Math.PI; return Math.min(d, Math.PI - d); };

/** The direction (image coordinates, y down) in which the plain field is radial 30 px from the core: the loop's arms. */
function armDirection(p: FingerPattern): number {
  let best = 0, bd = Infinity;
  for (let k = 0; k < 720; k++) {
    const a = (k * Math.PI) / 360;
    const d = lineAngle(orientationAt(p, p.cores[0]! + 30 * Math.cos(a), p.cores[1]! + 30 * Math.sin(a)), a);
    if (d < bd) { bd = d; best = a; }
  }
  return best;
}

/** Largest angle (degrees) between the field on the arms' axis and 12 px to either side of it, 16–64 px from the core. */
function armConvergence(p: FingerPattern, hairpin: number): number {
  const a = armDirection(p);
  const ux = Math.cos(a), uy = Math.sin(a);
  let worst = 0;
  for (let r = 16; r <= 64; r += 8) {
    const on = orientationAt(p, p.cores[0]! + r * ux, p.cores[1]! + r * uy, hairpin);
    for (const h of [-12, 12]) {
      const side = orientationAt(p, p.cores[0]! + r * ux - h * uy, p.cores[1]! + r * uy + h * ux, hairpin);
      worst = Math.max(worst, (lineAngle(on, side) * 180) / Math.PI);
    }
  }
  return worst;
}

describe('hairpin loop cores', () => {
  const seeds = loopSeeds(6);
  const loops = seeds.map((s) => chooseFingerPattern(createRng(mixSeed(7, s)), 3));

  it('0 is the plain zero-pole model', () => {
    for (const p of loops) for (const [dx, dy] of [[5, 3], [-40, 20], [0, -70], [90, 90]] as const) {
      expect(orientationAt(p, p.cores[0]! + dx, p.cores[1]! + dy, 0)).toBe(orientationAt(p, p.cores[0]! + dx, p.cores[1]! + dy));
    }
  });

  it('makes the arms of a loop run parallel instead of closing in on the core', () => {
    let plain = 0, hairpin = 0;
    for (const p of loops) {
      const a = armConvergence(p, 0), b = armConvergence(p, 1);
      expect(a).toBeGreaterThan(10);
      plain += a / loops.length; hairpin += b / loops.length;
    }
    // what is left: the Vizcaya–Gerhardt corrections and the delta's own turn
    expect(hairpin).toBeLessThan(0.4 * plain);
  });

  it('leaves classes without exactly one core and a delta alone', () => {
    for (let s = 1, seen = 0; seen < 3 && s < 200; s++) {
      const p = chooseFingerPattern(createRng(mixSeed(7, s)), 2);
      if (p.cores.length === 2 && p.deltas.length >= 2) continue;
      seen++;
      for (const [dx, dy] of [[10, 0], [-30, 25], [60, -60]] as const) {
        const x = p.centerX + dx, y = p.centerY + dy;
        expect(orientationAt(p, x, y, 1)).toBe(orientationAt(p, x, y, 0));
      }
    }
  });

  it('leaves fewer ground-truth minutiae at a loop core, and fewer pointing away from it', () => {
    const count = (hairpin: number): { near: number; out: number } => {
      let near = 0, out = 0;
      for (const s of seeds) {
        const m = generateMasterPrint(createRng(mixSeed(7, s)), 3, { ...SYNTHETIC_IMAGE_PARAMETERS, coreHairpin: hairpin } as unknown as SyntheticImageParameters);
        const cx = m.pattern.cores[0]!, cy = m.pattern.cores[1]!;
        for (let i = 0; i < m.minutiae.count; i++) {
          const dx = m.minutiae.x[i]! - cx, dy = m.minutiae.y[i]! - cy;
          if (dx * dx + dy * dy > 400) continue;
          near++;
          if (lineAngle(m.minutiae.angle[i]! / 2, Math.atan2(-dy, dx) / 2) * 2 < Math.PI / 3) out++;
        }
      }
      return { near, out };
    };
    const plain = count(0), hairpin = count(1);
    expect(hairpin.near).toBeLessThan(plain.near);
    expect(hairpin.out).toBeLessThan(plain.out / 2);
  });
});
