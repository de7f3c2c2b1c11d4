import { describe, expect, it } from 'vitest';
import { EXTRACTION_PARAMETERS, type ExtractionParameters } from '../../src/config/parameters.js';
import { prepareFields, readFieldFromRidgeNet } from '../../src/extraction/index.js';
import {
  inpaintFeatures,
  inpaintUnclearBlocks,
  ORIENTATION_INPAINT_CHANNELS,
  ORIENTATION_INPAINT_MODEL,
  unclearBlocks,
} from '../../src/extraction/inpaint-orientation-net.js';
import { uniformField } from '../helpers/uniform-field.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// Issue 12, fieldnet2: a learned inpainter for the blocks where the ridge network drew no clear ridges
// (`orientationInpaintCoherence`), models/orientation-inpaint.md.

const with_ = (p: Partial<Record<keyof ExtractionParameters, number>>): ExtractionParameters => ({ ...EXTRACTION_PARAMETERS, ...p }) as unknown as ExtractionParameters;
const print = renderImpression(syntheticMasterPrint(77, 3, 1), 'optical', createRng(mixSeed(77, 3, 1))).image;

/** A 24 × 20 grid, all foreground, map coherence 0.95 but 0.1 in a 5 × 5 patch at (10, 8). */
function patchCase(theta: number) {
  const cols = 24;
  const rows = 20;
  const field = uniformField(cols, rows, theta, 0.7);
  const foreground = new Uint8Array(cols * rows).fill(1);
  const mapCoherence = new Float32Array(cols * rows).fill(0.95);
  const patch: number[] = [];
  for (let r = 8; r < 13; r++) for (let c = 10; c < 15; c++) patch.push(r * cols + c);
  for (const b of patch) mapCoherence[b] = 0.1;
  return { cols, rows, field, foreground, mapCoherence, patch };
}

describe('orientationInpaintCoherence', () => {
  it('is off by default, and off the field read from the ridge network is unchanged', () => {
    expect(EXTRACTION_PARAMETERS.orientationInpaintCoherence).toBe(0);
    const p = with_({ orientationFromRidgeNet: 1 });
    const f = prepareFields(print, p);
    const a = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, p).orientation;
    const b = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, with_({ orientationFromRidgeNet: 1, orientationInpaintCoherence: 0 })).orientation;
    expect(Array.from(b.angle)).toEqual(Array.from(a.angle));
  });

  it('on, only foreground blocks whose map coherence is below the gate change, and the coherence stays', () => {
    const off = with_({ orientationFromRidgeNet: 1 });
    const on = with_({ orientationFromRidgeNet: 1, orientationInpaintCoherence: 0.8 });
    const f = prepareFields(print, off);
    const a = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, off).orientation;
    const b = readFieldFromRidgeNet(f.orientation, f.normalized, f.mask, on).orientation;
    expect(b.coherence).toBe(a.coherence);
    for (let i = 0; i < a.angle.length; i++) if (!f.mask.blocks[i]) expect(b.angle[i]).toBe(a.angle[i]);
  });
});

describe('unclearBlocks', () => {
  it('marks the foreground blocks below the gate, null when none', () => {
    const { foreground, mapCoherence, patch } = patchCase(0.4);
    foreground[patch[0]!] = 0;
    const hole = unclearBlocks(mapCoherence, foreground, 0.6)!;
    expect(hole.reduce((s, v) => s + v, 0)).toBe(patch.length - 1);
    expect(hole[patch[0]!]).toBe(0);
    expect(unclearBlocks(mapCoherence, foreground, 0.05)).toBeNull();
  });
});

describe('inpaintFeatures', () => {
  it('writes the six planes in order, zero in the background', () => {
    const { cols, rows, field, foreground, mapCoherence } = patchCase(0.4);
    foreground[3] = 0;
    const hole = unclearBlocks(mapCoherence, foreground, 0.6)!;
    const x = inpaintFeatures(field, mapCoherence, foreground, hole);
    const n = cols * rows;
    expect(x.length).toBe(ORIENTATION_INPAINT_CHANNELS * n);
    const b = 8 * cols + 10;
    expect([x[b], x[n + b], x[2 * n + b], x[3 * n + b], x[4 * n + b], x[5 * n + b]]).toEqual([field.cos2[b], field.sin2[b], field.coherence[b], mapCoherence[b], 1, 1]);
    for (let k = 0; k < ORIENTATION_INPAINT_CHANNELS; k++) expect(x[k * n + 3]).toBe(0);
  });
});

describe('inpaintUnclearBlocks', () => {
  it('returns the field itself without running the network when no block is unclear', () => {
    const { field, foreground, mapCoherence } = patchCase(0.4);
    // a model path that cannot load: the network must not be run
    expect(inpaintUnclearBlocks(field, mapCoherence, foreground, 0.05, '/nonexistent.onnx')).toBe(field);
  });

  it('changes only the hole, and gives a blanked patch in a straight flow the flow around', () => {
    const theta = 0.5;
    const { field, foreground, mapCoherence, patch } = patchCase(theta);
    // the patch's own estimate blanked, as a closed mass reads
    const cos2 = Float32Array.from(field.cos2);
    const sin2 = Float32Array.from(field.sin2);
    const coherence = Float32Array.from(field.coherence);
    for (const b of patch) {
      cos2[b] = 0;
      sin2[b] = 0;
      coherence[b] = 0.05;
    }
    const holed = { ...field, cos2, sin2, coherence };
    const out = inpaintUnclearBlocks(holed, mapCoherence, foreground, 0.6, ORIENTATION_INPAINT_MODEL);
    const inPatch = new Set(patch);
    for (let b = 0; b < field.angle.length; b++) {
      if (inPatch.has(b)) {
        let d = Math.abs(out.angle[b]! - theta);
        if (d > Math.PI / 2) d = Math.PI - d;
        expect(d).toBeLessThan((10 * Math.PI) / 180);
      } else {
        expect(out.angle[b]).toBe(holed.angle[b]);
        expect(out.cos2[b]).toBe(holed.cos2[b]);
      }
    }
    expect(out.coherence).toBe(holed.coherence);
  });
});
