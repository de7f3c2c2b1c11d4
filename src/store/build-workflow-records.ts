import { StoreError } from '../core/index.js';
import { STORE_PARAMETERS } from '../config/parameters.js';
import type { SubjectScanOptions } from '../index/ports.js';
import type {
  ClaimLease, ExaminationDecision, ExaminationRecord, IdempotencyClaim, IdempotencyRecord, JsonObject, NewExamination, NewTransaction,
  StoredResponse, TransactionPatch, TransactionRecord, TransactionStatus, TransactionStep,
} from '../transactions/ports.js';

/*
 * The pure record logic both store implementations share: validation of what callers pass,
 * building new records and applying changes. The implementations only add storage and
 * atomicity around these functions, so both behave the same.
 */

const STATUSES: readonly TransactionStatus[] = ['received', 'searching', 'awaiting-examiner', 'decided'];

function invalid(message: string): never {
  throw new StoreError('AFIS_VALIDATION', message);
}

/** Checks an id or key: 1–256 characters. */
export function checkKey(name: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > STORE_PARAMETERS.maxIdLength) {
    invalid(`${name} must be a string of 1–${STORE_PARAMETERS.maxIdLength} characters`);
  }
  return v;
}

/** A list limit: default when absent, AFIS_VALIDATION when not a positive integer ≤ the maximum. */
export function checkLimit(limit: number | undefined, fallback: number = STORE_PARAMETERS.defaultListLimit): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > STORE_PARAMETERS.maxListLimit) {
    invalid(`limit must be an integer 1–${STORE_PARAMETERS.maxListLimit}`);
  }
  return limit;
}

export function checkTime(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) invalid(`${name} must be a finite time in ms`);
  return v;
}

export function checkJsonObject(name: string, v: unknown): JsonObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) invalid(`${name} must be a JSON object`);
  try {
    // the stored form is JSON: refuse what would not come back the same (typed arrays, BigInt, cycles)
    JSON.stringify(v, (_k, x: unknown) => {
      if (typeof x === 'bigint' || ArrayBuffer.isView(x)) throw new Error('not JSON');
      return x;
    });
  } catch {
    invalid(`${name} must be JSON-serialisable`);
  }
  return v as JsonObject;
}

function checkStatus(v: unknown): TransactionStatus {
  if (!STATUSES.includes(v as TransactionStatus)) invalid(`status must be one of ${STATUSES.join(', ')}`);
  return v as TransactionStatus;
}

function checkSteps(v: readonly TransactionStep[] | undefined): TransactionStep[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) invalid('steps must be an array');
  return v.map((s, i) => {
    if (typeof s?.step !== 'string' || s.step.length === 0) invalid(`step ${i} needs a name`);
    checkTime(`step ${i} time`, s.at);
    return s.detail !== undefined ? { step: s.step, at: s.at, detail: checkJsonObject(`step ${i} detail`, s.detail) } : { step: s.step, at: s.at };
  });
}

export function checkProbe(v: unknown): Uint8Array | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof Uint8Array)) invalid('probe must be bytes');
  return v;
}

/** A transaction record as stored apart from its probe bytes. */
export type TransactionDoc = Omit<TransactionRecord, 'probe'>;

/** Builds version 1 of a new transaction (validated). */
export function buildTransaction(t: NewTransaction, now = Date.now()): { doc: TransactionDoc; probe?: Uint8Array } {
  checkKey('transaction id', t.id);
  if (typeof t.kind !== 'string' || t.kind.length === 0) invalid('transaction kind must be a non-empty string');
  const createdAt = t.createdAt !== undefined ? checkTime('createdAt', t.createdAt) : now;
  const doc: TransactionDoc = {
    id: t.id,
    kind: t.kind,
    status: checkStatus(t.status ?? 'received'),
    ...(t.referenceNumber !== undefined ? { referenceNumber: checkKey('referenceNumber', t.referenceNumber) } : {}),
    request: checkJsonObject('request', t.request),
    steps: checkSteps(t.steps),
    version: 1,
    createdAt,
    updatedAt: createdAt,
  };
  const probe = checkProbe(t.probe);
  return probe ? { doc, probe } : { doc };
}

