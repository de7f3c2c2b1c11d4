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

/**
 * A pool of `threads` workers (default: one per core). Each task copies the image's pixels
 * (≈ 150 KB for a plain impression) to a worker; the template comes back by structured clone.
 */
export function createExtractionPool(threads = availableParallelism()): ExtractionPool {
  const pool = new Piscina({ filename: workerFile(), minThreads: 1, maxThreads: Math.max(1, threads), idleTimeout: 60_000 });
  return {
    threads,
    async extract(image) {
      const task: ExtractTask = { width: image.width, height: image.height, ppi: image.ppi, data: image.data };
      const answer = (await pool.run(task)) as ExtractAnswer;
      if (answer.ok) return answer.template;
      const code: ErrorCode = isErrorCode(answer.code) ? answer.code : 'AFIS_EXTRACTION_FAILED';
      throw new ExtractionError(code, answer.message, answer.details);
    },
    close: () => pool.destroy(),
  };
}
