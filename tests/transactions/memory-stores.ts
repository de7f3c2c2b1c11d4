/**
 * In-memory implementations of the store ports. The workflow tests run on the real stores
 * (test-stores.ts); these stay because tests/ui uses them for fast page tests. They follow the
 * port contracts: compare-and-set, first-writer-wins claims, deduplicated publication, a
 * hash-chained audit log.
 */
import { createHash } from 'node:crypto';
import { StoreError } from '../../src/core/index.js';
import { completeIdempotency, mayRelease, planClaim, planRenewal } from '../../src/store/build-workflow-records.js';
import type { SubjectRecord, SubjectStore } from '../../src/index/ports.js';
import type {
  AuditEntry, AuditEvent, AuditLog, AuditVerification, ClaimLease, ExaminationRecord, ExaminationStore, IdempotencyRecord,
  IdempotencyStore, PublishedResult, ResultPublisher, TransactionRecord, TransactionStore, TransactionStores,
} from '../../src/transactions/index.js';

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryTransactionStore implements TransactionStore {
  readonly rows = new Map<string, TransactionRecord>();
  async create(t: Parameters<TransactionStore['create']>[0]): Promise<TransactionRecord> {
    if (this.rows.has(t.id)) throw new StoreError('AFIS_CONFLICT', `transaction ${t.id} exists`);
    const at = t.createdAt ?? Date.now();
    const rec: TransactionRecord = {
      id: t.id, kind: t.kind, status: t.status ?? 'received', request: clone(t.request), steps: clone(t.steps ?? []),
      version: 1, createdAt: at, updatedAt: at,
      ...(t.referenceNumber === undefined ? {} : { referenceNumber: t.referenceNumber }),
      ...(t.probe === undefined ? {} : { probe: t.probe.slice() }),
    };
    this.rows.set(t.id, rec);
    return this.view(rec, false);
  }
  async get(id: string, options: { probe?: boolean } = {}): Promise<TransactionRecord | undefined> {
    const r = this.rows.get(id);
    return r && this.view(r, options.probe === true);
  }
  async compareAndSet(id: string, expected: number, patch: Parameters<TransactionStore['compareAndSet']>[2]) {
    const r = this.rows.get(id);
    if (!r) throw new StoreError('AFIS_TRANSACTION_NOT_FOUND', `no transaction ${id}`);
    if (r.version !== expected) return { ok: false as const, current: this.view(r, false) };
    const next: TransactionRecord = {
      ...r,
      ...(patch.status === undefined ? {} : { status: patch.status }),
      ...(patch.referenceNumber === undefined ? {} : { referenceNumber: patch.referenceNumber }),
      ...(patch.result === undefined ? {} : { result: clone(patch.result) }),
      steps: [...r.steps, ...clone(patch.appendSteps ?? [])],
      version: r.version + 1,
      updatedAt: Date.now(),
    };
    if (patch.probe === null) delete (next as { probe?: Uint8Array }).probe;
    else if (patch.probe !== undefined) (next as { probe?: Uint8Array }).probe = patch.probe.slice();
    this.rows.set(id, next);
    return { ok: true as const, record: this.view(next, false) };
  }
  async listUnfinished(options: { probe?: boolean } = {}): Promise<TransactionRecord[]> {
    return [...this.rows.values()].filter((r) => r.status !== 'decided').sort((a, b) => a.createdAt - b.createdAt)
      .map((r) => this.view(r, options.probe === true));
  }
  async listRecent(options: { since: number; limit?: number }): Promise<TransactionRecord[]> {
    return [...this.rows.values()].filter((r) => r.createdAt >= options.since).sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, options.limit ?? 100).map((r) => this.view(r, false));
  }
  private view(r: TransactionRecord, probe: boolean): TransactionRecord {
    const v = clone(r);
    if (!probe) delete (v as { probe?: Uint8Array }).probe;
    return v;
  }
}

