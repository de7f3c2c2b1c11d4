import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { fitOrientationModel, prepareAnalysis, prepareFields, readFieldFromRidgeNet, replaceDoubtedByModel, useRidgeNetFieldModel, useRidgeNetModel } from '../../src/extraction/index.js';
import { modelTerms } from '../../src/extraction/fit-orientation-model.js';
import type { OrientationField } from '../../src/extraction/types.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// Issue 12, wet4: a whole-print model of the doubled-angle field (Legendre products fitted by
// weighted least squares) for the blocks where the ridge network's map doubts (`orientationModelCoherence`).

const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));
const with_ = (p: Partial<Record<keyof ExtractionParameters, number>>): ExtractionParameters => ({ ...EXTRACTION_PARAMETERS, ...p }) as unknown as ExtractionParameters;
const FIXTURE = { orientationFromRidgeNet: 1, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0 };
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

afterEach(() => {
  useRidgeNetModel();
  useRidgeNetFieldModel();
});

/** A field whose direction at block (x, y) is theta(x, y), coherence 0.5. */
function fieldOf(cols: number, rows: number, theta: (x: number, y: number) => number): OrientationField {
  const n = cols * rows;
  const cos2 = new Float32Array(n);
  const sin2 = new Float32Array(n);
  const angle = new Float32Array(n);
  for (let b = 0; b < n; b++) {
    let t = theta(b % cols, Math.floor(b / cols)) % Math.PI;
    if (t < 0) t += Math.PI;
    angle[b] = t;
    cos2[b] = Math.cos(2 * t);
    sin2[b] = Math.sin(2 * t);
  }
  return { grid: { blockSize: 8, cols, rows }, cos2, sin2, angle, coherence: new Float32Array(n).fill(0.5) } as unknown as OrientationField;
}

const gap = (a: number, b: number): number => {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
};

describe('fitOrientationModel', () => {
  it('recovers a field whose doubled-angle components are polynomials of the degree', () => {
    const cols = 16;
    const rows = 12;
    const n = cols * rows;
    const field = fieldOf(cols, rows, () => 0);
    const cos2 = field.cos2 as Float32Array;
    const sin2 = field.sin2 as Float32Array;
    for (let b = 0; b < n; b++) {
      const x = (b % cols) / 15;
      const y = Math.floor(b / cols) / 11;
      cos2[b] = 0.5 + 0.3 * x - 0.2 * x * y;
      sin2[b] = -0.1 + 0.4 * y * y;
    }
    const model = fitOrientationModel(field, new Float32Array(n).fill(1), new Uint8Array(n).fill(1), 2, 1e-9);
    expect(model.degree).toBe(2);
    for (let b = 0; b < n; b++) {
      expect(model.cos2[b]).toBeCloseTo(cos2[b]!, 4);
      expect(model.sin2[b]).toBeCloseTo(sin2[b]!, 4);
    }
  });

  it('fills a hole in a smoothly turning flow from the blocks around it', () => {
    const cols = 24;
    const rows = 24;
    const n = cols * rows;
    const field = fieldOf(cols, rows, (x, y) => 0.4 + 0.03 * x + 0.02 * y + 0.001 * x * y);
    const weights = new Float32Array(n).fill(1);
    const hole: number[] = [];
    for (let y = 9; y < 15; y++) for (let x = 9; x < 15; x++) hole.push(y * cols + x);
    // the hole holds a wrong direction, and no weight
    for (const b of hole) {
      weights[b] = 0;
      (field.cos2 as Float32Array)[b] = 0;
      (field.sin2 as Float32Array)[b] = 1;
    }
    const truth = fieldOf(cols, rows, (x, y) => 0.4 + 0.03 * x + 0.02 * y + 0.001 * x * y);
    const model = fitOrientationModel(field, weights, new Uint8Array(n).fill(1), 6, 1e-6);
    for (const b of hole) {
      let t = 0.5 * Math.atan2(model.sin2[b]!, model.cos2[b]!);
      if (t < 0) t += Math.PI;
      expect(gap(t, truth.angle[b]!)).toBeLessThan((2 * Math.PI) / 180);
    }
  });

  it('lowers the degree to what the weighted blocks support, and makes no fit without them', () => {
    const cols = 10;
    const rows = 10;
    const n = cols * rows;
    const field = fieldOf(cols, rows, () => 1);
    const weights = new Float32Array(n);
    for (let b = 0; b < 30; b++) weights[b * 3] = 1;
    const model = fitOrientationModel(field, weights, new Uint8Array(n).fill(1), 10, 1e-3);
    expect(modelTerms(model.degree) * 5).toBeLessThanOrEqual(30);
    expect(modelTerms(model.degree + 1) * 5).toBeGreaterThan(30);
    expect(fitOrientationModel(field, new Float32Array(n), new Uint8Array(n).fill(1), 6, 1e-3).degree).toBe(0);
  });
});

