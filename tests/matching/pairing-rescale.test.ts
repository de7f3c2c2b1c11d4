import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesDetailed, prepareTemplate } from '../../src/matching/index.js';
import { rescalePreparedTemplate } from '../../src/matching/prepare-template.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// pairingRescaleBound (off by default): a comparison re-paired once at its best pairing's own
// scale. The shipped matcher (MCC gate on) with the option switched on; the band opened upwards
// so that these high-scoring genuine pairs are re-paired at all (the shipped band stops at 150).
const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT);
const ON = Object.freeze({ ...MATCHING_PARAMETERS, pairingRescaleBound: 0.22, pairingRescaleBandHigh: 0 });
/** The template as a sensor whose stated resolution is off would deliver it: its prepared coordinates × s. */
const scaled = (t: Template, s: number): Template => ({ ...t, ppi: t.ppi / s });
const fingers = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110];

describe('rescalePreparedTemplate', () => {
  it('prepares the same template as prepareTemplate does from the template declared at ppi / s', () => {
    const t = iso('DB1_B', '103_2');
    for (const s of [0.87, 1.13]) {
      const R = rescalePreparedTemplate(prepareTemplate(t), s), Q = prepareTemplate(scaled(t, s));
      expect(R.count).toBe(Q.count);
      for (let i = 0; i < R.count; i++) {
        expect(R.x[i]).toBeCloseTo(Q.x[i], 2);
        expect(R.y[i]).toBeCloseTo(Q.y[i], 2);
      }
      expect([...R.angle]).toEqual([...Q.angle]);
      expect([...R.sourceIndex]).toEqual([...Q.sourceIndex]);
      // the same neighbours at the same lengths (equal lengths may come in either order: rounding)
      expect([...R.edgeStart]).toEqual([...Q.edgeStart]);
      for (let i = 0; i < R.count; i++) {
        const r = R.edgeStart[i], e = R.edgeStart[i + 1];
        expect([...R.edgeTo.subarray(r, e)].sort((x, y) => x - y)).toEqual([...Q.edgeTo.subarray(r, e)].sort((x, y) => x - y));
        for (let k = r; k < e; k++) expect(R.edgeLength[k]).toBeCloseTo(Q.edgeLength[k], 3);
      }
      expect(R.weightSum).toBeCloseTo(Q.weightSum, 6);
      expect([...R.quality!]).toEqual([...Q.quality!]);
    }
  });
});

describe('pairingRescaleBound', () => {
  it('gives back most of what a wrongly stated resolution (×0.88, ×1.14) cost a genuine pair', () => {
    const recovered: number[] = [];
    for (const f of fingers) {
      const a = prepareTemplate(iso('DB1_B', `${f}_1`)), b = iso('DB1_B', `${f}_2`);
      const clean = compareTemplates(a, prepareTemplate(b));
      for (const s of [0.88, 1.14]) {
        const bs = prepareTemplate(scaled(b, s));
        const off = compareTemplates(a, bs), on = compareTemplates(a, bs, ON);
        expect(off).toBeLessThan(clean);
        expect(on).toBeGreaterThanOrEqual(off);
        recovered.push((on - off) / (clean - off));
      }
    }
    // every pair gets back at least half of its loss, the typical one nearly all of it
    expect(Math.min(...recovered)).toBeGreaterThan(0.5);
    expect(recovered.sort((x, y) => x - y)[recovered.length >> 1]).toBeGreaterThan(0.9);
  });

  it('leaves impostor pairs scaled the same way where they are', () => {
    for (const f of fingers) {
      const a = prepareTemplate(iso('DB1_B', `${f}_1`));
      for (const s of [0.88, 1.14]) {
        const c = prepareTemplate(scaled(iso('DB1_B', `${f === 110 ? 101 : f + 1}_3`), s));
        expect(compareTemplates(a, c, ON)).toBeLessThan(Math.max(5, 1.2 * compareTemplates(a, c)));
      }
    }
  });

  it('pairs the original templates\' minutiae after a re-pairing, at least as many', () => {
    const a = iso('DB1_B', '102_1'), b = scaled(iso('DB1_B', '102_2'), 1.14);
    const off = compareTemplatesDetailed(prepareTemplate(a), prepareTemplate(b));
    const on = compareTemplatesDetailed(prepareTemplate(a), prepareTemplate(b), ON);
    expect(on.score).toBeGreaterThan(off.score);
    expect(on.pairs.length).toBeGreaterThanOrEqual(off.pairs.length);
    expect(on.pairs.reduce((n, p) => n + p.support, 0)).toBeGreaterThan(off.pairs.reduce((n, p) => n + p.support, 0));
    for (const p of on.pairs) {
      expect(p.probe).toBeLessThan(a.minutiae.length);
      expect(p.candidate).toBeLessThan(b.minutiae.length);
    }
  });

  it('changes nothing when off, outside its band, or when the pairing needs no other scale', () => {
    const a = prepareTemplate(iso('DB1_B', '105_1')), b = prepareTemplate(scaled(iso('DB1_B', '105_2'), 1.14));
    const shipped = compareTemplates(a, b);
    expect(compareTemplates(a, b, { ...MATCHING_PARAMETERS, pairingRescaleBound: 0 })).toBe(shipped);
    // the shipped band ends at 150: this genuine pair scores far above it
    expect(shipped).toBeGreaterThan(150);
    expect(compareTemplates(a, b, { ...ON, pairingRescaleBandHigh: 150 })).toBe(shipped);
    // a bound below the pairing's scale error (ln 1.14 ≈ 0.13): refused
    expect(compareTemplates(a, b, { ...ON, pairingRescaleBound: 0.05 })).toBe(shipped);
    // the template against itself: scale exactly 1, below pairingRescaleMinimum
    expect(compareTemplates(a, a, ON)).toBe(compareTemplates(a, a));
  });
});
