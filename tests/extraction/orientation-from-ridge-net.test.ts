import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { computeBlockGradients } from '../../src/extraction/compute-block-gradients.js';
import { existsSync } from 'node:fs';
import { ExtractionError } from '../../src/core/index.js';
import { computeOrientationField, prepareAnalysis, prepareFields, readFieldFromRidgeNet, RIDGE_NET_FIELD_MODEL, RIDGE_NET_MODEL, runRidgeNet, useRidgeNetFieldModel, useRidgeNetModel } from '../../src/extraction/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// a one-layer model with the ridge network's interface (scripts/ridge-net/make-test-models.py): −grey / 4
const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));
// the parameters these tests were written under: the field read from the ridge network (shipped on
// since the twenty-second session) off, so the classical field is what they see
const P = { ...EXTRACTION_PARAMETERS, orientationFromRidgeNet: 0, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0 } as unknown as ExtractionParameters;
const withWeight = (w: number): ExtractionParameters => ({ ...P, orientationFromRidgeNet: w }) as unknown as ExtractionParameters;
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

/** Unsigned difference of two ridge directions, degrees (0–90). */
const angleDiff = (a: number, b: number): number => {
  let d = Math.abs(a - b);
  if (d > Math.PI / 2) d = Math.PI - d;
  return (d * 180) / Math.PI;
};

afterEach(() => {
  useRidgeNetModel();
  useRidgeNetFieldModel();
});

