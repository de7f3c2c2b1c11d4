import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import { type OrientationMap, type Template } from '../../src/templates/index.js';
import { compareTemplates, compareTemplatesDetailed, prepareTemplate } from '../../src/matching/index.js';
import { orientationAgreement, prepareOrientation } from '../../src/matching/compare-orientation-maps.js';
import { localOrientationAgreement } from '../../src/matching/compare-orientation-maps-locally.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';
import { mapOf } from '../helpers/orientation-maps.js';

const deg = Math.PI / 180;
const UNITS = 256 / (2 * Math.PI);


/**
 * Pairs spread over a 400 × 400 print: the candidate's positions are the probe's turned by `rot`
 * (image coordinates) about (200, 200) and shifted, plus `shift(x, y)`; the candidate minutia's
 * direction is the probe's turned by the fit (ψ − rot) plus `turn(x, y)` (radians, at the probe minutia).
 */
function pairsOf(rot: number, count: number, turn: (x: number, y: number) => number = () => 0, shift: (x: number, y: number) => [number, number] = () => [0, 0]) {
  const px = new Float32Array(count), py = new Float32Array(count), cx = new Float32Array(count), cy = new Float32Array(count);
  const pa = new Uint8Array(count), ca = new Uint8Array(count);
  const list = new Int16Array(count), partner = new Int16Array(count);
  for (let k = 0; k < count; k++) {
    px[k] = 40 + 47 * ((k * 7) % 8); py[k] = 30 + 41 * ((k * 3) % 9);
    const x = px[k] - 200, y = py[k] - 200, [sx, sy] = shift(px[k], py[k]);
    cx[k] = 210 + Math.cos(rot) * x - Math.sin(rot) * y + sx; cy[k] = 190 + Math.sin(rot) * x + Math.cos(rot) * y + sy;
    pa[k] = (k * 37) & 255;
    ca[k] = Math.round(pa[k] + (turn(px[k], py[k]) - rot) * UNITS) & 255;
    list[k] = k; partner[k] = k;
  }
  return { px, py, cx, cy, pa, ca, list, partner };
}

describe('localOrientationAgreement (orientationAgreementLocal, maplocal)', () => {
  const rot = 20 * deg;
  const probeMap = mapOf(400, 400, (x, y) => 10 * deg + 0.002 * (x + y));
  const probe = prepareOrientation(probeMap, 1);
  type Pairs = ReturnType<typeof pairsOf>;
  const rigid = (candidate: OrientationMap, p: Pairs, count = p.list.length): number => orientationAgreement(probe, prepareOrientation(candidate, 1), p.px, p.py, p.cx, p.cy, p.list, count, p.partner);
  const local = (candidate: OrientationMap, p: Pairs, sigma = 64, stiffness = 1, count = p.list.length): number =>
    localOrientationAgreement(probe, prepareOrientation(candidate, 1), p.px, p.py, p.pa, p.cx, p.cy, p.ca, p.list, count, p.partner, sigma, stiffness);
  /** The candidate's field: the probe's carried by the rigid pairing, turned further by `turn` at the probe point it came from. */
  const carried = (turn: (x: number, y: number) => number = () => 0): OrientationMap => mapOf(400, 400, (X, Y) => {
    // the probe point landing at (X, Y) under the rigid pairing
    const u = X - 210, v = Y - 190, x = 200 + Math.cos(rot) * u + Math.sin(rot) * v, y = 200 - Math.sin(rot) * u + Math.cos(rot) * v;
    return 10 * deg + 0.002 * (x + y) - rot + turn(x, y);
  });

  it('equals the rigid agreement where the pairs fit rigidly and their directions follow the fit (no residual)', () => {
    const p = pairsOf(rot, 24);
    const candidate = carried();
    expect(local(candidate, p)).toBeGreaterThan(0.97);
    expect(local(candidate, p)).toBeCloseTo(rigid(candidate, p), 3);
  });

  it('follows a turn the minutiae show in one part of the print, which the rigid fit cannot', () => {
    // the upper half of the finger turned by 14° against the rest: the pairs there show it
    const turn = (_x: number, y: number): number => (y < 200 ? 14 * deg : 0);
    const p = pairsOf(rot, 24, turn);
    const candidate = carried(turn);
    const g = local(candidate, p, 48, 1);
    expect(g).toBeGreaterThan(rigid(candidate, p) + 0.01);
    expect(g).toBeGreaterThan(0.95);
    // a field turned where the minutiae do not turn is not forgiven
    const still = pairsOf(rot, 24);
    expect(local(candidate, still, 48, 1)).toBeCloseTo(rigid(candidate, still), 2);
  });

  it('follows a local shift of the pairs: the cells land where the region moved', () => {
    // a field that changes fast along x, and the right half of the candidate moved 24 px to the right
    const fast = mapOf(400, 400, (x) => 0.02 * x);
    const p = pairsOf(0, 24, () => 0, (x) => (x > 200 ? [24, 0] : [0, 0]));
    const candidate = mapOf(400, 400, (X) => 0.02 * (X - 10 - (X > 220 ? 24 : 0)));
    const P = prepareOrientation(fast, 1), C = prepareOrientation(candidate, 1);
    const shifted = localOrientationAgreement(P, C, p.px, p.py, p.pa, p.cx, p.cy, p.ca, p.list, 24, p.partner, 48, 1);
    const fixed = orientationAgreement(P, C, p.px, p.py, p.cx, p.cy, p.list, 24, p.partner);
    expect(shifted).toBeGreaterThan(fixed + 0.01);
  });

  it('tends to the rigid agreement as the stiffness grows or σ shrinks to nothing', () => {
    const turn = (x: number): number => (x < 200 ? 10 * deg : -6 * deg);
    const p = pairsOf(rot, 24, turn, (x, y) => [0.05 * (y - 200), 0]);
    const candidate = carried(turn);
    expect(local(candidate, p, 64, 1e9)).toBeCloseTo(rigid(candidate, p), 5);
    expect(local(candidate, p, 1e-3, 1)).toBeCloseTo(rigid(candidate, p), 5);
  });

  it('needs 3 pairs and 16 common cells, as the rigid agreement', () => {
    const p = pairsOf(rot, 24);
    expect(local(carried(), p, 64, 1, 2)).toBeNaN();
    expect(local(carried(), p, 64, 1, 3)).not.toBeNaN();
    const tiny = mapOf(400, 400, () => 0, (x, y) => x < 48 && y < 48);
    expect(local(tiny, p)).toBeNaN();
  });

  it('gives the same value on a second call (its scratch grows and is reused)', () => {
    const p = pairsOf(rot, 24, (x) => (x < 200 ? 8 * deg : 0));
    const big = prepareOrientation(mapOf(800, 800, () => 0), 1);
    const first = local(carried(), p);
    localOrientationAgreement(big, prepareOrientation(carried(), 1), p.px, p.py, p.pa, p.cx, p.cy, p.ca, p.list, 24, p.partner, 64, 1);
    expect(local(carried(), p)).toBe(first);
  });
});

