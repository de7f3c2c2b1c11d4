import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Template } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { orientationAgreement, prepareOrientation } from '../../src/matching/compare-orientation-maps.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';
import { mapOf } from '../helpers/orientation-maps.js';

const deg = Math.PI / 180;
/** A field that turns with x and y (period about 120 px), so a cell misplaced by 15 px reads another direction. */
const field = (x: number, y: number): number => 20 * deg + 40 * deg * Math.sin((2 * Math.PI * x) / 120) + 25 * deg * Math.cos((2 * Math.PI * y) / 150);

/** The probe's points and the candidate's = the probe's scaled by `s` and turned by `rot` about (200, 200), then shifted to (260, 250). */
function similar(rot: number, s: number, count: number) {
  const px = new Float32Array(count), py = new Float32Array(count), cx = new Float32Array(count), cy = new Float32Array(count);
  const list = new Int16Array(count), partner = new Int16Array(count);
  for (let k = 0; k < count; k++) {
    px[k] = 110 + 41 * ((k * 7) % 5); py[k] = 100 + 33 * ((k * 3) % 6);
    const x = px[k] - 200, y = py[k] - 200;
    cx[k] = 260 + s * (Math.cos(rot) * x - Math.sin(rot) * y); cy[k] = 250 + s * (Math.sin(rot) * x + Math.cos(rot) * y);
    list[k] = k; partner[k] = k;
  }
  // the candidate's field at q: the probe's at the point that lands on q, turned by rot
  const back = (qx: number, qy: number): [number, number] => {
    const x = (qx - 260) / s, y = (qy - 250) / s;
    return [200 + Math.cos(rot) * x + Math.sin(rot) * y, 200 - Math.sin(rot) * x + Math.cos(rot) * y];
  };
  const map = mapOf(560, 560, (qx, qy) => { const [x, y] = back(qx, qy); return field(x, y) - rot; }, (qx, qy) => {
    const [x, y] = back(qx, qy);
    return x >= 0 && y >= 0 && x < 400 && y < 400;
  });
  return { px, py, cx, cy, list, partner, map };
}

describe('orientationAgreement under a similarity fit (orientationAgreementScale, rescale)', () => {
  const probe = prepareOrientation(mapOf(400, 400, field), 1);
  const read = (p: ReturnType<typeof similar>, bound: number, count = 8): number =>
    orientationAgreement(probe, prepareOrientation(p.map, 1), p.px, p.py, p.cx, p.cy, p.list, count, p.partner, 0, 0, bound);

  it('is off by default, and 0 is the rigid fit to the bit', () => {
    expect(MATCHING_PARAMETERS.orientationAgreementScale).toBe(0);
    const p = similar(25 * deg, 1.15, 8);
    expect(read(p, 0)).toBe(orientationAgreement(probe, prepareOrientation(p.map, 1), p.px, p.py, p.cx, p.cy, p.list, 8, p.partner));
  });

  it('at scale 1 it changes nothing that matters', () => {
    const p = similar(25 * deg, 1, 8);
    expect(Math.abs(read(p, 0.25) - read(p, 0))).toBeLessThan(1e-3);
    expect(read(p, 0)).toBeGreaterThan(0.95);
  });

  it('reads a print scaled by 1.15 or 0.87 as agreeing, where the rigid fit does not', () => {
    for (const s of [1.15, 1 / 1.15]) {
      const p = similar(25 * deg, s, 8);
      const rigid = read(p, 0), fitted = read(p, 0.25);
      expect(rigid).toBeLessThan(0.9);
      expect(fitted).toBeGreaterThan(0.95);
    }
  });

  it('bounds the scale: a bound below the true scale recovers only part', () => {
    const p = similar(25 * deg, 1.2, 8);
    const rigid = read(p, 0), part = read(p, 0.08), whole = read(p, 0.25);
    expect(part).toBeGreaterThan(rigid);
    expect(part).toBeLessThan(whole);
  });

  it('still needs 3 pairs and 16 common cells', () => {
    expect(read(similar(25 * deg, 1.15, 8), 0.25, 2)).toBeNaN();
    expect(read(similar(25 * deg, 1.15, 8), 0.25, 3)).toBeGreaterThan(0.9);
  });
});

describe('compareTemplates with orientationAgreementScale (off by default)', () => {
  const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
  const score = (a: Template, b: Template, p: MatchingParameters): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p);
  const off = Object.freeze({ ...MATCHING_PARAMETERS, orientationAgreementWeight: 16 });
  const on = Object.freeze({ ...off, orientationAgreementScale: 0.25 });
  const withField = (t: Template): Template => ({ ...t, orientationMap: mapOf(t.width, t.height, field) });
  /** The template as a print scaled by s: minutiae, size and field. */
  const scaled = (t: Template, s: number): Template => ({
    ...t,
    width: Math.round(t.width * s), height: Math.round(t.height * s),
    minutiae: t.minutiae.map((m) => ({ ...m, x: m.x * s, y: m.y * s })),
    orientationMap: mapOf(Math.round(t.width * s), Math.round(t.height * s), (x, y) => field(x / s, y / s)),
  });

  it('off is the shipped matcher, to the bit', () => {
    const a = withField(iso('101_1'));
    for (const b of ['101_2', '101_3']) expect(score(a, withField(iso(b)), off)).toBe(score(a, withField(iso(b)), { ...off, orientationAgreementScale: 0 }));
  });

  it('on, a print compared with itself scaled by 1.06 keeps more of its score; unscaled, about the same', () => {
    const a = withField(iso('101_1'));
    const b = scaled(a, 1.06);
    expect(score(a, b, off)).toBeGreaterThan(0);
    expect(score(a, b, on)).toBeGreaterThan(score(a, b, off));
    expect(score(a, a, on)).toBeCloseTo(score(a, a, off), 3);
  });
});