describe('readFieldFromRidgeNet', () => {
  it('is the classical field itself when off, and the analysis is unchanged (no model loaded)', () => {
    useRidgeNetModel('/nonexistent/model.onnx');
    useRidgeNetFieldModel('/nonexistent/model.onnx');
    const f = prepareFields(print, P);
    expect(readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(0)).orientation).toBe(f.orientation);
    // off, the analysis's field is the classical one and no network run is made or kept; on, the
    // same analysis needs the (missing) model
    const off = prepareAnalysis(print, withWeight(0));
    expect(Array.from(off.orientation.angle)).toEqual(Array.from(f.orientation.angle));
    expect(off.ridgeNetRun).toBeUndefined();
    expect(() => prepareAnalysis(print, withWeight(0.5))).toThrow(ExtractionError);
  });

  it('at 1 reads the classical estimator on the network map and keeps the classical coherence', () => {
    useRidgeNetFieldModel(NEGATE);
    const f = prepareFields(print, P);
    const { width, height } = print;
    const out = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(1)).orientation;
    // the fixture's map is −clip(normalised grey)/4; the field is the estimator on it (the
    // network run on the print's bounding box with context covers every foreground block)
    const map = Float32Array.from(f.normalized.data, (v) => -Math.max(-127 / 32, Math.min(127 / 32, v)) / 4);
    const expected = computeOrientationField(computeBlockGradients(map, width, height, f.orientation.grid), f.mask.blocks, P);
    let compared = 0;
    for (let b = 0; b < out.angle.length; b++) {
      if (!f.mask.blocks[b]) continue;
      compared++;
      expect(angleDiff(out.angle[b]!, expected.angle[b]!)).toBeLessThan(0.5);
    }
    expect(compared).toBeGreaterThan(100);
    expect(out.coherence).toBe(f.orientation.coherence);
  });

  it('between 0 and 1 blends the doubled-angle unit vectors', () => {
    useRidgeNetFieldModel(NEGATE);
    const f = prepareFields(print, P);
    const full = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(1)).orientation;
    const part = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(0.25)).orientation;
    for (let b = 0; b < part.angle.length; b++) {
      const x = 0.75 * f.orientation.cos2[b]! + 0.25 * full.cos2[b]!;
      const y = 0.75 * f.orientation.sin2[b]! + 0.25 * full.sin2[b]!;
      const m = Math.hypot(x, y);
      if (m < 1e-3) continue;
      expect(part.cos2[b]).toBeCloseTo(x / m, 4);
      expect(part.sin2[b]).toBeCloseTo(y / m, 4);
      expect(Math.hypot(part.cos2[b]!, part.sin2[b]!)).toBeCloseTo(1, 5);
    }
  });

  it('reads its own model file (the narrow field network), not the enhancer\'s', () => {
    expect(RIDGE_NET_FIELD_MODEL.endsWith('models/ridge-net-field.onnx')).toBe(true);
    expect(RIDGE_NET_FIELD_MODEL).not.toBe(RIDGE_NET_MODEL);
    expect(existsSync(RIDGE_NET_FIELD_MODEL)).toBe(true);
    const f = prepareFields(print, P);
    // the enhancer's model set to the fixture and the field's missing: the field fails to load
    useRidgeNetModel(NEGATE);
    useRidgeNetFieldModel('/nonexistent/field.onnx');
    expect(() => readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(1)).orientation).toThrow(ExtractionError);
    // the other way round: the field reads the fixture, whatever the enhancer's file is
    useRidgeNetModel('/nonexistent/enhancer.onnx');
    useRidgeNetFieldModel(NEGATE);
    expect(readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(1)).orientation.angle.length).toBe(f.orientation.angle.length);
  });

  it('with ridgeNetInt8, reads the int8 form when its model is the full float network, and the narrow network as it is', () => {
    const f = prepareFields(print, P);
    const int8 = { ...withWeight(1), ridgeNetInt8: 1 } as unknown as ExtractionParameters;
    // the narrow field network has no int8 form: the option changes nothing
    const narrow = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(1)).orientation;
    expect(Array.from(readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, int8).orientation.angle)).toEqual(Array.from(narrow.angle));
    useRidgeNetFieldModel(RIDGE_NET_MODEL);
    const float = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, withWeight(1)).orientation;
    const quantised = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, int8).orientation;
    expect(Array.from(quantised.angle)).not.toEqual(Array.from(float.angle));
    let sum = 0, n = 0;
    for (let b = 0; b < float.angle.length; b++) {
      if (!f.mask.blocks[b]) continue;
      sum += angleDiff(quantised.angle[b]!, float.angle[b]!);
      n++;
    }
    expect(n).toBeGreaterThan(100);
    expect(sum / n).toBeLessThan(1);
  });

  it('is shipped at 0.75 (thirtieth session; 0.5 since the twenty-second) from the full network\'s int8 form: the analysis\'s field is that blend', () => {
    expect(EXTRACTION_PARAMETERS.orientationFromRidgeNet).toBe(0.75);
    expect(EXTRACTION_PARAMETERS.orientationFromRidgeNetModel).toBe(1);
    expect(EXTRACTION_PARAMETERS.ridgeNetInt8).toBe(1);
    const f = prepareFields(print, EXTRACTION_PARAMETERS);
    const shipped = prepareAnalysis(print, EXTRACTION_PARAMETERS).orientation;
    const blend = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, EXTRACTION_PARAMETERS).orientation;
    expect(Array.from(shipped.angle)).toEqual(Array.from(blend.angle));
    expect(Array.from(shipped.angle)).not.toEqual(Array.from(f.orientation.angle));
    expect(Array.from(shipped.angle)).toEqual(Array.from(prepareAnalysis(print, { ...P, orientationFromRidgeNet: 0.75, orientationFromRidgeNetModel: 1, ridgeNetInt8: 1 } as unknown as ExtractionParameters).orientation.angle));
  });

  it('the field model has the enhancer\'s interface (normalised grey in, ridge map in [−1, 1] out, same size)', () => {
    const f = prepareFields(print, P);
    const map = runRidgeNet(f.normalized, RIDGE_NET_FIELD_MODEL);
    expect(map.length).toBe(print.width * print.height);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of map) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi - lo).toBeGreaterThan(1);
  });

  it('with the shipped field network, brings a wet print\'s field nearer the same print\'s clean field', () => {
    // the suite's wet skin (spread valleys over half the print, flooded blobs) on two synthetic
    // prints: the mean block difference from the clean print's field, each read the same way
    for (const [subject, finger] of [
      [77, 3],
      [78, 2],
    ] as const) {
      const clean = renderImpression(syntheticMasterPrint(subject, finger, 1), 'optical', createRng(mixSeed(subject, finger, 1))).image;
      const wet = perturbImage(clean, 'wet', mixSeed(1, 0, 2, subject)).image;
      const distance = (w: number): number => {
        const c = prepareAnalysis(clean, withWeight(w));
        const p = prepareAnalysis(wet, withWeight(w));
        let n = 0;
        let sum = 0;
        for (let b = 0; b < c.mask.blocks.length; b++) {
          if (!c.mask.blocks[b] || !p.mask.blocks[b]) continue;
          n++;
          sum += angleDiff(c.orientation.angle[b]!, p.orientation.angle[b]!);
        }
        return sum / n;
      };
      const off = distance(0);
      expect(distance(1)).toBeLessThan(0.8 * off);
    }
  });
});
