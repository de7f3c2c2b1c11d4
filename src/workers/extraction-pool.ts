import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AfisError, type ErrorCode, ExtractionError, type GrayImage, isErrorCode } from '../core/index.js';
import type { Template } from '../templates/index.js';
import type { ExtractAnswer, ExtractTask } from './extract-template-worker.js';

/** Extraction on worker threads: the fingers of a capture are extracted in parallel, off the event loop. */
export interface ExtractionPool {
  readonly threads: number;
  extract(image: GrayImage): Promise<Template>;
  close(): Promise<void>;
}

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
  return {
    threads,
    async extract(image) {
      if (closing) throw new AfisError('AFIS_NOT_READY', 'the extraction workers are shutting down');
      const task: ExtractTask = { width: image.width, height: image.height, ppi: image.ppi, data: image.data };
      const running = pool.run(task) as Promise<ExtractAnswer>;
      inFlight.add(running);
      let answer: ExtractAnswer;
      try {
        answer = await running;
      } finally {
        inFlight.delete(running);
      }
      if (answer.ok) return answer.template;
      const code: ErrorCode = isErrorCode(answer.code) ? answer.code : 'AFIS_EXTRACTION_FAILED';
      throw new ExtractionError(code, answer.message, answer.details);
    },
    close: () =>
      (closing ??= (async () => {
        // every extraction asked for ends on its own (running or queued) before a thread is ended
        while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
        await pool.destroy();
      })()),
  };
}