/** Validates a patch before it is applied (so a bad patch fails before anything is written). */
export function checkTransactionPatch(p: TransactionPatch): void {
  if (typeof p !== 'object' || p === null) invalid('patch must be an object');
  if (p.status !== undefined) checkStatus(p.status);
  if (p.referenceNumber !== undefined) checkKey('referenceNumber', p.referenceNumber);
  if (p.result !== undefined) checkJsonObject('result', p.result);
  if (p.probe !== undefined && p.probe !== null) checkProbe(p.probe);
  if (p.appendSteps !== undefined) checkSteps(p.appendSteps);
}

/** The next version of a transaction after `patch` (pure; probe handled by the caller). */
export function applyTransactionPatch(current: TransactionDoc, p: TransactionPatch, now = Date.now()): TransactionDoc {
  return {
    ...current,
    ...(p.status !== undefined ? { status: p.status } : {}),
    ...(p.referenceNumber !== undefined ? { referenceNumber: p.referenceNumber } : {}),
    ...(p.result !== undefined ? { result: p.result } : {}),
    steps: p.appendSteps ? [...current.steps, ...checkSteps(p.appendSteps)] : current.steps,
    version: current.version + 1,
    updatedAt: Math.max(now, current.updatedAt),
  };
}

export function withProbe(doc: TransactionDoc, probe: Uint8Array | undefined): TransactionRecord {
  return probe ? { ...doc, probe } : doc;
}

export function transactionNotFound(id: string): never {
  throw new StoreError('AFIS_TRANSACTION_NOT_FOUND', `no transaction with id ${id}`);
}

export function conflict(message: string): never {
  throw new StoreError('AFIS_CONFLICT', message);
}

/** A new pending examination (validated). */
export function buildExamination(e: NewExamination, now = Date.now()): ExaminationRecord {
  checkKey('examination id', e.id);
  checkKey('transaction id', e.transactionId);
  return {
    id: e.id,
    transactionId: e.transactionId,
    status: 'pending',
    candidate: checkJsonObject('candidate', e.candidate),
    createdAt: e.createdAt !== undefined ? checkTime('createdAt', e.createdAt) : now,
  };
}

/** Validates a decision before the atomic write. */
export function checkDecision(d: ExaminationDecision): void {
  if (d?.decision !== 'confirmed' && d?.decision !== 'rejected') invalid('decision must be confirmed or rejected');
  checkKey('examinerId', d.examinerId);
  if (d.comment !== undefined && (typeof d.comment !== 'string' || d.comment.length > 10_000)) invalid('comment must be a string of at most 10000 characters');
  if (d.decidedAt !== undefined) checkTime('decidedAt', d.decidedAt);
}

/** The decided record, or the error the port promises when it cannot be decided. */
export function decideExamination(current: ExaminationRecord | undefined, id: string, d: ExaminationDecision, now = Date.now()): ExaminationRecord {
  if (!current) throw new StoreError('AFIS_EXAMINATION_NOT_FOUND', `no examination with id ${id}`);
  if (current.status !== 'pending') {
    throw new StoreError('AFIS_EXAMINATION_ALREADY_DECIDED', `examination ${id} was already ${current.status} by ${current.decision?.examinerId ?? 'someone'}`);
  }
  return {
    ...current,
    status: d.decision,
    decision: {
      decision: d.decision,
      examinerId: d.examinerId,
      decidedAt: d.decidedAt ?? now,
      ...(d.comment !== undefined ? { comment: d.comment } : {}),
    },
  };
}

export function examinationConflict(id: string): never {
  throw new StoreError('AFIS_CONFLICT', `examination ${id} exists already`);
}

/** Oldest first: createdAt, then id (the order both stores index pending examinations in). */
export function compareExaminations(a: ExaminationRecord, b: ExaminationRecord): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * What a claim of `key` does, given the record that stands (see IdempotencyStore.claim): the
 * answer and, when the caller gets the key, the record to write in the same atomic step.
 */
