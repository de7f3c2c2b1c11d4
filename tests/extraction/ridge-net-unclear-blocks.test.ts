import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import {
  estimateRidgeFrequency,
  fillUnclearBlocks,
  frequencyFromRidgeNet,
  prepareAnalysis,
  prepareFields,
  readFieldFromRidgeNet,
  useRidgeNetFieldModel,
  useRidgeNetModel,
} from '../../src/extraction/index.js';
import { blocksWellInsideBox } from '../../src/extraction/orientation-from-ridge-net.js';
import { uniformField } from '../helpers/uniform-field.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// Issue 12, wet3: where the ridge network drew no clear ridges (a wet print's closed valleys), the
// period read on its map refuses the window by a gate of its own (`frequencyFromRidgeNetMinShare`),
// and the field's direction can be taken from the clear blocks around (`orientationFromRidgeNetFillCoherence`).

// a one-layer model with the ridge network's interface (scripts/ridge-net/make-test-models.py): −grey / 4
const NEGATE = fileURLToPath(new URL('../fixtures/ridge-net/negate.onnx', import.meta.url));
const with_ = (p: Partial<Record<keyof ExtractionParameters, number>>): ExtractionParameters => ({ ...EXTRACTION_PARAMETERS, ...p }) as unknown as ExtractionParameters;
const FIXTURE = { orientationFromRidgeNet: 1, orientationFromRidgeNetModel: 0, ridgeNetInt8: 0 };
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

afterEach(() => {
  useRidgeNetModel();
  useRidgeNetFieldModel();
});

describe('frequencyFromRidgeNetMinShare', () => {
  it('is off by default, and off the period read on the map passes the grey\'s gate', () => {
    expect(EXTRACTION_PARAMETERS.frequencyFromRidgeNetMinShare).toBe(0);
    useRidgeNetFieldModel(NEGATE);
    const p = with_({ ...FIXTURE, frequencyFromRidgeNet: 1 });
    const a = prepareAnalysis(print, p);
    const b = prepareAnalysis(print, with_({ ...FIXTURE, frequencyFromRidgeNet: 1, frequencyFromRidgeNetMinShare: 0 }));
    expect(Array.from(b.frequency.period)).toEqual(Array.from(a.frequency.period));
  });

  it('on, the map\'s windows pass its own spectral share instead, and the grey\'s evidence fields stay', () => {
    useRidgeNetFieldModel(NEGATE);
    const V = 0.6;
    const p = with_({ ...FIXTURE, frequencyFromRidgeNet: 1, frequencyFromRidgeNetMinShare: V });
    const f = prepareFields(print, p);
    const { orientation, run } = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, p);
    const classical = estimateRidgeFrequency(f.normalized, orientation, f.mask.blocks, p);
    const gated = frequencyFromRidgeNet(classical, run, orientation, f.mask, print.width, print.height, p);
    const open = frequencyFromRidgeNet(classical, run, orientation, f.mask, print.width, print.height, with_({ ...FIXTURE, frequencyFromRidgeNet: 1 }));
    // what the estimator reads on the map with the grey's gate set to V, in the blocks it replaces
    const inside = blocksWellInsideBox(run!.box, orientation.grid, print.width, print.height);
    for (let b = 0; b < inside.length; b++) if (!f.mask.blocks[b]) inside[b] = 0;
    const expected = estimateRidgeFrequency({ width: print.width, height: print.height, data: run!.map }, orientation, inside, with_({ frequencyMinSpectralShare: V }));
    let changed = 0;
    for (let b = 0; b < gated.period.length; b++) {
      if (!inside[b]) {
        expect(gated.period[b]).toBe(classical.period[b]);
        continue;
      }
      expect(gated.period[b]).toBe(expected.period[b]);
      if (gated.period[b] !== open.period[b]) changed++;
    }
    // the stricter gate refused some windows the grey's gate (0.3) passed
    expect(changed).toBeGreaterThan(0);
    expect(gated.share).toBe(classical.share);
    expect(gated.measured).toBe(classical.measured);
  });
});

