import { existsSync, readFileSync } from 'node:fs';
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
 * Which stored form of an int8 model is opened: 'signed' the file as named (`X-int8.onnx`, int8
 * weights), 'unsigned' its sibling `X-int8-u8.onnx` (the same weights as uint8 at zero point 128,
 * scripts/ridge-net/unsigned-weights.py), 'auto' (the default) the signed form where this CPU adds
 * uint8 × int8 products exactly (x86 with VNNI) and the unsigned one elsewhere. Both forms are one
 * network, and both are computed exactly where they are chosen, so a print gives the same template
 * on every server; only the speed differs (bench/RESULTS.md, "cpuq").
 */
export type Int8WeightForm = 'auto' | 'signed' | 'unsigned';
let weightForm: Int8WeightForm = 'auto';
/** Whether this CPU adds uint8 × int8 exactly ({@link cpuAddsSignedInt8Exactly}), read once. */
let cpuExact: boolean | undefined;
/** The file the unsigned form opens for each int8 model path, resolved once (no file check per run). */
const resolved = new Map<string, string>();

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
 * The file to open for `modelPath` ({@link Int8WeightForm}): an `X-int8.onnx` file is replaced by
 * its `X-int8-u8.onnx` sibling when the unsigned form is chosen and the sibling exists; every other
 * file is opened as named. A missing sibling where it is needed is warned of once (the network
 * then computes, on this CPU, something other than on a VNNI CPU). Resolved once per path: the
 * extraction asks on every run of the network.
 */
export function int8ModelFile(modelPath: string): string {
  if (!modelPath.endsWith('-int8.onnx')) return modelPath;
  const form = weightForm === 'auto' ? (cpuAddsSignedInt8Exactly() ? 'signed' : 'unsigned') : weightForm;
  if (form === 'signed') return modelPath;
  const known = resolved.get(modelPath);
  if (known !== undefined) return known;
  const sibling = `${modelPath.slice(0, -'.onnx'.length)}-u8.onnx`;
  const file = existsSync(sibling) ? sibling : modelPath;
  resolved.set(modelPath, file);
  if (file === modelPath) {
    process.emitWarning(`${modelPath} has no unsigned-weight form (${sibling}, scripts/ridge-net/unsigned-weights.py); without VNNI this CPU clips its 8-bit sums, so its results differ from a VNNI CPU's`, { code: 'AFIS_INT8_INEXACT' });
  }
  return file;
}

/**
 * The learned extraction stages' model loader (check-minutiae.ts, find-dry-minutiae.ts): one
 * synchronous onnxruntime-node session per model file and thread, one intra-op thread, cached.
 * Extraction is synchronous (it runs inside worker threads and the evaluation loops), and
 * onnxruntime-node's InferenceSession only wraps its native session's synchronous run in a
 * promise, so the native session is used directly. An int8 model is opened in the form this CPU
 * computes exactly ({@link int8ModelFile}). Throws ExtractionError AFIS_MODEL_UNAVAILABLE when the
 * model cannot be loaded.
 */
export function loadOnnxSession(modelPath: string): OnnxSession {
  const file = int8ModelFile(modelPath);
  const cached = sessions.get(file);
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
    session.loadModel(file, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    const ort = { Tensor, session };
    sessions.set(file, ort);
    return ort;
  } catch (err) {
    throw new ExtractionError('AFIS_MODEL_UNAVAILABLE', `cannot load ONNX model ${file}: ${(err as Error).message}`, undefined, { cause: err });
  }
}
