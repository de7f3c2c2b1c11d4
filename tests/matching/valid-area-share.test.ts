import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template, ValidArea } from '../../src/templates/index.js';
import { compareTemplates, prepareFlatTemplate, prepareTemplate } from '../../src/matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);

/** A valid area of 12-pixel cells over the template's image, usable where `on(x, y)` holds at the cell's centre. */
function withArea(t: Template, on: (x: number, y: number) => boolean): Template {
  const cell = 12, columns = Math.ceil(t.width / cell), rows = Math.ceil(t.height / cell);
  const bits = new Uint8Array(Math.ceil((columns * rows) / 8));
  for (let cy = 0; cy < rows; cy++) for (let cx = 0; cx < columns; cx++) if (on(cx * cell + cell / 2, cy * cell + cell / 2)) { const i = cy * columns + cx; bits[i >> 3] |= 1 << (i & 7); }
  const validArea: ValidArea = { cell, columns, rows, bits };
  return { ...t, validArea };
}

/** The template on a canvas grown by `pad` pixels on every side (so that another placement of the finger maps inside it). */
function padded(t: Template, pad: number): Template {
  return { ...t, width: t.width + 2 * pad, height: t.height + 2 * pad, minutiae: t.minutiae.map((m) => ({ ...m, x: m.x + pad, y: m.y + pad })) };
}

const score = (a: Template, b: Template, p: MatchingParameters): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p);

