import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { computeBlockGradients } from '../../src/extraction/compute-block-gradients.js';
import {
  blendRidgeNet,
  computeOrientationField,
  findDoubtBlocks,
  prepareAnalysis,
  prepareFields,
  readFieldFromRidgeNet,
  ridgeNetBox,
  ridgeNetFieldModelPath,
  runRidgeNet,
  RIDGE_NET_FIELD_MODEL,
  RIDGE_NET_MODEL,
  useRidgeNetFieldModel,
  useRidgeNetModel,
} from '../../src/extraction/index.js';
import type { ForegroundMask, OrientationField } from '../../src/extraction/types.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// a one-layer model with the ridge network's interface (scripts/ridge-net/make-test-models.py): −grey / 4
const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));
// the parameters these tests were written under: the field read from the ridge network (shipped on
// since the twenty-second session) off, so the classical field is what they see
const P = { ...EXTRACTION_PARAMETERS, orientationFromRidgeNet: 0, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0 } as unknown as ExtractionParameters;
const withParams = (changes: Record<string, number>): ExtractionParameters => ({ ...P, ...changes }) as unknown as ExtractionParameters;
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

afterEach(() => {
  useRidgeNetModel();
  useRidgeNetFieldModel();
});

/** A 6 × 5 block field and mask: coherence given per block, foreground all but column 0. */
function toyField(coherence: number[]): { field: OrientationField; mask: ForegroundMask } {
  const grid = { blockSize: 8, cols: 6, rows: 5 };
  const n = grid.cols * grid.rows;
  const blocks = Uint8Array.from({ length: n }, (_, b) => (b % grid.cols === 0 ? 0 : 1));
  const field: OrientationField = { grid, cos2: new Float32Array(n).fill(1), sin2: new Float32Array(n), angle: new Float32Array(n), coherence: Float32Array.from(coherence) };
  const mask = { grid, blocks, pixels: new Uint8Array(48 * 40), contrast: new Float32Array(n), ridgeShare: new Float32Array(n) } as ForegroundMask;
  return { field, mask };
}

describe('findDoubtBlocks', () => {
  it('flags the foreground blocks below the coherence line, grown by the dilation inside the foreground', () => {
    const coh = new Array(30).fill(0.8);
    coh[2 * 6 + 3] = 0.1; // row 2, column 3
    coh[4 * 6 + 0] = 0.0; // background: never doubts
    const { field, mask } = toyField(coh);
    const seed = findDoubtBlocks(field, mask, withParams({ orientationDoubtCoherence: 0.25, orientationDoubtDilation: 0 }))!;
    expect(Array.from(seed).reduce((a, b) => a + b, 0)).toBe(1);
    expect(seed[2 * 6 + 3]).toBe(1);
    const grown = findDoubtBlocks(field, mask, withParams({ orientationDoubtCoherence: 0.25, orientationDoubtDilation: 1 }))!;
    const flagged = [...grown.keys()].filter((b) => grown[b]);
    expect(flagged).toEqual([1 * 6 + 2, 1 * 6 + 3, 1 * 6 + 4, 2 * 6 + 2, 2 * 6 + 3, 2 * 6 + 4, 3 * 6 + 2, 3 * 6 + 3, 3 * 6 + 4]);
    // grown at the foreground's edge: the background column stays out
    const edge = new Array(30).fill(0.8);
    edge[2 * 6 + 1] = 0.2;
    const e = toyField(edge);
    const g = findDoubtBlocks(e.field, e.mask, withParams({ orientationDoubtCoherence: 0.25, orientationDoubtDilation: 1 }))!;
    for (let r = 0; r < 5; r++) expect(g[r * 6]).toBe(0);
    expect(g[1 * 6 + 2]).toBe(1);
  });

  it('is null when no block doubts, or fewer than the minimum share do', () => {
    const coh = new Array(30).fill(0.8);
    const none = toyField(coh);
    expect(findDoubtBlocks(none.field, none.mask, withParams({ orientationDoubtCoherence: 0.25 }))).toBeNull();
    coh[8] = 0.1;
    coh[9] = 0.1; // 2 of the 25 foreground blocks = 0.08
    const two = toyField(coh);
    expect(findDoubtBlocks(two.field, two.mask, withParams({ orientationDoubtCoherence: 0.25, orientationDoubtMinShare: 0.1 }))).toBeNull();
    expect(findDoubtBlocks(two.field, two.mask, withParams({ orientationDoubtCoherence: 0.25, orientationDoubtMinShare: 0.08 }))).not.toBeNull();
  });
});