export function planClaim(
  existing: IdempotencyRecord | undefined, key: string, requestHash: string, lease: ClaimLease,
): { claim: IdempotencyClaim; write?: IdempotencyRecord } {
  checkKey('idempotency key', key);
  if (typeof requestHash !== 'string' || requestHash.length === 0 || requestHash.length > 1024) invalid('requestHash must be a string of 1–1024 characters');
  checkLease(lease);
  const held = { owner: { instance: lease.owner.instance, host: lease.owner.host, pid: lease.owner.pid }, leaseUntil: lease.leaseUntil };
  if (!existing) {
    const fresh: IdempotencyRecord = { key, requestHash, createdAt: lease.now, ...held, resultId: lease.resultId };
    return { claim: { claimed: true, record: fresh, takenOver: false }, write: fresh };
  }
  const lapsed = existing.leaseUntil === undefined || existing.leaseUntil <= lease.now
    || (lease.replaceInstance !== undefined && existing.owner?.instance === lease.replaceInstance);
  if (existing.response !== undefined || existing.requestHash !== requestHash || !lapsed) return { claim: { claimed: false, record: existing } };
  const taken: IdempotencyRecord = { ...existing, ...held, resultId: existing.resultId ?? lease.resultId };
  return { claim: { claimed: true, record: taken, takenOver: true }, write: taken };
}

/** The record after a lease renewal, or undefined when `instance` no longer holds the pending claim. */
export function planRenewal(existing: IdempotencyRecord | undefined, instance: string, leaseUntil: number): IdempotencyRecord | undefined {
  if (!Number.isFinite(leaseUntil)) invalid('leaseUntil must be a time');
  if (!existing || existing.response !== undefined || existing.owner?.instance !== instance) return undefined;
  return { ...existing, leaseUntil };
}

/** Whether `release(key, instance)` drops `existing`: always without an instance, else only its own pending claim. */
export function mayRelease(existing: IdempotencyRecord | undefined, instance: string | undefined): boolean {
  if (!existing) return false;
  return instance === undefined || (existing.response === undefined && existing.owner?.instance === instance);
}

/** The completed record: the response replaces the claim's owner and lease. */
export function completeIdempotency(existing: IdempotencyRecord, response: StoredResponse): IdempotencyRecord {
  const { owner: _owner, leaseUntil: _lease, ...rest } = existing;
  return { ...rest, response };
}

function checkLease(lease: ClaimLease): void {
  if (typeof lease !== 'object' || lease === null || typeof lease.owner !== 'object' || lease.owner === null) invalid('a claim needs a lease');
  checkKey('claim owner', lease.owner.instance);
  checkKey('resultId', lease.resultId);
  if (!Number.isFinite(lease.now) || !Number.isFinite(lease.leaseUntil)) invalid('lease times must be finite');
}

export function checkStoredResponse(r: StoredResponse): void {
  if (!Number.isInteger(r?.status) || r.status < 100 || r.status > 599) invalid('response status must be an HTTP status');
  checkJsonObject('response', { body: r.body as JsonObject, ...(r.headers ? { headers: r.headers as unknown as JsonObject } : {}) });
}

export function idempotencyNotFound(key: string): never {
  throw new StoreError('AFIS_NOT_FOUND', `idempotency key ${key} was never claimed`);
}

export function checkDedupId(dedupId: unknown): string {
  return checkKey('dedupId', dedupId);
}

export function checkPayload(payload: unknown): Uint8Array {
  if (!(payload instanceof Uint8Array)) invalid('result payload must be bytes');
  if (payload.length > 16 * 1024 * 1024) invalid('result payload is larger than 16 MiB');
  return payload;
}

export function badCursor(cursor: string): never {
  throw new StoreError('AFIS_VALIDATION', `malformed results cursor "${cursor}"`);
}

/** A scan's shard selector: AFIS_VALIDATION unless 0 ≤ index < count. */
export function checkShard(shard: SubjectScanOptions['shard']): SubjectScanOptions['shard'] {
  if (shard === undefined) return undefined;
  if (!Number.isInteger(shard.count) || shard.count < 1 || !Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count) {
    throw new StoreError('AFIS_VALIDATION', `bad shard ${String(shard.index)}/${String(shard.count)}: need 0 ≤ index < count`);
  }
  return shard;
}

/** The `limit` of TransactionStore.listRecent: default 100, at most 1000. */
export function recentLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(1000, Math.floor(limit ?? 100)));
}
