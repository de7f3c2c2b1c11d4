import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ExtractionError } from '../core/index.js';

/** The synchronous session of onnxruntime-node's native binding (the public API is promise-based only). */
export interface NativeSession {
  loadModel(path: string, options: Record<string, unknown>): void;
  run(feeds: Record<string, unknown>, fetches: Record<string, null>, options: Record<string, unknown>): Record<string, { data: Float32Array; dims?: readonly number[] }>;
}
/** A loaded model: the tensor constructor and the native session. */
export interface OnnxSession {
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
  readonly session: NativeSession;
}

/** One session per thread and model file (extraction runs in worker threads; each loads its own). */
const sessions = new Map<string, OnnxSession>();

/**
 * How an int8 model's uint8 × int8 convolutions are computed: 'signed' by onnxruntime's fast
 * kernels, 'unsigned' by its uint8 × uint8 kernels (session option `session.x64quantprecision`:
 * onnxruntime stores the int8 weights as uint8 at zero point 128, which dequantise to the same
 * floats), 'auto' (the default) signed where this CPU adds uint8 × int8 products exactly (x86 with
 * VNNI) and unsigned elsewhere. Both compute one network, and each is exact where it is chosen, so a
 * print gives the same template on every server; only the speed differs (bench/RESULTS.md, "cpuq"
 * and "x64q"). The option touches quantised operators only, so float models open alike either way.
 */
export type Int8WeightForm = 'auto' | 'signed' | 'unsigned';
let weightForm: Int8WeightForm = 'auto';
/** Whether this CPU adds uint8 × int8 exactly ({@link cpuAddsSignedInt8Exactly}), read once. */
let cpuExact: boolean | undefined;

/** Sets the int8 form opened from now on ({@link Int8WeightForm}); for tests and benchmarks. */
export function useInt8WeightForm(form: Int8WeightForm = 'auto'): void {
  weightForm = form;
}

/**
 * Whether onnxruntime's uint8 × int8 kernels add products exactly on this CPU: on x86 they do
 * with VNNI (AVX-512 VNNI or AVX-VNNI: 32-bit accumulation); without it (AVX2, AVX-512 without
 * VNNI) they add each pair of products in a saturating 16-bit lane (VPMADDUBSW), which clips a
 * pair of large activations against large weights. Read from /proc/cpuinfo's flags; false where
 * they cannot be read (another system or architecture), where the unsigned form is the safe one.
 */
export function cpuAddsSignedInt8Exactly(): boolean {
  if (cpuExact === undefined) {
    try {
      const flags = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.split(/\s+/) ?? [];
      cpuExact = flags.includes('avx512_vnni') || flags.includes('avx_vnni');
    } catch {
      cpuExact = false;
    }
  }
  return cpuExact;
}

/**
 * Whether models are opened now with onnxruntime's uint8 × uint8 kernels ({@link Int8WeightForm}):
 * by hand, or by the CPU ('auto': where it has no VNNI). A VNNI CPU's fast kernels are exact
 * already, so nothing is changed there.
 */
export function opensUnsignedInt8(): boolean {
  return weightForm === 'auto' ? !cpuAddsSignedInt8Exactly() : weightForm === 'unsigned';
}

/**
 * The learned extraction stages' model loader (check-minutiae.ts, find-dry-minutiae.ts): one
 * synchronous onnxruntime-node session per model file and thread, one intra-op thread, cached.
 * Extraction is synchronous (it runs inside worker threads and the evaluation loops), and
 * onnxruntime-node's InferenceSession only wraps its native session's synchronous run in a
 * promise, so the native session is used directly. An int8 model is opened with the kernels this
 * CPU computes exactly ({@link opensUnsignedInt8}). Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the
 * model cannot be loaded.
 */
export function loadOnnxSession(modelPath: string): OnnxSession {
  const unsigned = opensUnsignedInt8();
  const key = `${unsigned ? 'u8' : 's8'} ${modelPath}`;
  const cached = sessions.get(key);
  if (cached) return cached;
  try {
    const require = createRequire(import.meta.url);
    const { binding, initOrt } = require('onnxruntime-node/dist/binding.js') as {
      binding: { InferenceSession: new () => NativeSession };
      initOrt: () => void;
    };
    const { Tensor } = require('onnxruntime-node') as { Tensor: OnnxSession['Tensor'] };
    initOrt();
    const session = new binding.InferenceSession();
    session.loadModel(modelPath, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      ...(unsigned ? { extra: { 'session.x64quantprecision': '1' } } : {}),
    });
    const ort = { Tensor, session };
    sessions.set(key, ort);
    return ort;
  } catch (err) {
    throw new ExtractionError('AFIS_MODEL_UNAVAILABLE', `cannot load ONNX model ${modelPath}: ${(err as Error).message}`, undefined, { cause: err });
  }
}
