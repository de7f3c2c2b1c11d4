import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesDetailed, prepareTemplate, type PreparedTemplate } from '../../src/matching/index.js';
import { emptyElasticPairing, refinePairsElastically } from '../../src/matching/refine-pairs-elastically.js';
import { MATCHING_PARAMETERS as SHIPPED_MATCHING } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// These fixtures carry no orientation map, and the scores pinned here are the minutia geometry's:
// the map's weight is 0, so no score is equated (orientationAgreementWeight; the map, its
// agreement and the equating are tested in compare-orientation-maps.test.ts).
const MATCHING_PARAMETERS = Object.freeze({ ...SHIPPED_MATCHING, orientationAgreementWeight: 0 });

// These tests guard the pairing and each option's mechanism on the matcher as it was before the
// MCC gate was switched on (its nine parameters at their former defaults); the shipped matcher
// is pinned in tests/matching/shipped-matcher.test.ts.
vi.mock('../../src/config/parameters/matching.js', async (importOriginal) => (await import('../helpers/pre-gate-matching.js')).preGateMatchingModule(importOriginal));

const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT); // as stored: these tests guard the matcher, not the codec's placement
const ON = Object.freeze({ ...MATCHING_PARAMETERS, elasticPairTolerance: 10 });

/**
 * The template scaled by `s` about its centre and bent: a smooth shift of up to `bend` pixels
 * across the print (a sine over its width, as pressure drags the skin), directions turned with
 * the local rotation of the bend. Minutiae keep their order.
 */