describe('frequencyFromRidgeNetLongRatio', () => {
  it('is off by default; on, the gated reading only where the ungated map reading is long', () => {
    expect(EXTRACTION_PARAMETERS.frequencyFromRidgeNetLongRatio).toBe(0);
    useRidgeNetFieldModel(NEGATE);
    const V = 0.6;
    const R = 1.05;
    const base = { ...FIXTURE, frequencyFromRidgeNet: 1 };
    const f = prepareFields(print, with_(base));
    const { orientation, run } = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, with_(base));
    const classical = estimateRidgeFrequency(f.normalized, orientation, f.mask.blocks, with_(base));
    const read = (p: Partial<Record<keyof ExtractionParameters, number>>) => frequencyFromRidgeNet(classical, run, orientation, f.mask, print.width, print.height, with_({ ...base, ...p }));
    const open = read({});
    const gated = read({ frequencyFromRidgeNetMinShare: V });
    const oneSided = read({ frequencyFromRidgeNetMinShare: V, frequencyFromRidgeNetLongRatio: R });
    // without the share gate the ratio does nothing
    expect(Array.from(read({ frequencyFromRidgeNetLongRatio: R }).period)).toEqual(Array.from(open.period));
    const inside = blocksWellInsideBox(run!.box, orientation.grid, print.width, print.height);
    const values: number[] = [];
    for (let b = 0; b < inside.length; b++) if (inside[b] && f.mask.blocks[b]) values.push(open.period[b]!);
    values.sort((a, b) => a - b);
    const median = values[values.length >> 1]!;
    let long = 0;
    let kept = 0;
    for (let b = 0; b < inside.length; b++) {
      if (!inside[b] || !f.mask.blocks[b]) {
        expect(oneSided.period[b]).toBe(classical.period[b]);
        continue;
      }
      if (open.period[b]! > R * median) {
        long++;
        expect(oneSided.period[b]).toBe(gated.period[b]);
      } else {
        kept++;
        expect(oneSided.period[b]).toBe(open.period[b]);
      }
    }
    expect(long).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(long);
    // the analysis (the grey's and the map's windows measured in one pass) gives the same map
    for (const p of [{ frequencyFromRidgeNetMinShare: V }, { frequencyFromRidgeNetMinShare: V, frequencyFromRidgeNetLongRatio: R }]) {
      const analysis = prepareAnalysis(print, with_({ ...base, ...p }));
      expect(Array.from(analysis.frequency.period)).toEqual(Array.from(read(p).period));
    }
  });
});

describe('fillUnclearBlocks (orientationFromRidgeNetFillCoherence)', () => {
  it('is off by default, and off the analysis is the shipped one', () => {
    expect(EXTRACTION_PARAMETERS.orientationFromRidgeNetFillCoherence).toBe(0);
    const shipped = prepareAnalysis(print, EXTRACTION_PARAMETERS);
    const off = prepareAnalysis(print, with_({ orientationFromRidgeNetFillCoherence: 0 }));
    expect(Array.from(off.orientation.angle)).toEqual(Array.from(shipped.orientation.angle));
  });

  it('gives an unclear patch the direction of the clear blocks around and leaves everything else', () => {
    const cols = 20;
    const rows = 20;
    const theta = Math.PI / 6;
    const field = uniformField(cols, rows, theta, 0.5);
    const mapCoherence = new Float32Array(cols * rows).fill(0.95);
    const foreground = new Uint8Array(cols * rows).fill(1);
    // a 4 × 4 unclear patch with scrambled directions; one background block with a stray direction
    const rng = createRng(5);
    for (let r = 8; r < 12; r++) {
      for (let c = 8; c < 12; c++) {
        const b = r * cols + c;
        const a = rng.next() * Math.PI;
        (field.angle as Float32Array)[b] = a;
        (field.cos2 as Float32Array)[b] = Math.cos(2 * a);
        (field.sin2 as Float32Array)[b] = Math.sin(2 * a);
        mapCoherence[b] = 0.3;
      }
    }
    foreground[0] = 0;
    mapCoherence[0] = 0;
    (field.angle as Float32Array)[0] = 1;
    const out = fillUnclearBlocks(field, mapCoherence, foreground, 0.6);
    for (let b = 0; b < cols * rows; b++) {
      const r = (b / cols) | 0;
      const c = b % cols;
      if (r >= 8 && r < 12 && c >= 8 && c < 12) expect(out.angle[b]).toBeCloseTo(theta, 4);
      else expect(out.angle[b]).toBe(field.angle[b]);
    }
    expect(out.coherence).toBe(field.coherence);
    // nothing unclear: the field itself
    expect(fillUnclearBlocks(field, new Float32Array(cols * rows).fill(0.9), foreground, 0.6)).toBe(field);
  });

  it('leaves a block with no clear block within reach as it was', () => {
    const cols = 60;
    const rows = 3;
    const field = uniformField(cols, rows, 0.2, 0.5);
    const mapCoherence = new Float32Array(cols * rows).fill(0.1);
    const foreground = new Uint8Array(cols * rows).fill(1);
    // clear blocks only in the first column; the far end is beyond σ 8's reach
    for (let r = 0; r < rows; r++) mapCoherence[r * cols] = 0.9;
    const a = (field.angle as Float32Array);
    for (let b = 0; b < cols * rows; b++) {
      a[b] = 1.2;
      (field.cos2 as Float32Array)[b] = Math.cos(2.4);
      (field.sin2 as Float32Array)[b] = Math.sin(2.4);
    }
    for (let r = 0; r < rows; r++) {
      const b = r * cols;
      a[b] = 0.2;
      (field.cos2 as Float32Array)[b] = Math.cos(0.4);
      (field.sin2 as Float32Array)[b] = Math.sin(0.4);
    }
    const out = fillUnclearBlocks(field, mapCoherence, foreground, 0.6);
    expect(out.angle[1]).toBeCloseTo(0.2, 4);
    expect(out.angle[cols - 1]).toBe(field.angle[cols - 1]);
  });
});
