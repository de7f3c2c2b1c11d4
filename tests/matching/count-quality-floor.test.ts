import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';
import { validAreaOf } from '../helpers/valid-area.js';

// two impressions of one finger (SecuGen's ISO records of FVC2002 DB1_B: every quality 0, "not reported")
const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const [a, b] = [iso('101_1'), iso('101_2')];
const withQuality = (t: Template, q: (i: number) => number): Template => ({ ...t, minutiae: t.minutiae.map((m, i) => ({ ...m, quality: q(i) })) });
const params = (changes: Partial<MatchingParameters>): MatchingParameters => ({ ...MATCHING_PARAMETERS, ...changes });
const score = (p: MatchingParameters, x: Template, y: Template): number => compareTemplates(prepareTemplate(x, p), prepareTemplate(y, p), p);

describe('countQualityFloor: minutiae counted by quality in the normalisation only', () => {
  const on = params({ countQualityFloor: 0.5 });

  it('is off by default, and changes nothing where every quality is 100 or none is reported', () => {
    expect(MATCHING_PARAMETERS.countQualityFloor).toBe(1);
    const full = [withQuality(a, () => 100), withQuality(b, () => 100)] as const;
    expect(prepareTemplate(full[0], on).weightSum).toBe(prepareTemplate(full[0]).weightSum);
    expect(score(on, full[0], full[1])).toBe(score(MATCHING_PARAMETERS, full[0], full[1]));
    // SecuGen's records report no quality (0 on every minutia): counted as without the option
    expect(a.minutiae.every((m) => m.quality === 0)).toBe(true);
    expect(prepareTemplate(a, on).weightSum).toBe(a.minutiae.length);
    expect(score(on, a, b)).toBe(score(MATCHING_PARAMETERS, a, b));
  });

  it('counts a minutia of quality q as floor + (1 − floor) · q/100', () => {
    const t = withQuality(a, (i) => (i % 2 ? 20 : 90));
    let expected = 0;
    for (const m of t.minutiae.slice(0, prepareTemplate(t).count)) expected += 0.5 + (0.5 * m.quality) / 100;
    expect(prepareTemplate(t, on).weightSum).toBeCloseTo(expected, 9);
    expect(prepareTemplate(t).weightSum).toBe(prepareTemplate(t).count);
  });

  it('raises a score by the smaller counts alone, the pairs unchanged (without the overlap term and the gate)', () => {
    const bare = { overlapShareExponent: 0, mccWeight: 0 };
    const off = params(bare), withFloor = params({ ...bare, countQualityFloor: 0.5 });
    const [x, y] = [withQuality(a, (i) => (i % 3 ? 80 : 10)), withQuality(b, (i) => (i % 4 ? 70 : 5))];
    const [px, py] = [prepareTemplate(x, withFloor), prepareTemplate(y, withFloor)];
    const factor = Math.pow((px.count * py.count) / (px.weightSum * py.weightSum), off.countNormalisation / 2);
    expect(factor).toBeGreaterThan(1.1);
    const before = score(off, x, y);
    expect(before).toBeGreaterThan(0);
    expect(score(withFloor, x, y)).toBeCloseTo(before * factor, 6);
  });

  it('with countQualityMinShare, counts a print at least that share of its plain count', () => {
    const poor = withQuality(a, () => 10);
    const n = prepareTemplate(poor).weightSum;
    // floor 0.25, quality 10: 0.325 of the plain count unbounded
    expect(prepareTemplate(poor, params({ countQualityFloor: 0.25 })).weightSum / n).toBeCloseTo(0.325, 6);
    expect(prepareTemplate(poor, params({ countQualityFloor: 0.25, countQualityMinShare: 0.6 })).weightSum / n).toBeCloseTo(0.6, 6);
    // a print above the bound keeps its count by quality
    const good = withQuality(a, () => 90);
    expect(prepareTemplate(good, params({ countQualityFloor: 0.25, countQualityMinShare: 0.6 })).weightSum).toBe(prepareTemplate(good, params({ countQualityFloor: 0.25 })).weightSum);
    // the bound alone changes nothing
    expect(prepareTemplate(poor, params({ countQualityMinShare: 0.6 })).weightSum).toBe(n);
  });

  it("with countQualityRelative, takes the share against the print's median quality", () => {
    const rel = (f: number) => params({ countQualityFloor: f, countQualityRelative: 1 });
    expect(MATCHING_PARAMETERS.countQualityRelative).toBe(0);
    // a print poor throughout counts as fully as a good one (only relatively worse minutiae are discounted)
    const poor = withQuality(a, () => 10), good = withQuality(a, () => 90);
    const n = prepareTemplate(poor).weightSum;
    expect(prepareTemplate(poor, rel(0.25)).weightSum).toBe(n);
    expect(prepareTemplate(good, rel(0.25)).weightSum).toBe(n);
    // qualities 20 and 60 in turn: the median is 40 (mean of the middle two when even), 20 counts 0.25 + 0.75 · 0.5, 60 counts 1
    const t = withQuality(a, (i) => (i % 2 ? 20 : 60));
    const kept = prepareTemplate(t).count;
    const qs = t.minutiae.slice(0, kept).map((m) => m.quality).sort((x, y) => x - y);
    const median = kept % 2 ? qs[(kept - 1) / 2] : (qs[kept / 2 - 1] + qs[kept / 2]) / 2;
    let expected = 0;
    for (const q of qs) expected += 0.25 + 0.75 * Math.min(1, q / median);
    expect(prepareTemplate(t, rel(0.25)).weightSum).toBeCloseTo(expected, 9);
    // quality-blind records and the option without the floor: as before
    expect(prepareTemplate(a, rel(0.25)).weightSum).toBe(a.minutiae.length);
    expect(prepareTemplate(t, params({ countQualityRelative: 1 })).weightSum).toBe(kept);
  });

  it("with countHullReach, counts a minutia by its distance to its own minutiae's hull, quality unused", () => {
    const hullP = (f: number, r: number) => params({ countQualityFloor: f, countHullReach: r });
    expect(MATCHING_PARAMETERS.countHullReach).toBe(0);
    // a square of four corners and its centre, 40 px from every side: corners count the floor, the centre fully at reach ≤ 40
    const m = (x: number, y: number) => ({ x, y, angle: 0, type: a.minutiae[0].type, quality: 0 });
    const square: Template = { ...a, minutiae: [m(100, 100), m(180, 100), m(180, 180), m(100, 180), m(140, 140)] };
    const prepared = prepareTemplate(square, params({}));
    expect(prepared.count).toBe(5);
    const scale = prepared.x[0] === 100 ? 1 : prepared.x[0] / 100;
    expect(prepareTemplate(square, hullP(0.25, 40 * scale)).weightSum).toBeCloseTo(4 * 0.25 + 1, 5);
    expect(prepareTemplate(square, hullP(0.25, 80 * scale)).weightSum).toBeCloseTo(4 * 0.25 + 0.25 + 0.75 * 0.5, 5);
    // foreign records without quality are counted by geometry too; without the floor nothing changes
    expect(prepareTemplate(a, hullP(0.25, 32)).weightSum).toBeLessThan(a.minutiae.length);
    expect(prepareTemplate(a, params({ countHullReach: 32 })).weightSum).toBe(prepareTemplate(a).weightSum);
  });

  it('with countEdgeReach, counts a minutia by its distance to its own valid area\'s edge, quality unused', () => {
    const edgeP = (f: number, r: number) => params({ countQualityFloor: f, countEdgeReach: r });
    expect(MATCHING_PARAMETERS.countEdgeReach).toBe(0);
    // 500 ppi, 10-px cells, usable from x = 50 on: minutiae 5, 25 and 60 px inside the edge (and far from the grid's other sides)
    const m = (x: number, y: number) => ({ x, y, angle: 0, type: a.minutiae[0].type, quality: 0 });
    const base: Template = { width: 300, height: 300, ppi: 500, quality: 50, minutiae: [m(55, 150), m(75, 100), m(110, 200)] };
    const area = validAreaOf(300, 300, 10, (cx) => cx >= 5);
    const t: Template = { ...base, validArea: area };
    expect(prepareTemplate(t, edgeP(0.2, 40)).weightSum).toBeCloseTo(3 * 0.2 + 0.8 * (5 / 40 + 25 / 40 + 1), 5);
    // at 250 ppi the same template pixels are twice as far at 500 ppi
    expect(prepareTemplate({ ...t, ppi: 250 }, edgeP(0.2, 40)).weightSum).toBeCloseTo(3 * 0.2 + 0.8 * (10 / 40 + 1 + 1), 5);
    // the grid's side is an edge too
    expect(prepareTemplate({ ...t, validArea: validAreaOf(300, 300, 10, () => true) }, edgeP(0.2, 100)).weightSum).toBeCloseTo(3 * 0.2 + 0.8 * (55 / 100 + 75 / 100 + 1), 5);
    // without a valid area, or without the floor: as before
    expect(prepareTemplate(base, edgeP(0.2, 40)).weightSum).toBe(3);
    expect(prepareTemplate(t, params({ countEdgeReach: 40 })).weightSum).toBe(3);
  });

  it('with countEdgeOuter, a hole inside the valid area is no edge, the print\'s outer edge still is', () => {
    const outerP = (outer: number) => params({ countQualityFloor: 0.2, countEdgeReach: 40, countEdgeOuter: outer });
    expect(MATCHING_PARAMETERS.countEdgeOuter).toBe(0);
    const m = (x: number, y: number) => ({ x, y, angle: 0, type: a.minutiae[0].type, quality: 0 });
    // usable from x = 50 on, with a hole (cells 15..17 × 15..17, pixels 150..180) 10 px right of the minutia at (140, 165)
    const area = validAreaOf(300, 300, 10, (cx, cy) => cx >= 5 && !(cx >= 15 && cx <= 17 && cy >= 15 && cy <= 17));
    const t: Template = { width: 300, height: 300, ppi: 500, quality: 50, minutiae: [m(55, 150), m(140, 165), m(110, 250)], validArea: area };
    // every unusable cell an edge: 5, 10 and 40+ px (at least the reach)
    expect(prepareTemplate(t, outerP(0)).weightSum).toBeCloseTo(3 * 0.2 + 0.8 * (5 / 40 + 10 / 40 + 1), 5);
    // the hole filled: the middle one is 90 px from the outer edge
    expect(prepareTemplate(t, outerP(1)).weightSum).toBeCloseTo(3 * 0.2 + 0.8 * (5 / 40 + 1 + 1), 5);
  });
});
