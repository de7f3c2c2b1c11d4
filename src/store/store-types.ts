import type { SubjectStore } from '../index/ports.js';
import type { OutboxStore, TransactionStores } from '../transactions/ports.js';

/** Where the records live. */
export type OpenStoreOptions =
  | {
    readonly kind: 'embedded';
    /** Data directory (created if missing); default `./data`. */
    readonly dir?: string;
    /** See STORE_PARAMETERS.embeddedDurability; default `flushed`. */
    readonly durability?: 'flushed' | 'committed';
    /** Idempotency keys are forgotten this long after first use, ms (default STORE_PARAMETERS.idempotencyTtlMs). */
    readonly idempotencyTtlMs?: number;
  }
  | {
    readonly kind: 'redis';
    /** Default `redis://127.0.0.1:6379`. */
    readonly url?: string;
    /** Prefix of every key; default `afis:`. */
    readonly prefix?: string;
    /** Idempotency keys expire this long after first use, ms (default STORE_PARAMETERS.idempotencyTtlMs). */
    readonly idempotencyTtlMs?: number;
    /** Results older than this and acknowledged by every consumer group are trimmed by housekeep(), ms. */
    readonly resultsRetentionMs?: number;
    /** Enrolments wait until this many replicas have them (Redis WAIT); 0 = do not wait. */
    readonly waitReplicas?: number;
    /** Key layout: 1 (default, one server) or 2 (hash-tagged, for Redis Cluster; docs/redis-cluster.md). */
    readonly layout?: 1 | 2;
    /** `url` lists Redis Cluster nodes (comma-separated); implies layout 2. */
    readonly cluster?: boolean;
  };

/** What one housekeeping pass removed. */
export interface HousekeepingReport {
  /** Expired idempotency keys deleted (the embedded store; Redis expires them itself). */
  readonly idempotencyKeysRemoved: number;
  /** Results-stream entries trimmed (Redis: acknowledged by every consumer group and past the retention). */
  readonly resultsTrimmed: number;
}

/**
 * Every durable store of the service behind one object: the gallery's subjects and the
 * workflow's transactions, examinations, idempotency keys, results stream and audit log.
 * Open it with `openStore`; only `main.ts`/`app.ts` (and the CLI) do.
 */
export interface AfisStore extends TransactionStores {
  readonly kind: 'embedded' | 'redis';
  readonly subjects: SubjectStore;
  readonly outbox: OutboxStore;
  /** Resolves when the store answers (Redis: connected and PING answered); AFIS_STORE_UNAVAILABLE otherwise. */
  ready(): Promise<void>;
  /** Removes what has expired (see {@link HousekeepingReport}); the service runs it every `housekeepingIntervalMs`. */
  housekeep(now?: number): Promise<HousekeepingReport>;
  /** Waits for pending writes to be durable, then releases files / connections. Idempotent. */
  close(): Promise<void>;
}
