import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Minutia, Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesDetailed, prepareFlatTemplate, prepareTemplate } from '../../src/matching/index.js';
import { rootLength } from '../../src/matching/prepare-template.js';
import { MATCHING_PARAMETERS as SHIPPED_MATCHING, type MatchingParameters } from '../../src/config/parameters/matching.js';

import { FIXTURES } from '../helpers/data.js';

// These fixtures carry no orientation map, and the scores pinned here are the minutia geometry's:
// the map's weight is 0, so no score is equated (orientationAgreementWeight; the map, its
// agreement and the equating are tested in compare-orientation-maps.test.ts).
const MATCHING_PARAMETERS = Object.freeze({ ...SHIPPED_MATCHING, orientationAgreementWeight: 0 });

// These tests guard the pairing and each option's mechanism on the matcher as it was before the
// MCC gate was switched on (its nine parameters at their former defaults); the shipped matcher
// is pinned in tests/matching/shipped-matcher.test.ts.
vi.mock('../../src/config/parameters/matching.js', async (importOriginal) => (await import('../helpers/pre-gate-matching.js')).preGateMatchingModule(importOriginal));

/** Third-party ISO templates (SecuGen, FVC2002 DB1_B) committed in tests/fixtures/iso19794-2. */
const DATA = FIXTURES;
const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${DATA}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT); // as stored: these tests guard the matcher, not the codec's placement

