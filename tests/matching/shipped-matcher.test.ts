import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { MATCHING_PARAMETERS as SHIPPED_MATCHING, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { PRE_GATE_CHANGE } from '../helpers/pre-gate-matching.js';
import { FIXTURES } from '../helpers/data.js';

// These fixtures carry no orientation map, and the scores pinned here are the minutia geometry's:
// the map's weight is 0, so no score is equated (orientationAgreementWeight; the map, its
// agreement and the equating are tested in compare-orientation-maps.test.ts).
const MATCHING_PARAMETERS = Object.freeze({ ...SHIPPED_MATCHING, orientationAgreementWeight: 0 });

/**
 * The shipped matcher since 3 December 2026: the MCC gate with the quality-weighted overlap share
 * (C15 + overlapShareQuality 2; bench/RESULTS.md "The MCC gate on by default"). The other test
 * files of tests/matching guard the pairing and each option on the pre-gate defaults
 * (tests/helpers/pre-gate-matching.ts); this one pins what ships.
 */
const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const templates = ['101', '102', '103', '104', '105'].flatMap((f) => [1, 2, 3, 4].map((i) => ({ f, t: iso(`${f}_${i}`) })));
const PRE_GATE = Object.freeze({ ...MATCHING_PARAMETERS, ...PRE_GATE_CHANGE });

describe('the shipped matcher: the MCC gate with the quality-weighted overlap share', () => {
  it('has the nine parameters of the switch at the measured candidate (C15 + overlapShareQuality 2)', () => {
    expect({
      mccWeight: MATCHING_PARAMETERS.mccWeight, mccShortlist: MATCHING_PARAMETERS.mccShortlist,
      overlapShareExponent: MATCHING_PARAMETERS.overlapShareExponent, mccBandLow: MATCHING_PARAMETERS.mccBandLow,
      mccBandHigh: MATCHING_PARAMETERS.mccBandHigh, overlapBandLow: MATCHING_PARAMETERS.overlapBandLow,
      overlapBandHigh: MATCHING_PARAMETERS.overlapBandHigh, mccRelaxDistance: MATCHING_PARAMETERS.mccRelaxDistance,
      overlapShareQuality: MATCHING_PARAMETERS.overlapShareQuality,
    }).toEqual({ mccWeight: 1, mccShortlist: 2, overlapShareExponent: 1, mccBandLow: 10, mccBandHigh: 60, overlapBandLow: 20, overlapBandHigh: 100, mccRelaxDistance: 15, overlapShareQuality: 2 });
    // the options measured against it and left off stay off
    expect(MATCHING_PARAMETERS.mccRelaxQuality).toBe(0);
    expect(MATCHING_PARAMETERS.mccRelaxSupport).toBe(0);
    expect(MATCHING_PARAMETERS.mccAlignRadius).toBe(0);
  });

  it('prepares what the gate and the weighted share read (directions, qualities, hull)', () => {
    const p = prepareTemplate(templates[0].t);
    expect(p.theta).not.toBeNull();
    expect(p.quality).not.toBeNull();
    expect(p.hull.length).toBeGreaterThan(0);
  });

  it('is the pre-gate score outside the bands: × 1/8 below overlapBandLow, unchanged above overlapBandHigh; in between, the term and the gate', () => {
    const pre = templates.map(({ t }) => prepareTemplate(t, PRE_GATE));
    const now = templates.map(({ t }) => prepareTemplate(t));
    let below = 0, above = 0, inside = 0, changedInside = 0;
    for (let a = 0; a < templates.length; a++) {
      for (let b = 0; b < templates.length; b++) {
        if (a === b) continue;
        const s0 = compareTemplates(pre[a], pre[b], PRE_GATE), s = compareTemplates(now[a], now[b], MATCHING_PARAMETERS);
        if (s0 < 20) { below++; expect(s).toBe(s0 * 0.25 * 0.5); }
        else if (s0 > 100) { above++; expect(s).toBe(s0); }
        else { inside++; if (s !== s0) changedInside++; }
      }
    }
    expect(Math.min(below, above)).toBeGreaterThan(20);
    expect(inside).toBeGreaterThan(5);
    expect(changedInside).toBe(inside);
  });

  it('scores the 380 ordered pairs of 20 DB1_B fixtures as when it was switched on', () => {
    // SHA-256 (first 16 hex digits) of the scores, computed on the switch's commit: a change of
    // the shipped matcher shows here; update it in the commit that changes the matcher, saying why.
    // f899fa6649c54ee7 since isoq: these records report no minutia quality (0 on every minutia),
    // so their share is the share of counts; before, uniform weights (1/100)^2 gave the same
    // share within rounding (89 of the 380 scores moved, by at most 1.1e-15 relative)
    const p = templates.map(({ t }) => prepareTemplate(t));
    const scores = new Float64Array(p.length * p.length);
    for (let a = 0; a < p.length; a++) for (let b = 0; b < p.length; b++) if (a !== b) scores[a * p.length + b] = compareTemplates(p[a], p[b], MATCHING_PARAMETERS);
    expect(createHash('sha256').update(new Uint8Array(scores.buffer)).digest('hex').slice(0, 16)).toBe('f899fa6649c54ee7');
  });

  it('reads minutia quality 0 on every minutia ("not reported", as in SecuGen\'s records) as no weights, not as worthless: such a comparison keeps the share of counts', () => {
    // the fixtures carry quality 0 on every minutia, as SecuGen wrote them
    for (const { t } of templates) expect(t.minutiae.every((m) => m.quality === 0)).toBe(true);
    const withQuality = (t: Template, q: (i: number) => number): Template => ({ ...t, minutiae: t.minutiae.map((m, i) => ({ ...m, quality: q(i) })) });
    const score = (a: Template, b: Template, p: MatchingParameters = MATCHING_PARAMETERS): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p);
    const counts = Object.freeze({ ...MATCHING_PARAMETERS, overlapShareQuality: 0 });
    let genuineInBand = 0, worthlessDiffers = 0;
    for (let a = 0; a < templates.length; a++) {
      for (let b = 0; b < templates.length; b++) {
        if (a === b || templates[a].f !== templates[b].f) continue;
        const [ta, tb] = [templates[a].t, templates[b].t];
        // both unreported: the share of counts, to the last bit
        expect(score(ta, tb)).toBe(score(ta, tb, counts));
        // a probe that reports (ours: 20-95) against an unreported candidate: counts too
        const probe = withQuality(ta, (i) => 20 + ((i * 37) % 76));
        const s = score(probe, tb);
        expect(s).toBe(score(probe, tb, counts));
        expect(score(tb, probe)).toBe(score(tb, probe, counts));
        if (s >= 20 && s <= 100) genuineInBand++;
        // reading 0 as the lowest quality (1) would weigh the candidate's minutiae (1/100)^2 each
        if (score(probe, withQuality(tb, () => 1)) !== s) worthlessDiffers++;
      }
    }
    // the equalities are tested where the share acts (genuine pairs inside the overlap band),
    // and there the two readings of 0 score differently
    expect(genuineInBand).toBeGreaterThan(5);
    expect(worthlessDiffers).toBeGreaterThan(5);
    // a probe whose qualities are all 100 weighs 1 each: against it an unreported candidate
    // scores as it does against the same candidate at quality 100
    for (let a = 0; a < 4; a++) expect(score(withQuality(templates[a].t, () => 100), templates[a + 4].t)).toBe(score(withQuality(templates[a].t, () => 100), withQuality(templates[a + 4].t, () => 100)));
  });
});
