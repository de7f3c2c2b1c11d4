import type { Database } from 'lmdb';
import type {
  ClaimLease, CompareAndSetResult, ExaminationDecision, ExaminationRecord, ExaminationStore, IdempotencyClaim, IdempotencyRecord,
  IdempotencyStore, NewExamination, NewTransaction, StoredResponse, TransactionPatch, TransactionRecord, TransactionStore,
} from '../transactions/ports.js';
import {
  applyTransactionPatch, buildExamination, buildTransaction, completeIdempotency, mayRelease, planClaim, planRenewal, checkDecision, checkKey, checkLimit,
  checkStoredResponse, checkTransactionPatch, compareExaminations, conflict, decideExamination, examinationConflict,
  idempotencyNotFound, recentLimit, transactionNotFound, withProbe, type TransactionDoc,
} from './build-workflow-records.js';
import type { LmdbWriteQueue } from './lmdb-write-queue.js';
import { buildOutboxEntry } from './build-outbox-records.js';
import { putOutboxEntrySync, type EmbeddedOutboxDbs } from './embedded-outbox-store.js';
import { STORE_PARAMETERS } from '../config/parameters.js';

export interface EmbeddedTransactionDbs {
  /** id → transaction (JSON, without probe) */
  readonly transactions: Database<TransactionDoc, string>;
  /** id → probe bytes */
  readonly probes: Database<Uint8Array, string>;
  /** id → createdAt, for every transaction not yet decided */
  readonly unfinished: Database<number, string>;
  /** [createdAt, id] → id, every transaction (the desk's list of the day) */
  readonly byTime: Database<string, [number, string]>;
}

/** Transactions in LMDB; compare-and-set runs inside the single-writer transaction. */
export class EmbeddedTransactionStore implements TransactionStore {
  constructor(private readonly db: EmbeddedTransactionDbs, private readonly writes: LmdbWriteQueue, private readonly outbox?: EmbeddedOutboxDbs) {}

  async create(t: NewTransaction): Promise<TransactionRecord> {
    const { doc, probe } = buildTransaction(t);
    const message = t.outbox ? buildOutboxEntry(doc.id, t.outbox, doc.createdAt) : undefined;
    if (message && !this.outbox) conflict('this store has no outbox');
    return this.writes.run(() => {
      if (this.db.transactions.doesExist(doc.id)) conflict(`transaction ${doc.id} exists already`);
      // in the same write as the transaction: both exist after a crash, or neither
      if (message) putOutboxEntrySync(this.outbox!, message.doc, message.payload);
      this.db.transactions.putSync(doc.id, doc);
      if (probe) this.db.probes.putSync(doc.id, probe);
      if (doc.status !== 'decided') this.db.unfinished.putSync(doc.id, doc.createdAt);
      this.db.byTime.putSync([doc.createdAt, doc.id], doc.id);
      return withProbe(doc, probe);
    });
  }

  async get(id: string, options?: { probe?: boolean }): Promise<TransactionRecord | undefined> {
    checkKey('transaction id', id);
    const doc = this.db.transactions.get(id);
    if (!doc) return undefined;
    return options?.probe ? withProbe(doc, this.db.probes.get(id)) : doc;
  }

  async compareAndSet(id: string, expectedVersion: number, patch: TransactionPatch): Promise<CompareAndSetResult> {
    checkKey('transaction id', id);
    checkTransactionPatch(patch);
    return this.writes.run((): CompareAndSetResult => {
      const current = this.db.transactions.get(id);
      if (!current) transactionNotFound(id);
      if (current.version !== expectedVersion) return { ok: false, current };
      const next = applyTransactionPatch(current, patch);
      this.db.transactions.putSync(id, next);
      if (patch.probe === null) this.db.probes.removeSync(id);
      else if (patch.probe) this.db.probes.putSync(id, patch.probe);
      if (next.status === 'decided') this.db.unfinished.removeSync(id);
      else this.db.unfinished.putSync(id, next.createdAt);
      return { ok: true, record: next };
    });
  }

