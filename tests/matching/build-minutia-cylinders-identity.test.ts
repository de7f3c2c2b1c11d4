import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SAME_PLACEMENT, isoToTemplate } from '../../src/formats/iso19794-2/index.js';
import type { Minutia, Template } from '../../src/templates/index.js';
import { prepareTemplate } from '../../src/matching/index.js';
import { minutiaHull, type PreparedTemplate } from '../../src/matching/prepare-template.js';
import { buildMinutiaCylinders, setCylinderSumMargin, MCC_DISC_CELLS, MCC_RECORD_WORDS, MCC_WORDS, mccAngleOrderStart, mccAngleOrderWords, mccHeaderWords, type CylinderShape } from '../../src/matching/build-minutia-cylinders.js';
import { MATCHING_PARAMETERS } from '../../src/config/parameters/matching.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../src/synthetic/index.js';
import { FIXTURES } from '../helpers/data.js';

/*
 * buildMinutiaCylinders is written for speed (issue 12, prepspeed3); its every array must stay the
 * one the plain construction gives, bit for bit. The plain construction is written out here, as the
 * module had it before (every disc cell's sum cleared, thresholded and masked cell by cell), and
 * both are run on the fixtures, 1:N's synthetic fingers, random and crowded templates, degenerate
 * hulls and several Gaussians. The sums are built from near Gaussians (two exponentials an axis,
 * then a recurrence) and a cylinder with a sum within a margin of μΨ from the exact ones (prepspeed4):
 * both ways are checked, by moving the margin.
 */

const R = 70, NS = 16, ND = 6, DELTA_S = (2 * R) / NS, MU_PSI = 0.01, HULL_MARGIN = 50;
const centre = (i: number): number => (i + 0.5) * DELTA_S - R;
const gridToDisc = new Int16Array(NS * NS).fill(-1);
const rowStart = new Int16Array(NS + 1), rowFirst = new Int16Array(NS);
{
  let s = 0;
  for (let j = 0; j < NS; j++) {
    rowStart[j] = s; rowFirst[j] = -1;
    for (let i = 0; i < NS; i++) {
      const u = centre(i), v = centre(j);
      if (u * u + v * v <= R * R) { gridToDisc[j * NS + i] = s; if (rowFirst[j] < 0) rowFirst[j] = i; s++; }
    }
    rowStart[j + 1] = s;
  }
}

function directionalTable(sigmaD: number): Float64Array {
  const directional = new Float64Array(256 * ND);
  const binWidth = (2 * Math.PI) / ND, steps = 64;
  const norm = 1 / (sigmaD * Math.sqrt(2 * Math.PI));
  for (let a = 0; a < 256; a++) {
    const d = ((a >= 128 ? a - 256 : a) * 2 * Math.PI) / 256;
    for (let k = 0; k < ND; k++) {
      const lo = -Math.PI + k * binWidth;
      let sum = 0;
      for (let s = 0; s < steps; s++) {
        const alpha = lo + ((s + 0.5) * binWidth) / steps;
        let diff = d - alpha;
        diff -= 2 * Math.PI * Math.round(diff / (2 * Math.PI));
        sum += Math.exp((-diff * diff) / (2 * sigmaD * sigmaD));
      }
      directional[a * ND + k] = (sum * norm * binWidth) / steps;
    }
  }
  return directional;
}

function validDiscCells(cellValid: Uint8Array, h: Float32Array, xm: number, ym: number, cos: number, sin: number): number {
  if (h.length === 0) { cellValid.fill(1); return MCC_DISC_CELLS; }
  let cells = 0;
  for (let j = 0; j < NS; j++) {
    const v = centre(j);
    let lo = -Infinity, hi = Infinity;
    for (let k = 0; k < h.length; k += 4) {
      const ex = h[k + 2], ey = h[k + 3];
      const a = -ex * sin - ey * cos;
      const c = ex * (ym - cos * v - h[k + 1]) - ey * (xm - sin * v - h[k]) + HULL_MARGIN;
      if (a > 0) { const b = -c / a; if (b > lo) lo = b; } else if (a < 0) { const b = -c / a; if (b < hi) hi = b; } else if (c < 0) lo = Infinity;
    }
    for (let s = rowStart[j], i = rowFirst[j]; s < rowStart[j + 1]; s++, i++) {
      const u = centre(i);
      const inside = u >= lo && u <= hi ? 1 : 0;
      cellValid[s] = inside;
      cells += inside;
    }
  }
  return cells;
}

