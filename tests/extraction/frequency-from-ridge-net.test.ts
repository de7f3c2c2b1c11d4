import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { estimateRidgeFrequency, frequencyFromRidgeNet, prepareAnalysis, prepareFields, readFieldFromRidgeNet, useRidgeNetFieldModel, useRidgeNetModel } from '../../src/extraction/index.js';
import { perturbImage } from '../../src/perturbation/index.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// a one-layer model with the ridge network's interface (scripts/ridge-net/make-test-models.py): −grey / 4
const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));
const with_ = (p: Partial<Record<keyof ExtractionParameters, number>>): ExtractionParameters => ({ ...EXTRACTION_PARAMETERS, ...p }) as unknown as ExtractionParameters;
// the field read from the fixture (the field's own model slot, float), wholly (w 1)
const FIXTURE = { orientationFromRidgeNet: 1, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0 };
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

afterEach(() => {
  useRidgeNetModel();
  useRidgeNetFieldModel();
});

describe('frequencyFromRidgeNet', () => {
  it('ships on (1, the twenty-third session\'s switch); off, or with no network run, the period map is the classical one', () => {
    expect(EXTRACTION_PARAMETERS.frequencyFromRidgeNet).toBe(1);
    const shipped = prepareAnalysis(print, EXTRACTION_PARAMETERS);
    const off = prepareAnalysis(print, with_({ frequencyFromRidgeNet: 0 }));
    // the field comes before the period map and is the same either way; the shipped map reads the
    // network's run, so it differs from the classical one
    expect(Array.from(off.orientation.angle)).toEqual(Array.from(shipped.orientation.angle));
    expect(Array.from(off.frequency.period)).not.toEqual(Array.from(shipped.frequency.period));
    // on, but the field from the network off: no run to read, the classical map itself
    const noRun = with_({ frequencyFromRidgeNet: 1, orientationFromRidgeNet: 0 });
    const classical = prepareAnalysis(print, with_({ orientationFromRidgeNet: 0 }));
    expect(Array.from(prepareAnalysis(print, noRun).frequency.period)).toEqual(Array.from(classical.frequency.period));
    const f = prepareFields(print, noRun);
    const field = estimateRidgeFrequency(f.normalized, f.orientation, f.mask.blocks, noRun);
    expect(frequencyFromRidgeNet(field, null, f.orientation, f.mask, print.width, print.height, noRun)).toBe(field);
  });

  it('on, reads the same estimator on the network run\'s map (the fixture\'s −grey / 4) and keeps the classical evidence fields', () => {
    useRidgeNetFieldModel(NEGATE);
    const p = with_({ ...FIXTURE, frequencyFromRidgeNet: 1 });
    const f = prepareFields(print, p);
    const { orientation, run } = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, p);
    expect(run).not.toBeNull();
    const classical = estimateRidgeFrequency(f.normalized, orientation, f.mask.blocks, p);
    const out = frequencyFromRidgeNet(classical, run, orientation, f.mask, print.width, print.height, p);
    const map = Float32Array.from(f.normalized.data, (v) => -Math.max(-127 / 32, Math.min(127 / 32, v)) / 4);
    const expected = estimateRidgeFrequency({ width: print.width, height: print.height, data: map }, orientation, f.mask.blocks, p);
    let compared = 0;
    let near = 0;
    for (let b = 0; b < out.period.length; b++) {
      if (!f.mask.blocks[b]) {
        expect(out.period[b]).toBe(classical.period[b]);
        continue;
      }
      compared++;
      expect(out.period[b]).toBeCloseTo(expected.period[b]!, 2);
      // the estimator is blind to the map's sign and scale: −grey / 4 reads the grey's period
      if (Math.abs(out.period[b]! - classical.period[b]!) < 0.1) near++;
    }
    expect(compared).toBeGreaterThan(100);
    expect(near / compared).toBeGreaterThan(0.9);
    expect(out.share).toBe(classical.share);
    expect(out.measured).toBe(classical.measured);
    expect(out.sampled).toBe(classical.sampled);
    // the analysis does the same, on the run the orientation field made
    const analysis = prepareAnalysis(print, p);
    expect(analysis.ridgeNetRun).toBeDefined();
    expect(Array.from(analysis.frequency.period)).toEqual(Array.from(out.period));
    // between 0 and 1, the periods blend
    const half = frequencyFromRidgeNet(classical, run, orientation, f.mask, print.width, print.height, with_({ ...FIXTURE, frequencyFromRidgeNet: 0.25 }));
    for (let b = 0; b < half.period.length; b++) expect(half.period[b]).toBeCloseTo(0.75 * classical.period[b]! + 0.25 * out.period[b]!, 4);
  });

  it('with the shipped network, brings a wet print\'s period map nearer the same print\'s clean map', () => {
    // the suite's wet skin on two synthetic prints: the mean |log| ratio of the wet print's block
    // periods to the clean print's, each read the same way
    for (const [subject, finger] of [
      [77, 3],
      [80, 4],
    ] as const) {
      const clean = renderImpression(syntheticMasterPrint(subject, finger, 1), 'optical', createRng(mixSeed(subject, finger, 1))).image;
      const wet = perturbImage(clean, 'wet', mixSeed(1, 0, 2, subject)).image;
      const distance = (w: number): number => {
        const c = prepareAnalysis(clean, with_({ frequencyFromRidgeNet: w }));
        const p = prepareAnalysis(wet, with_({ frequencyFromRidgeNet: w }));
        let n = 0;
        let sum = 0;
        for (let b = 0; b < c.mask.blocks.length; b++) {
          if (!c.mask.blocks[b] || !p.mask.blocks[b]) continue;
          n++;
          sum += Math.abs(Math.log(p.frequency.period[b]! / c.frequency.period[b]!));
        }
        return sum / n;
      };
      expect(distance(1)).toBeLessThan(0.8 * distance(0));
    }
  });
});
