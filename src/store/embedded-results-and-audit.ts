import type { Database } from 'lmdb';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { StoreError } from '../core/index.js';
import type { AuditEntry, AuditEvent, AuditLog, AuditVerification, PublishedResult, ResultPublisher } from '../transactions/ports.js';
import { badCursor, checkDedupId, checkLimit, checkPayload } from './build-workflow-records.js';
import { buildAuditEntry, verifyAuditEntries } from './hash-audit-entry.js';
import type { LmdbWriteQueue } from './lmdb-write-queue.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Stored result: f64 publishedAt, u16 dedupId length, dedupId (UTF-8), payload. */
function encodeResult(dedupId: string, payload: Uint8Array, publishedAt: number): Uint8Array {
  const id = encoder.encode(dedupId);
  const out = new Uint8Array(10 + id.length + payload.length);
  const view = new DataView(out.buffer);
  view.setFloat64(0, publishedAt, true);
  view.setUint16(8, id.length, true);
  out.set(id, 10);
  out.set(payload, 10 + id.length);
  return out;
}

function decodeResult(seq: number, bytes: Uint8Array): PublishedResult {
  if (bytes.length < 10) throw new StoreError('AFIS_STORE_CORRUPT', `stored result ${seq} is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint16(8, true);
  if (bytes.length < 10 + len) throw new StoreError('AFIS_STORE_CORRUPT', `stored result ${seq} is truncated`);
  return {
    cursor: String(seq),
    dedupId: decoder.decode(bytes.subarray(10, 10 + len)),
    payload: bytes.slice(10 + len),
    publishedAt: view.getFloat64(0, true),
  };
}

export interface EmbeddedResultDbs {
  /** seq (1, 2, ...) → encoded result */
  readonly results: Database<Uint8Array, number>;
  /** dedupId → seq */
  readonly dedup: Database<number, string>;
}

/**
 * The results stream of the embedded store: an append-only sequence numbered 1, 2, ...; the
 * cursor is the decimal sequence number. Publishing checks the dedup index and appends in one
 * transaction, so a resumed transaction never publishes twice.
 */
export class EmbeddedResultStream implements ResultPublisher {
  constructor(private readonly db: EmbeddedResultDbs, private readonly writes: LmdbWriteQueue) {}

  async publish(dedupId: string, payload: Uint8Array): Promise<{ cursor: string; duplicate: boolean }> {
    checkDedupId(dedupId);
    checkPayload(payload);
    const now = Date.now();
    return this.writes.run(() => {
      const existing = this.db.dedup.get(dedupId);
      if (existing !== undefined) return { cursor: String(existing), duplicate: true };
      let last = 0;
      for (const k of this.db.results.getKeys({ reverse: true, limit: 1 })) last = k;
      const seq = last + 1;
      this.db.results.putSync(seq, encodeResult(dedupId, payload, now));
      this.db.dedup.putSync(dedupId, seq);
      return { cursor: String(seq), duplicate: false };
    });
  }

  async readAfter(after: string | undefined, limit?: number): Promise<PublishedResult[]> {
    const n = checkLimit(limit);
    let from = 0;
    if (after !== undefined) {
      if (!/^(0|[1-9][0-9]{0,15})$/.test(after)) badCursor(after);
      from = Number(after);
    }
    return [...this.db.results.getRange({ start: from, exclusiveStart: true, limit: n })].map(({ key, value }) => decodeResult(key, value));
  }
}

export interface EmbeddedAuditDbs {
  /** seq → entry (JSON) */
  readonly entries: Database<AuditEntry, number>;
  /** 'audit-head' → { seq, hash } */
  readonly meta: Database<{ seq: number; hash: string }, string>;
}

const HEAD = 'audit-head';

/** The hash-chained audit log in LMDB: append reads the head and writes entry + head in one transaction. */
export class EmbeddedAuditLog implements AuditLog {
  constructor(private readonly db: EmbeddedAuditDbs, private readonly writes: LmdbWriteQueue) {}

  async append(event: AuditEvent): Promise<AuditEntry> {
    buildAuditEntry(event, undefined); // validate before queueing
    return this.writes.run(() => {
      const entry = buildAuditEntry(event, this.db.meta.get(HEAD));
      this.db.entries.putSync(entry.seq, entry);
      this.db.meta.putSync(HEAD, { seq: entry.seq, hash: entry.hash });
      return entry;
    });
  }

  async read(options?: { fromSeq?: number; limit?: number }): Promise<AuditEntry[]> {
    const limit = checkLimit(options?.limit, 1000);
    const from = options?.fromSeq ?? 1;
    if (!Number.isInteger(from) || from < 1) throw new StoreError('AFIS_VALIDATION', 'fromSeq must be a positive integer');
    return [...this.db.entries.getRange({ start: from, limit })].map(({ value }) => value);
  }

  async verifyChain(): Promise<AuditVerification> {
    const head = this.db.meta.get(HEAD);
    const entries = this.db.entries;
    async function* all(): AsyncIterable<AuditEntry> {
      let after = 0;
      for (;;) {
        // one short read transaction per batch
        const batch = [...entries.getRange({ start: after, exclusiveStart: true, limit: STORE_PARAMETERS.auditVerifyBatch })];
        if (batch.length === 0) return;
        for (const { key, value } of batch) {
          // the key is what orders the log: an entry stored under another seq than it claims is out of place
          yield key === value?.seq ? value : { ...value, seq: key };
        }
        after = batch[batch.length - 1].key;
      }
    }
    return verifyAuditEntries(all(), head);
  }
}
