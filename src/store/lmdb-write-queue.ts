import type { RootDatabase } from 'lmdb';
import { AfisError, StoreError } from '../core/index.js';

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for LMDB: write operations queued in the same event-loop turn run, in order,
 * in ONE synchronous write transaction, each inside its own child transaction. So
 * - each operation is atomic (an operation that throws is rolled back alone, the others commit);
 * - an operation may read what it is about to change (compare-and-set, "first writer wins")
 *   because LMDB has one writer at a time, across threads and processes;
 * - a promise resolves only after the transaction that holds its writes has been committed
 *   (and, unless opened with `noSync`, synced to disk): an acknowledged write survives a killed
 *   process, and with sync also a power loss.
 *
 * Why not lmdb's asynchronous `transaction(callback)`: on this machine (Node 20, lmdb 3.5) its
 * promise never resolves (it relies on N-API thread-safe callbacks); synchronous transactions
 * with our own batching give the same throughput (one fsync per batch) without that dependency.
 * The cost is that the commit (including fsync, ~5 ms on this disk) runs on the main thread.
 */
export class LmdbWriteQueue {
  private queue: Job[] = [];
  private scheduled = false;
  private closed = false;

  constructor(private readonly root: RootDatabase) {}

  /** Runs `fn` atomically inside the next group transaction; resolves with its value once committed. */
  run<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('AFIS_STORE_UNAVAILABLE', 'the embedded store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever is queued now (also used by close). */
  flush(): void {
    this.scheduled = false;
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.root.transactionSync(() => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: this.root.transactionSync(job.fn) });
          } catch (err) {
            outcomes.push({ ok: false, value: err });
          }
        }
      });
    } catch (err) {
      const failure = new StoreError('AFIS_STORE_UNAVAILABLE', `the embedded store could not commit: ${(err as Error).message}`, undefined, { cause: err });
      for (const job of jobs) job.reject(failure);
      return;
    }
    jobs.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.value instanceof AfisError ? o.value : new StoreError('AFIS_INTERNAL', `embedded store write failed: ${(o.value as Error)?.message}`, undefined, { cause: o.value }));
    });
  }

  /** Commits what is queued and refuses further writes. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}