describe('the field read from the ridge network where the classical field doubts', () => {
  it('chooses its network by orientationFromRidgeNetModel: 0 the field\'s own, 1 the enhancer\'s', () => {
    expect(ridgeNetFieldModelPath(withParams({ orientationFromRidgeNetModel: 0 }))).toBe(RIDGE_NET_FIELD_MODEL);
    expect(ridgeNetFieldModelPath(withParams({ orientationFromRidgeNetModel: 1 }))).toBe(RIDGE_NET_MODEL);
    // the enhancer's file set to the fixture, the field's missing: model 1 runs, model 0 cannot load
    useRidgeNetModel(NEGATE);
    useRidgeNetFieldModel('/nonexistent/field.onnx');
    const f = prepareFields(print, P);
    const on = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withParams({ orientationFromRidgeNet: 1, orientationFromRidgeNetModel: 1 }));
    expect(on.run!.modelPath).toBe(NEGATE);
    expect(() => readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withParams({ orientationFromRidgeNet: 1, orientationFromRidgeNetModel: 0 }))).toThrow();
  });

  it('blends only the doubting blocks, keeps every other block\'s classical bits, and runs the network on their box only', () => {
    useRidgeNetFieldModel(NEGATE);
    const fields = prepareFields(print, P);
    const { width, height } = print;
    // the classical field made to doubt in one 3 × 3 patch of blocks at the print's centre only
    const { cols, rows } = fields.orientation.grid;
    const coherence = Float32Array.from(fields.orientation.coherence, () => 0.9);
    const cr = rows >> 1;
    const cc = cols >> 1;
    for (let r = cr - 1; r <= cr + 1; r++) for (let c = cc - 1; c <= cc + 1; c++) coherence[r * cols + c] = 0.1;
    const f = { ...fields, orientation: { ...fields.orientation, coherence } };
    const params = withParams({ orientationFromRidgeNet: 1, orientationDoubtCoherence: 0.25, orientationDoubtDilation: 1 });
    const doubt = findDoubtBlocks(f.orientation, f.mask, params)!;
    expect(doubt.reduce((a, b) => a + b, 0)).toBe(25);
    const { orientation, run } = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, params);
    // the box is the doubting blocks' and the map is zero outside it
    expect(run!.box).toEqual(ridgeNetBox(doubt, f.mask.grid, width, height));
    const { x0, y0, x1, y1 } = run!.box;
    expect((x1 - x0) * (y1 - y0)).toBeLessThan(0.5 * width * height);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (x < x0 || x >= x1 || y < y0 || y >= y1) expect(run!.map[y * width + x]).toBe(0);
    // outside the doubt: the classical field's own values; inside: the network's field (w 1),
    // which near the doubting blocks is the estimator on the fixture's map of the whole image
    const whole = Float32Array.from(f.normalized.data, (v) => -Math.max(-127 / 32, Math.min(127 / 32, v)) / 4);
    const expected = computeOrientationField(computeBlockGradients(whole, width, height, f.orientation.grid), f.mask.blocks, P);
    let changed = 0;
    for (let b = 0; b < doubt.length; b++) {
      if (!doubt[b]) {
        expect(orientation.angle[b]).toBe(f.orientation.angle[b]);
        expect(orientation.cos2[b]).toBe(f.orientation.cos2[b]);
        continue;
      }
      let d = Math.abs(orientation.angle[b]! - expected.angle[b]!);
      if (d > Math.PI / 2) d = Math.PI - d;
      expect((d * 180) / Math.PI).toBeLessThan(1);
      if (orientation.angle[b] !== f.orientation.angle[b]) changed++;
    }
    expect(changed).toBeGreaterThan(0);
    expect(orientation.coherence).toBe(f.orientation.coherence);
  });

  it('runs no network when no block doubts or the share is below the floor (no model loaded)', () => {
    useRidgeNetModel('/nonexistent/model.onnx');
    useRidgeNetFieldModel('/nonexistent/model.onnx');
    const f = prepareFields(print, P);
    const none = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withParams({ orientationFromRidgeNet: 0.5, orientationDoubtCoherence: 1e-9 }));
    expect(none.run).toBeNull();
    expect(none.orientation).toBe(f.orientation);
    const few = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withParams({ orientationFromRidgeNet: 0.5, orientationDoubtCoherence: 0.25, orientationDoubtMinShare: 1.01 }));
    expect(few.run).toBeNull();
    const a = prepareAnalysis(print, withParams({ orientationFromRidgeNet: 0.5, orientationDoubtCoherence: 0.25, orientationDoubtMinShare: 1.01 }));
    expect('ridgeNetRun' in a).toBe(false);
    expect(Array.from(a.orientation.angle)).toEqual(Array.from(prepareAnalysis(print, P).orientation.angle));
  });
});

