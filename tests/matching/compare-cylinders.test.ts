import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Minutia, Template } from '../../src/templates/index.js';
import { compareTemplates, prepareTemplate } from '../../src/matching/index.js';
import { compareCylinders, cylinderSimilarity } from '../../src/matching/compare-cylinders.js';
import { buildMinutiaCylinders, cylinderCacheSize, cylindersBuilt, cylindersOf, MCC_DISC_CELLS, MCC_RECORD_WORDS, MCC_WORDS, mccAngleOrderStart, mccAngleOrderWords, mccHeaderWords } from '../../src/matching/build-minutia-cylinders.js';
import { loadCylinderKernel, useCylinderKernel } from '../../src/matching/load-cylinder-kernel.js';
import { MATCHING_PARAMETERS as SHIPPED_MATCHING, type MatchingParameters } from '../../src/config/parameters/matching.js';
import { FIXTURES } from '../helpers/data.js';

// These fixtures carry no orientation map, and the scores pinned here are the minutia geometry's:
// the map's weight is 0, so no score is equated (orientationAgreementWeight; the map, its
// agreement and the equating are tested in compare-orientation-maps.test.ts).
const MATCHING_PARAMETERS = Object.freeze({ ...SHIPPED_MATCHING, orientationAgreementWeight: 0 });

// These tests guard the pairing and each option's mechanism on the matcher as it was before the
// MCC gate was switched on (its nine parameters at their former defaults); the shipped matcher
// is pinned in tests/matching/shipped-matcher.test.ts.
vi.mock('../../src/config/parameters/matching.js', async (importOriginal) => (await import('../helpers/pre-gate-matching.js')).preGateMatchingModule(importOriginal));

const iso = (set: string, name: string): Template => isoToTemplate(readFileSync(`${FIXTURES}iso19794-2/fvc2002-secugen/${set}/${name}.iso`), 0, SAME_PLACEMENT); // as stored: these tests guard the matcher, not the codec's placement
const MCC = { ...MATCHING_PARAMETERS, mccWeight: 1 };

