import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { MATCHING_PARAMETERS as SHIPPED_MATCHING } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// bandRampWidth (issue 12, smallpair): the steps of the shipped matcher below the overlap band
// (× 1/8 under a pre-finish score of 20) and the gate band (× 1/4 under 10) replaced near their
// edges by a linear blend towards what the term and the gate give. The fixtures carry no map: the
// map's weight is 0, so the scores are the minutia geometry's.
const M = Object.freeze({ ...SHIPPED_MATCHING, orientationAgreementWeight: 0 });
const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const templates = ['101', '102', '103', '104', '105', '106'].flatMap((f) => [1, 2, 3, 4].map((i) => iso(`${f}_${i}`)));
const prepared = templates.map((t) => prepareTemplate(t, M));
const pairs: Array<[number, number]> = [];
for (let a = 0; a < templates.length; a++) for (let b = 0; b < templates.length; b++) if (a !== b) pairs.push([a, b]);
const score = (params: object) => pairs.map(([a, b]) => compareTemplates(prepared[a], prepared[b], { ...M, ...params }));
// the pre-finish score (no term, no gate), the score before the gate (the term on every pair), shipped
const raw = score({ mccWeight: 0, overlapShareExponent: 0 });
const beforeGate = score({ mccWeight: 0 });
const shipped = score({});
const ramp = (s: number, edge: number, r: number) => Math.min(1, Math.max(0, (s - edge * (1 - r)) / (edge * r)));

describe('bandRampWidth: the band steps ramped', () => {
  it('is off by default, and at 0 every score is the shipped one', () => {
    expect(SHIPPED_MATCHING.bandRampWidth).toBe(0);
    expect(score({ bandRampWidth: 0 })).toEqual(shipped);
  });

  it('below the overlap band: the step where the score is under the ramp, the blend with the term and the gate in it, unchanged at and above the edge', () => {
    const r = 0.5;
    // the gate's own band off, so that the in-band value is the ungated-band score
    const stepped = score({ mccBandLow: 0 }), full = score({ mccBandLow: 0, overlapBandLow: 0 }), got = score({ mccBandLow: 0, bandRampWidth: r });
    let under = 0, inRamp = 0, over = 0;
    pairs.forEach((_, k) => {
      if (raw[k] <= 20 * (1 - r)) { under++; expect(got[k]).toBe(stepped[k]); }
      else if (raw[k] < 20) {
        inRamp++;
        const t = ramp(raw[k], 20, r);
        expect(got[k]).toBeCloseTo((1 - t) * stepped[k] + t * full[k], 10);
      } else { over++; expect(got[k]).toBe(stepped[k]); }
    });
    expect(Math.min(under, inRamp, over)).toBeGreaterThan(5);
  });

  it('below the gate band: the blend of the fixed factor and the gate in its ramp, the step under it', () => {
    const r = 0.5;
    // the overlap band off, so that every pair reaches the gate with the term applied
    const stepped = score({ overlapBandLow: 0 }), gated = score({ overlapBandLow: 0, mccBandLow: 0 }), got = score({ overlapBandLow: 0, bandRampWidth: r });
    let under = 0, inRamp = 0, changed = 0;
    pairs.forEach((_, k) => {
      const s = beforeGate[k];
      if (s <= 0) return;
      if (s <= 10 * (1 - r)) { under++; expect(got[k]).toBe(stepped[k]); }
      else if (s < 10) {
        inRamp++;
        const t = ramp(s, 10, r);
        expect(stepped[k]).toBeCloseTo(s * M.mccBelowBandFactor, 10);
        expect(got[k]).toBeCloseTo((1 - t) * stepped[k] + t * gated[k], 10);
        if (got[k] !== stepped[k]) changed++;
      } else expect(got[k]).toBe(stepped[k]);
    });
    expect(Math.min(under, inRamp)).toBeGreaterThan(3);
    expect(changed).toBeGreaterThan(0);
  });

  it('makes the shipped score continuous at the overlap band edge: the ramped score nears the in-band one as the pre-finish score nears 20', () => {
    // a wide ramp (r = 1) on the shipped bands: a pair just under the edge scores close to what it
    // would score with the edge moved below it, not 1/8 of its pre-finish score
    const got = score({ bandRampWidth: 1 }), edgeBelow = score({ overlapBandLow: 0, bandRampWidth: 1 });
    let near = 0;
    pairs.forEach((_, k) => {
      if (raw[k] >= 18 && raw[k] < 20) {
        near++;
        const t = ramp(raw[k], 20, 1);
        expect(Math.abs(got[k] - edgeBelow[k])).toBeLessThanOrEqual((1 - t) * Math.abs(shipped[k] - edgeBelow[k]) + 1e-9);
      }
    });
    expect(near).toBeGreaterThan(0);
  });
});