/** Rotates (radians, counter-clockwise on screen) and shifts a template, growing the canvas to hold it. */
function transform(t: Template, rot: number, dx: number, dy: number): Template {
  const cx = t.width / 2, cy = t.height / 2;
  const c = Math.cos(rot), s = Math.sin(rot);
  const pad = 400;
  const minutiae: Minutia[] = t.minutiae.map((m) => {
    const x = m.x - cx, y = m.y - cy;
    // screen counter-clockwise with y down: (x, y) → (x c + y s, −x s + y c)
    return { ...m, x: x * c + y * s + cx + dx + pad, y: -x * s + y * c + cy + dy + pad, angle: (((m.angle + rot) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) };
  });
  return { ...t, width: t.width + 2 * pad, height: t.height + 2 * pad, minutiae };
}

describe('compareTemplates', () => {
  const a1 = iso('DB1_B', '101_1');
  const a2 = iso('DB1_B', '101_2');
  const b1 = iso('DB1_B', '102_1');

  it('scores a finger against itself far above another finger', () => {
    const pa = prepareTemplate(a1);
    expect(compareTemplates(pa, pa, MATCHING_PARAMETERS)).toBeGreaterThan(3 * compareTemplates(pa, prepareTemplate(b1), MATCHING_PARAMETERS));
  });

  it('is invariant to rotation and translation', () => {
    const pa = prepareTemplate(a1);
    const self = compareTemplates(pa, pa, MATCHING_PARAMETERS);
    for (const [rot, dx, dy] of [[0.5, 30, -20], [Math.PI, 0, 0], [-1.2, -50, 80]] as const) {
      const moved = prepareTemplate(transform(a1, rot, dx, dy));
      expect(compareTemplates(pa, moved, MATCHING_PARAMETERS)).toBeGreaterThan(0.9 * self);
      const d = compareTemplatesDetailed(pa, moved, MATCHING_PARAMETERS);
      const correct = d.pairs.filter((p) => p.probe === p.candidate).length;
      expect(correct).toBeGreaterThan(0.9 * d.pairs.length);
      expect(d.pairs.length).toBeGreaterThan(0.8 * a1.minutiae.length);
    }
  });

  it('keeps genuine above impostor scores on real third-party templates', () => {
    const names = ['101', '102', '103', '104', '105'];
    const t = names.flatMap((f) => [1, 2, 3, 4].map((i) => ({ f, p: prepareTemplate(iso('DB1_B', `${f}_${i}`)) })));
    const gen: number[] = [];
    const imp: number[] = [];
    for (let a = 0; a < t.length; a++) for (let b = a + 1; b < t.length; b++) (t[a].f === t[b].f ? gen : imp).push(compareTemplates(t[a].p, t[b].p, MATCHING_PARAMETERS));
    gen.sort((x, y) => x - y);
    imp.sort((x, y) => x - y);
    expect(gen[Math.floor(gen.length / 2)]).toBeGreaterThan(imp[imp.length - 1]);
    expect(gen.filter((s) => s > imp[imp.length - 1]).length).toBeGreaterThan(0.8 * gen.length);
  });

  it('is deterministic and keeps no state between comparisons', () => {
    const pa = prepareTemplate(a1), pb = prepareTemplate(a2), pc = prepareTemplate(b1);
    const first = compareTemplates(pa, pb, MATCHING_PARAMETERS);
    compareTemplates(pc, pa, MATCHING_PARAMETERS);
    compareTemplatesDetailed(pb, pc, MATCHING_PARAMETERS);
    expect(compareTemplates(pa, pb, MATCHING_PARAMETERS)).toBe(first);
    expect(compareTemplatesDetailed(pa, pb, MATCHING_PARAMETERS).score).toBe(first);
  });

  it('scores 0 for empty or tiny templates and nothing else breaks', () => {
    const empty = prepareTemplate({ width: 100, height: 100, ppi: 500, quality: 0, minutiae: [] });
    const one = prepareTemplate({ width: 100, height: 100, ppi: 500, quality: 0, minutiae: [{ x: 5, y: 5, angle: 1, type: 'ending', quality: 50 }] });
    const pa = prepareTemplate(a1);
    expect(compareTemplates(empty, pa, MATCHING_PARAMETERS)).toBe(0);
    expect(compareTemplates(pa, empty, MATCHING_PARAMETERS)).toBe(0);
    expect(compareTemplates(one, one, MATCHING_PARAMETERS)).toBe(0);
    expect(compareTemplatesDetailed(empty, pa, MATCHING_PARAMETERS).pairs).toEqual([]);
  });

  it('prepares flat arrays exactly like Template objects', () => {
    const codes = { other: 0, ending: 1, bifurcation: 2 } as const;
    for (const t of [a1, b1, { ...a1, ppi: 1000, width: 800, height: 800, minutiae: a1.minutiae.map((m) => ({ ...m, x: m.x * 2, y: m.y * 2 })) }]) {
      const flat = prepareFlatTemplate({
        count: t.minutiae.length, ppi: t.ppi,
        x: t.minutiae.map((m) => m.x), y: t.minutiae.map((m) => m.y), angle: t.minutiae.map((m) => m.angle),
        type: t.minutiae.map((m) => codes[m.type]), quality: t.minutiae.map((m) => m.quality),
      });
      const obj = prepareTemplate(t);
      expect(Array.from(flat.edgeKey)).toEqual(Array.from(obj.edgeKey));
      expect(Array.from(flat.x)).toEqual(Array.from(obj.x));
      expect(compareTemplates(flat, prepareTemplate(a2), MATCHING_PARAMETERS)).toBe(compareTemplates(obj, prepareTemplate(a2), MATCHING_PARAMETERS));
    }
  });

  it('keeps the most reliable minutiae when there are more than maxMinutiae', () => {
    const minutiae: Minutia[] = [];
    for (let k = 0; k < 150; k++) minutiae.push({ x: (k * 37) % 400, y: (k * 53) % 400, angle: (k * 0.7) % 6.28, type: 'ending', quality: (k * 7) % 101 });
    const p = prepareTemplate({ width: 400, height: 400, ppi: 500, quality: 50, minutiae });
    expect(p.count).toBe(96);
    const kept = Array.from(p.sourceIndex).map((i) => minutiae[i].quality);
    const dropped = minutiae.filter((_, i) => !Array.from(p.sourceIndex).includes(i)).map((m) => m.quality);
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...dropped));
  });

  it('handles 255 minutiae, coincident minutiae and other resolutions', () => {
    const many: Minutia[] = [];
    for (let k = 0; k < 255; k++) many.push({ x: (k * 37) % 500, y: (k * 53) % 500, angle: (k * 0.7) % 6.28, type: k % 2 ? 'ending' : 'bifurcation', quality: k % 101 });
    for (let k = 0; k < 5; k++) many[k] = { ...many[0] };
    const big = prepareTemplate({ width: 500, height: 500, ppi: 500, quality: 50, minutiae: many });
    expect(compareTemplates(big, big, MATCHING_PARAMETERS)).toBeGreaterThan(0);
    // the same finger described at 1000 ppi (coordinates doubled) compares like the original
    const hi = prepareTemplate({ ...a1, width: a1.width * 2, height: a1.height * 2, ppi: a1.ppi * 2, minutiae: a1.minutiae.map((m) => ({ ...m, x: m.x * 2, y: m.y * 2 })) });
    const pa = prepareTemplate(a1);
    expect(compareTemplates(pa, hi, MATCHING_PARAMETERS)).toBeCloseTo(compareTemplates(pa, pa, MATCHING_PARAMETERS), 0);
  });

  it('casts the votes of a full list of root matches and goes on, scoring as before the list', () => {
    // a lattice of alike minutiae: with 32 neighbours, 500,000-800,000 bucket entries pass the
    // root tolerances, many times the 65,536 that the list of passing entries holds at once
    const lattice = (n: number, angle: number, jitter: boolean): Template => ({
      width: 600, height: 600, ppi: 500, quality: 50,
      minutiae: Array.from({ length: n }, (_, k) => ({
        x: 30 + (k % 16) * 20 + (jitter ? (k * 7) % 3 : 0), y: 30 + Math.floor(k / 16) * 20 + (jitter ? (k * 5) % 3 : 0),
        angle, type: k % 2 ? 'ending' : 'bifurcation', quality: 60,
      }) as Minutia),
    });
    const params = { ...MATCHING_PARAMETERS, maxMinutiae: 255, neighbours: 32 };
    const a = prepareTemplate(lattice(255, 1, false), params);
    // scores of the matcher that cast each vote as it was found (main ae360ad), to the last bit
    expect(compareTemplates(a, prepareTemplate(lattice(255, 1, false), params), params)).toBe(4077.029411764706);
    expect(compareTemplates(a, prepareTemplate(lattice(200, 1.05, true), params), params)).toBe(2422.3926005314875);
  });
});

