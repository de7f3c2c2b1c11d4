import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS as P, type ExtractionParameters } from '../../src/config/parameters.js';
import { computeOrientationField, computeOrientationVectors, ridgeAngleOf } from '../../src/extraction/compute-orientation-field.js';
import { cols, moments, rows, turn } from '../helpers/block-moments.js';

/** The shipped parameters with some changed (the options are typed by their shipped literals). */
const withP = (changes: Record<string, number>): ExtractionParameters => ({ ...P, ...changes }) as unknown as ExtractionParameters;

const all = new Uint8Array(cols * rows).fill(1);

describe('computeOrientationField', () => {
  it('returns the ridge direction of straight ridges everywhere', () => {
    const field = computeOrientationField(moments(() => 0.7, () => 1000), all, P);
    for (const a of field.angle) expect(a).toBeCloseTo(0.7, 4);
    for (const c of field.coherence) expect(c).toBeCloseTo(1, 4);
  });

  it('with orientationEnergyNormSigma, a faint part is not pulled towards a strong part next to it', () => {
    // left: strong ridges at 0.3 rad; right (columns 10 on): ridges at 0.9 rad at 4 % of the
    // energy. The coarse field alone (as where coherence is low) reaches 7 blocks.
    const g = moments((c) => (c < 10 ? 0.3 : 0.9), (c) => (c < 10 ? 1000 : 40));
    const coarse = { orientationBlendLow: 2, orientationBlendHigh: 3 };
    const off = computeOrientationField(g, all, withP(coarse));
    const on = computeOrientationField(g, all, withP({ ...coarse, orientationEnergyNormSigma: 3 }));
    const pull = (f: { angle: Float32Array }): number => [11, 12, 13, 14, 15].reduce((s, c) => s + turn(f.angle[5 * cols + c], 0.9), 0);
    expect(pull(off)).toBeGreaterThan(0.3);
    expect(pull(on)).toBeLessThan(0.6 * pull(off));
  });

  it('with orientationEnergyNormSigma, changes nothing where the energy is the same everywhere', () => {
    const g = moments((c) => 0.2 + 0.08 * c, () => 500);
    const off = computeOrientationField(g, all, P);
    const on = computeOrientationField(g, all, withP({ orientationEnergyNormSigma: 3 }));
    for (let i = 0; i < off.angle.length; i++) expect(on.angle[i]).toBeCloseTo(off.angle[i], 4);
  });

  it('weighs background blocks by orientationBackgroundWeight', () => {
    // the background columns (0–4) hold ridges at 1.2 rad, the print 0.4 rad: the print's edge
    // block turns towards the background's direction more as the background weighs more
    const g = moments((c) => (c < 5 ? 1.2 : 0.4), () => 1000);
    const fg = new Uint8Array(cols * rows).map((_, i) => (i % cols < 5 ? 0 : 1));
    const b = 5 * cols + 5;
    const low = computeOrientationField(g, fg, withP({ orientationBackgroundWeight: 0.05 }));
    const high = computeOrientationField(g, fg, withP({ orientationBackgroundWeight: 1 }));
    expect(turn(high.angle[b], 0.4)).toBeGreaterThan(2 * turn(low.angle[b], 0.4));
  });

  it('with orientationFaintBoostShare, raises a faint part and leaves a print of even energy alone', () => {
    const coarse = { orientationBlendLow: 2, orientationBlendHigh: 3 };
    // two fifths of the print's columns faint: their energy around is below the median, so they are raised
    const g = moments((c) => (c < 12 ? 0.3 : 0.9), (c) => (c < 12 ? 1000 : 40));
    const off = computeOrientationField(g, all, withP(coarse));
    const on = computeOrientationField(g, all, withP({ ...coarse, orientationFaintBoostShare: 1 }));
    const pull = (f: { angle: Float32Array }): number => [13, 14, 15, 16, 17].reduce((s, c) => s + turn(f.angle[5 * cols + c], 0.9), 0);
    expect(pull(off)).toBeGreaterThan(0.3);
    expect(pull(on)).toBeLessThan(0.6 * pull(off));
    // a share of 0.25 of the median does not reach the strong part: it keeps its field
    const quarter = computeOrientationField(g, all, withP({ ...coarse, orientationFaintBoostShare: 0.25 }));
    for (let c = 0; c < 8; c++) expect(quarter.angle[5 * cols + c]).toBeCloseTo(off.angle[5 * cols + c], 4);
    const even = moments((c) => 0.2 + 0.08 * c, () => 500);
    const a = computeOrientationField(even, all, P);
    const b = computeOrientationField(even, all, withP({ orientationFaintBoostShare: 1 }));
    for (let i = 0; i < a.angle.length; i++) expect(b.angle[i]).toBeCloseTo(a.angle[i], 4);
  });
});

describe('computeOrientationVectors (extspeed)', () => {
  it('is the field\'s vectors and coherence bit for bit, without its angles, with and without the singular blend', () => {
    // a turning field with noisy energies, so fine and coarse disagree and low coherence occurs
    const base = moments((c) => 0.2 + 0.15 * c, (c) => 200 + 150 * Math.cos(c * 1.3));
    const noise = (i: number, k: number): number => 60 * Math.sin(i * 12.9898 + k * 78.233);
    const g = { grid: base.grid, gxx: base.gxx.map((v, i) => Math.abs(v + noise(i, 1))), gyy: base.gyy.map((v, i) => Math.abs(v + noise(i, 2))), gxy: base.gxy.map((v, i) => v + noise(i, 3)) };
    const fg = all.map((_, i) => (i % 7 === 3 ? 0 : 1));
    for (const p of [P, withP({ orientationSingularFineShare: 0.5 })]) {
      const field = computeOrientationField(g, fg, p);
      const vectors = computeOrientationVectors(g, fg, p);
      expect(Object.keys(vectors).sort()).toEqual(['coherence', 'cos2', 'grid', 'sin2']);
      for (const k of ['cos2', 'sin2', 'coherence'] as const) expect(Buffer.from(vectors[k].buffer).equals(Buffer.from(field[k].buffer))).toBe(true);
    }
  });
});

describe('ridgeAngleOf (tidy2)', () => {
  it('halves the doubled angle into [0, π)', () => {
    expect(ridgeAngleOf(1, 0)).toBe(0);
    expect(ridgeAngleOf(0, 1)).toBeCloseTo(Math.PI / 4, 12);
    expect(ridgeAngleOf(-1, 1e-300)).toBeCloseTo(Math.PI / 2, 12);
    expect(ridgeAngleOf(0, -1)).toBeCloseTo((3 * Math.PI) / 4, 12);
  });
  it('folds a half-angle just below 0 that rounds to π back into the range', () => {
    const a = ridgeAngleOf(1, -1e-17);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(Math.PI);
  });
  it('gives the same bits as the fields it replaced (half atan2, folded)', () => {
    for (let k = 0; k < 64; k++) {
      const th = -Math.PI + (k * 2 * Math.PI) / 64 + 0.01;
      let a = 0.5 * Math.atan2(Math.sin(th), Math.cos(th));
      if (a < 0) a += Math.PI;
      if (a >= Math.PI) a -= Math.PI;
      expect(ridgeAngleOf(Math.cos(th), Math.sin(th))).toBe(a);
    }
  });
});