  async listUnfinished(options?: { probe?: boolean }): Promise<TransactionRecord[]> {
    const out: TransactionRecord[] = [];
    for (const id of this.db.unfinished.getKeys({})) {
      const rec = await this.get(id, options);
      if (rec) out.push(rec);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async listRecent(options: { since: number; limit?: number }): Promise<TransactionRecord[]> {
    const limit = recentLimit(options.limit);
    const out: TransactionRecord[] = [];
    for (const { value: id } of this.db.byTime.getRange({ start: [Number.MAX_SAFE_INTEGER], end: [options.since], reverse: true, limit })) {
      const doc = this.db.transactions.get(id);
      if (doc) out.push(doc);
    }
    return out;
  }
}

export interface EmbeddedExaminationDbs {
  /** id → examination (JSON) */
  readonly examinations: Database<ExaminationRecord, string>;
  /** [createdAt, id] → id, for pending examinations only */
  readonly pending: Database<string, [number, string]>;
  /** [transactionId, createdAt, id] → id */
  readonly byTransaction: Database<string, [string, number, string]>;
}

/** Examinations in LMDB; `decide` checks and writes inside one transaction, so only the first decision lands. */
export class EmbeddedExaminationStore implements ExaminationStore {
  constructor(private readonly db: EmbeddedExaminationDbs, private readonly writes: LmdbWriteQueue) {}

  async create(e: NewExamination): Promise<ExaminationRecord> {
    const rec = buildExamination(e);
    return this.writes.run(() => {
      if (this.db.examinations.doesExist(rec.id)) examinationConflict(rec.id);
      this.db.examinations.putSync(rec.id, rec);
      this.db.pending.putSync([rec.createdAt, rec.id], rec.id);
      this.db.byTransaction.putSync([rec.transactionId, rec.createdAt, rec.id], rec.id);
      return rec;
    });
  }

  async get(id: string): Promise<ExaminationRecord | undefined> {
    checkKey('examination id', id);
    return this.db.examinations.get(id);
  }

  async listPending(options?: { limit?: number }): Promise<ExaminationRecord[]> {
    const limit = checkLimit(options?.limit);
    const out: ExaminationRecord[] = [];
    for (const { value: id } of this.db.pending.getRange({ limit })) {
      const rec = this.db.examinations.get(id);
      if (rec) out.push(rec);
    }
    return out;
  }

  async listByTransaction(transactionId: string): Promise<ExaminationRecord[]> {
    checkKey('transaction id', transactionId);
    const out: ExaminationRecord[] = [];
    for (const { key, value } of this.db.byTransaction.getRange({ start: [transactionId] })) {
      if (key[0] !== transactionId) break;
      const rec = this.db.examinations.get(value);
      if (rec) out.push(rec);
    }
    return out.sort(compareExaminations);
  }

  async decide(id: string, decision: ExaminationDecision): Promise<ExaminationRecord> {
    checkKey('examination id', id);
    checkDecision(decision);
    return this.writes.run(() => {
      const next = decideExamination(this.db.examinations.get(id), id, decision);
      this.db.examinations.putSync(id, next);
      this.db.pending.removeSync([next.createdAt, id]);
      return next;
    });
  }
}

export interface EmbeddedIdempotencyDbs {
  /** key → record (JSON) */
  readonly records: Database<IdempotencyRecord, string>;
  /** key → when it expires (epoch ms, the wall clock at its first use + the time to live) */
  readonly expiry: Database<number, string>;
}

/**
 * Idempotency keys in LMDB: claim, renewal and release read and write in one transaction, so
 * the first writer wins and a take-over replaces only the claim it saw. A key expires `ttlMs` after its first use (wall clock, kept apart from the record): it then
 * counts as never used, and {@link removeExpired} deletes it.
 */
export class EmbeddedIdempotencyStore implements IdempotencyStore {
  private readonly db: Database<IdempotencyRecord, string>;

  constructor(private readonly dbs: EmbeddedIdempotencyDbs, private readonly writes: LmdbWriteQueue, private readonly ttlMs = STORE_PARAMETERS.idempotencyTtlMs) {
    this.db = dbs.records;
  }

  private live(key: string): IdempotencyRecord | undefined {
    const expires = this.dbs.expiry.get(key);
    return expires !== undefined && expires <= Date.now() ? undefined : this.db.get(key);
  }

  /** Writes a record; a key used for the first time (or again after expiring) gets its expiry. */
  private write(key: string, record: IdempotencyRecord, fresh: boolean): void {
    this.db.putSync(key, record);
    if (fresh) this.dbs.expiry.putSync(key, Date.now() + this.ttlMs);
  }

  private drop(key: string): void {
    this.db.removeSync(key);
    this.dbs.expiry.removeSync(key);
  }

  /** Deletes the expired keys; returns how many. Cost: one pass over the expiry table. */
  async removeExpired(now = Date.now()): Promise<number> {
    const expired: string[] = [];
    for (const { key, value } of this.dbs.expiry.getRange({})) if (value <= now) expired.push(key);
    if (expired.length === 0) return 0;
    return this.writes.run(() => {
      let n = 0;
      // checked again inside the write: a key used again meanwhile stays
      for (const key of expired) {
        const expires = this.dbs.expiry.get(key);
        if (expires !== undefined && expires <= now) {
          this.drop(key);
          n++;
        }
      }
      return n;
    });
  }

  async claim(key: string, requestHash: string, lease: ClaimLease): Promise<IdempotencyClaim> {
    planClaim(undefined, key, requestHash, lease); // validates before queueing
    return this.writes.run((): IdempotencyClaim => {
      const existing = this.live(key);
      const plan = planClaim(existing, key, requestHash, lease);
      if (plan.write) this.write(key, plan.write, existing === undefined);
      return plan.claim;
    });
  }

  async renew(key: string, instance: string, leaseUntil: number): Promise<boolean> {
    checkKey('idempotency key', key);
    return this.writes.run(() => {
      const next = planRenewal(this.live(key), instance, leaseUntil);
      if (next) this.write(key, next, false);
      return next !== undefined;
    });
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    checkKey('idempotency key', key);
    checkStoredResponse(response);
    await this.writes.run(() => {
      const existing = this.live(key);
      if (!existing) idempotencyNotFound(key);
      this.write(key, completeIdempotency(existing, response), false);
    });
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    checkKey('idempotency key', key);
    return this.live(key);
  }

  async release(key: string, instance?: string): Promise<void> {
    checkKey('idempotency key', key);
    await this.writes.run(() => {
      if (mayRelease(this.live(key), instance)) this.drop(key);
    });
  }
}
