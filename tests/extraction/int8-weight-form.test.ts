import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareAnalysis, RIDGE_NET_FOLDS_DIR, RIDGE_NET_INT8_MODEL, RIDGE_NET_MULTIPLE } from '../../src/extraction/index.js';
import { cpuAddsSignedInt8Exactly, int8ModelFile, loadOnnxSession, useInt8WeightForm } from '../../src/extraction/load-onnx-session.js';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// The int8 ridge network is stored in two forms, int8 weights and uint8 weights, which are one
// network; the extraction opens the form this CPU adds exactly, so a print gives the same template
// on every server (issue 12, cpuq: on an AVX2 machine the int8 form's 16-bit pair sums saturate).

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node');
const SHIPPED_INT8 = [RIDGE_NET_INT8_MODEL, ...['DB1', 'DB2', 'DB3', 'DB4'].map((s) => join(RIDGE_NET_FOLDS_DIR, `${s}_B-int8.onnx`)), RIDGE_NET_INT8_MODEL.replace('ridge-net-int8.onnx', 'ridge-net-synthetic-int8.onnx')];
const unsigned = (path: string) => path.replace(/\.onnx$/, '-u8.onnx');

/** The network's input for a synthetic print: its normalised grey clipped and padded as runRidgeNet does. */
function networkInput(): { data: Float32Array; dims: number[] } {
  const print = renderImpression(syntheticMasterPrint(91, 2, 1), 'optical', createRng(mixSeed(91, 2, 1))).image;
  const { normalized } = prepareAnalysis(print, EXTRACTION_PARAMETERS);
  const m = RIDGE_NET_MULTIPLE;
  const pw = Math.ceil(normalized.width / m) * m;
  const ph = Math.ceil(normalized.height / m) * m;
  const data = new Float32Array(pw * ph);
  const limit = 127 / 32;
  for (let y = 0; y < normalized.height; y++) {
    for (let x = 0; x < normalized.width; x++) data[y * pw + x] = Math.max(-limit, Math.min(limit, normalized.data[y * normalized.width + x]!));
  }
  return { data, dims: [1, 1, ph, pw] };
}

/** The model run with its quantise / dequantise pairs unfused: convolutions in float on the quantised grid, the integer result on any CPU. */
async function runUnfused(path: string, input: { data: Float32Array; dims: number[] }): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(path, { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1 });
  const out = await session.run({ grey: new ort.Tensor('float32', input.data, input.dims) });
  return out.ridges!.data as Float32Array;
}

afterEach(() => useInt8WeightForm());

describe('the int8 ridge network in the form this CPU computes exactly (issue 12, cpuq)', () => {
  it('ships every int8 network with its uint8-weight form, and the two are one network', async () => {
    const input = networkInput();
    for (const path of SHIPPED_INT8) {
      expect(existsSync(path), path).toBe(true);
      expect(existsSync(unsigned(path)), unsigned(path)).toBe(true);
    }
    for (const path of SHIPPED_INT8) {
      const signed = await runUnfused(path, input);
      const u8 = await runUnfused(unsigned(path), input);
      expect(Array.from(u8)).toEqual(Array.from(signed));
    }
  });

  it('opens the form whose integer kernels give the exact integer result on this CPU', async () => {
    const input = networkInput();
    const exact = await runUnfused(RIDGE_NET_INT8_MODEL, input);
    const { Tensor, session } = loadOnnxSession(RIDGE_NET_INT8_MODEL);
    const fused = session.run({ grey: new Tensor('float32', input.data, input.dims) }, { ridges: null }, {}).ridges!.data;
    let sum = 0, off = 0;
    for (let i = 0; i < exact.length; i++) {
      const d = Math.abs(fused[i]! - exact[i]!);
      sum += d;
      if (d > 0.05) off++;
    }
    // exact up to a rare one-step rounding of an activation (about 1e-4 on average); the signed
    // form on a CPU without VNNI is about a hundred times further off (1e-2, 4 % of pixels > 0.05)
    expect(sum / exact.length).toBeLessThan(2e-3);
    expect(off / exact.length).toBeLessThan(1e-3);
  });

  it('chooses by the CPU, and by hand: an int8 file to its -u8 sibling for the unsigned form, every other file as named', () => {
    expect(int8ModelFile(RIDGE_NET_INT8_MODEL)).toBe(cpuAddsSignedInt8Exactly() ? RIDGE_NET_INT8_MODEL : unsigned(RIDGE_NET_INT8_MODEL));
    useInt8WeightForm('unsigned');
    expect(int8ModelFile(RIDGE_NET_INT8_MODEL)).toBe(unsigned(RIDGE_NET_INT8_MODEL));
    expect(int8ModelFile('/models/ridge-net.onnx')).toBe('/models/ridge-net.onnx');
    useInt8WeightForm('signed');
    expect(int8ModelFile(RIDGE_NET_INT8_MODEL)).toBe(RIDGE_NET_INT8_MODEL);
  });

  it('warns once, and opens the int8 file, when the unsigned form is needed and missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-int8-'));
    const lone = join(dir, 'lone-int8.onnx');
    writeFileSync(lone, '');
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      useInt8WeightForm('unsigned');
      expect(int8ModelFile(lone)).toBe(lone);
      expect(int8ModelFile(lone)).toBe(lone);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain('no unsigned-weight form');
    } finally {
      warn.mockRestore();
    }
  });
});
