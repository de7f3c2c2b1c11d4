import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import {
  calibrationForMinutiae, compareTemplates, equateScoreByMinutiae, fmrToThreshold, measureCalibration, prepareTemplate, SCORE_CALIBRATION, SCORE_CALIBRATION_BY_MINUTIAE,
  scoreToFmr, scoreToFmrByMinutiae, type MinutiaeBandCalibration,
} from '../../src/matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';
import { mapOf } from '../helpers/orientation-maps.js';

// Calibration by band of the pair's smaller minutiae count (issue 12, calband): the shipped band
// tables, the mapping through them, and the matcher's option that puts a score on the single
// table's scale by its band's FMR.

const ascending = (n: number, top: number): number[] => Array.from({ length: n }, (_, k) => (top * (k + 1)) / n);

describe('SCORE_CALIBRATION_BY_MINUTIAE', () => {
  it('has a table for the lowest band (the others keep the single table), edges from 0 ascending, thresholds non-decreasing as the FMR falls', () => {
    const { edges, bands } = SCORE_CALIBRATION_BY_MINUTIAE;
    expect(edges[0]).toBe(0);
    expect(bands).toHaveLength(edges.length);
    for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]!);
    expect(bands[0]).not.toBeNull();
    for (const t of bands) {
      if (t === null) continue;
      for (let k = 1; k < t.points.length; k++) {
        expect(t.points[k]!.fmr).toBeLessThan(t.points[k - 1]!.fmr);
        expect(t.points[k]!.score).toBeGreaterThanOrEqual(t.points[k - 1]!.score);
      }
      // only the levels the band resolves: at least one impostor may reach the finest
      expect(t.points.at(-1)!.fmr * t.impostorComparisons).toBeGreaterThanOrEqual(1);
    }
    // the small pairings' impostors score higher: their band asks more at FMR 0.1 % than the single table
    expect(fmrToThreshold(1e-3, bands[0]!)).toBeGreaterThan(fmrToThreshold(1e-3, SCORE_CALIBRATION));
  });
});

describe('calibrationForMinutiae', () => {
  const a = measureCalibration(ascending(50, 100), ascending(10_000, 10));
  const b = measureCalibration(ascending(50, 100), ascending(10_000, 30));
  const banded: MinutiaeBandCalibration = { edges: [0, 20, 30], bands: [b, null, a] };

  it('picks the band of the count, [edge, next edge)', () => {
    expect(calibrationForMinutiae(1, banded)).toBe(b);
    expect(calibrationForMinutiae(19, banded)).toBe(b);
    expect(calibrationForMinutiae(30, banded)).toBe(a);
    expect(calibrationForMinutiae(200, banded)).toBe(a);
  });

  it('falls back to the single table when the count is unknown or the band has no table', () => {
    for (const c of [undefined, NaN, 0, -3]) expect(calibrationForMinutiae(c, banded)).toBe(SCORE_CALIBRATION);
    expect(calibrationForMinutiae(25, banded)).toBe(SCORE_CALIBRATION);
    expect(calibrationForMinutiae(25, banded, a)).toBe(a);
  });
});