function warp(t: Template, s: number, bend: number): Template {
  const cx = t.width / 2, cy = t.height / 2;
  const k = Math.PI / t.width;
  const minutiae = t.minutiae.map((m) => {
    const x = (m.x - cx) * s, y = (m.y - cy) * s;
    // shift along y by bend · sin(k x): the tangent turns by atan(bend · k · cos(k x))
    const turn = Math.atan(bend * k * s * Math.cos(k * x));
    return { ...m, x: x + cx + 100, y: y + cy + 100 + bend * Math.sin(k * x), angle: (((m.angle - turn) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) };
  });
  return { ...t, width: t.width + 200, height: t.height + 200, minutiae };
}

/** A pairing of P and C as the matcher holds it: the probe's partners and the pairing order. */
function pairing(P: PreparedTemplate, pairs: readonly (readonly [number, number])[]) {
  const pairOf = new Int16Array(256).fill(-1);
  const order = new Int16Array(256);
  pairs.forEach(([p, c], k) => { pairOf[p] = c; order[k] = p; });
  return { pairOf, order, count: pairs.length, support: new Uint16Array(256), n: P.count };
}

describe('refinePairsElastically', () => {
  const a1 = iso('DB1_B', '101_1');

  it('pairs the minutiae a known scale and bend moved, each with its own image, from a central part of the pairing', () => {
    for (const [s, bend] of [[1.08, 0], [0.92, 6], [1.1, 8]] as const) {
      const P = prepareTemplate(a1), C = prepareTemplate(warp(a1, s, bend));
      // the 10 probe minutiae nearest the print's centre, paired with their own images
      const mx = a1.width / 2, my = a1.height / 2;
      const central = [...Array(P.count).keys()].sort((i, j) => Math.hypot(P.x[i] - mx, P.y[i] - my) - Math.hypot(P.x[j] - mx, P.y[j] - my)).slice(0, 10);
      const g = pairing(P, central.map((p) => [p, p] as const));
      const out = emptyElasticPairing();
      const n = refinePairsElastically(P, C, g.pairOf, g.order, g.count, g.support, ON, out);
      expect(n).toBeGreaterThan(g.count);
      expect(out.scale).toBeCloseTo(s, 1);
      let right = 0;
      for (let k = g.count; k < n; k++) if (g.pairOf[g.order[k]] === g.order[k]) right++;
      // most of the print is paired again, nearly all of it correctly
      expect(n).toBeGreaterThan(0.7 * P.count);
      expect(right).toBeGreaterThan(0.9 * (n - g.count));
      expect(out.added).toBe(n - g.count);
      // the re-measured pairing is confirmed by its edges almost everywhere
      expect(out.confirmed).toBeGreaterThan(0.8 * n);
    }
  });

  it('refuses a warp whose scale leaves the bound and leaves the pairing as it was', () => {
    const P = prepareTemplate(a1), C = prepareTemplate(warp(a1, 1.25, 0));
    const g = pairing(P, [...Array(12).keys()].map((p) => [p, p] as const));
    const before = g.pairOf.slice();
    expect(refinePairsElastically(P, C, g.pairOf, g.order, g.count, g.support, ON, emptyElasticPairing())).toBe(-1);
    expect(g.pairOf).toEqual(before);
    // the same pairing is taken with a bound that admits the scale
    expect(refinePairsElastically(P, C, g.pairOf, g.order, g.count, g.support, { ...ON, elasticScaleBound: 0.3 }, emptyElasticPairing())).toBeGreaterThan(12);
  });

  it('refuses a pairing that would need a larger bend than the bound (an impostor-like pairing)', () => {
    const P = prepareTemplate(a1), C = prepareTemplate(iso('DB1_B', '102_1'));
    // the impostor's best pairing as the matcher found it
    const d = compareTemplatesDetailed(P, C, MATCHING_PARAMETERS);
    const src = (T: PreparedTemplate, i: number) => T.sourceIndex.indexOf(i);
    const g = pairing(P, d.pairs.map((q) => [src(P, q.probe), src(C, q.candidate)] as const));
    const out = emptyElasticPairing();
    const n = refinePairsElastically(P, C, g.pairOf, g.order, g.count, g.support, ON, out);
    // either refused, or it adds at most a few chance pairs
    if (n >= 0) expect(out.added).toBeLessThanOrEqual(3);
    // arbitrary pairs (probe i with candidate i) across two different prints need far more bending
    const h = pairing(P, [...Array(12).keys()].map((p) => [p, p] as const));
    expect(refinePairsElastically(P, C, h.pairOf, h.order, h.count, h.support, ON, emptyElasticPairing())).toBe(-1);
  });
});

describe('compareTemplates with elastic re-pairing', () => {
  const names = ['101', '102', '103', '104', '105'];
  const first = names.map((f) => iso('DB1_B', `${f}_1`));
  const second = names.map((f) => iso('DB1_B', `${f}_2`));

  it('off (0, whatever its other settings) gives the shipped scores to the last bit', () => {
    // the hash of tests/matching/compare-templates.test.ts ("the same scores as before the speed work", shipped)
    const templates = names.flatMap((f) => [1, 2, 3, 4].map((i) => iso('DB1_B', `${f}_${i}`)));
    const params = { ...MATCHING_PARAMETERS, elasticPairTolerance: 0, elasticBandLow: 0, elasticBandHigh: 0, elasticScaleBound: 0.5 };
    const p = templates.map((t) => prepareTemplate(t, params));
    const scores = new Float64Array(p.length * p.length);
    for (let a = 0; a < p.length; a++) for (let b = 0; b < p.length; b++) if (a !== b) scores[a * p.length + b] = compareTemplates(p[a], p[b], params);
    expect(createHash('sha256').update(new Uint8Array(scores.buffer)).digest('hex').slice(0, 16)).toBe('187124c84a9d2954');
  });

  it('a second impression scaled and bent gets back much of the score the distortion cost; impostor comparisons stay far below it', () => {
    const all = { ...ON, elasticBandLow: 0, elasticBandHigh: 0 };
    for (let k = 0; k < names.length; k++) {
      const P = prepareTemplate(first[k]);
      const C = prepareTemplate(warp(second[k], 1.1, 6));
      const undistorted = compareTemplates(P, prepareTemplate(second[k]), MATCHING_PARAMETERS);
      const off = compareTemplates(P, C, MATCHING_PARAMETERS);
      const on = compareTemplatesDetailed(P, C, all);
      expect(off).toBeLessThan(0.9 * undistorted);
      expect(on.score).toBeGreaterThan(off + 0.4 * (undistorted - off));
      expect(on.pairs.length).toBeGreaterThanOrEqual(compareTemplatesDetailed(P, C, MATCHING_PARAMETERS).pairs.length);
      for (let j = 0; j < names.length; j++) {
        if (j === k) continue;
        const imp = compareTemplates(prepareTemplate(first[j]), C, all);
        expect(imp).toBeLessThan(0.5 * on.score);
      }
    }
  });
});