export class MemoryExaminationStore implements ExaminationStore {
  readonly rows = new Map<string, ExaminationRecord>();
  async create(e: Parameters<ExaminationStore['create']>[0]): Promise<ExaminationRecord> {
    if (this.rows.has(e.id)) throw new StoreError('AFIS_CONFLICT', `examination ${e.id} exists`);
    const rec: ExaminationRecord = { id: e.id, transactionId: e.transactionId, status: 'pending', candidate: clone(e.candidate), createdAt: e.createdAt ?? Date.now() };
    this.rows.set(e.id, rec);
    return clone(rec);
  }
  async get(id: string) { const r = this.rows.get(id); return r && clone(r); }
  async listPending(options: { limit?: number } = {}) {
    return [...this.rows.values()].filter((r) => r.status === 'pending')
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).slice(0, options.limit ?? 100).map(clone);
  }
  async listByTransaction(transactionId: string) {
    return [...this.rows.values()].filter((r) => r.transactionId === transactionId).sort((a, b) => a.createdAt - b.createdAt).map(clone);
  }
  async decide(id: string, d: Parameters<ExaminationStore['decide']>[1]): Promise<ExaminationRecord> {
    const r = this.rows.get(id);
    if (!r) throw new StoreError('AFIS_EXAMINATION_NOT_FOUND', `no examination ${id}`);
    if (r.decision) throw new StoreError('AFIS_EXAMINATION_ALREADY_DECIDED', `examination ${id} was decided`);
    const next: ExaminationRecord = {
      ...r, status: d.decision,
      decision: { decision: d.decision, examinerId: d.examinerId, decidedAt: d.decidedAt ?? Date.now(), ...(d.comment === undefined ? {} : { comment: d.comment }) },
    };
    this.rows.set(id, next);
    return clone(next);
  }
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly rows = new Map<string, IdempotencyRecord>();
  async claim(key: string, requestHash: string, lease: ClaimLease) {
    const plan = planClaim(this.rows.get(key), key, requestHash, lease);
    if (plan.write) this.rows.set(key, clone(plan.write));
    return clone(plan.claim);
  }
  async renew(key: string, instance: string, leaseUntil: number) {
    const next = planRenewal(this.rows.get(key), instance, leaseUntil);
    if (next) this.rows.set(key, next);
    return next !== undefined;
  }
  async complete(key: string, response: Parameters<IdempotencyStore['complete']>[1]) {
    const r = this.rows.get(key);
    if (!r) throw new StoreError('AFIS_NOT_FOUND', `idempotency key ${key} was never claimed`);
    this.rows.set(key, completeIdempotency(r, clone(response)));
  }
  async get(key: string) { const r = this.rows.get(key); return r && clone(r); }
  async release(key: string, instance?: string) { if (mayRelease(this.rows.get(key), instance)) this.rows.delete(key); }
}

export class MemoryResultPublisher implements ResultPublisher {
  readonly entries: PublishedResult[] = [];
  async publish(dedupId: string, payload: Uint8Array) {
    const first = this.entries.find((e) => e.dedupId === dedupId);
    if (first) return { cursor: first.cursor, duplicate: true };
    const cursor = String(this.entries.length + 1);
    this.entries.push({ cursor, dedupId, payload: payload.slice(), publishedAt: Date.now() });
    return { cursor, duplicate: false };
  }
  async readAfter(after: string | undefined, limit = 100) {
    if (after !== undefined && !/^\d+$/.test(after)) throw new StoreError('AFIS_VALIDATION', `bad cursor ${after}`);
    const from = after === undefined ? 0 : Number(after);
    return this.entries.filter((e) => Number(e.cursor) > from).slice(0, limit);
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(event: AuditEvent): Promise<AuditEntry> {
    const prevHash = this.entries.at(-1)?.hash ?? '0'.repeat(64);
    const body = { ...clone(event), seq: this.entries.length + 1, at: event.at ?? Date.now(), prevHash };
    const hash = createHash('sha256').update(prevHash).update(JSON.stringify(body)).digest('hex');
    const entry: AuditEntry = { ...body, hash };
    this.entries.push(entry);
    return clone(entry);
  }
  async read(options: { fromSeq?: number; limit?: number } = {}) {
    return this.entries.filter((e) => e.seq >= (options.fromSeq ?? 1)).slice(0, options.limit ?? 1000).map(clone);
  }
  async verifyChain(): Promise<AuditVerification> {
    let prev = '0'.repeat(64);
    for (const e of this.entries) {
      const { hash, ...body } = e;
      const h = createHash('sha256').update(prev).update(JSON.stringify(body)).digest('hex');
      if (e.prevHash !== prev || h !== hash) return { ok: false, entries: this.entries.length, firstBadSeq: e.seq, reason: 'hash mismatch' };
      prev = hash;
    }
    return { ok: true, entries: this.entries.length, headHash: prev };
  }
}

export function memoryTransactionStores() {
  return {
    transactions: new MemoryTransactionStore(),
    examinations: new MemoryExaminationStore(),
    idempotency: new MemoryIdempotencyStore(),
    results: new MemoryResultPublisher(),
    audit: new MemoryAuditLog(),
  } satisfies TransactionStores;
}

export class MemorySubjectStore implements SubjectStore {
  readonly rows = new Map<string, SubjectRecord>();
  async put(s: SubjectRecord) {
    for (const r of this.rows.values()) {
      if (r.referenceNumber === s.referenceNumber && r.id !== s.id) throw new StoreError('AFIS_CONFLICT', `reference ${s.referenceNumber} is held by ${r.id}`);
    }
    this.rows.set(s.id, clone(s));
  }
  async putMany(list: readonly SubjectRecord[]) { for (const s of list) await this.put(s); }
  async get(id: string, options: { images?: boolean } = {}) { const r = this.rows.get(id); return r && this.view(r, options.images === true); }
  async getByReference(ref: string, options: { images?: boolean } = {}) {
    for (const r of this.rows.values()) if (r.referenceNumber === ref) return this.view(r, options.images === true);
    return undefined;
  }
  async remove(id: string) { return this.rows.delete(id); }
  async count() { return this.rows.size; }
  async *scan() { yield [...this.rows.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => this.view(r, false)); }
  private view(r: SubjectRecord, images: boolean): SubjectRecord {
    const v = clone(r);
    if (!images) return { ...v, fingers: v.fingers.map(({ image: _i, ...f }) => f) };
    return v;
  }
}

