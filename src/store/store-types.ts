import type { SubjectStore } from '../index/ports.js';
import type { TransactionStores } from '../transactions/ports.js';

/** Where the records live. */
export type OpenStoreOptions =
  | {
    readonly kind: 'embedded';
    /** Data directory (created if missing); default `./data`. */
    readonly dir?: string;
    /** See STORE_PARAMETERS.embeddedDurability; default `flushed`. */
    readonly durability?: 'flushed' | 'committed';
  }
  | {
    readonly kind: 'redis';
    /** Default `redis://127.0.0.1:6379`. */
    readonly url?: string;
    /** Prefix of every key; default `afis:`. */
    readonly prefix?: string;
  };

/**
 * Every durable store of the service behind one object: the gallery's subjects and the
 * workflow's transactions, examinations, idempotency keys, results stream and audit log.
 * Open it with `openStore`; only `main.ts`/`app.ts` (and the CLI) do.
 */
export interface AfisStore extends TransactionStores {
  readonly kind: 'embedded' | 'redis';
  readonly subjects: SubjectStore;
  /** Resolves when the store answers (Redis: connected and PING answered); AFIS_STORE_UNAVAILABLE otherwise. */
  ready(): Promise<void>;
  /** Waits for pending writes to be durable, then releases files / connections. Idempotent. */
  close(): Promise<void>;
}
