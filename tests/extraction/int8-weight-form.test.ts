import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareAnalysis, RIDGE_NET_FOLDS_DIR, RIDGE_NET_INT8_MODEL, RIDGE_NET_MULTIPLE } from '../../src/extraction/index.js';
import { cpuAddsSignedInt8Exactly, loadOnnxSession, opensUnsignedInt8, useInt8WeightForm } from '../../src/extraction/load-onnx-session.js';
import { EXTRACTION_PARAMETERS } from '../../src/config/parameters.js';
import { createRng, mixSeed, renderImpression, syntheticMasterPrint } from '../../src/synthetic/index.js';

// The int8 ridge network is opened with the integer kernels this CPU adds exactly: onnxruntime's
// uint8 x int8 kernels where it has VNNI, its uint8 x uint8 kernels elsewhere (session option
// session.x64quantprecision), so a print gives the same template on every server (issue 12, cpuq
// and x64q: on an AVX2 machine the uint8 x int8 kernels' 16-bit pair sums saturate).

const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node');
const SHIPPED_INT8 = [RIDGE_NET_INT8_MODEL, ...['DB1', 'DB2', 'DB3', 'DB4'].map((s) => join(RIDGE_NET_FOLDS_DIR, `${s}_B-int8.onnx`)), RIDGE_NET_INT8_MODEL.replace('ridge-net-int8.onnx', 'ridge-net-synthetic-int8.onnx')];

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
  const fusedRun = (path: string, input: { data: Float32Array; dims: number[] }) => {
    const { Tensor, session } = loadOnnxSession(path);
    return session.run({ grey: new Tensor('float32', input.data, input.dims) }, { ridges: null }, {}).ridges!.data;
  };
  /** Mean |difference| from the exact result and the share of pixels more than 0.05 off. */
  const offExact = (fused: Float32Array, exact: Float32Array) => {
    let sum = 0, off = 0;
    for (let i = 0; i < exact.length; i++) {
      const d = Math.abs(fused[i]! - exact[i]!);
      sum += d;
      if (d > 0.05) off++;
    }
    return { mean: sum / exact.length, off: off / exact.length };
  };

  it('opens every shipped int8 network with the kernels that give the exact integer result on this CPU', async () => {
    const input = networkInput();
    for (const path of SHIPPED_INT8) {
      const { mean, off } = offExact(fusedRun(path, input), await runUnfused(path, input));
      // exact up to a rare one-step rounding of an activation (about 1e-4 on average); the signed
      // kernels on a CPU without VNNI are about a hundred times further off (1e-2, 4 % of pixels > 0.05)
      expect(mean, path).toBeLessThan(2e-3);
      expect(off, path).toBeLessThan(1e-3);
    }
  });

  it('computes one network with either kernels: the unsigned form gives the exact result on any CPU, and equals the signed one where VNNI makes that exact', async () => {
    const input = networkInput();
    useInt8WeightForm('unsigned');
    const unsigned = fusedRun(RIDGE_NET_INT8_MODEL, input);
    const { mean, off } = offExact(unsigned, await runUnfused(RIDGE_NET_INT8_MODEL, input));
    expect(mean).toBeLessThan(2e-3);
    expect(off).toBeLessThan(1e-3);
    useInt8WeightForm('signed');
    const signed = fusedRun(RIDGE_NET_INT8_MODEL, input);
    if (cpuAddsSignedInt8Exactly()) expect(Array.from(signed)).toEqual(Array.from(unsigned));
    // an x86 CPU without VNNI: the saturating sums, which the auto form avoids there
    else if (process.arch === 'x64') expect(offExact(signed, unsigned).mean).toBeGreaterThan(0);
  });

  it('chooses by the CPU, and by hand', () => {
    expect(opensUnsignedInt8()).toBe(!cpuAddsSignedInt8Exactly());
    useInt8WeightForm('unsigned');
    expect(opensUnsignedInt8()).toBe(true);
    useInt8WeightForm('signed');
    expect(opensUnsignedInt8()).toBe(false);
  });
});
