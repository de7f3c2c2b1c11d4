import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is waiting, most urgent first: a police identification (someone is held at a desk or
 * a roadside), then a desk capture (an applicant in front of an officer), then imports and
 * batch work (nobody waiting).
 */
export const SEARCH_PRIORITIES = ['police', 'desk', 'batch'] as const;
export type SearchPriority = (typeof SEARCH_PRIORITIES)[number];

const current = new AsyncLocalStorage<SearchPriority>();

/**
 * Runs `fn` with `priority` as the priority of every search (and extraction) it starts,
 * including work it leaves running in the background (the context follows promises).
 */
export function withSearchPriority<T>(priority: SearchPriority, fn: () => T): T {
  return current.run(priority, fn);
}

/** The priority of the calling context; `desk` outside any (e.g. a transaction resumed at start-up). */
export function currentSearchPriority(): SearchPriority {
  return current.getStore() ?? 'desk';
}

/** A bounded number of jobs at once; waiting jobs start by priority, then first come. */
export interface PriorityQueue {
  /** Runs `job` when a place is free; `onStart` is told how long it waited, ms. */
  run<T>(priority: SearchPriority, job: () => Promise<T>, onStart?: (waitedMs: number) => void): Promise<T>;
  /** Jobs waiting (not running), per priority. */
  depth(): Record<SearchPriority, number>;
  /** Jobs running now. */
  readonly running: number;
}

/**
 * A priority queue in front of a worker pool. Each 1:N search already splits its stages over
 * every search thread, so running only `concurrency` searches at once (one or two) costs no
 * throughput, and a police search that arrives behind twenty desk captures starts as soon as
 * the search in progress ends instead of after all twenty. Cost: O(1) per job.
 * Thread-safety: one event loop (the usual for a JS object).
 */
export function createPriorityQueue(concurrency: number): PriorityQueue {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
  const waiting: Record<SearchPriority, (() => void)[]> = { police: [], desk: [], batch: [] };
  let running = 0;
  const next = (): void => {
    while (running < concurrency) {
      const p = SEARCH_PRIORITIES.find((q) => waiting[q].length > 0);
      if (!p) return;
      running++;
      waiting[p].shift()!();
    }
  };
  return {
    get running() {
      return running;
    },
    depth: () => ({ police: waiting.police.length, desk: waiting.desk.length, batch: waiting.batch.length }),
    run<T>(priority: SearchPriority, job: () => Promise<T>, onStart?: (waitedMs: number) => void): Promise<T> {
      const queued = performance.now();
      return new Promise<T>((resolve, reject) => {
        waiting[priority].push(() => {
          onStart?.(performance.now() - queued);
          let p: Promise<T>;
          try {
            p = job();
          } catch (err) {
            p = Promise.reject(err);
          }
          p.then(resolve, reject).finally(() => {
            running--;
            next();
          });
        });
        next();
      });
    },
  };
}