describe('replaceDoubtedByModel', () => {
  it('gives the doubted foreground blocks the model\'s direction and leaves every other block and the coherence', () => {
    const cols = 20;
    const rows = 20;
    const n = cols * rows;
    const theta = (x: number, y: number): number => 0.3 + 0.02 * x - 0.01 * y;
    const field = fieldOf(cols, rows, theta);
    const mapCoherence = new Float32Array(n).fill(0.95);
    const foreground = new Uint8Array(n).fill(1);
    for (let b = 0; b < cols; b++) foreground[b] = 0; // the top row is background
    const patch: number[] = [];
    for (let y = 8; y < 12; y++) for (let x = 8; x < 12; x++) patch.push(y * cols + x);
    for (const b of patch) {
      mapCoherence[b] = 0.3;
      (field.cos2 as Float32Array)[b] = -1;
      (field.sin2 as Float32Array)[b] = 0;
      (field.angle as Float32Array)[b] = Math.PI / 2;
    }
    mapCoherence[3] = 0.1; // a background block below the threshold is not touched
    const out = replaceDoubtedByModel(field, mapCoherence, field.coherence, foreground, { threshold: 0.6, degree: 6, lambda: 1e-4 });
    expect(out.coherence).toBe(field.coherence);
    for (let b = 0; b < n; b++) {
      if (patch.includes(b)) expect(gap(out.angle[b]!, theta(b % cols, Math.floor(b / cols)))).toBeLessThan((2 * Math.PI) / 180);
      else {
        expect(out.angle[b]).toBe(field.angle[b]);
        expect(out.cos2[b]).toBe(field.cos2[b]);
      }
    }
  });

  it('returns the field itself when no foreground block is doubted', () => {
    const field = fieldOf(8, 8, () => 0.5);
    expect(replaceDoubtedByModel(field, new Float32Array(64).fill(0.9), field.coherence, new Uint8Array(64).fill(1), { threshold: 0.6, degree: 6, lambda: 1e-3 })).toBe(field);
  });
});

describe('orientationModelCoherence', () => {
  it('is off by default, and while off its degree and ridge term change nothing', () => {
    expect(EXTRACTION_PARAMETERS.orientationModelCoherence).toBe(0);
    const shipped = prepareAnalysis(print, EXTRACTION_PARAMETERS);
    const off = prepareAnalysis(print, with_({ orientationModelCoherence: 0, orientationModelDegree: 2, orientationModelLambda: 0.5 }));
    expect(Array.from(off.orientation.angle)).toEqual(Array.from(shipped.orientation.angle));
  });

  it('on, the field read from the network changes only in foreground blocks and keeps its coherence; not with the doubt gate', () => {
    useRidgeNetFieldModel(NEGATE);
    const off = with_(FIXTURE);
    const on = with_({ ...FIXTURE, orientationModelCoherence: 0.6 });
    const f = prepareFields(print, off);
    const a = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, off).orientation;
    const b = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, on).orientation;
    expect(Array.from(b.coherence)).toEqual(Array.from(a.coherence));
    let changed = 0;
    for (let k = 0; k < a.angle.length; k++) {
      if (a.angle[k] === b.angle[k]) continue;
      expect(f.mask.blocks[k]).toBe(1);
      changed++;
    }
    expect(changed).toBeGreaterThan(0);
    const doubt = { orientationDoubtCoherence: 0.3 };
    const c = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, with_({ ...FIXTURE, ...doubt })).orientation;
    const d = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, with_({ ...FIXTURE, ...doubt, orientationModelCoherence: 0.6 })).orientation;
    expect(Array.from(d.angle)).toEqual(Array.from(c.angle));
  });
});