describe('compareTemplates: options for distorted prints (off by default)', () => {
  const names = ['101', '102', '103', '104', '105'];
  const templates = names.flatMap((f) => [1, 2, 3, 4].map((i) => ({ f, t: iso('DB1_B', `${f}_${i}`) })));
  const withShare = Object.freeze({ ...MATCHING_PARAMETERS, overlapShareExponent: 1 });
  const median = (v: number[]): number => v.sort((x, y) => x - y)[Math.floor(v.length / 2)];

  it('prepares the convex hull of the minutiae only for the overlap term', () => {
    expect(prepareTemplate(templates[0].t).hull.length).toBe(0);
    for (const { t } of templates) {
      const p = prepareTemplate(t, withShare);
      const h = p.hull;
      expect(h.length).toBeGreaterThanOrEqual(12);
      for (let i = 0; i < p.count; i++) {
        // every minutia on the inner side of every hull edge (or on it)
        for (let k = 0; k < h.length; k += 4) expect(h[k + 2] * (p.y[i] - h[k + 1]) - h[k + 3] * (p.x[i] - h[k])).toBeGreaterThan(-1e-3);
      }
    }
  });

  it('overlap term: a print against a moved copy of itself keeps nearly all its score (the pairing leaves a few minutiae out)', () => {
    const pa = prepareTemplate(templates[0].t, withShare);
    const moved = prepareTemplate(transform(templates[0].t, 0.7, 40, -25), withShare);
    const plain = compareTemplates(prepareTemplate(templates[0].t), prepareTemplate(transform(templates[0].t, 0.7, 40, -25)), MATCHING_PARAMETERS);
    expect(compareTemplates(pa, moved, withShare)).toBeGreaterThan(0.85 * plain);
  });

  it('overlap term: impostor scores fall much more than genuine ones', () => {
    const gen: number[] = [], imp: number[] = [];
    for (let a = 0; a < templates.length; a++) {
      for (let b = a + 1; b < templates.length; b++) {
        const off = compareTemplates(prepareTemplate(templates[a].t), prepareTemplate(templates[b].t), MATCHING_PARAMETERS);
        const on = compareTemplates(prepareTemplate(templates[a].t, withShare), prepareTemplate(templates[b].t, withShare), withShare);
        expect(on).toBeLessThanOrEqual(off + 1e-9);
        if (off > 0) (templates[a].f === templates[b].f ? gen : imp).push(on / off);
      }
    }
    expect(median(gen)).toBeGreaterThan(0.6);
    expect(median(imp)).toBeLessThan(0.45);
  });

  it('overlap term: the hull rows decide a point as the hull test does, and decide most points', () => {
    // the exact test of compare-templates.ts: inside when within `margin` of every edge's inner side
    const exact = (h: Float32Array, x: number, y: number, m: number): boolean => {
      for (let k = 0; k < h.length; k += 4) if (h[k + 2] * (y - h[k + 1]) - h[k + 3] * (x - h[k]) < -m) return false;
      return true;
    };
    let decided = 0, total = 0, seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const { t } of templates) {
      const p = prepareTemplate(t, withShare);
      const h = p.hull, rows = p.hullRows, m = withShare.overlapMargin;
      expect(rows[1]).toBe(m);
      for (let i = 0; i < 4000; i++) {
        const x = -50 + rnd() * 600, y = -50 + rnd() * 600;
        const r = Math.floor((y - rows[0]) / 8);
        if (r < 0 || r >= rows[2]) continue;
        total++;
        const o = 3 + 4 * r;
        if (x >= rows[o] && x <= rows[o + 1]) { expect(exact(h, x, y, m)).toBe(true); decided++; } else if (x < rows[o + 2] || x > rows[o + 3]) { expect(exact(h, x, y, m)).toBe(false); decided++; }
      }
    }
    // points in the rows' span (the hull's height and a margin): most are decided by the rows
    expect(total).toBeGreaterThan(20000);
    expect(decided).toBeGreaterThan(0.8 * total);
  });

  it('overlap term: the same scores to the last bit with the hull rows as with the hull test alone', () => {
    const prepared = templates.map(({ t }) => prepareTemplate(t, withShare));
    // without rows the overlap term tests every point against every hull edge
    const exactOnly = prepared.map((p) => ({ ...p, hullRows: new Float64Array(0) }));
    let differ = 0, pairs = 0;
    for (let a = 0; a < prepared.length; a++) {
      for (let b = 0; b < prepared.length; b++) {
        if (a === b) continue;
        pairs++;
        if (!Object.is(compareTemplates(prepared[a], prepared[b], withShare), compareTemplates(exactOnly[a], exactOnly[b], withShare))) differ++;
      }
    }
    expect(pairs).toBe(380);
    expect(differ).toBe(0);
  });

  it('overlap term weighted by quality (overlapShareQuality): low-quality false minutiae lower a genuine score less; qualities of 100 give the counted share to the last bit', () => {
    const at100 = (t: Template): Template => ({ ...t, minutiae: t.minutiae.map((m) => ({ ...m, quality: 100 })) });
    const weighted = Object.freeze({ ...withShare, overlapShareQuality: 2 });
    // the shipped preparation keeps no qualities; the option's does
    expect(prepareTemplate(templates[0].t).quality).toBeNull();
    expect(prepareTemplate(templates[0].t, weighted).quality).not.toBeNull();
    for (let a = 0; a < 8; a++) {
      for (let b = a + 1; b < 8; b++) {
        const [ta, tb] = [at100(templates[a].t), at100(templates[b].t)];
        expect(compareTemplates(prepareTemplate(ta, weighted), prepareTemplate(tb, weighted), weighted)).toBe(compareTemplates(prepareTemplate(ta, withShare), prepareTemplate(tb, withShare), withShare));
      }
    }
    // a faint impression: the second print with false minutiae of quality 5 scattered over its
    // area (a fixed pseudo-random sequence), its own minutiae of quality 80
    let seed = 4242;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const sure = (t: Template): Template => ({ ...t, minutiae: t.minutiae.map((m) => ({ ...m, quality: 80 })) });
    const a = sure(templates[0].t), b = sure(templates[1].t);
    const xs = b.minutiae.map((m) => m.x), ys = b.minutiae.map((m) => m.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const noise: Minutia[] = b.minutiae.slice(0, 20).map((m) => ({ ...m, x: x0 + rnd() * (x1 - x0), y: y0 + rnd() * (y1 - y0), angle: rnd() * 2 * Math.PI, quality: 5 }));
    const faint: Template = { ...b, minutiae: [...b.minutiae, ...noise] };
    const score = (p: MatchingParameters, t: Template): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(t, p), p);
    expect(score(withShare, faint)).toBeLessThan(0.9 * score(withShare, b));
    expect(score(weighted, faint)).toBeGreaterThan(1.1 * score(withShare, faint));
    expect(score(weighted, faint)).toBeLessThanOrEqual(score(weighted, b) + 1e-9);
  });

  it('length-dependent angle tolerance: 0 is the shipped matcher, other values still separate fingers', () => {
    const a = prepareTemplate(templates[0].t), b = prepareTemplate(templates[1].t), c = prepareTemplate(templates[4].t);
    expect(compareTemplates(a, b, { ...MATCHING_PARAMETERS, angleToleranceLengthShare: 0 })).toBe(compareTemplates(a, b, MATCHING_PARAMETERS));
    const varied = { ...MATCHING_PARAMETERS, angleToleranceLengthShare: 0.5 };
    expect(compareTemplates(a, b, varied)).not.toBe(compareTemplates(a, b, MATCHING_PARAMETERS));
    expect(compareTemplates(a, b, varied)).toBeGreaterThan(2 * compareTemplates(a, c, varied));
  });
});

