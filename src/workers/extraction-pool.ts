import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { DecodeCaptureOptions } from '../capture/index.js';
import {
  AfisError, CaptureError, ConfigError, DomainError, type ErrorCode, ExtractionError, FormatError, type GrayImage, isErrorCode, StoreError, TemplateError,
} from '../core/index.js';
import type { SmearEstimate } from '../extraction/index.js';
import type { AlterationAssessment, FlattenPlatenParameters, SlidFinding } from '../quality/index.js';
import type { SlapKind, SlapSegmentation } from '../segmentation/index.js';
import type { Template } from '../templates/index.js';
import type { ExtractTask, WorkerAnswer } from './extract-template-worker.js';

/**
 * A capture's per-image work on worker threads: the fingers of a capture are decoded, extracted,
 * cut from their slaps and read for the desk in parallel, and its rolled prints compared with its
 * plain ones, off the event loop. Each method gives exactly what the function it names gives on
 * the calling thread, typed errors included.
 */
export interface ExtractionPool {
  readonly threads: number;
  /** `extractTemplate` of src/extraction; `smear`: its `smearEstimate` option (the desk's estimate of this image). */
  extract(image: GrayImage, smear?: SmearEstimate | null): Promise<Template>;
  /** `decodeCapture` of src/capture (sharp's own decoders run on libuv threads either way; WSQ, BMP, raw and the resampling are ours). */
  decode(bytes: Uint8Array, options: DecodeCaptureOptions): Promise<GrayImage>;
  /** `decodeWsq(bytes).image` of src/formats: a WSQ stream at its own resolution (an ANSI/NIST record's image). */
  decodeWsq(bytes: Uint8Array): Promise<GrayImage>;
  /** `segmentSlap` of src/segmentation. */
  segmentSlap(image: GrayImage, kind: SlapKind, declaredMissing: readonly number[]): Promise<SlapSegmentation>;
  /** `detectSlidFinger` of src/quality. */
  detectSlidFinger(image: GrayImage): Promise<SlidFinding>;
  /** `detectAlteration` of src/quality. */
  detectAlteration(image: GrayImage, template: Template): Promise<AlterationAssessment>;
  /** `flattenPlaten` of src/quality (an image it leaves as it is comes back as the same object). */
  flattenPlaten(images: readonly GrayImage[], params: FlattenPlatenParameters): Promise<GrayImage[]>;
  /** `platenResidueShare` of src/quality. */
  platenResidueShare(images: readonly GrayImage[], params: FlattenPlatenParameters): Promise<number>;
  /** Every probe against every candidate (`compareTemplates` of src/matching, each template prepared once), `[probe][candidate]`. */
  compareGrid(probes: readonly Template[], candidates: readonly Template[]): Promise<number[][]>;
  close(): Promise<void>;
}

/** The error classes a worker's typed error is rebuilt as, by name (AfisError for any other). */
const ERROR_CLASSES: Readonly<Record<string, typeof AfisError>> = {
  CaptureError, ConfigError, DomainError, ExtractionError, FormatError, StoreError, TemplateError,
};

const taskOf = (image: GrayImage): ExtractTask => ({ width: image.width, height: image.height, ppi: image.ppi, data: image.data });

/** The compiled worker file: beside this file in dist/, or dist/ from the sources (tests run after `npm run build`). */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const file = here.endsWith('.js') ? join(dirname(here), 'extract-template-worker.js') : resolve(dirname(here), '../../dist/workers/extract-template-worker.js');
  if (!existsSync(file)) throw new AfisError('AFIS_NOT_READY', `extraction worker ${file} not found: run "npm run build" first`);
  return file;
}

/** Options of {@link createExtractionPool}. */
export interface ExtractionPoolOptions {
  /**
   * Each worker's young generation in MB (V8's `maxYoungGenerationSizeMb`, three semi-spaces'
   * worth); 0 or absent: V8's own default (16 MB semi-spaces on 64-bit, 48 MB). Extraction makes
   * many short-lived image-sized arrays: with larger semi-spaces fewer of them live long enough
   * to be promoted, and far fewer full collections run (bench/RESULTS.md, extspeed: 96 MB took
   * ≈ 15 % off the CPU per print). Costs that much more memory per worker. The templates are
   * the same bits whatever it is.
   */
  readonly youngGenerationMb?: number;
}

/**
 * A pool of `threads` workers (default: one per core). Each task copies the image's pixels
 * (≈ 150 KB for a plain impression) to a worker; the template comes back by structured clone.
 *
 * `close()` refuses new extractions (AFIS_NOT_READY), waits for every extraction already asked
 * for, running or queued, and only then ends the threads. A thread must not be terminated inside
 * an extraction: every extraction runs the learned ridge network in onnxruntime-node's native
 * session, and terminating a worker thread during that native call aborts the whole process
 * ("terminate called after throwing an instance of 'Napi::Error'"; reproduced with piscina's
 * destroy() while extractions ran, twenty-second session). piscina's own graceful close was not
 * enough: it counts finished tasks, not idle workers, so it could still end a busy thread. Idle
 * threads (piscina's idleTimeout) are ended between tasks, which is safe.
 */
export function createExtractionPool(threads = availableParallelism(), options: ExtractionPoolOptions = {}): ExtractionPool {
  const young = options.youngGenerationMb ?? 0;
  const pool = new Piscina({
    filename: workerFile(),
    minThreads: 1,
    maxThreads: Math.max(1, threads),
    idleTimeout: 60_000,
    ...(young > 0 ? { resourceLimits: { maxYoungGenerationSizeMb: young } } : {}),
  });
  const inFlight = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  const run = async <T>(name: string, task: unknown): Promise<T> => {
    if (closing) throw new AfisError('AFIS_NOT_READY', 'the extraction workers are shutting down');
    const running = pool.run(task, { name }) as Promise<WorkerAnswer<T>>;
    inFlight.add(running);
    let answer: WorkerAnswer<T>;
    try {
      answer = await running;
    } finally {
      inFlight.delete(running);
    }
    if (answer.ok) return answer.value;
    const code: ErrorCode = isErrorCode(answer.code) ? answer.code : 'AFIS_INTERNAL';
    throw new (ERROR_CLASSES[answer.kind] ?? AfisError)(code, answer.message, answer.details);
  };
  return {
    threads,
    extract: (image, smear) => run('default', smear === undefined ? taskOf(image) : { ...taskOf(image), smear }),
    decode: (bytes, options) => run('decode', { bytes, options }),
    decodeWsq: (bytes) => run('decodeWsqStream', bytes),
    segmentSlap: (image, kind, declaredMissing) => run('cutSlap', { image: taskOf(image), kind, declaredMissing }),
    detectSlidFinger: (image) => run('readSlid', taskOf(image)),
    detectAlteration: (image, template) => run('readAlteration', { image: taskOf(image), template }),
    flattenPlaten: async (images, params) => (await run<Array<GrayImage | null>>('flattenCapture', { images: images.map(taskOf), params }))
      .map((flat, i) => flat ?? images[i]!),
    platenResidueShare: (images, params) => run('readPlatenResidue', { images: images.map(taskOf), params }),
    compareGrid: (probes, candidates) => run('compareGrid', { probes, candidates }),
    close: () =>
      (closing ??= (async () => {
        // every extraction asked for ends on its own (running or queued) before a thread is ended
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await pool.destroy();
      })()),
  };
}
