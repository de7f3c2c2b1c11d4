import type { Database } from 'lmdb';
import type { OutboxEntry, OutboxPatch, OutboxStore } from '../transactions/ports.js';
import { applyOutboxPatch, outboxNotFound, type OutboxDoc } from './build-outbox-records.js';
import { checkKey } from './build-workflow-records.js';
import type { LmdbWriteQueue } from './lmdb-write-queue.js';

export interface EmbeddedOutboxDbs {
  /** id → entry (JSON, without payload) */
  readonly entries: Database<OutboxDoc, string>;
  /** id → payload bytes */
  readonly payloads: Database<Uint8Array, string>;
  /** id → createdAt, for entries not closed */
  readonly open: Database<number, string>;
}

/** Writes a new entry inside the caller's write (the transaction's create), so both land together. */
export function putOutboxEntrySync(db: EmbeddedOutboxDbs, doc: OutboxDoc, payload: Uint8Array): void {
  db.entries.putSync(doc.id, doc);
  db.payloads.putSync(doc.id, payload);
  db.open.putSync(doc.id, doc.createdAt);
}

/** The outbox in LMDB; entries are created with their transaction (EmbeddedTransactionStore.create). */
export class EmbeddedOutboxStore implements OutboxStore {
  constructor(private readonly db: EmbeddedOutboxDbs, private readonly writes: LmdbWriteQueue) {}

  async listOpen(): Promise<OutboxEntry[]> {
    const out: OutboxEntry[] = [];
    for (const id of this.db.open.getKeys({})) {
      const doc = this.db.entries.get(id);
      if (doc) out.push(doc);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  async get(id: string, options?: { payload?: boolean }): Promise<OutboxEntry | undefined> {
    checkKey('outbox id', id);
    const doc = this.db.entries.get(id);
    if (!doc) return undefined;
    const payload = options?.payload ? this.db.payloads.get(id) : undefined;
    return payload ? { ...doc, payload } : doc;
  }

  async update(id: string, expectedVersion: number, patch: OutboxPatch): Promise<{ ok: boolean; entry: OutboxEntry }> {
    checkKey('outbox id', id);
    return this.writes.run(() => {
      const current = this.db.entries.get(id);
      if (!current) outboxNotFound(id);
      if (current.version !== expectedVersion) return { ok: false, entry: current };
      const next = applyOutboxPatch(current, patch);
      this.db.entries.putSync(id, next);
      if (next.closedAt !== undefined) this.db.open.removeSync(id);
      return { ok: true, entry: next };
    });
  }
}