describe('compareTemplates: valid-area normalisation (validAreaShare, validAreaOverlap, off by default)', () => {
  const on = Object.freeze({ ...MATCHING_PARAMETERS, validAreaShare: 1 });
  const overlapOnly = Object.freeze({ ...MATCHING_PARAMETERS, validAreaOverlap: 1, mccWeight: 0 });
  const countOnly = Object.freeze({ ...MATCHING_PARAMETERS, validAreaShare: 1, overlapShareExponent: 0, mccWeight: 0 });
  const plainCount = Object.freeze({ ...countOnly, validAreaShare: 0 });
  const names = ['101_1', '101_2', '101_3', '102_1', '102_2', '103_1', '104_2', '105_3'];
  const templates = names.map(iso);
  const everywhere = (t: Template): Template => withArea(t, () => true);

  it('is off by default, and off a valid area changes no score', () => {
    expect(MATCHING_PARAMETERS.validAreaShare).toBe(0);
    expect(MATCHING_PARAMETERS.validAreaOverlap).toBe(0);
    for (let a = 0; a < templates.length; a++) {
      for (let b = 0; b < templates.length; b++) {
        if (a === b) continue;
        expect(score(everywhere(templates[a]), withArea(templates[b], (x) => x < 150), MATCHING_PARAMETERS)).toBe(score(templates[a], templates[b], MATCHING_PARAMETERS));
      }
    }
  });

  it('on, a pair where either template lacks a valid area scores as off', () => {
    for (let b = 1; b < templates.length; b++) {
      const off = score(templates[0], templates[b], MATCHING_PARAMETERS);
      expect(score(templates[0], templates[b], on)).toBe(off);
      expect(score(everywhere(templates[0]), templates[b], on)).toBe(off);
      expect(score(templates[0], everywhere(templates[b]), on)).toBe(off);
      expect(score(everywhere(templates[0]), templates[b], { ...overlapOnly, mccWeight: MATCHING_PARAMETERS.mccWeight })).toBe(off);
    }
  });

  it('on, valid areas holding every minutia of the other print leave the count normalisation as it was', () => {
    for (let b = 1; b < templates.length; b++) {
      const pa = everywhere(padded(templates[0], 300)), pb = everywhere(padded(templates[b], 300));
      expect(score(pa, pb, countOnly)).toBeCloseTo(score(pa, pb, plainCount), 9);
    }
  });

  it('on, a cropped print whose valid area says so scores higher against the whole one; one whose valid area claims all does not', () => {
    const whole = templates[0];
    const xs = whole.minutiae.map((m) => m.x).sort((p, q) => p - q);
    const cut = xs[Math.floor(xs.length * 0.55)];
    const cropped: Template = { ...whole, minutiae: whole.minutiae.filter((m) => m.x < cut - 8) };
    const honest = withArea(cropped, (x) => x < cut);
    for (const p of [countOnly, on]) {
      const off = score(everywhere(whole), honest, { ...p, validAreaShare: 0 });
      expect(score(everywhere(whole), honest, p)).toBeGreaterThan(1.15 * off);
      expect(score(honest, everywhere(whole), p)).toBeGreaterThan(1.15 * off);
    }
    expect(score(everywhere(padded(whole, 0)), everywhere(cropped), countOnly)).toBeCloseTo(score(whole, cropped, plainCount), 9);
  });

  it('the exponent takes the way from off to the full count of the valid area', () => {
    const whole = templates[1];
    const cropped: Template = { ...whole, minutiae: whole.minutiae.filter((m) => m.y < 200) };
    const a = everywhere(whole), b = withArea(cropped, (_x, y) => y < 206);
    const s0 = score(a, b, plainCount), s1 = score(a, b, countOnly), sh = score(a, b, { ...countOnly, validAreaShare: 0.5 });
    expect(s1).toBeGreaterThan(s0);
    expect(sh).toBeCloseTo(Math.sqrt(s0 * s1), 6);
  });

  it('overlap term by valid areas: minutiae in a hole of the other print no longer lower the share; a valid area claiming the hole gives them back', () => {
    const whole = templates[0];
    const cx = whole.minutiae.reduce((a, m) => a + m.x, 0) / whole.minutiae.length, cy = whole.minutiae.reduce((a, m) => a + m.y, 0) / whole.minutiae.length;
    const inHole = (x: number, y: number): boolean => Math.hypot(x - cx, y - cy) < 60;
    const holed: Template = { ...whole, minutiae: whole.minutiae.filter((m) => !inHole(m.x, m.y)) };
    const hullShare = score(everywhere(whole), withArea(holed, (x, y) => !inHole(x, y)), { ...overlapOnly, validAreaOverlap: 0 });
    const areaShare = score(everywhere(whole), withArea(holed, (x, y) => !inHole(x, y)), overlapOnly);
    expect(areaShare).toBeGreaterThan(1.1 * hullShare);
    expect(score(withArea(holed, (x, y) => !inHole(x, y)), everywhere(whole), overlapOnly)).toBeGreaterThan(1.1 * hullShare);
    expect(score(everywhere(whole), everywhere(holed), overlapOnly)).toBeLessThan(areaShare);
  });

  it('validAreaFloor bounds the gain of a small common area', () => {
    const whole = templates[1];
    const cropped: Template = { ...whole, minutiae: whole.minutiae.filter((m) => m.y < 160) };
    const a = everywhere(whole), b = withArea(cropped, (_x, y) => y < 166);
    const s0 = score(a, b, plainCount), s1 = score(a, b, countOnly);
    const bounded = score(a, b, { ...countOnly, validAreaFloor: 0.97 });
    expect(s1).toBeGreaterThan(s0 / 0.97);
    expect(bounded).toBeGreaterThan(s0);
    expect(bounded).toBeLessThanOrEqual(s0 / 0.97 + 1e-9);
    expect(score(a, b, { ...countOnly, validAreaFloor: 1 })).toBeCloseTo(s0, 9);
  });

  it('prepares the valid area from flat minutiae as from a Template', () => {
    const t = withArea(templates[2], (x, y) => x + y < 400);
    const flat = prepareFlatTemplate({
      count: t.minutiae.length, x: t.minutiae.map((m) => m.x), y: t.minutiae.map((m) => m.y), angle: t.minutiae.map((m) => m.angle),
      type: t.minutiae.map((m) => (m.type === 'ending' ? 1 : m.type === 'bifurcation' ? 2 : 0)), quality: t.minutiae.map((m) => m.quality), ppi: t.ppi, validArea: t.validArea,
    }, on);
    const fromTemplate = prepareTemplate(t, on);
    expect(flat.validArea).toBe(t.validArea);
    for (let b = 3; b < templates.length; b++) {
      const pb = prepareTemplate(everywhere(templates[b]), on);
      expect(compareTemplates(flat, pb, on)).toBe(compareTemplates(fromTemplate, pb, on));
    }
    expect(prepareTemplate(t).validArea).toBeNull();
  });
});