/** The cylinders as the plain construction builds them (the module's code before prepspeed3). */
function plainCylinders(n: number, x: ArrayLike<number>, y: ArrayLike<number>, theta: ArrayLike<number>, angle: ArrayLike<number>, hull: Float32Array, shape: CylinderShape) {
  const W = MCC_WORDS, sigmaS = shape.mccSigmaS;
  const directional = directionalTable(shape.mccSigmaD);
  const REACH = 3 * sigmaS, SPATIAL_NORM = 1 / (sigmaS * Math.sqrt(2 * Math.PI));
  const bits = new Int32Array(n * W), mask = new Int32Array(n * W);
  const valid = new Uint8Array(n), validCells = new Uint16Array(n), full = new Uint8Array(n), ones = new Uint16Array(n);
  const reach2 = (R + REACH) * (R + REACH), twoSigma2 = 2 * sigmaS * sigmaS;
  const H = mccHeaderWords(n);
  const packed = new Int32Array(mccAngleOrderStart(n) + mccAngleOrderWords(n));
  const acc = new Float64Array(MCC_DISC_CELLS * ND), cellValid = new Uint8Array(MCC_DISC_CELLS);
  const gaussU = new Float64Array(NS), gaussV = new Float64Array(NS);
  for (let m = 0; m < n; m++) {
    const xm = x[m], ym = y[m], th = theta[m];
    const cos = Math.cos(th), sin = Math.sin(th);
    const cells = validDiscCells(cellValid, hull, xm, ym, cos, sin);
    validCells[m] = cells;
    acc.fill(0);
    let neighbours = 0;
    const thUnits = Math.round((th * 256) / (2 * Math.PI));
    for (let t = 0; t < n; t++) {
      if (t === m) continue;
      const dX = x[t] - xm, dY = -(y[t] - ym);
      if (dX * dX + dY * dY > reach2) continue;
      neighbours++;
      const u = cos * dX + sin * dY, v = -sin * dX + cos * dY;
      const dirBase = ((Math.round((theta[t] * 256) / (2 * Math.PI)) - thUnits) & 255) * ND;
      const i0 = Math.max(0, Math.ceil((u - REACH + R) / DELTA_S - 0.5)), i1 = Math.min(NS - 1, Math.floor((u + REACH + R) / DELTA_S - 0.5));
      const j0 = Math.max(0, Math.ceil((v - REACH + R) / DELTA_S - 0.5)), j1 = Math.min(NS - 1, Math.floor((v + REACH + R) / DELTA_S - 0.5));
      for (let i = i0; i <= i1; i++) { const du = centre(i) - u; gaussU[i] = Math.exp(-(du * du) / twoSigma2); }
      for (let j = j0; j <= j1; j++) { const dv = centre(j) - v; gaussV[j] = SPATIAL_NORM * Math.exp(-(dv * dv) / twoSigma2); }
      for (let j = j0; j <= j1; j++) {
        const dv = centre(j) - v, gv = gaussV[j];
        for (let i = i0; i <= i1; i++) {
          const s = gridToDisc[j * NS + i];
          if (s < 0 || cellValid[s] === 0) continue;
          const du = centre(i) - u;
          if (du * du + dv * dv > REACH * REACH) continue;
          const g = gv * gaussU[i];
          for (let k = 0; k < ND; k++) acc[s * ND + k] += g * directional[dirBase + k];
        }
      }
    }
    valid[m] = cells >= 0.75 * MCC_DISC_CELLS && neighbours >= 2 ? 1 : 0;
    full[m] = cells === MCC_DISC_CELLS ? 1 : 0;
    const off = m * W, r = H + m * MCC_RECORD_WORDS;
    let set = 0, spatialOnes = 0;
    for (let s = 0; s < MCC_DISC_CELLS; s++) {
      if (cellValid[s] === 0) continue;
      let any = 0;
      for (let k = 0; k < ND; k++) {
        const b = s * ND + k;
        mask[off + (b >> 5)] |= 1 << (b & 31);
        if (acc[b] >= MU_PSI) { bits[off + (b >> 5)] |= 1 << (b & 31); set++; any = 1; }
      }
      packed[r + 80 + (s >> 5)] |= any << (s & 31);
      packed[r + 88 + (s >> 5)] |= 1 << (s & 31);
      spatialOnes += any;
    }
    ones[m] = set;
    packed.set(bits.subarray(off, off + W), r);
    packed.set(mask.subarray(off, off + W), r + 40);
    packed[m] = (angle[m] & 255) | (valid[m] << 8) | (full[m] << 9) | (spatialOnes << 10) | (set << 18);
  }
  // the angle order
  const at = mccAngleOrderStart(n), list = at + 4, starts = list + mccHeaderWords(n);
  const entries: number[] = [];
  for (let m = 0; m < n; m++) if (valid[m] !== 0) entries.push(m | ((angle[m] & 255) << 8));
  entries.sort((p, q) => p - q);
  packed[at] = entries.length;
  for (let i = 0; i < entries.length; i++) packed[list + i] = entries[i];
  const bytes = new Uint8Array(packed.buffer, packed.byteOffset + starts * 4, 256);
  for (let s = 0, pos = 0; s < 256; s++) {
    while (pos < entries.length && entries[pos] >>> 8 < s) pos++;
    bytes[s] = pos < entries.length ? pos : 0;
  }
  return { bits, mask, valid, validCells, full, ones, packed };
}