describe('scoreToFmrByMinutiae and equateScoreByMinutiae (shipped tables)', () => {
  const counts = [5, 22, 23, 27, 28, 32, 33, 60];
  const scores = Array.from({ length: 400 }, (_, k) => k * 0.1);

  it('are monotone in the score within a band: FMR non-increasing, equated score increasing', () => {
    for (const c of counts) {
      let fmr = 1, eq = -1;
      for (const s of scores) {
        const f = scoreToFmrByMinutiae(s, c);
        expect(f).toBeLessThanOrEqual(fmr);
        fmr = f;
        const e = equateScoreByMinutiae(s, c);
        if (s > 0) expect(e).toBeGreaterThan(eq);
        eq = e;
      }
    }
  });

  it('equate to the single table\'s score of the band\'s FMR, so the single table reads the band\'s FMR', () => {
    // a band without a table of its own (23 and up) keeps the single table: its scores are not moved
    for (const c of counts.filter((k) => k >= SCORE_CALIBRATION_BY_MINUTIAE.edges[1]!)) {
      expect(calibrationForMinutiae(c)).toBe(SCORE_CALIBRATION);
      for (const s of [0.3, 6, 20]) expect(equateScoreByMinutiae(s, c)).toBeCloseTo(s, 9);
    }
    for (const c of counts.filter((k) => k < SCORE_CALIBRATION_BY_MINUTIAE.edges[1]!)) {
      const band = calibrationForMinutiae(c);
      expect(band).not.toBe(SCORE_CALIBRATION);
      for (const s of [0.3, 1, 2.5, 6, 9, 14, 20]) {
        expect(scoreToFmr(equateScoreByMinutiae(s, c))).toBeCloseTo(scoreToFmr(s, band), 12);
      }
      // a band threshold maps onto the single threshold of the same FMR
      for (const f of [1e-2, 1e-3, 1e-4]) expect(equateScoreByMinutiae(fmrToThreshold(f, band), c)).toBeCloseTo(fmrToThreshold(f), 6);
    }
    expect(equateScoreByMinutiae(0, 10)).toBe(0);
  });

  it('continue beyond the lowest FMR reported in proportion, without a jump', () => {
    const band = calibrationForMinutiae(10);
    const top = fmrToThreshold(1e-9, band);
    expect(equateScoreByMinutiae(top * (1 + 1e-9), 10)).toBeCloseTo(equateScoreByMinutiae(top * (1 - 1e-9), 10), 5);
    expect(equateScoreByMinutiae(2 * top, 10)).toBeCloseTo(2 * fmrToThreshold(1e-9), 6);
  });

  it('fall back to the single table when the count is unknown (a third-party template)', () => {
    for (const s of scores) {
      expect(scoreToFmrByMinutiae(s, undefined)).toBe(scoreToFmr(s));
      expect(equateScoreByMinutiae(s, undefined)).toBe(s);
      expect(equateScoreByMinutiae(s, 0)).toBe(s);
    }
  });
});

const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const score = (a: Template, b: Template, p: MatchingParameters): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p);

describe('compareTemplates: calibrationByMinutiae', () => {
  const on = Object.freeze({ ...MATCHING_PARAMETERS, calibrationByMinutiae: 1 });
  const off = Object.freeze({ ...MATCHING_PARAMETERS, calibrationByMinutiae: 0 });
  const names = ['101_1', '101_2', '101_3', '102_1', '103_1'];
  const templates = names.map(iso);
  /** The template with a map (ours carry one; a third-party ISO record does not). */
  const withMap = (t: Template): Template => ({ ...t, orientationMap: mapOf(t.width, t.height, () => 0) });

  it('is on by default (since the thirty-first session, lowbandeer)', () => {
    expect(MATCHING_PARAMETERS.calibrationByMinutiae).toBe(1);
  });

  it('on, a pair of templates with maps has its score equated through the band of the smaller count', () => {
    let moved = 0;
    for (let b = 1; b < templates.length; b++) {
      const A = withMap(templates[0]!), B = withMap(templates[b]!);
      const raw = score(A, B, off);
      const count = Math.min(prepareTemplate(A).count, prepareTemplate(B).count);
      const banded = score(A, B, on);
      expect(banded).toBe(equateScoreByMinutiae(raw, count));
      if (raw > 0 && banded !== raw) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('on, a pair where either template has no map (a third-party record) keeps the single table\'s score', () => {
    for (let b = 1; b < templates.length; b++) {
      const raw = score(templates[0]!, templates[b]!, MATCHING_PARAMETERS);
      expect(score(templates[0]!, templates[b]!, on)).toBe(raw);
      expect(score(withMap(templates[0]!), templates[b]!, on)).toBe(score(withMap(templates[0]!), templates[b]!, MATCHING_PARAMETERS));
    }
  });
});