describe('compareTemplates: options for a wrongly stated resolution (off by default)', () => {
  /** The template as a sensor whose resolution is off by `s` would give it, still declared at its ppi. */
  const scaled = (t: Template, s: number): Template => ({
    ...t, width: Math.ceil(t.width * s), height: Math.ceil(t.height * s),
    minutiae: t.minutiae.map((m) => ({ ...m, x: m.x * s, y: m.y * s })),
  });
  const names = ['101', '102', '103', '104'];
  const first = names.map((f) => iso('DB1_B', `${f}_1`));
  const second = names.map((f) => iso('DB1_B', `${f}_2`));
  const both = Object.freeze({ ...MATCHING_PARAMETERS, rootDistanceToleranceRelative: 0.1, maxScaleError: 0.15 });

  it('root lengths: the length itself when off; a relative tolerance becomes a fixed one', () => {
    expect(rootLength(87.5, MATCHING_PARAMETERS)).toBe(87.5);
    const p = { ...MATCHING_PARAMETERS, rootDistanceToleranceRelative: 0.1 };
    const a = p.rootDistanceTolerance;
    for (const L of [10, 40, 90, 180]) {
      // lengths a + b·L apart are about a apart in root units, at any length
      const d = rootLength(L + a + 0.1 * L, p) - rootLength(L, p);
      expect(d).toBeGreaterThan(0.85 * a);
      expect(d).toBeLessThan(1.05 * a);
    }
    const off = prepareTemplate(first[0]);
    expect(off.edgeRootLength).toBe(off.edgeLength);
    const on = prepareTemplate(first[0], p);
    expect(on.edgeRootLength[5]).toBeCloseTo(rootLength(on.edgeLength[5], p), 4);
  });

  it('0 is the shipped matcher', () => {
    const a = prepareTemplate(first[0]), b = prepareTemplate(second[0]);
    const zero = { ...MATCHING_PARAMETERS, rootDistanceToleranceRelative: 0, maxScaleError: 0 };
    expect(compareTemplates(prepareTemplate(first[0], zero), prepareTemplate(second[0], zero), zero)).toBe(compareTemplates(a, b, MATCHING_PARAMETERS));
  });

  it('a finger scaled by 18 % keeps more of its score with both options, and fingers stay apart', () => {
    let gainOff = 0, gainOn = 0;
    for (let k = 0; k < names.length; k++) {
      const big = scaled(second[k], 1.18);
      const off = compareTemplates(prepareTemplate(first[k]), prepareTemplate(big), MATCHING_PARAMETERS);
      const on = compareTemplates(prepareTemplate(first[k], both), prepareTemplate(big, both), both);
      const unscaled = compareTemplates(prepareTemplate(first[k]), prepareTemplate(second[k]), MATCHING_PARAMETERS);
      gainOff += off / unscaled; gainOn += on / unscaled;
      for (let j = 0; j < names.length; j++) {
        if (j === k) continue;
        expect(compareTemplates(prepareTemplate(first[j], both), prepareTemplate(big, both), both)).toBeLessThan(0.5 * on);
      }
    }
    expect(gainOn / names.length).toBeGreaterThan(gainOff / names.length + 0.1);
  });
});

