import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { StoreError } from '../core/index.js';
import type { SearchTask } from './search-worker.js';

/**
 * Where the compiled worker is. Workers must load JavaScript: in production this module itself
 * runs from dist/index/ and the worker is its sibling; when it runs from TypeScript sources
 * (vitest), the worker is taken from dist/index/ of the same repository, which `npm test` builds
 * first (its pretest script runs `npm run build`). `override` (or AFIS_SEARCH_WORKER) names
 * another file, e.g. a build in a temporary directory.
 */
export function resolveSearchWorkerFile(override?: string): string {
  const chosen = override ?? process.env.AFIS_SEARCH_WORKER;
  const here = fileURLToPath(import.meta.url);
  const file = chosen ?? (here.endsWith('.js') ? join(dirname(here), 'search-worker.js') : resolve(dirname(here), '../../dist/index/search-worker.js'));
  if (!existsSync(file)) {
    throw new StoreError('AFIS_INDEX_NOT_READY', `search worker ${file} not found: run "npm run build" first (workers load the compiled JavaScript)`);
  }
  return file;
}

/** A pool of search worker threads shared by every search of a process. */
export interface SearchPool {
  readonly threads: number;
  run(task: SearchTask): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Starts `threads` worker threads (default: one per core). Tasks queue first-in first-out, and
 * each search splits each stage into one task per thread, so concurrent searches interleave
 * fairly instead of one waiting for the other to finish.
 */
export function createSearchPool(options: { threads?: number; workerFile?: string } = {}): SearchPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const pool = new Piscina({ filename: resolveSearchWorkerFile(options.workerFile), minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  return {
    threads,
    run: (task) => pool.run(task, { name: 'runSearchTask' }),
    close: () => pool.destroy(),
  };
}