const MCC = { ...MATCHING_PARAMETERS, mccWeight: 1 };
const SHAPES: CylinderShape[] = [
  { mccSigmaS: MATCHING_PARAMETERS.mccSigmaS, mccSigmaD: MATCHING_PARAMETERS.mccSigmaD },
  { mccSigmaS: 2, mccSigmaD: 0.3 },
  { mccSigmaS: 9.25, mccSigmaD: 2 },
  { mccSigmaS: 70, mccSigmaD: (5 * Math.PI) / 36 },
];

function randomTemplate(seed: number, count: number, width: number, height: number): Template {
  let s = seed >>> 0;
  const rnd = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
  const minutiae: Minutia[] = [];
  for (let i = 0; i < count; i++) minutiae.push({ x: rnd() * width, y: rnd() * height, angle: rnd() * 2 * Math.PI, type: rnd() < 0.5 ? 'ending' : 'bifurcation', quality: 40 + Math.floor(rnd() * 60) } as Minutia);
  return { width: Math.ceil(width), height: Math.ceil(height), ppi: 500, minutiae } as unknown as Template;
}

function expectSame(p: PreparedTemplate, hull: Float32Array, shape: CylinderShape): number {
  const own = buildMinutiaCylinders(p.count, p.x, p.y, p.theta!, p.angle, hull, shape, false);
  const plain = plainCylinders(p.count, p.x, p.y, p.theta!, p.angle, hull, shape);
  for (const k of ['bits', 'mask', 'valid', 'validCells', 'full', 'ones', 'packed'] as const) {
    expect(own[k].length, k).toBe(plain[k].length);
    // compared as bytes: one differing bit fails, with its array named
    expect(Buffer.from(own[k].buffer, own[k].byteOffset, own[k].byteLength).equals(Buffer.from(plain[k].buffer, plain[k].byteOffset, plain[k].byteLength)), k).toBe(true);
  }
  let ones = 0;
  for (let m = 0; m < p.count; m++) ones += own.ones[m];
  return ones;
}