/** Rotates (radians) and shifts a template, growing the canvas to hold it. */
function transform(t: Template, rot: number, dx: number, dy: number): Template {
  const cx = t.width / 2, cy = t.height / 2;
  const c = Math.cos(rot), s = Math.sin(rot);
  const pad = 400;
  const minutiae: Minutia[] = t.minutiae.map((m) => {
    const x = m.x - cx, y = m.y - cy;
    return { ...m, x: x * c + y * s + cx + dx + pad, y: -x * s + y * c + cy + dy + pad, angle: (((m.angle + rot) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) };
  });
  return { ...t, width: t.width + 2 * pad, height: t.height + 2 * pad, minutiae };
}

describe('Minutia Cylinder-Code', () => {
  const a1 = iso('DB1_B', '101_1');

  it('builds cylinders only when mccWeight is on, and leaves the shipped score unchanged when off', () => {
    const off = prepareTemplate(a1);
    const on = prepareTemplate(a1, MCC);
    expect(off.theta).toBeNull();
    expect(() => cylindersOf(off)).toThrow(RangeError);
    expect(cylindersOf(on).bits.length).toBe(on.count * MCC_WORDS);
    expect(cylindersOf(on).valid.reduce((s, v) => s + v, 0)).toBeGreaterThan(0.5 * on.count);
    const b = iso('DB1_B', '101_2');
    expect(compareTemplates(on, prepareTemplate(b, MCC), MCC)).not.toBe(compareTemplates(off, prepareTemplate(b), MATCHING_PARAMETERS));
    expect(compareTemplates(on, prepareTemplate(b, MCC), MATCHING_PARAMETERS)).toBe(compareTemplates(off, prepareTemplate(b), MATCHING_PARAMETERS));
    expect(() => compareTemplates(off, prepareTemplate(b), MCC)).toThrow(RangeError);
  });

  it('describes each minutia the same way after rotation and translation', () => {
    const pa = prepareTemplate(a1, MCC);
    const self = compareCylinders(pa, pa);
    expect(self).toBeGreaterThan(0.5);
    const base = compareTemplates(pa, pa, MATCHING_PARAMETERS) * compareCylinders(pa, pa) / 0.05;
    for (const [rot, dx, dy] of [[0.5, 30, -20], [Math.PI, 0, 0], [-1.2, -50, 80]] as const) {
      const moved = prepareTemplate(transform(a1, rot, dx, dy), MCC);
      const units = Math.round((rot * 128) / Math.PI) & 255;
      const sims: number[] = [];
      for (let i = 0; i < pa.count; i++) if (cylindersOf(pa).valid[i]) sims.push(cylinderSimilarity(pa, i, moved, i, units));
      sims.sort((x, y) => x - y);
      // byte-quantised directions move a few bits, not the descriptor
      expect(sims[Math.floor(sims.length / 2)]).toBeGreaterThan(0.85);
      expect(compareCylinders(pa, moved, units)).toBeGreaterThan(0.8 * self);
      // the gated score follows the pairing's rotation: a print upside down is still found
      expect(compareTemplates(pa, moved, MCC)).toBeGreaterThan(0.8 * base);
    }
    // as published (rotation 0), a print turned by π keeps only chance agreements
    expect(compareCylinders(pa, prepareTemplate(transform(a1, Math.PI, 0, 0), MCC))).toBeLessThan(0.1 * self);
  });

  it('keeps genuine above impostor scores on real third-party templates', () => {
    const t = ['101', '102', '103', '104', '105'].flatMap((f) => [1, 2, 3, 4].map((i) => ({ f, p: prepareTemplate(iso('DB1_B', `${f}_${i}`), MCC) })));
    const gen: number[] = [], imp: number[] = [];
    for (let a = 0; a < t.length; a++) for (let b = a + 1; b < t.length; b++) (t[a].f === t[b].f ? gen : imp).push(compareCylinders(t[a].p, t[b].p));
    gen.sort((x, y) => x - y);
    imp.sort((x, y) => x - y);
    expect(gen[Math.floor(gen.length / 2)]).toBeGreaterThan(2 * imp[imp.length - 1]);
  });

  it('relaxation: locally alike minutiae in a globally wrong arrangement score lower', () => {
    // the right half of the print moved 120 px away: every cylinder away from the cut is
    // unchanged, but distances across the cut no longer agree
    const cut = a1.width / 2;
    const split: Template = { ...a1, width: a1.width + 200, minutiae: a1.minutiae.map((m) => (m.x > cut ? { ...m, x: m.x + 120 } : m)) };
    const pa = prepareTemplate(a1, MCC);
    const ps = prepareTemplate(split, MCC);
    // locally: the cylinders of the minutiae far from the cut still agree
    const far = a1.minutiae.map((m, i) => (Math.abs(m.x - cut) > 50 ? i : -1)).filter((i) => i >= 0 && i < pa.count);
    const local = far.map((i) => cylinderSimilarity(pa, i, ps, i)).sort((x, y) => x - y);
    expect(local[Math.floor(local.length / 2)]).toBeGreaterThan(0.6);
    expect(compareCylinders(pa, ps)).toBeLessThan(0.7 * compareCylinders(pa, pa));
  });
});

describe('Minutia Cylinder-Code, shape and relaxation parameters', () => {
  const a1 = iso('DB1_B', '101_1');

  it('builds with the Gaussians it is given, and rebuilds a cached template when they change', () => {
    const p = prepareTemplate(a1, MCC);
    const hull = cylindersOf(p); // default shape, cached
    const wide = { ...MCC, mccSigmaS: 28 / 3 }, turned = { ...MCC, mccSigmaD: (2 * Math.PI) / 9 };
    const own = (shape: MatchingParameters) => buildMinutiaCylinders(p.count, p.x, p.y, p.theta!, p.angle, new Float32Array(0), shape);
    // a wider spatial Gaussian sets other cells (same hull: compare bits where both are valid)
    let differ = 0;
    const w = cylindersOf(p, undefined, wide);
    for (let i = 0; i < w.bits.length; i++) differ += Number(((w.bits[i] ^ hull.bits[i]) & w.mask[i] & hull.mask[i]) !== 0);
    expect(differ).toBeGreaterThan(p.count);
    expect(Array.from(cylindersOf(p, undefined, turned).bits)).not.toEqual(Array.from(w.bits));
    // back to the default shape: the cylinders first built, bit for bit (rebuilt, not the wide ones)
    expect(Array.from(cylindersOf(p).bits)).toEqual(Array.from(hull.bits));
    // the defaults are the first-measured 6 px and 5π/36
    expect(Array.from(own(MCC).bits)).toEqual(Array.from(own({ ...MCC, mccSigmaS: 6, mccSigmaD: (5 * Math.PI) / 36 }).bits));
    expect(() => own({ ...MCC, mccSigmaS: 0 })).toThrow(RangeError);
    expect(() => own({ ...MCC, mccSigmaD: -1 })).toThrow(RangeError);
  });

  it('a larger relaxation distance μ1 keeps a stretched print compatible, and changes nothing for an undistorted one', () => {
    // the print stretched by 8 % about its centre: neighbourhoods barely change, but distances
    // between far minutiae change by up to ≈ 15 px, which the paper's μ1 = 5 px calls incompatible
    const cx = a1.width / 2, cy = a1.height / 2;
    const stretched: Template = { ...a1, width: a1.width * 1.1, height: a1.height * 1.1, minutiae: a1.minutiae.map((m) => ({ ...m, x: cx + (m.x - cx) * 1.08, y: cy + (m.y - cy) * 1.08 })) };
    const pa = prepareTemplate(a1, MCC), ps = prepareTemplate(stretched, MCC);
    const at = (mu: number, b = ps) => compareCylinders(pa, b, 0, undefined, 0, undefined, { ...MCC, mccRelaxDistance: mu });
    expect(at(15)).toBeGreaterThan(1.2 * at(5));
    expect(Math.abs(at(15, pa) - at(5, pa))).toBeLessThan(0.01 * at(5, pa));
    // the default is the paper's 5 px
    expect(compareCylinders(pa, ps)).toBe(at(5));
    expect(() => at(-1)).toThrow(RangeError);
  });

  it('a capped support divisor (mccRelaxSupport) keeps false minutiae from diluting the true pairs\' support, and 0 is the published nR − 1', () => {
    // the same print with as many false minutiae again, scattered over its area (a fixed
    // pseudo-random sequence): nR grows, so the published divisor nR − 1 thins every true pair's support
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const xs = a1.minutiae.map((m) => m.x), ys = a1.minutiae.map((m) => m.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const noise: Minutia[] = a1.minutiae.map((m) => ({ ...m, x: x0 + rnd() * (x1 - x0), y: y0 + rnd() * (y1 - y0), angle: rnd() * 2 * Math.PI }));
    const noisy: Template = { ...a1, minutiae: [...a1.minutiae, ...noise] };
    const pa = prepareTemplate(a1, MCC), pn = prepareTemplate(noisy, { ...MCC, maxMinutiae: 255 });
    const at = (k: number, b = pn) => compareCylinders(pn, b, 0, undefined, 0, undefined, { ...MCC, mccRelaxSupport: k });
    const clean = compareCylinders(pa, pa);
    const cross = (k: number) => compareCylinders(pa, pn, 0, undefined, 0, undefined, { ...MCC, mccRelaxSupport: k });
    expect(pn.count).toBeGreaterThan(1.8 * pa.count);
    expect(cross(0)).toBeLessThan(clean);
    expect(cross(12)).toBeGreaterThan(1.2 * cross(0));
    // 0 is the default and the published divisor; a cap at or above nR − 1 changes nothing
    expect(compareCylinders(pa, pn)).toBe(cross(0));
    expect(cross(pa.count)).toBe(cross(0));
    expect(at(0)).toBe(compareCylinders(pn, pn));
    expect(() => cross(-1)).toThrow(RangeError);
  });

  it('quality-weighted relaxation (mccRelaxQuality): low-quality false minutiae dilute the true pairs\' support less; equal qualities give the published relaxation', () => {
    // two impressions of the same print, each with as many false minutiae again (different ones,
    // a fixed pseudo-random sequence) of quality 5, the true ones of quality 80: nR takes false
    // pairs, and the published divisor nR − 1 thins the true pairs' support
    let seed = 777;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const xs = a1.minutiae.map((m) => m.x), ys = a1.minutiae.map((m) => m.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const noise = (): Minutia[] => a1.minutiae.map((m) => ({ ...m, x: x0 + rnd() * (x1 - x0), y: y0 + rnd() * (y1 - y0), angle: rnd() * 2 * Math.PI, quality: 5 }));
    const sure = a1.minutiae.map((m) => ({ ...m, quality: 80 }));
    const big = { ...MCC, maxMinutiae: 255 };
    const pa = prepareTemplate({ ...a1, minutiae: [...sure, ...noise()] }, big), pn = prepareTemplate({ ...a1, minutiae: [...sure, ...noise()] }, big);
    expect(pn.quality).not.toBeNull();
    const cross = (g: number) => compareCylinders(pa, pn, 0, undefined, 0, undefined, { ...MCC, mccRelaxQuality: g });
    expect(cross(0)).toBe(compareCylinders(pa, pn));
    expect(cross(2)).toBeGreaterThan(1.2 * cross(0));
    expect(cross(4)).toBeGreaterThan(cross(2));
    // every minutia of the same quality: the weights cancel (to rounding)
    const flat = (t: Template): Template => ({ ...t, minutiae: t.minutiae.map((m) => ({ ...m, quality: 40 })) });
    const b = iso('DB1_B', '101_2');
    const fa = prepareTemplate(flat(a1), MCC), fb = prepareTemplate(flat(b), MCC);
    expect(compareCylinders(fa, fb, 0, undefined, 0, undefined, { ...MCC, mccRelaxQuality: 3 })).toBeCloseTo(compareCylinders(fa, fb), 12);
    expect(() => cross(-1)).toThrow(RangeError);
  });
});

describe('Minutia Cylinder-Code, fast paths', () => {
  const a1 = iso('DB1_B', '101_1');

  it('marks as valid exactly the disc cells whose centre lies inside the hull + 50 px (per-row cut against the cell-by-cell test)', () => {
    // the hull is kept on the prepared template when the overlap term is on
    const p = prepareTemplate(a1, { ...MCC, overlapShareExponent: 1 });
    const h = p.hull;
    expect(h.length).toBeGreaterThan(8);
    const R = 70, NS = 16, delta = (2 * R) / NS;
    const centre = (i: number): number => (i + 0.5) * delta - R;
    let checked = 0, partial = 0;
    for (let m = 0; m < p.count; m++) {
      const th = (p.angle[m] * 2 * Math.PI) / 256;
      // the cylinders were built from the radian angle; the byte angle is close enough
      // except for cells right on the border, which this test skips
      const cos = Math.cos(th), sin = Math.sin(th);
      let s = 0, invalid = 0;
      for (let j = 0; j < NS; j++) for (let i = 0; i < NS; i++) {
        const u = centre(i), v = centre(j);
        if (u * u + v * v > R * R) continue;
        const cx = p.x[m] + cos * u - sin * v, cy = p.y[m] - (sin * u + cos * v);
        let worst = Infinity;
        for (let k = 0; k < h.length; k += 4) worst = Math.min(worst, h[k + 2] * (cy - h[k + 1]) - h[k + 3] * (cx - h[k]) + 50);
        const bit = s * 6;
        const marked = (cylindersOf(p).mask[m * MCC_WORDS + (bit >> 5)] >>> (bit & 31)) & 1;
        if (Math.abs(worst) > 3) { expect(marked).toBe(worst >= 0 ? 1 : 0); checked++; }
        if (marked === 0) invalid++;
        s++;
      }
      if (invalid > 0) partial++;
    }
    expect(checked).toBeGreaterThan(100 * p.count);
    expect(partial).toBeGreaterThan(0);
  });
});

describe('Minutia Cylinder-Code, kernel and shortlist', () => {
  const names = ['101_1', '101_2', '101_3', '102_1', '102_2', '103_1', '104_1', '105_3'];
  const templates = [...names.map((n) => iso('DB1_B', n)), iso('DB2_B', '105_3'), iso('DB1_B', '106_2'), iso('DB1_B', '107_5')];

  /** Every ordered pair's compareCylinders (at a pair-dependent rotation) and gated score. */
  function allScores(params: MatchingParameters, shortlist: number): number[] {
    const p = templates.map((t) => prepareTemplate(t, params));
    const out: number[] = [];
    for (let a = 0; a < p.length; a++) for (let b = 0; b < p.length; b++) {
      out.push(compareCylinders(p[a], p[b], (a * 37 + b * 11) & 255, undefined, shortlist));
      out.push(compareTemplates(p[a], p[b], params));
    }
    return out;
  }

  it('the WebAssembly kernel is built and gives the JavaScript scores bit for bit, with and without a shortlist', () => {
    expect(loadCylinderKernel()).not.toBeNull();
    for (const shortlist of [0, 1, 2, 5]) {
      const params = { ...MCC, mccShortlist: shortlist };
      const withKernel = allScores(params, shortlist);
      useCylinderKernel(false);
      try {
        expect(loadCylinderKernel()).toBeNull();
        expect(allScores(params, shortlist)).toEqual(withKernel);
      } finally {
        useCylinderKernel(true);
      }
      expect(withKernel.filter((s) => s > 0).length).toBeGreaterThan(withKernel.length / 2);
    }
  });

  it('packs the spatial cylinder: a disc cell is set when any of its direction cells is, valid when they are', () => {
    const p = prepareTemplate(templates[0], MCC);
    const c = cylindersOf(p);
    const H = mccHeaderWords(p.count);
    const bit = (a: Int32Array, off: number, i: number): number => (a[off + (i >> 5)] >>> (i & 31)) & 1;
    let set = 0;
    for (let m = 0; m < p.count; m++) {
      const r = H + m * MCC_RECORD_WORDS;
      expect(c.packed[m] & 255).toBe(p.angle[m]);
      expect((c.packed[m] >>> 8) & 1).toBe(c.valid[m]);
      expect((c.packed[m] >>> 9) & 1).toBe(c.full[m]);
      expect(c.packed[m] >>> 18).toBe(c.ones[m]);
      let ones = 0;
      for (let s = 0; s < MCC_DISC_CELLS; s++) {
        let any = 0, ok = 0;
        for (let k = 0; k < 6; k++) { any |= bit(c.bits, m * MCC_WORDS, s * 6 + k); ok |= bit(c.mask, m * MCC_WORDS, s * 6 + k); }
        expect(bit(c.packed, r + 80, s)).toBe(any);
        expect(bit(c.packed, r + 88, s)).toBe(ok);
        ones += any;
      }
      expect((c.packed[m] >>> 10) & 255).toBe(ones);
      for (let w = 0; w < MCC_WORDS; w++) { expect(c.packed[r + w]).toBe(c.bits[m * MCC_WORDS + w]); expect(c.packed[r + 40 + w]).toBe(c.mask[m * MCC_WORDS + w]); }
      set += ones;
    }
    expect(set).toBeGreaterThan(0);
  });

  it("packs each template's valid cylinders in angle order, with the first entry at or above every angle", () => {
    let invalid = 0;
    for (const t of templates) {
      const p = prepareTemplate(t, MCC);
      const c = cylindersOf(p);
      const at = mccAngleOrderStart(p.count);
      expect(c.packed.length).toBe(at + mccAngleOrderWords(p.count));
      const V = c.packed[at];
      const list = Array.from(c.packed.subarray(at + 4, at + 4 + V));
      const expected: number[] = [];
      for (let m = 0; m < p.count; m++) if (c.valid[m] !== 0) expected.push(m | (p.angle[m] << 8));
      else invalid++;
      expected.sort((x, y) => x - y);
      expect(list).toEqual(expected);
      const starts = new Uint8Array(c.packed.buffer, c.packed.byteOffset + (at + 4 + mccHeaderWords(p.count)) * 4, 256);
      for (let s = 0; s < 256; s++) {
        const first = list.findIndex((e) => e >>> 8 >= s);
        expect(starts[s]).toBe(first < 0 ? 0 : first);
      }
    }
    expect(invalid).toBeGreaterThan(0); // the kernel's walk must leave them out
  });

  it('the kernel walks only the pairs within π/2 (angle order) and keeps the JavaScript scores at every rotation', () => {
    const p = templates.slice(0, 4).map((t) => prepareTemplate(t, { ...MCC, mccShortlist: 2 }));
    const run = (): number[] => {
      const out: number[] = [];
      for (let rot = 0; rot < 256; rot++) {
        out.push(compareCylinders(p[0], p[1], rot, undefined, 2), compareCylinders(p[2], p[3], rot, undefined, 2), compareCylinders(p[1], p[3], rot, undefined, 1));
      }
      return out;
    };
    const withKernel = run();
    useCylinderKernel(false);
    try {
      const js = run();
      expect(js.length).toBe(withKernel.length);
      for (let i = 0; i < js.length; i++) expect(Object.is(withKernel[i], js[i])).toBe(true);
    } finally {
      useCylinderKernel(true);
    }
    expect(withKernel.filter((s) => s > 0).length).toBeGreaterThan(withKernel.length / 2);
  });

  it('a shortlist at least as long as every row and column compares every pair (the published score)', () => {
    // eight minutiae: no row or column has more than 8 candidates
    const small = (t: Template): Template => ({ ...t, minutiae: t.minutiae.slice(0, 8) });
    const a = prepareTemplate(small(templates[0]), MCC), b = prepareTemplate(small(templates[1]), MCC);
    expect(a.count).toBe(8);
    const all = compareCylinders(a, b, 0, undefined, 0);
    expect(all).toBeGreaterThan(0);
    expect(compareCylinders(a, b, 0, undefined, 8)).toBe(all);
    expect(compareCylinders(a, a, 0, undefined, 8)).toBe(compareCylinders(a, a));
  });

  it('with a shortlist of 2, genuine pairs keep most of their score and stay above impostors', () => {
    const t = ['101', '102', '103', '104', '105'].flatMap((f) => [1, 2, 3, 4].map((i) => ({ f, p: prepareTemplate(iso('DB1_B', `${f}_${i}`), MCC) })));
    const gen: number[] = [], imp: number[] = [], kept: number[] = [];
    for (let a = 0; a < t.length; a++) for (let b = a + 1; b < t.length; b++) {
      const s = compareCylinders(t[a].p, t[b].p, 0, undefined, 2);
      if (t[a].f === t[b].f) { gen.push(s); kept.push(s / compareCylinders(t[a].p, t[b].p)); } else imp.push(s);
    }
    const median = (v: number[]): number => [...v].sort((x, y) => x - y)[v.length >> 1];
    expect(median(kept)).toBeGreaterThan(0.9);
    expect(median(gen)).toBeGreaterThan(2 * Math.max(...imp));
  });

  it('refuses a shortlist that is not an integer from 0 to 8', () => {
    const p = prepareTemplate(templates[0], MCC);
    for (const bad of [-1, 1.5, 9, Number.NaN]) expect(() => compareCylinders(p, p, 0, undefined, bad)).toThrow(RangeError);
  });
});

describe('Minutia Cylinder-Code gate only in a band of scores', () => {
  const t = ['101', '102', '103', '104'].flatMap((f) => [1, 2, 3].map((i) => ({ f, t: iso('DB1_B', `${f}_${i}`) })));
  const GATE = { ...MCC, mccShortlist: 2 };
  const withCyl = t.map((x) => prepareTemplate(x.t, GATE));
  const without = t.map((x) => prepareTemplate(x.t));
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < t.length; a++) for (let b = a + 1; b < t.length; b++) pairs.push([a, b]);
  const plain = pairs.map(([a, b]) => compareTemplates(without[a], without[b], MATCHING_PARAMETERS));

  it('gates exactly the scores inside the band; below, the fixed factor; above, the score unchanged', () => {
    const sorted = [...plain].sort((x, y) => x - y);
    const low = sorted[Math.floor(sorted.length / 3)], high = sorted[Math.floor((2 * sorted.length) / 3)];
    const band = { ...GATE, mccBandLow: low, mccBandHigh: high, mccBelowBandFactor: 0.3 };
    let below = 0, inside = 0, above = 0;
    pairs.forEach(([a, b], k) => {
      const s = compareTemplates(withCyl[a], withCyl[b], band);
      const gated = compareTemplates(withCyl[a], withCyl[b], GATE);
      if (plain[k] < low) { below++; expect(s).toBe(plain[k] * 0.3); }
      else if (plain[k] > high) { above++; expect(s).toBe(plain[k]); }
      else { inside++; expect(s).toBe(gated); expect(s).not.toBe(plain[k]); }
    });
    expect(Math.min(below, inside, above)).toBeGreaterThan(5);
  });

  it('does not read the cylinders outside the band (their cost is saved), and does inside', () => {
    const band = { ...GATE, mccBandLow: 1e6 };
    pairs.forEach(([a, b], k) => expect(compareTemplates(without[a], without[b], band)).toBe(plain[k] * band.mccBelowBandFactor));
    const top = { ...GATE, mccBandHigh: 1e-6 };
    pairs.forEach(([a, b], k) => expect(compareTemplates(without[a], without[b], top)).toBe(plain[k]));
    expect(() => compareTemplates(without[0], without[1], { ...GATE, mccBandLow: 1e-6 })).toThrow(RangeError);
  });

  it('builds the cylinders of a template on its first comparison in the band, not at preparation, and the same ones', () => {
    const fresh = t.map((x) => prepareTemplate(x.t, GATE));
    expect(fresh.some(cylindersBuilt)).toBe(false);
    // below the band for every pair: no cylinders built
    pairs.forEach(([a, b]) => compareTemplates(fresh[a], fresh[b], { ...GATE, mccBandLow: 1e6 }));
    expect(fresh.some(cylindersBuilt)).toBe(false);
    // one comparison inside: the cylinders of its two templates, and only those
    compareTemplates(fresh[0], fresh[1], { ...GATE, mccBandLow: 1e-6 });
    expect(fresh.map(cylindersBuilt).filter(Boolean).length).toBe(2);
    expect(cylindersBuilt(fresh[0]) && cylindersBuilt(fresh[1])).toBe(true);
    // the hull the cylinders compute for themselves is the one preparation gives the overlap term
    const withHull = t.map((x) => prepareTemplate(x.t, { ...GATE, overlapShareExponent: 1 }));
    for (let k = 0; k < t.length; k++) {
      const own = cylindersOf(fresh[k]), viaHull = cylindersOf(withHull[k]);
      expect(withHull[k].hull.length).toBeGreaterThan(0);
      expect(own.packed).toEqual(viaHull.packed);
      expect(own.mask).toEqual(viaHull.mask);
    }
  });

  it('a band of 0 … 0 is the gate on every comparison', () => {
    pairs.forEach(([a, b]) => expect(compareTemplates(withCyl[a], withCyl[b], { ...GATE, mccBandLow: 0, mccBandHigh: 0 })).toBe(compareTemplates(withCyl[a], withCyl[b], GATE)));
  });
});

describe('overlap term only where the gate band can be reached (overlapBandLow/High)', () => {
  const t = ['101', '102', '103', '104'].flatMap((f) => [1, 2, 3].map((i) => iso('DB1_B', `${f}_${i}`)));
  const CAND = { ...MCC, mccShortlist: 2, overlapShareExponent: 1, mccBandLow: 10, mccBandHigh: 60 };
  const prep = t.map((x) => prepareTemplate(x, CAND));
  const without = t.map((x) => prepareTemplate(x));
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < t.length; a++) for (let b = a + 1; b < t.length; b++) pairs.push([a, b]);
  const plain = pairs.map(([a, b]) => compareTemplates(without[a], without[b], MATCHING_PARAMETERS));
  const full = pairs.map(([a, b]) => compareTemplates(prep[a], prep[b], CAND));

  it('is off in the pre-gate defaults and off at 0 … 0: the candidate scores unchanged', () => {
    expect(MATCHING_PARAMETERS.overlapBandLow).toBe(0);
    expect(MATCHING_PARAMETERS.overlapBandHigh).toBe(0);
    pairs.forEach(([a, b], k) => expect(compareTemplates(prep[a], prep[b], { ...CAND, overlapBandLow: 0, overlapBandHigh: 0 })).toBe(full[k]));
  });

  it('below the low bound: the score before the term times the below-band factor, scaled under mccBandLow · that factor; above the high bound: that score; between: the full candidate', () => {
    const sorted = [...plain].sort((x, y) => x - y);
    const low = sorted[Math.floor(sorted.length / 3)], high = sorted[Math.floor((2 * sorted.length) / 3)];
    const opt = { ...CAND, overlapBandLow: low, overlapBandHigh: high };
    let below = 0, inside = 0, above = 0, changedBelow = 0;
    pairs.forEach(([a, b], k) => {
      const s = compareTemplates(prep[a], prep[b], opt);
      if (plain[k] < low) {
        below++;
        expect(s).toBe(plain[k] * CAND.mccBelowBandFactor * Math.min(1, CAND.mccBandLow / low));
        expect(s).toBeLessThan(CAND.mccBandLow * CAND.mccBelowBandFactor);
        if (s !== full[k]) changedBelow++;
      } else if (plain[k] > high) { above++; expect(s).toBe(plain[k]); }
      else { inside++; expect(s).toBe(full[k]); }
    });
    expect(Math.min(below, inside, above)).toBeGreaterThan(5);
    // the term did shrink some of them before: the option really skips it
    expect(changedBelow).toBeGreaterThan(0);
  });

  it('does nothing without the gate (the overlap term alone stays on every comparison)', () => {
    const alone = { ...MATCHING_PARAMETERS, overlapShareExponent: 1 };
    pairs.forEach(([a, b]) => expect(compareTemplates(prep[a], prep[b], { ...alone, overlapBandLow: 1e6, overlapBandHigh: 1e-6 })).toBe(compareTemplates(prep[a], prep[b], alone)));
  });
});

describe('the cylinder cache, bounded by mccCacheBytes', () => {
  const t = ['101', '102', '103', '104'].flatMap((f) => [1, 2, 3].map((i) => iso('DB1_B', `${f}_${i}`)));
  // the gate on every comparison (no band), so every comparison reads both templates' cylinders
  const GATE = { ...MCC, mccShortlist: 2 };
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < t.length; a++) for (let b = a + 1; b < t.length; b++) pairs.push([a, b]);
  const reference = t.map((x) => prepareTemplate(x, GATE));
  const scores = pairs.map(([a, b]) => compareTemplates(reference[a], reference[b], GATE));
  // what one template costs the cache: its bytes and its cylinders' (the same as the cache counts)
  const entryBytes = t.map((x) => {
    const before = cylinderCacheSize();
    const p = prepareTemplate(x, GATE);
    cylindersOf(p);
    const after = cylinderCacheSize();
    expect(after.templates).toBe(before.templates + 1);
    return after.bytes - before.bytes;
  });

  it('is on by default within 32 MiB, and an entry costs what the template and its cylinders hold', () => {
    expect(MATCHING_PARAMETERS.mccCacheBytes).toBe(32 * 1024 * 1024);
    const p = reference[0], c = cylindersOf(p);
    const views = (o: object): number => Object.values(o).reduce((s: number, v) => s + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
    expect(entryBytes[0]).toBe(views(p) + views(c));
    expect(entryBytes[0]).toBeGreaterThan(c.packed.byteLength);
    for (const b of entryBytes) expect(b).toBeLessThan(200_000);
  });

  // room for any two entries, for at most `most` (the smallest ones) at once
  const sizes = [...entryBytes].sort((x, y) => x - y);
  const budget = sizes[sizes.length - 1] + sizes[sizes.length - 2];
  let most = 0;
  for (let sum = 0; most < sizes.length && sum + sizes[most] <= budget; most++) sum += sizes[most];

  for (const kernelOn of [true, false]) {
    it(`keeps at most the budget after every comparison, the two just compared, and the same scores (${kernelOn ? 'kernel' : 'JavaScript'})`, () => {
      expect(most).toBeLessThan(t.length / 2);
      if (kernelOn) expect(loadCylinderKernel()).not.toBeNull();
      useCylinderKernel(kernelOn);
      try {
        const small = { ...GATE, mccCacheBytes: budget };
        const fresh = t.map((x) => prepareTemplate(x, GATE));
        pairs.forEach(([a, b], k) => {
          expect(compareTemplates(fresh[a], fresh[b], small)).toBe(scores[k]);
          expect(cylinderCacheSize().bytes).toBeLessThanOrEqual(budget);
          expect(cylinderCacheSize().templates).toBeLessThanOrEqual(most);
          expect(cylindersBuilt(fresh[a]) && cylindersBuilt(fresh[b])).toBe(true);
        });
      } finally {
        useCylinderKernel(true);
      }
    });
  }

  it('drops the least recently used first (a use moves a template to the back)', () => {
    // room for 0 and 1, or for either of them with 2, never for all three
    const tight = { ...GATE, mccCacheBytes: Math.max(entryBytes[0] + entryBytes[1], entryBytes[0] + entryBytes[2], entryBytes[1] + entryBytes[2]) };
    const fresh = t.map((x) => prepareTemplate(x, GATE));
    compareTemplates(fresh[0], fresh[1], tight);
    expect([0, 1, 2].map((k) => cylindersBuilt(fresh[k]))).toEqual([true, true, false]);
    // 0 used again, then 2 comes: 1 goes (in order of arrival, 0 would)
    compareTemplates(fresh[0], fresh[2], tight);
    expect([0, 1, 2].map((k) => cylindersBuilt(fresh[k]))).toEqual([true, false, true]);
  });

  it('a budget of 0 keeps nothing (every comparison builds its cylinders) and scores the same', () => {
    const none = { ...GATE, mccCacheBytes: 0 };
    const fresh = t.map((x) => prepareTemplate(x, GATE));
    pairs.forEach(([a, b], k) => {
      expect(compareTemplates(fresh[a], fresh[b], none)).toBe(scores[k]);
      expect(cylinderCacheSize()).toEqual({ templates: 0, bytes: 0 });
    });
  });

  it('without a bound it would keep every template the gate touched: the default keeps them all here', () => {
    const fresh = t.map((x) => prepareTemplate(x, GATE));
    pairs.forEach(([a, b], k) => expect(compareTemplates(fresh[a], fresh[b], GATE)).toBe(scores[k]));
    expect(fresh.every(cylindersBuilt)).toBe(true);
    expect(cylinderCacheSize().bytes).toBeLessThanOrEqual(MATCHING_PARAMETERS.mccCacheBytes);
  });
});
