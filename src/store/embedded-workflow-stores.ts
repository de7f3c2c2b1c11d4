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
  constructor(private readonly db: EmbeddedTransactionDbs, private readonly writes: LmdbWriteQueue) {}

  async create(t: NewTransaction): Promise<TransactionRecord> {
    const { doc, probe } = buildTransaction(t);
    return this.writes.run(() => {
      if (this.db.transactions.doesExist(doc.id)) conflict(`transaction ${doc.id} exists already`);
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

/**
 * Idempotency keys in LMDB: claim, renewal and release read and write in one transaction, so
 * the first writer wins and a take-over replaces only the claim it saw.
 */
export class EmbeddedIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Database<IdempotencyRecord, string>, private readonly writes: LmdbWriteQueue) {}

  async claim(key: string, requestHash: string, lease: ClaimLease): Promise<IdempotencyClaim> {
    planClaim(undefined, key, requestHash, lease); // validates before queueing
    return this.writes.run((): IdempotencyClaim => {
      const plan = planClaim(this.db.get(key), key, requestHash, lease);
      if (plan.write) this.db.putSync(key, plan.write);
      return plan.claim;
    });
  }

  async renew(key: string, instance: string, leaseUntil: number): Promise<boolean> {
    checkKey('idempotency key', key);
    return this.writes.run(() => {
      const next = planRenewal(this.db.get(key), instance, leaseUntil);
      if (next) this.db.putSync(key, next);
      return next !== undefined;
    });
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    checkKey('idempotency key', key);
    checkStoredResponse(response);
    await this.writes.run(() => {
      const existing = this.db.get(key);
      if (!existing) idempotencyNotFound(key);
      this.db.putSync(key, completeIdempotency(existing, response));
    });
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    checkKey('idempotency key', key);
    return this.db.get(key);
  }

  async release(key: string, instance?: string): Promise<void> {
    checkKey('idempotency key', key);
    await this.writes.run(() => {
      if (mayRelease(this.db.get(key), instance)) this.db.removeSync(key);
    });
  }
}