describe('buildMinutiaCylinders gives the plain construction\'s cylinders bit for bit', () => {
  const root = `${FIXTURES}iso19794-2/fvc2002-secugen/`;
  const fixtures = ['DB1_B', 'DB2_B'].flatMap((db) => readdirSync(root + db).filter((f) => f.endsWith('.iso')).sort().map((f) => isoToTemplate(readFileSync(root + db + '/' + f), 0, SAME_PLACEMENT)));

  it('on the SecuGen fixtures, with their hulls and with none, at the shipped and other Gaussians', () => {
    let ones = 0, partial = 0;
    for (const t of fixtures) {
      const p = prepareTemplate(t, MCC);
      const hull = minutiaHull(p);
      for (const shape of SHAPES) ones += expectSame(p, hull, shape);
      expectSame(p, new Float32Array(0), SHAPES[0]);
      const c = buildMinutiaCylinders(p.count, p.x, p.y, p.theta!, p.angle, hull);
      for (let m = 0; m < p.count; m++) if (c.full[m] === 0) partial++;
    }
    expect(fixtures.length).toBeGreaterThan(80);
    expect(ones).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(100);
  });

  afterEach(() => setCylinderSumMargin(null));

  it('whether a cylinder takes the near Gaussians or the exact ones (every margin around μΨ from the shipped one up)', () => {
    // Infinity: every cylinder from the exact Gaussians; 1e-2 and 0.3: some and most (sums within
    // 1 % or 30 % of μΨ); the shipped 1e-9: none on these (the near sums decide every bit)
    for (const margin of [Infinity, 0.3, 1e-2, null]) {
      setCylinderSumMargin(margin);
      for (const t of fixtures.slice(0, 20)) {
        const p = prepareTemplate(t, MCC);
        const hull = minutiaHull(p);
        for (const shape of SHAPES) expectSame(p, hull, shape);
      }
      for (let seed = 1; seed <= 3; seed++) {
        const p = prepareTemplate(randomTemplate(seed * 31 + 7, 120, 150, 150), MCC);
        expectSame(p, minutiaHull(p), SHAPES[seed % SHAPES.length]);
      }
    }
  });

  it("on 1:N's synthetic fingers (minutiae in quality order)", () => {
    for (let s = 0; s < 3; s++) for (const im of generateSyntheticTenPrint(20261124, s, 0)) {
      const p = prepareTemplate(impressionToTemplate(im), MCC, { singleUse: true });
      expectSame(p, minutiaHull(p), SHAPES[0]);
    }
  });

  it('on random and crowded templates, and on tiny or degenerate ones', () => {
    for (let seed = 1; seed <= 12; seed++) {
      // spread (partial cylinders at the edges), crowded (many neighbours a cell), and narrow strips
      for (const [count, w, h] of [[40, 400, 500], [120, 150, 150], [30, 600, 40], [200, 300, 300]] as const) {
        const p = prepareTemplate(randomTemplate(seed * 7919 + count, count, w, h), MCC);
        const hull = minutiaHull(p);
        expectSame(p, hull, SHAPES[seed % SHAPES.length]);
        expectSame(p, hull, SHAPES[0]);
      }
    }
    // a hull that is not the template's own (the function takes any): minutiae far outside some edges
    const strip = minutiaHull(prepareTemplate(randomTemplate(5, 30, 600, 40), MCC));
    const small = minutiaHull(prepareTemplate({ width: 300, height: 300, ppi: 500, minutiae: [[100, 100], [112, 100], [105, 109]].map(([x, y], i) => ({ x, y, angle: i, type: 'ending', quality: 80 } as Minutia)) } as unknown as Template, MCC));
    expect(strip.length).toBeGreaterThan(8);
    expect(small.length).toBe(12);
    for (let seed = 1; seed <= 4; seed++) {
      const p = prepareTemplate(randomTemplate(seed, 60, 400, 500), MCC);
      expectSame(p, strip, SHAPES[0]);
      expectSame(p, small, SHAPES[0]);
    }
    for (const count of [0, 1, 2, 3]) {
      const p = prepareTemplate(randomTemplate(count + 99, count, 120, 120), MCC);
      expectSame(p, minutiaHull(p), SHAPES[0]);
    }
    // collinear minutiae: a hull with no area
    const line: Template = { width: 300, height: 300, ppi: 500, minutiae: [0, 1, 2, 3, 4].map((i) => ({ x: 50 + 30 * i, y: 100, angle: i, type: 'ending', quality: 80 } as Minutia)) } as unknown as Template;
    const p = prepareTemplate(line, MCC);
    expectSame(p, minutiaHull(p), SHAPES[0]);
  });
});
