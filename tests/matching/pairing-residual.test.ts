import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesDetailed, prepareTemplate } from '../../src/matching/index.js';
import { sumRigidFit, type RigidFitSums } from '../../src/matching/fit-rigid.js';
import { relativeRigidResidual, residualFactor } from '../../src/matching/pairing-residual.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

const sums = (): RigidFitSums => ({ ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0 });

/** Residual of the rigid fit by brute force: the best turn found by scanning, for checking the closed form. */
function scannedResidual(ax: number[], ay: number[], bx: number[], by: number[]): number {
  const n = ax.length, m = (v: number[]) => v.reduce((s, x) => s + x, 0) / n;
  const [pa, qa, pb, qb] = [m(ax), m(ay), m(bx), m(by)];
  let best = Infinity, radius = 0;
  for (let i = 0; i < n; i++) radius += (ax[i] - pa) ** 2 + (ay[i] - qa) ** 2;
  for (let t = -Math.PI; t < Math.PI; t += 1e-4) {
    const c = Math.cos(t), s = Math.sin(t);
    let e = 0;
    for (let i = 0; i < n; i++) {
      const ux = ax[i] - pa, uy = ay[i] - qa;
      e += (c * ux - s * uy + pb - bx[i]) ** 2 + (s * ux + c * uy + qb - by[i]) ** 2;
    }
    best = Math.min(best, e);
  }
  return Math.sqrt(best / radius);
}

describe('relativeRigidResidual', () => {
  it('is 0 for a turned and moved point set and the scanned least-squares residual over the radius otherwise', () => {
    const ax = [10, 50, 80, 30, 60, 20], ay = [15, 20, 70, 90, 40, 60];
    const n = ax.length, turn = 0.7;
    const bx = ax.map((x, i) => Math.cos(turn) * x - Math.sin(turn) * ay[i] + 40);
    const by = ax.map((x, i) => Math.sin(turn) * x + Math.cos(turn) * ay[i] - 25);
    const list = Int16Array.from({ length: n }, (_, i) => i), partner = Int16Array.from(list);
    const F = (v: number[]) => Float32Array.from(v);
    const s = sums();
    sumRigidFit(F(ax), F(ay), F(bx), F(by), list, n, partner, s);
    expect(relativeRigidResidual(F(ax), F(ay), F(bx), F(by), list, n, partner, s)).toBeLessThan(1e-3);
    // bent: two points moved off the rigid motion
    const bent = bx.map((x, i) => x + (i === 2 ? 9 : i === 4 ? -6 : 0));
    sumRigidFit(F(ax), F(ay), F(bent), F(by), list, n, partner, s);
    expect(relativeRigidResidual(F(ax), F(ay), F(bent), F(by), list, n, partner, s)).toBeCloseTo(scannedResidual(ax, ay, bent, by), 3);
  });

  it('does not depend on the print\'s scale when the bend scales with it (a relative measure)', () => {
    const ax = [10, 50, 80, 30, 60], ay = [15, 20, 70, 90, 40], bx = [12, 47, 84, 33, 58], by = [14, 25, 66, 88, 45];
    const list = Int16Array.from([0, 1, 2, 3, 4]), partner = Int16Array.from([0, 1, 2, 3, 4]);
    const at = (k: number): number => {
      const F = (v: number[]) => Float32Array.from(v.map((x) => x * k));
      const s = sums();
      sumRigidFit(F(ax), F(ay), F(bx), F(by), list, 5, partner, s);
      return relativeRigidResidual(F(ax), F(ay), F(bx), F(by), list, 5, partner, s);
    };
    expect(at(2)).toBeCloseTo(at(1), 4);
  });
});

describe('residualFactor', () => {
  it('is 1 up to the scale, falls as (scale / r)^exponent beyond, and 1 when off', () => {
    expect(residualFactor(0.08, 0.12, 2)).toBe(1);
    expect(residualFactor(0.24, 0.12, 1)).toBeCloseTo(0.5, 12);
    expect(residualFactor(0.24, 0.12, 2)).toBeCloseTo(0.25, 12);
    expect(residualFactor(5, 0, 1)).toBe(1);
  });
});

const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT);

describe('pairingResidualScale', () => {
  const fingers = [101, 102, 103, 104, 105];
  const prints = fingers.flatMap((f) => [1, 2].map((i) => prepareTemplate(iso('DB1_B', `${f}_${i}`))));

  it('off (0) or above every pairing\'s residual leaves every score as it is', () => {
    const far = { ...MATCHING_PARAMETERS, pairingResidualScale: 1e9 };
    for (const a of prints) for (const b of prints) {
      if (a === b) continue;
      const s = compareTemplates(a, b);
      expect(compareTemplates(a, b, { ...MATCHING_PARAMETERS, pairingResidualScale: 0 })).toBe(s);
      expect(compareTemplates(a, b, far)).toBeCloseTo(s, 9);
    }
  });

  it('lowers a score by the factor of its best pairing\'s relative residual, impostors more than genuine pairs', () => {
    const on = { ...MATCHING_PARAMETERS, pairingResidualScale: 0.1, pairingResidualExponent: 1 };
    const genuine: number[] = [], impostor: number[] = [];
    for (let i = 0; i < prints.length; i++) for (let j = 0; j < prints.length; j++) {
      if (i === j) continue;
      const s = compareTemplates(prints[i], prints[j]);
      if (!(s > 0) || compareTemplatesDetailed(prints[i], prints[j]).pairs.length < 3) continue;
      const f = compareTemplates(prints[i], prints[j], on) / s;
      expect(f).toBeLessThanOrEqual(1);
      expect(f).toBeGreaterThan(0);
      (Math.floor(i / 2) === Math.floor(j / 2) ? genuine : impostor).push(f);
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(mean(genuine)).toBeGreaterThan(0.95);
    expect(mean(impostor)).toBeLessThan(mean(genuine) - 0.2);
  });
});

describe('pairingResidualPerRoot', () => {
  const fingers = [101, 102, 103, 104, 105, 106];
  const prints = fingers.flatMap((f) => [1, 2, 3].map((i) => prepareTemplate(iso('DB1_B', `${f}_${i}`))));
  const finalOnly = { ...MATCHING_PARAMETERS, pairingResidualScale: 0.1 };
  const perRoot = { ...finalOnly, pairingResidualPerRoot: 1 };

  it('does nothing while pairingResidualScale is off, nor when no pairing exceeds the scale', () => {
    const off = { ...MATCHING_PARAMETERS, pairingResidualPerRoot: 1 };
    const far = { ...MATCHING_PARAMETERS, pairingResidualScale: 1e9, pairingResidualPerRoot: 1 };
    for (const a of prints) for (const b of prints) {
      if (a === b) continue;
      const s = compareTemplates(a, b);
      expect(compareTemplates(a, b, off)).toBe(s);
      expect(compareTemplates(a, b, far)).toBeCloseTo(s, 9);
    }
  });

  it('keeps the best pairing when it is consistent, and otherwise may choose another root', () => {
    let changed = 0;
    for (const a of prints) for (const b of prints) {
      if (a === b) continue;
      const shipped = compareTemplates(a, b), once = compareTemplates(a, b, finalOnly), each = compareTemplates(a, b, perRoot);
      // the unfactored best's factor is 1: no other root's factored score can pass it
      if (once === shipped) expect(each).toBe(once);
      else if (each !== once) changed++;
    }
    expect(changed).toBeGreaterThan(0);
  });
});
