import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import {
  compareTemplates, compareTemplatesCovariates, covariateVector, equateScoreByPair, fmrToThreshold, prepareTemplate, rescaleScore, SCORE_CALIBRATION, SCORE_CALIBRATION_BY_PAIR, scoreToFmr,
} from '../../src/matching/index.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';
import { mapOf } from '../helpers/orientation-maps.js';

// The per-pair tail model (issue 12, pairfmr): the shipped model and table, the equating through
// them, the covariates a comparison reports, and the matcher's option (off = the same scores).

describe('SCORE_CALIBRATION_BY_PAIR', () => {
  it('has three covariates, a fit range around its centre, and a table whose thresholds rise as the FMR falls', () => {
    const { model, table } = SCORE_CALIBRATION_BY_PAIR;
    expect(model.beta).toHaveLength(3);
    for (let k = 0; k < 3; k++) {
      expect(model.low[k]!).toBeLessThanOrEqual(model.centre[k]!);
      expect(model.high[k]!).toBeGreaterThanOrEqual(model.centre[k]!);
    }
    // fewer minutiae, higher impostor scores: the tail's slope on ln count is negative
    expect(model.beta[0]!).toBeLessThan(0);
    for (let k = 1; k < table.points.length; k++) {
      expect(table.points[k]!.fmr).toBeLessThan(table.points[k - 1]!.fmr);
      expect(table.points[k]!.score).toBeGreaterThanOrEqual(table.points[k - 1]!.score);
    }
  });
});

describe('equateScoreByPair', () => {
  const { model, table } = SCORE_CALIBRATION_BY_PAIR;
  const xs = [model.centre, model.low, model.high, [model.low[0]!, model.high[1]!, model.centre[2]!], [10, -5, 3]];
  it('is monotone increasing in the score for a fixed pair, 0 at 0', () => {
    for (const x of xs) {
      let prev = -1;
      for (let s = 0; s < 60; s += 0.1) {
        const e = equateScoreByPair(s, x);
        if (s > 0) expect(e).toBeGreaterThan(prev);
        prev = e;
      }
      expect(equateScoreByPair(0, x)).toBe(0);
    }
  });
  it('gives the single table the FMR the rescaled score has in the model\'s table', () => {
    for (const x of xs) {
      for (const s of [0.3, 1, 2.5, 6, 9, 14]) expect(scoreToFmr(equateScoreByPair(s, x))).toBeCloseTo(scoreToFmr(rescaleScore(s, x, model), table), 12);
    }
    // a model threshold maps onto the single threshold of the same FMR at the centre
    for (const f of [1e-2, 1e-3, 1e-4]) expect(equateScoreByPair(fmrToThreshold(f, table), model.centre)).toBeCloseTo(fmrToThreshold(f, SCORE_CALIBRATION), 6);
  });
  it('continues beyond the lowest FMR reported in proportion, without a jump', () => {
    const top = fmrToThreshold(1e-9, table);
    expect(equateScoreByPair(top * (1 + 1e-9), model.centre)).toBeCloseTo(equateScoreByPair(top * (1 - 1e-9), model.centre), 5);
  });
});

const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const withMap = (t: Template): Template => ({ ...t, orientationMap: mapOf(t.width, t.height, () => 0) });
const score = (a: Template, b: Template, p: MatchingParameters): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p);

describe('compareTemplatesCovariates', () => {
  const names = ['101_1', '101_2', '101_3', '102_1', '103_1'];
  const templates = names.map(iso).map(withMap);
  it('gives compareTemplates\'s score to the bit, and covariates within their ranges', () => {
    for (const a of templates) {
      for (const b of templates) {
        const pa = prepareTemplate(a), pb = prepareTemplate(b);
        const c = compareTemplatesCovariates(pa, pb);
        expect(c.score).toBe(compareTemplates(pa, pb));
        expect(c.smaller).toBe(Math.min(pa.count, pb.count));
        expect(c.common).toBeGreaterThanOrEqual(0);
        expect(c.common).toBeLessThanOrEqual((pa.count + pb.count) / 2);
        expect(c.clarity).toBeGreaterThanOrEqual(0);
        expect(c.clarity).toBeLessThanOrEqual(1);
      }
    }
  });
  it('a genuine pair shares more of its minutiae than its pairing alone, an impostor pair fewer than all', () => {
    const pa = prepareTemplate(templates[0]!), pb = prepareTemplate(templates[1]!);
    const c = compareTemplatesCovariates(pa, pb);
    expect(c.score).toBeGreaterThan(0);
    expect(c.common).toBeLessThan((pa.count + pb.count) / 2);
  });
});

describe('compareTemplates: calibrationByPair', () => {
  // calibrationByMinutiae (on by default) takes precedence: off here, so the pair model is what is read
  const on = Object.freeze({ ...MATCHING_PARAMETERS, calibrationByPair: 1, calibrationByMinutiae: 0 });
  const names = ['101_1', '101_2', '101_3', '102_1', '103_1'];
  const templates = names.map(iso);

  it('is off by default', () => {
    expect(MATCHING_PARAMETERS.calibrationByPair).toBe(0);
  });

  it('on, a pair of templates with maps has its score equated through the model of its covariates', () => {
    let moved = 0;
    for (let b = 1; b < templates.length; b++) {
      const A = withMap(templates[0]!), B = withMap(templates[b]!);
      const c = compareTemplatesCovariates(prepareTemplate(A), prepareTemplate(B), { ...on, calibrationByPair: 0 });
      const modelled = score(A, B, on);
      expect(modelled).toBe(equateScoreByPair(c.score, covariateVector(c)));
      if (c.score > 0 && modelled !== c.score) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it('on, a pair where either template has no map (a third-party record) keeps the single table\'s score', () => {
    for (let b = 1; b < templates.length; b++) {
      expect(score(templates[0]!, templates[b]!, on)).toBe(score(templates[0]!, templates[b]!, MATCHING_PARAMETERS));
      expect(score(withMap(templates[0]!), templates[b]!, on)).toBe(score(withMap(templates[0]!), templates[b]!, MATCHING_PARAMETERS));
    }
  });
});
