import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import { ORIENTATION_MAP_LEVELS, type OrientationMap, type Template } from '../../src/templates/index.js';
import { compareTemplates, prepareFlatTemplate, prepareTemplate } from '../../src/matching/index.js';
import { minutiaHull, overlapHull, overlapHullRows, probeOrientation } from '../../src/matching/prepare-template.js';
import { cylindersBuilt, cylindersOf } from '../../src/matching/build-minutia-cylinders.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

/**
 * Single-use preparation (1:N's gallery fingers, prepared afresh for one comparison): the hull and
 * its rows are built on the comparison's first read, the cylinders are not cached; every score the
 * same to the last bit as with the ordinary preparation (the shipped matcher, and with the overlap
 * term and the gate on every comparison).
 */
const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const templates = ['101', '102', '103', '104', '105'].flatMap((f) => [1, 2, 3, 4].map((i) => iso(`${f}_${i}`)));
const SINGLE = { singleUse: true } as const;
const EVERYWHERE: MatchingParameters = Object.freeze({ ...MATCHING_PARAMETERS, mccBandLow: 0, mccBandHigh: 0, overlapBandLow: 0, overlapBandHigh: 0 });

describe('single-use preparation (PrepareOptions.singleUse)', () => {
  it('leaves the hull and its rows to the first read, then gives the ones preparation gives', () => {
    for (const t of templates) {
      const p = prepareTemplate(t), s = prepareTemplate(t, undefined, SINGLE);
      expect(p.hullDeferred === true).toBe(false);
      expect(s.hullDeferred).toBe(true);
      expect(s.singleUse).toBe(true);
      expect(s.hull.length).toBe(0);
      expect(s.hullRows.length).toBe(0);
      expect(p.hull.length).toBeGreaterThan(0);
      expect(Array.from(overlapHull(s))).toEqual(Array.from(p.hull));
      expect(Array.from(minutiaHull(s))).toEqual(Array.from(p.hull));
      expect(Array.from(overlapHullRows(s, MATCHING_PARAMETERS.overlapMargin))).toEqual(Array.from(p.hullRows));
      // everything else as the ordinary preparation
      for (const k of ['x', 'y', 'angle', 'edgeKey', 'edgeLength', 'weight', 'theta', 'quality'] as const) expect(s[k]).toEqual(p[k]);
    }
  });

  it('defers nothing without the overlap term: the hull stays empty as preparation leaves it', () => {
    const off: MatchingParameters = { ...MATCHING_PARAMETERS, overlapShareExponent: 0 };
    const s = prepareTemplate(templates[0], off, SINGLE);
    expect(s.hullDeferred).toBe(false);
    expect(overlapHull(s).length).toBe(0);
  });

  for (const [label, params] of [['shipped bands', MATCHING_PARAMETERS], ['term and gate on every comparison', EVERYWHERE]] as const) {
    it(`scores every ordered pair of 20 fixtures bit-identically as candidate and as probe (${label})`, () => {
      const ordinary = templates.map((t) => prepareTemplate(t, params));
      let compared = 0;
      for (let a = 0; a < templates.length; a++) {
        for (let b = 0; b < templates.length; b++) {
          if (a === b) continue;
          const want = compareTemplates(ordinary[a], ordinary[b], params);
          // prepared afresh for each comparison, as 1:N's second stage does
          expect(compareTemplates(ordinary[a], prepareTemplate(templates[b], params, SINGLE), params)).toBe(want);
          expect(compareTemplates(prepareTemplate(templates[a], params, SINGLE), prepareTemplate(templates[b], params, SINGLE), params)).toBe(want);
          compared++;
        }
      }
      expect(compared).toBe(380);
    });
  }

  it('a single-use template compared again scores the same (its hull and cylinders are built again)', () => {
    const p = prepareTemplate(templates[0], EVERYWHERE);
    const s = prepareTemplate(templates[1], EVERYWHERE, SINGLE);
    const first = compareTemplates(p, s, EVERYWHERE);
    for (let k = 2; k < 6; k++) compareTemplates(prepareTemplate(templates[k], EVERYWHERE), prepareTemplate(templates[k + 1], EVERYWHERE, SINGLE), EVERYWHERE);
    expect(compareTemplates(p, s, EVERYWHERE)).toBe(first);
    expect(first).toBe(compareTemplates(p, prepareTemplate(templates[1], EVERYWHERE), EVERYWHERE));
  });

  it('builds a single-use template\'s cylinders for a gated comparison without caching them; the probe\'s are cached', () => {
    const probe = prepareTemplate(templates[2], EVERYWHERE);
    const s = prepareTemplate(templates[3], EVERYWHERE, SINGLE);
    const o = prepareTemplate(templates[3], EVERYWHERE);
    compareTemplates(probe, s, EVERYWHERE);
    expect(cylindersBuilt(probe)).toBe(true);
    expect(cylindersBuilt(s)).toBe(false);
    compareTemplates(probe, o, EVERYWHERE);
    expect(cylindersBuilt(o)).toBe(true);
    const cs = cylindersOf(s), co = cylindersOf(o);
    expect(cylindersBuilt(s)).toBe(false);
    expect(cs.packed).toEqual(co.packed);
    expect(cs.bits).toEqual(co.bits);
    expect(cs.mask).toEqual(co.mask);
    // the relaxation's radial angles: a table filled as read for a cached template, none for a
    // single-use one (computed as the relaxation goes); the scores above are the same either way
    expect(cs.radial.length).toBe(0);
    expect(co.radial.length).toBe(o.count * o.count);
    const filled = co.radial.filter((v) => !Number.isNaN(v));
    expect(filled.length).toBeGreaterThan(0);
    for (let i = 0; i < o.count; i++) for (let j = 0; j < o.count; j++) {
      const v = co.radial[i * o.count + j];
      if (!Number.isNaN(v)) expect(v).toBe(Math.atan2(-(o.y[j] - o.y[i]), o.x[j] - o.x[i]) - (o.angle[i] * 2 * Math.PI) / 256);
    }
  });

  it('prepareFlatTemplate takes the option too', () => {
    const t = templates[4];
    const flat = {
      count: t.minutiae.length, x: t.minutiae.map((m) => m.x), y: t.minutiae.map((m) => m.y), angle: t.minutiae.map((m) => m.angle),
      type: t.minutiae.map((m) => (m.type === 'ending' ? 1 : m.type === 'bifurcation' ? 2 : 0)), quality: t.minutiae.map((m) => m.quality), ppi: t.ppi,
    };
    const s = prepareFlatTemplate(flat, undefined, SINGLE), p = prepareFlatTemplate(flat);
    expect(s.hullDeferred).toBe(true);
    expect(compareTemplates(prepareTemplate(templates[5]), s)).toBe(compareTemplates(prepareTemplate(templates[5]), p));
  });
});

