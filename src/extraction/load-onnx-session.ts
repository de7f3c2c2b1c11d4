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
 * The learned extraction stages' model loader (check-minutiae.ts, find-dry-minutiae.ts): one
 * synchronous onnxruntime-node session per model file and thread, one intra-op thread, cached.
 * Extraction is synchronous (it runs inside worker threads and the evaluation loops), and
 * onnxruntime-node's InferenceSession only wraps its native session's synchronous run in a
 * promise, so the native session is used directly. Throws ExtractionError
 * AFIS_MODEL_UNAVAILABLE when the model cannot be loaded.
 */
export function loadOnnxSession(modelPath: string): OnnxSession {
  const cached = sessions.get(modelPath);
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
    session.loadModel(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' });
    const ort = { Tensor, session };
    sessions.set(modelPath, ort);
    return ort;
  } catch (err) {
    throw new ExtractionError('AFIS_MODEL_UNAVAILABLE', `cannot load ONNX model ${modelPath}: ${(err as Error).message}`, undefined, { cause: err });
  }
}
