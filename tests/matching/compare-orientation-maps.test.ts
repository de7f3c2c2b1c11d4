import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import { ORIENTATION_MAP_LEVELS, type OrientationMap, type Template } from '../../src/templates/index.js';
import {
  compareTemplates, compareTemplatesDetailed, compareTemplatesEvidence, equateScoreByMinutiae, equateScoreWithoutMap, fmrToThreshold, MIN_REPORTED_FMR, prepareTemplate, SCORE_CALIBRATION, SCORE_CALIBRATION_WITHOUT_MAP, scoreToFmr,
} from '../../src/matching/index.js';
import { orientationAgreement, orientationFactor, prepareOrientation, type PreparedOrientation } from '../../src/matching/compare-orientation-maps.js';
import { sumRigidFit, type RigidFitSums } from '../../src/matching/fit-rigid.js';
import { MATCHING_PARAMETERS, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';
import { mapOf } from '../helpers/orientation-maps.js';

const deg = Math.PI / 180;


/** Pairs of points: the probe's, and the candidate's = the probe's turned by `rot` (image coordinates, y down) about (200, 200) and shifted. */
function pairsOf(rot: number, count: number) {
  const px = new Float32Array(count), py = new Float32Array(count), cx = new Float32Array(count), cy = new Float32Array(count);
  const list = new Int16Array(count), partner = new Int16Array(count);
  for (let k = 0; k < count; k++) {
    px[k] = 120 + 37 * ((k * 7) % 5); py[k] = 110 + 29 * ((k * 3) % 6);
    const x = px[k] - 200, y = py[k] - 200;
    cx[k] = 210 + Math.cos(rot) * x - Math.sin(rot) * y; cy[k] = 190 + Math.sin(rot) * x + Math.cos(rot) * y;
    list[k] = k; partner[k] = k;
  }
  return { px, py, cx, cy, list, partner };
}

describe('orientationAgreement', () => {
  const rot = 30 * deg;
  const probe = prepareOrientation(mapOf(400, 400, () => 20 * deg), 1);
  const pairs = pairsOf(rot, 8);
  const agree = (candidate: OrientationMap, p = pairs, count = 8): number => orientationAgreement(probe, prepareOrientation(candidate, 1), p.px, p.py, p.cx, p.cy, p.list, count, p.partner);

  it('is near 1 when the candidate field is the probe field turned by the pairing (a direction ψ turns to ψ − rot on screen)', () => {
    expect(agree(mapOf(400, 400, () => 20 * deg - rot))).toBeGreaterThan(0.97);
  });

  it('falls when the fields disagree: not turned, turned the wrong way, perpendicular', () => {
    const same = agree(mapOf(400, 400, () => 20 * deg));
    const wrongWay = agree(mapOf(400, 400, () => 20 * deg + rot));
    const across = agree(mapOf(400, 400, () => 20 * deg - rot + 90 * deg));
    expect(same).toBeGreaterThan(0.65);
    expect(same).toBeLessThan(0.85);
    expect(wrongWay).toBeLessThan(0.45);
    expect(across).toBeLessThan(0.03);
  });

  it('reads only cells with print in both, and needs 3 pairs and 16 common cells', () => {
    // the candidate's print: one corner only; the probe's cells that land elsewhere are not read
    const cornerOnly = mapOf(400, 400, (x, y) => (x < 200 && y < 200 ? 20 * deg - rot : 20 * deg - rot + 90 * deg), (x, y) => x < 200 && y < 200);
    expect(agree(cornerOnly)).toBeGreaterThan(0.97);
    expect(agree(mapOf(400, 400, () => 20 * deg - rot, (x, y) => x < 40 && y < 40))).toBeNaN();
    expect(agree(mapOf(400, 400, () => 20 * deg - rot), pairs, 2)).toBeNaN();
    expect(agree(mapOf(400, 400, () => 20 * deg - rot), pairs, 3)).toBeGreaterThan(0.97);
  });

  it('reads a map at another resolution through its scale', () => {
    // the candidate's field agrees left of prepared x = 230 and is perpendicular right of it; at
    // 1000 ppi its pixels are twice the prepared ones
    const split = (k: number) => (x: number): number => (x < 230 * k ? 20 * deg - rot : 20 * deg - rot + 90 * deg);
    const read = (m: OrientationMap, scale: number): number => orientationAgreement(probe, prepareOrientation(m, scale), pairs.px, pairs.py, pairs.cx, pairs.cy, pairs.list, 8, pairs.partner);
    const at500 = read(mapOf(400, 400, split(1)), 1);
    const at1000 = read(mapOf(800, 800, split(2)), 2);
    expect(at500).toBeGreaterThan(0.2);
    expect(at500).toBeLessThan(0.8);
    expect(Math.abs(at1000 - at500)).toBeLessThan(0.05);
    expect(Math.abs(read(mapOf(800, 800, split(2)), 1) - at500)).toBeGreaterThan(0.1);
  });

  it('decodes each code to the cosine and sine of its doubled direction, as computed per cell (a table since mapgal), 0 where no print', () => {
    const codes = Uint8Array.from({ length: 32 }, (_, i) => i % (ORIENTATION_MAP_LEVELS + 1));
    const p = prepareOrientation({ cell: 16, columns: 8, rows: 4, codes }, 1);
    codes.forEach((code, i) => {
      const doubled = (2 * Math.PI * (code - 1)) / ORIENTATION_MAP_LEVELS;
      expect([p.cos2[i], p.sin2[i]]).toEqual(code === 0 ? [0, 0] : [Math.fround(Math.cos(doubled)), Math.fround(Math.sin(doubled))]);
    });
    expect(p.cells.length).toBe(30);
  });

  describe('read near the pairing (orientationAgreementRadius, mapfit)', () => {
    // the candidate's field is the probe's turned by the pairing, except where the probe's point
    // lies below y = 330 (beyond every pair, whose probe points lie at y 110–255): there it is
    // perpendicular, as a second phalanx's field below a crease
    const phalanx = mapOf(400, 400, (x, y) => {
      const u = x - 210, w = y - 190;
      const probeY = 200 - Math.sin(rot) * u + Math.cos(rot) * w;
      return probeY > 330 ? 20 * deg - rot + 90 * deg : 20 * deg - rot;
    });
    const read = (m: OrientationMap, radius: number, count = 8): number => orientationAgreement(probe, prepareOrientation(m, 1), pairs.px, pairs.py, pairs.cx, pairs.cy, pairs.list, count, pairs.partner, radius);

    it('0 (the default) is the plain mean, and a radius far beyond the print tends to it', () => {
      expect(MATCHING_PARAMETERS.orientationAgreementRadius).toBe(0);
      expect(read(phalanx, 0)).toBe(agree(phalanx));
      expect(read(phalanx, 1e5)).toBeCloseTo(agree(phalanx), 5);
    });

    it('weighs the disagreement far from the pairs less: the agreement rises as the radius falls', () => {
      const plain = agree(phalanx), at128 = read(phalanx, 128), at64 = read(phalanx, 64), at32 = read(phalanx, 32);
      expect(plain).toBeLessThan(0.85);
      expect(at128).toBeGreaterThan(plain);
      expect(at64).toBeGreaterThan(at128);
      expect(at32).toBeGreaterThan(at64);
      expect(at32).toBeGreaterThan(0.97);
      // the weight is the same for every cell of a field that agrees everywhere
      expect(read(mapOf(400, 400, () => 20 * deg - rot), 64)).toBeGreaterThan(0.97);
    });

    it('weighs by the distance to the nearest paired minutia, exp(−d² / 2R²)', () => {
      // a field perpendicular everywhere but within 40 px of the first pair: the nearer the weight
      // falls off, the more those few agreeing cells count
      const x0 = pairs.px[0], y0 = pairs.py[0];
      const far = mapOf(400, 400, (x, y) => {
        const u = x - 210, w = y - 190;
        const qx = 200 + Math.cos(rot) * u + Math.sin(rot) * w, qy = 200 - Math.sin(rot) * u + Math.cos(rot) * w;
        return Math.hypot(qx - x0, qy - y0) < 40 ? 20 * deg - rot : 20 * deg - rot + 90 * deg;
      });
      expect(read(far, 0)).toBeLessThan(0.2);
      expect(read(far, 8)).toBeGreaterThan(read(far, 64));
    });

    it('still needs 3 pairs and 16 common cells (counted unweighted)', () => {
      expect(read(mapOf(400, 400, () => 20 * deg - rot, (x, y) => x < 40 && y < 40), 64)).toBeNaN();
      expect(read(phalanx, 64, 2)).toBeNaN();
      expect(read(phalanx, 64, 3)).toBeGreaterThan(agree(phalanx, pairs, 3));
    });
  });

  describe('the field free to turn against the fit (orientationAgreementTurn, mapfit)', () => {
    const read = (m: OrientationMap, turn: number, radius = 0, count = 8): number => orientationAgreement(probe, prepareOrientation(m, 1), pairs.px, pairs.py, pairs.cx, pairs.cy, pairs.list, count, pairs.partner, radius, turn * deg);
    // the candidate's field turned by a further 12° everywhere (a sheared finger), the map's 12° steps
    const turned = mapOf(400, 400, () => 20 * deg - rot - 12 * deg);

    it('is off by default; 0 is the plain mean', () => {
      expect(MATCHING_PARAMETERS.orientationAgreementTurn).toBe(0);
      expect(read(turned, 0)).toBe(agree(turned));
    });

    it('forgives a turn up to θ and only the part beyond it', () => {
      // every cell differs by the same Δ (the map's 12° steps make it 18° here): plain = ½ + ½ cos 2Δ
      const plain = agree(turned);
      const delta = Math.acos(2 * plain - 1) / 2;
      expect(delta / deg).toBeGreaterThan(11);
      expect(delta / deg).toBeLessThan(25);
      expect(read(turned, 6)).toBeCloseTo(0.5 + 0.5 * Math.cos(2 * (delta - 6 * deg)), 6);
      expect(read(turned, delta / deg + 1)).toBeCloseTo(1, 6);
      expect(read(turned, delta / deg + 10)).toBeCloseTo(1, 6);
      // a field that agrees up to the map's steps (6° here) agrees fully; a perpendicular one gains only the turn allowed
      const agreeing = mapOf(400, 400, () => 20 * deg - rot);
      expect(agree(agreeing)).toBeLessThan(0.995);
      expect(read(agreeing, 10)).toBeCloseTo(1, 6);
      const across = mapOf(400, 400, () => 20 * deg - rot + 90 * deg);
      const acrossDelta = Math.acos(Math.max(-1, 2 * agree(across) - 1)) / 2;
      expect(read(across, 10)).toBeCloseTo(0.5 + 0.5 * Math.cos(2 * (acrossDelta - 10 * deg)), 6);
    });

    it('goes with the radius, and still needs 3 pairs and 16 common cells', () => {
      expect(read(turned, 25, 64)).toBeCloseTo(1, 6);
      expect(read(turned, 12, 0, 2)).toBeNaN();
      expect(read(mapOf(400, 400, () => 20 * deg - rot, (x, y) => x < 40 && y < 40), 12)).toBeNaN();
    });
  });

  it("reads the candidate's map and scale only: bit-identical to the sum over its prepared cos 2ψ and sin 2ψ arrays (the form before mapcost)", () => {
    /** The agreement as computed before mapcost, from the candidate's prepared arrays, in the same order of operations. */
    const withArrays = (P: PreparedOrientation, C: PreparedOrientation, p: ReturnType<typeof pairsOf>, count: number): number => {
      const fit: RigidFitSums = { ax: 0, ay: 0, bx: 0, by: 0, dot: 0, cross: 0 };
      sumRigidFit(p.px, p.py, p.cx, p.cy, p.list, count, p.partner, fit);
      const { ax: mpx, ay: mpy, bx: mcx, by: mcy, dot, cross } = fit;
      const rot = Math.atan2(cross, dot), cr = Math.cos(rot), sr = Math.sin(rot), c2r = Math.cos(2 * rot), s2r = Math.sin(2 * rot);
      const side = C.map.cell / C.scale;
      let sum = 0, n = 0;
      for (let k = 0; k < P.cells.length; k++) {
        const x = P.centres[2 * k] - mpx, y = P.centres[2 * k + 1] - mpy;
        const u = Math.floor((mcx + cr * x - sr * y) / side), v = Math.floor((mcy + sr * x + cr * y) / side);
        if (u < 0 || v < 0 || u >= C.map.columns || v >= C.map.rows) continue;
        const j = v * C.map.columns + u;
        if (C.map.codes[j] === 0) continue;
        const i = P.cells[k];
        sum += (P.cos2[i] * c2r + P.sin2[i] * s2r) * C.cos2[j] + (P.sin2[i] * c2r - P.cos2[i] * s2r) * C.sin2[j];
        n++;
      }
      return n >= 16 ? 0.5 + (0.5 * sum) / n : NaN;
    };
    let seed = 7;
    const rand = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let measured = 0;
    for (let trial = 0; trial < 200; trial++) {
      const scale = [1, 1, 2, 0.8][trial % 4];
      const field = (x: number, y: number): number => rand() < 0.15 ? 0 : Math.atan2(y - 190, x - 210) / 2 + trial;
      const candidate = mapOf(400 * scale, 400 * scale, field, (x, y) => (x - 200 * scale) ** 2 + (y - 200 * scale) ** 2 < (170 * scale) ** 2);
      const p = pairsOf((trial - 100) * deg, 8);
      const count = 3 + (trial % 6);
      const prepared = prepareOrientation(candidate, scale);
      const got = orientationAgreement(probe, { map: candidate, scale }, p.px, p.py, p.cx, p.cy, p.list, count, p.partner);
      expect(Object.is(got, withArrays(probe, prepared, p, count))).toBe(true);
      expect(Object.is(got, orientationAgreement(probe, prepared, p.px, p.py, p.cx, p.cy, p.list, count, p.partner))).toBe(true);
      if (!Number.isNaN(got)) measured++;
    }
    expect(measured).toBeGreaterThan(150);
  });

  it('weighs the score by exp(−w · (1 − g)), an unmeasured agreement as ½', () => {
    expect(orientationFactor(1, 16)).toBe(1);
    expect(orientationFactor(0.75, 16)).toBeCloseTo(Math.exp(-4), 12);
    expect(orientationFactor(NaN, 16)).toBeCloseTo(Math.exp(-8), 12);
    expect(orientationFactor(0.3, 0)).toBe(1);
  });
});

const iso = (name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/DB1_B/${name}.iso`), 0, SAME_PLACEMENT);
const score = (a: Template, b: Template, p: MatchingParameters): number => compareTemplates(prepareTemplate(a, p), prepareTemplate(b, p), p);

describe('compareTemplates: orientation agreement (orientationAgreementWeight, 16 by default since the tenth session)', () => {
  // the map's factor alone: the band equating of small pairs (calibrationByMinutiae, its own tests) left out
  const on = Object.freeze({ ...MATCHING_PARAMETERS, orientationAgreementWeight: 16, calibrationByMinutiae: 0 });
  const off = Object.freeze({ ...MATCHING_PARAMETERS, orientationAgreementWeight: 0, calibrationByMinutiae: 0 });
  const names = ['101_1', '101_2', '101_3', '102_1', '103_1'];
  const templates = names.map(iso);
  /** The template with a map of one direction everywhere (a genuine pair barely turns: the fields agree). */
  const flat = (t: Template, psi = 0): Template => ({ ...t, orientationMap: mapOf(t.width, t.height, () => psi) });

  it('is on by default; off (0) a map changes no score and nothing is equated', () => {
    expect(MATCHING_PARAMETERS.orientationAgreementWeight).toBe(16);
    for (let a = 0; a < templates.length; a++) for (let b = 0; b < templates.length; b++) {
      if (a !== b) expect(score(flat(templates[a]), flat(templates[b], 90 * deg), off)).toBe(score(templates[a], templates[b], off));
    }
  });

  it('on, a pair where either template lacks a map is scored as off, then equated by its FMR to the scale of pairs with maps', () => {
    for (let b = 1; b < templates.length; b++) {
      const raw = score(templates[0], templates[b], off);
      const equated = equateScoreWithoutMap(raw);
      expect(score(templates[0], templates[b], on)).toBe(equated);
      expect(score(flat(templates[0]), templates[b], on)).toBe(equated);
      expect(score(templates[0], flat(templates[b]), on)).toBe(equated);
      // the same false match rate in the two tables
      expect(scoreToFmr(equated, SCORE_CALIBRATION)).toBeCloseTo(scoreToFmr(raw, SCORE_CALIBRATION_WITHOUT_MAP), 9);
    }
  });

  it('on, a genuine pair whose fields agree keeps its score; the same pair with perpendicular fields loses exp(−w) of it', () => {
    for (const b of [1, 2]) {
      const before = score(templates[0], templates[b], off);
      const pairing = compareTemplatesDetailed(prepareTemplate(templates[0], off), prepareTemplate(templates[b], off), off);
      expect(pairing.pairs.length).toBeGreaterThan(3);
      const agreeing = score(flat(templates[0]), flat(templates[b]), on);
      const across = score(flat(templates[0]), flat(templates[b], 90 * deg), on);
      expect(agreeing).toBeLessThanOrEqual(before);
      expect(agreeing).toBeGreaterThan(0.5 * before);
      expect(across).toBeLessThan(before * Math.exp(-16 * 0.85));
    }
  });
});

describe('compareTemplates: the agreement read near the pairing (orientationAgreementRadius, off by default)', () => {
  const off = Object.freeze({ ...MATCHING_PARAMETERS, orientationAgreementWeight: 16, orientationAgreementRadius: 0 });
  const near = Object.freeze({ ...off, orientationAgreementRadius: 64 });
  const templates = ['101_1', '101_2', '101_3'].map(iso);
  /** A map of one direction, perpendicular below the template's 60th-percentile minutia row (a foreign field: a second phalanx). */
  const withPhalanx = (t: Template, crease: boolean): Template => {
    const ys = t.minutiae.map((m) => m.y).sort((a, b) => a - b);
    const cut = ys[Math.floor(0.6 * ys.length)];
    return { ...t, orientationMap: mapOf(t.width, t.height, (_x, y) => (crease && y > cut ? 90 * deg : 0)) };
  };

  it('off is the shipped matcher, to the bit (radius and turn 0)', () => {
    expect(off.orientationAgreementTurn).toBe(0);
    for (const b of [1, 2]) {
      const a = withPhalanx(templates[0], false), c = withPhalanx(templates[b], true);
      expect(score(a, c, off)).toBe(score(a, c, MATCHING_PARAMETERS));
    }
  });

  it('with a turn allowed, a pair whose candidate field is turned by 12° everywhere keeps more of its score', () => {
    const free = Object.freeze({ ...off, orientationAgreementTurn: 12 });
    for (const b of [1, 2]) {
      const a = { ...templates[0], orientationMap: mapOf(templates[0].width, templates[0].height, () => 0) };
      const c = { ...templates[b], orientationMap: mapOf(templates[b].width, templates[b].height, () => -12 * deg) };
      expect(score(a, c, free)).toBeGreaterThan(score(a, c, off));
    }
  });

  it('on, a genuine pair whose candidate carries a foreign field away from the pairs loses less of its score', () => {
    for (const b of [1, 2]) {
      const a = withPhalanx(templates[0], false);
      const plain = score(a, withPhalanx(templates[b], false), off);
      const foreignOff = score(a, withPhalanx(templates[b], true), off), foreignNear = score(a, withPhalanx(templates[b], true), near);
      expect(foreignOff).toBeLessThan(plain);
      expect(foreignNear).toBeGreaterThan(foreignOff);
      // where the fields agree everywhere the radius changes little
      expect(score(a, withPhalanx(templates[b], false), near)).toBeCloseTo(plain, 6);
    }
  });
});

describe('compareTemplatesEvidence: the score, agreement and pairing size apart (mapfuse)', () => {
  const templates = ['101_1', '101_2', '101_3', '102_1', '103_1'].map(iso);
  const off = Object.freeze({ ...MATCHING_PARAMETERS, orientationAgreementWeight: 0 });
  const withMap = (t: Template, psi: number): Template => ({ ...t, orientationMap: mapOf(t.width, t.height, (x) => psi + 0.001 * x) });

  it('gives the score without the map and the agreement, whose product is the shipped score to the bit (before a small pair\'s band equating)', () => {
    const unequated = Object.freeze({ ...MATCHING_PARAMETERS, calibrationByMinutiae: 0 });
    let measured = 0;
    for (let a = 0; a < templates.length; a++) for (let b = 0; b < templates.length; b++) {
      if (a === b) continue;
      const A = withMap(templates[a], 0), B = withMap(templates[b], 20 * deg);
      const P = prepareTemplate(A, MATCHING_PARAMETERS), C = prepareTemplate(B, MATCHING_PARAMETERS);
      const e = compareTemplatesEvidence(P, C, MATCHING_PARAMETERS);
      expect(e.score).toBe(score(A, B, off));
      if (e.score > 0) expect(e.pairs).toBe(compareTemplatesDetailed(P, C, off).pairs.length);
      const product = compareTemplates(P, C, unequated);
      const shipped = compareTemplates(P, C, MATCHING_PARAMETERS);
      expect(shipped).toBe(equateScoreByMinutiae(product, Math.min(P.count, C.count)));
      if (e.score > 0) {
        expect(e.agreement).not.toBeNull();
        expect(product).toBe(e.score * orientationFactor(e.agreement!, MATCHING_PARAMETERS.orientationAgreementWeight));
        if (!Number.isNaN(e.agreement)) measured++;
      } else expect(shipped).toBe(0);
    }
    expect(measured).toBeGreaterThan(0);
  });

  it('has no agreement (null) when either template lacks a map', () => {
    const P = prepareTemplate(templates[0], MATCHING_PARAMETERS), C = prepareTemplate(withMap(templates[1], 0), MATCHING_PARAMETERS);
    const e = compareTemplatesEvidence(P, C, MATCHING_PARAMETERS);
    expect(e.score).toBeGreaterThan(0);
    expect(e.agreement).toBeNull();
    expect(compareTemplates(P, C, MATCHING_PARAMETERS)).toBe(equateScoreWithoutMap(e.score));
  });
});

describe('equateScoreWithoutMap', () => {
  it('keeps the false match rate: each point of the table without maps lands on the same point of the table with maps', () => {
    SCORE_CALIBRATION_WITHOUT_MAP.points.forEach((p, k) => {
      expect(equateScoreWithoutMap(p.score)).toBeCloseTo(SCORE_CALIBRATION.points[k].score, 6);
    });
  });

  it('is 0 at 0, increasing and continuous, also past the lowest FMR the tables report', () => {
    expect(equateScoreWithoutMap(0)).toBe(0);
    let prev = 0;
    for (let s = 0.05; s < 400; s *= 1.05) {
      const e = equateScoreWithoutMap(s);
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
    const top = fmrToThreshold(MIN_REPORTED_FMR, SCORE_CALIBRATION_WITHOUT_MAP);
    expect(equateScoreWithoutMap(top * (1 + 1e-9))).toBeCloseTo(equateScoreWithoutMap(top * (1 - 1e-9)), 5);
  });
});