/** A loop-shaped map of 16-px cells over the template's image, print inside its ellipse, turned by `turn`. */
function loopMapOf(t: Template, turn: number): OrientationMap {
  const cell = 16, columns = Math.ceil(t.width / cell), rows = Math.ceil(t.height / cell);
  const codes = new Uint8Array(columns * rows);
  for (let v = 0; v < rows; v++) for (let u = 0; u < columns; u++) {
    const x = (u + 0.5) * cell - t.width / 2, y = (v + 0.5) * cell - t.height / 2;
    if ((x / (0.5 * t.width)) ** 2 + (y / (0.5 * t.height)) ** 2 > 1) continue;
    const along = (Math.atan2(y, x) / 2 + turn + 4 * Math.PI) % Math.PI;
    codes[v * columns + u] = 1 + (Math.round((along / Math.PI) * ORIENTATION_MAP_LEVELS) % ORIENTATION_MAP_LEVELS);
  }
  return { cell, columns, rows, codes };
}

describe("a single-use template's orientation map (mapcost)", () => {
  const ON: MatchingParameters = Object.freeze({ ...MATCHING_PARAMETERS, orientationAgreementWeight: 16 });
  // the same finger's impressions carry nearly the same field, other fingers another turn
  const mapped = templates.map((t, k) => ({ ...t, orientationMap: loopMapOf(t, 0.4 * Math.floor(k / 4) + 0.03 * (k % 4)) }));

  it('is kept as its map and scale only, not decoded; as a probe it is prepared on use, the values preparation gives', () => {
    const s = prepareTemplate(mapped[0], ON, SINGLE), p = prepareTemplate(mapped[0], ON);
    expect(Object.keys(s.orientation!).sort()).toEqual(['map', 'scale']);
    expect(s.orientation!.scale).toBe(p.orientation!.scale);
    expect(s.orientation!.map).toBe(mapped[0].orientationMap);
    expect(probeOrientation(p)).toBe(p.orientation);
    const q = probeOrientation(s)!;
    expect(q).toEqual(p.orientation);
    expect(probeOrientation(s)).toBe(q);
    expect(prepareTemplate(mapped[0], { ...ON, orientationAgreementWeight: 0 }, SINGLE).orientation).toBeNull();
    expect(probeOrientation(prepareTemplate(templates[0], ON, SINGLE))).toBeNull();
  });

  it('scores every ordered pair of 20 fixtures with maps bit-identically as candidate and as probe (weight 16)', () => {
    const ordinary = mapped.map((t) => prepareTemplate(t, ON));
    const off = { ...ON, orientationAgreementWeight: 0 };
    let changed = 0;
    for (let a = 0; a < mapped.length; a++) {
      for (let b = 0; b < mapped.length; b++) {
        if (a === b) continue;
        const want = compareTemplates(ordinary[a], ordinary[b], ON);
        expect(compareTemplates(ordinary[a], prepareTemplate(mapped[b], ON, SINGLE), ON)).toBe(want);
        expect(compareTemplates(prepareTemplate(mapped[a], ON, SINGLE), prepareTemplate(mapped[b], ON, SINGLE), ON)).toBe(want);
        // a single-use probe against two candidates in turn, and a probe without a map
        const probe = prepareTemplate(mapped[a], ON, SINGLE);
        expect(compareTemplates(probe, prepareTemplate(mapped[(b + 1) % mapped.length], ON, SINGLE), ON)).toBe(compareTemplates(ordinary[a], ordinary[(b + 1) % mapped.length], ON));
        expect(compareTemplates(probe, prepareTemplate(mapped[b], ON, SINGLE), ON)).toBe(want);
        expect(compareTemplates(prepareTemplate(templates[a], ON), prepareTemplate(mapped[b], ON, SINGLE), ON)).toBe(compareTemplates(prepareTemplate(templates[a], ON), ordinary[b], ON));
        if (want !== compareTemplates(prepareTemplate(templates[a], off), prepareTemplate(templates[b], off), off)) changed++;
      }
    }
    // the maps took part
    expect(changed).toBeGreaterThan(300);
  });
});