describe('compareTemplates: the same scores as before the speed work (issue 12)', () => {
  // SHA-256 (first 16 hex digits) of the scores of all 380 ordered pairs of the 20 DB1_B
  // fixtures, computed with main 07b788d's matcher (before the growth's angle masks): the masks
  // and the fast paths must find exactly what the sweeps along the edge lists found, also where
  // a probe edge's angle tolerance exceeds the masks' (the length-dependent tolerance, 2 rad),
  // with the scale options, with 32 neighbours (masks of 32 bits) and with a lookup table too
  // large to be held
  const templates = ['101', '102', '103', '104', '105'].flatMap((f) => [1, 2, 3, 4].map((i) => iso('DB1_B', `${f}_${i}`)));
  const cases: [string, Partial<MatchingParameters>, string][] = [
    ['shipped', {}, '187124c84a9d2954'],
    ['angleToleranceLengthShare 0.5', { angleToleranceLengthShare: 0.5 }, '610d0e810e108a3b'],
    ['angleTolerance 1.2', { angleTolerance: 1.2 }, '358ea45df5a0f758'],
    ['angleTolerance 2', { angleTolerance: 2 }, '25e36cb8d939cc65'],
    ['maxScaleError 0.2, rootDistanceToleranceRelative 0.05', { maxScaleError: 0.2, rootDistanceToleranceRelative: 0.05 }, 'edb017a9387f2598'],
    ['32 neighbours', { neighbours: 32, maxMinutiae: 255 }, '9b3b75537b41374f'],
    // 294,912 buckets: the probe's table too large to be held, votes from the table object
    ['rootAngleTolerance 0.02', { rootAngleTolerance: 0.02 }, '680bb096a8bcafa5'],
  ];
  it.each(cases)('%s', (_name, change, hash) => {
    const params = { ...MATCHING_PARAMETERS, ...change };
    const p = templates.map((t) => prepareTemplate(t, params));
    const scores = new Float64Array(p.length * p.length);
    for (let a = 0; a < p.length; a++) for (let b = 0; b < p.length; b++) if (a !== b) scores[a * p.length + b] = compareTemplates(p[a], p[b], params);
    expect(createHash('sha256').update(new Uint8Array(scores.buffer)).digest('hex').slice(0, 16)).toBe(hash);
  });
});