const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const score = (a: Template, b: Template, p: MatchingParameters): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p);

describe('compareTemplates: the agreement through a local fit (orientationAgreementLocal, off by default)', () => {
  const templates = ['101_1', '101_2', '101_3', '102_1'].map(iso);
  const flat = (t: Template, psi = 0): Template => ({ ...t, orientationMap: mapOf(t.width, t.height, () => psi) });

  it('is off by default (0), and off is the shipped matcher to the bit', () => {
    expect(MATCHING_PARAMETERS.orientationAgreementLocal).toBe(0);
    const off = { ...MATCHING_PARAMETERS, orientationAgreementLocal: 0, orientationAgreementLocalStiffness: 7 };
    for (const b of [1, 2, 3]) expect(score(flat(templates[0]), flat(templates[b], 12 * deg), off)).toBe(score(flat(templates[0]), flat(templates[b], 12 * deg), MATCHING_PARAMETERS));
  });

  it('on, scores through the local fit: the same pairing, a factor within (0, 1], and a rigid-like result at a huge stiffness', () => {
    const on = { ...MATCHING_PARAMETERS, orientationAgreementLocal: 64 };
    const stiff = { ...on, orientationAgreementLocalStiffness: 1e12 };
    const noMap = { ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 };
    for (const b of [1, 2]) {
      const a = flat(templates[0]), c = flat(templates[b], 12 * deg);
      const s = score(a, c, on);
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThanOrEqual(score(a, c, noMap));
      expect(score(a, c, stiff)).toBeCloseTo(score(a, c, MATCHING_PARAMETERS), 3);
    }
  });

  it('with a least pair count (orientationAgreementLocalMinPairs), a smaller pairing keeps the rigid fit to the bit', () => {
    const on = { ...MATCHING_PARAMETERS, orientationAgreementLocal: 64 };
    let gated = 0;
    for (const b of [1, 2, 3]) {
      const a = flat(templates[0]), c = flat(templates[b], 12 * deg);
      const pairs = compareTemplatesDetailed(prepareTemplate(a, on), prepareTemplate(c, on), on).pairs.length;
      // just above the pairing's size: rigid; at its size: local
      expect(score(a, c, { ...on, orientationAgreementLocalMinPairs: pairs + 1 })).toBe(score(a, c, MATCHING_PARAMETERS));
      expect(score(a, c, { ...on, orientationAgreementLocalMinPairs: pairs })).toBe(score(a, c, on));
      if (score(a, c, on) !== score(a, c, MATCHING_PARAMETERS)) gated++;
    }
    expect(gated).toBeGreaterThan(0);
  });
});