describe('one network run shared between the field and the enhancer', () => {
  it('the enhancer takes the field\'s whole-image run of its own model, and its output is bit-identical to running it', () => {
    useRidgeNetModel(NEGATE);
    const a = prepareAnalysis(print, P);
    const { width, height } = print;
    const params = withParams({ ridgeNetBlend: 0.5, ridgeNetMaxContrast: 0 });
    const enhanced = { width, height, data: Float32Array.from(a.normalized.data, (v) => Math.sin(v)) };
    const fields = { orientation: a.orientation, frequency: a.frequency };
    const whole = { x0: 0, y0: 0, x1: width, y1: height };
    const alone = blendRidgeNet(enhanced, a.normalized, a.mask, params, fields);
    const shared = blendRidgeNet(enhanced, a.normalized, a.mask, params, { ...fields, net: { modelPath: NEGATE, box: whole, map: runRidgeNet(a.normalized, NEGATE) } });
    expect(Buffer.from(shared.data.buffer).equals(Buffer.from(alone.data.buffer))).toBe(true);
    // it is taken (a zero map of the same model changes the output) only when model and box match
    const zero = new Float32Array(width * height);
    const took = blendRidgeNet(enhanced, a.normalized, a.mask, params, { ...fields, net: { modelPath: NEGATE, box: whole, map: zero } });
    expect(Buffer.from(took.data.buffer).equals(Buffer.from(alone.data.buffer))).toBe(false);
    for (const net of [
      { modelPath: RIDGE_NET_MODEL, box: whole, map: zero },
      { modelPath: NEGATE, box: { ...whole, x0: 4 }, map: zero },
    ]) {
      const kept = blendRidgeNet(enhanced, a.normalized, a.mask, params, { ...fields, net });
      expect(Buffer.from(kept.data.buffer).equals(Buffer.from(alone.data.buffer))).toBe(true);
    }
  });

  it('prepareAnalysis hands the field\'s run on (the whole print here) to the enhancer', () => {
    useRidgeNetModel(NEGATE);
    const a = prepareAnalysis(print, withParams({ orientationFromRidgeNet: 0.5, orientationFromRidgeNetModel: 1 }));
    expect(a.ridgeNetRun!.modelPath).toBe(NEGATE);
    expect(a.ridgeNetRun!.map.length).toBe(print.width * print.height);
  });
});