describe('compareTemplates on arbitrary valid templates (fuzz)', () => {
  it('always returns a finite score ≥ 0, pairs within range, and never throws', async () => {
    const fc = (await import('fast-check')).default;
    const arbMinutia = fc.record({
      x: fc.integer({ min: 0, max: 399 }),
      y: fc.integer({ min: 0, max: 399 }),
      angle: fc.double({ min: 0, max: 2 * Math.PI, maxExcluded: true, noNaN: true }),
      type: fc.constantFrom<Minutia['type']>('ending', 'bifurcation', 'other'),
      quality: fc.integer({ min: 0, max: 100 }),
    });
    const arbTemplate = fc.record({
      width: fc.constant(400), height: fc.constant(400),
      ppi: fc.constantFrom(250, 500, 1000),
      quality: fc.integer({ min: 0, max: 100 }),
      minutiae: fc.array(arbMinutia, { maxLength: 120 }),
    });
    fc.assert(
      fc.property(arbTemplate, arbTemplate, (a, b) => {
        const pa = prepareTemplate(a), pb = prepareTemplate(b);
        const d = compareTemplatesDetailed(pa, pb, MATCHING_PARAMETERS);
        expect(Number.isFinite(d.score)).toBe(true);
        expect(d.score).toBeGreaterThanOrEqual(0);
        expect(compareTemplates(pa, pb, MATCHING_PARAMETERS)).toBe(d.score);
        const seenP = new Set<number>(), seenC = new Set<number>();
        for (const p of d.pairs) {
          expect(p.probe).toBeGreaterThanOrEqual(0);
          expect(p.probe).toBeLessThan(a.minutiae.length);
          expect(p.candidate).toBeLessThan(b.minutiae.length);
          expect(seenP.has(p.probe) || seenC.has(p.candidate)).toBe(false);
          seenP.add(p.probe); seenC.add(p.candidate);
        }
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});
