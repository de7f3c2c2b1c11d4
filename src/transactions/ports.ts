/**
 * What the transaction workflow needs from durable storage. The workflow declares these
 * ports; `src/store/` implements them (embedded LMDB or Redis) and `main.ts`/`app.ts` wire
 * them. Nothing here imports a database client.
 *
 * Conventions:
 * - times are UTC milliseconds since the Unix epoch (`Date.now()` scale);
 * - `JsonObject` fields are stored as JSON: they must survive `JSON.stringify` (no
 *   `undefined` inside arrays, no typed arrays, no BigInt). Binary data goes in the fields
 *   typed `Uint8Array`;
 * - a resolved promise means the write is durable (see `src/store/README.md`);
 * - errors are `StoreError`s with the codes of `src/core/errors.ts`.
 *
 * Thread-safety: every method may be called concurrently from many async callers and from
 * several processes sharing the same store; the atomic operations below say what wins.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Transactions

export type TransactionStatus = 'received' | 'searching' | 'awaiting-examiner' | 'decided';

/** One recorded step of a transaction, so a restart knows where it stopped. */
export interface TransactionStep {
  /** Free name, e.g. `quality-checked`, `extracted`, `searched`, `examiner-decided`, `published`. */
  readonly step: string;
  readonly at: number;
  readonly detail?: JsonObject;
}

export interface TransactionRecord {
  readonly id: string;
  /** Free kind, e.g. `capture`, `import`. */
  readonly kind: string;
  readonly status: TransactionStatus;
  readonly referenceNumber?: string;
  /** Summary of the request (category, member state, operator...): no images. */
  readonly request: JsonObject;
  /**
   * Opaque bytes the workflow needs to resume after a restart (e.g. the encoded probe
   * templates); not returned by `listUnfinished` unless asked (`{ probe: true }`).
   */
  readonly probe?: Uint8Array;
  /** Steps in the order they were appended. */
  readonly steps: readonly TransactionStep[];
  readonly result?: JsonObject;
  /** Set by the store: 1 on create, +1 on each successful `compareAndSet`. */
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewTransaction {
  readonly id: string;
  readonly kind: string;
  readonly status?: TransactionStatus;
  readonly referenceNumber?: string;
  readonly request: JsonObject;
  readonly probe?: Uint8Array;
  readonly steps?: readonly TransactionStep[];
  /** Defaults to now. */
  readonly createdAt?: number;
  /**
   * A message to send for this transaction (e.g. to the central Eurodac system), written in the
   * same store transaction as the transaction itself: both exist, or neither. Its id is the
   * transaction id.
   */
  readonly outbox?: NewOutboxEntry;
}

/** A change applied by `compareAndSet`; absent fields keep their value. */
export interface TransactionPatch {
  readonly status?: TransactionStatus;
  readonly referenceNumber?: string;
  readonly result?: JsonObject;
  /** New probe bytes, or `null` to drop them (e.g. once decided). */
  readonly probe?: Uint8Array | null;
  /** Steps appended after the existing ones. */
  readonly appendSteps?: readonly TransactionStep[];
}

export type CompareAndSetResult =
  | { readonly ok: true; readonly record: TransactionRecord }
  /** Someone else updated first: `current` is what is stored now. */
  | { readonly ok: false; readonly current: TransactionRecord };

export interface TransactionStore {
  /** Creates a transaction at version 1; AFIS_CONFLICT when the id exists. */
  create(transaction: NewTransaction): Promise<TransactionRecord>;
  get(id: string, options?: { probe?: boolean }): Promise<TransactionRecord | undefined>;
  /**
   * Applies `patch` only if the stored version is `expectedVersion` (atomically), returning the
   * new record; otherwise returns the current one. AFIS_TRANSACTION_NOT_FOUND when absent.
   * The records returned here carry no `probe` (use `get(id, { probe: true })`).
   */
  compareAndSet(id: string, expectedVersion: number, patch: TransactionPatch): Promise<CompareAndSetResult>;
  /** Every transaction whose status is not `decided`, oldest first (for resuming at start-up). */
  listUnfinished(options?: { probe?: boolean }): Promise<TransactionRecord[]>;
  /**
   * Transactions created at or after `since` (epoch ms), newest first, at most `limit` (default
   * 100, at most 1000); without probes. For the desk's list of the day.
   */
  listRecent(options: { since: number; limit?: number }): Promise<TransactionRecord[]>;
}

// ---------------------------------------------------------------------------------------------
// Examinations (hits waiting for a fingerprint examiner)

export type ExaminationStatus = 'pending' | 'confirmed' | 'rejected';

export interface ExaminationDecision {
  readonly decision: 'confirmed' | 'rejected';
  readonly examinerId: string;
  readonly comment?: string;
  /** Defaults to now. */
  readonly decidedAt?: number;
}

export interface ExaminationRecord {
  readonly id: string;
  readonly transactionId: string;
  readonly status: ExaminationStatus;
  /** The hit to examine: candidate subject id, reference number, scores per finger... */
  readonly candidate: JsonObject;
  readonly createdAt: number;
  readonly decision?: Required<Pick<ExaminationDecision, 'decision' | 'examinerId' | 'decidedAt'>> & { readonly comment?: string };
}

export interface NewExamination {
  readonly id: string;
  readonly transactionId: string;
  readonly candidate: JsonObject;
  /** Defaults to now; orders the pending queue. */
  readonly createdAt?: number;
}

export interface ExaminationStore {
  /** Creates a pending examination; AFIS_CONFLICT when the id exists. */
  create(examination: NewExamination): Promise<ExaminationRecord>;
  get(id: string): Promise<ExaminationRecord | undefined>;
  /** Pending examinations, oldest first (createdAt, then id); `limit` defaults to 100. */
  listPending(options?: { limit?: number }): Promise<ExaminationRecord[]>;
  /** All examinations of one transaction, oldest first. */
  listByTransaction(transactionId: string): Promise<ExaminationRecord[]>;
  /**
   * Records the decision exactly once (atomically): AFIS_EXAMINATION_NOT_FOUND when absent,
   * AFIS_EXAMINATION_ALREADY_DECIDED when a decision exists (the first one stays).
   */
  decide(id: string, decision: ExaminationDecision): Promise<ExaminationRecord>;
}

// ---------------------------------------------------------------------------------------------
// Idempotency keys

/** The first answer to replay for a retried request. */
export interface StoredResponse {
  readonly status: number;
  readonly body: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IdempotencyRecord {
  readonly key: string;
  /** Hash of the request body (and route) the key was first used with. */
  readonly requestHash: string;
  readonly createdAt: number;
  /** Absent while the first request is still being processed. */
  readonly response?: StoredResponse;
  /** While no response is stored: the process working on the request. */
  readonly owner?: ClaimOwner;
  /** While no response is stored: until when (epoch ms) the owner's claim holds. Absent (older records): lapsed. */
  readonly leaseUntil?: number;
  /**
   * The id the first attempt reserved for what it creates (a capture's transaction id); kept
   * when a claim is taken over, so the new owner finds or reuses what the first one created.
   */
  readonly resultId?: string;
}

/** A process that holds idempotency claims: a random id per process, plus where it runs. */
export interface ClaimOwner {
  readonly instance: string;
  readonly host: string;
  readonly pid: number;
}

/** What a claim asks for: who, the time now, how long the claim holds, and the id to reserve. */
export interface ClaimLease {
  readonly owner: ClaimOwner;
  readonly now: number;
  readonly leaseUntil: number;
  readonly resultId: string;
  /**
   * Take over a pending claim of this owner instance even if its lease has not run out (the
   * caller found that process gone). A pending claim whose lease ran out is taken over anyway.
   */
  readonly replaceInstance?: string;
}

export type IdempotencyClaim =
  /**
   * This caller owns the key now: process the request, then `complete`. `takenOver` is true
   * when it took over the pending claim of a process that is gone or whose lease ran out
   * (`record.resultId` is then the first attempt's reservation).
   */
  | { readonly claimed: true; readonly record: IdempotencyRecord; readonly takenOver: boolean }
  /** The key was used before: compare `record.requestHash` and replay `record.response`. */
  | { readonly claimed: false; readonly record: IdempotencyRecord };

export interface IdempotencyStore {
  /**
   * Claims `key` for `requestHash`, atomically: when nobody did; or, for the same request hash,
   * over a pending claim whose lease ended before `lease.now` or whose owner instance is
   * `lease.replaceInstance`. Otherwise answers the record that stands.
   */
  claim(key: string, requestHash: string, lease: ClaimLease): Promise<IdempotencyClaim>;
  /** Extends the lease of a pending claim `instance` owns; false when it owns it no longer. */
  renew(key: string, instance: string, leaseUntil: number): Promise<boolean>;
  /** Stores the response of the claimed key (overwrites a previous one). AFIS_NOT_FOUND when never claimed. */
  complete(key: string, response: StoredResponse): Promise<void>;
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /**
   * Drops a claim whose request failed before any effect, so a retry may proceed; with
   * `instance`, only a pending claim that instance still owns.
   */
  release(key: string, instance?: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Results stream (confirmed results for the Dublin unit)

export interface PublishedResult {
  /**
   * Opaque, ordered position of this result; pass it as `after` to read what follows.
   * Embedded: a decimal sequence number. Redis: the stream entry id (`ms-seq`).
   */
  readonly cursor: string;
  readonly dedupId: string;
  /** The message bytes (protobuf from `proto/`). */
  readonly payload: Uint8Array;
  readonly publishedAt: number;
}

export interface ResultPublisher {
  /**
   * Appends a result once: a second publish with the same `dedupId` (e.g. a resumed
   * transaction) appends nothing and returns the first cursor with `duplicate: true`.
   */
  publish(dedupId: string, payload: Uint8Array): Promise<{ cursor: string; duplicate: boolean }>;
  /**
   * Results strictly after `after` (from the start when undefined), in publication order;
   * `limit` defaults to 100. AFIS_VALIDATION for a malformed cursor.
   */
  readAfter(after: string | undefined, limit?: number): Promise<PublishedResult[]>;
}

// ---------------------------------------------------------------------------------------------
// Audit log

/** One processing operation on biometric data (domain.md, "Access and logging"). */
export interface AuditEvent {
  /** Who: user or API key name. */
  readonly actor: string;
  readonly role: string;
  /** Why, e.g. `asylum-application`, `law-enforcement: case 2026/123`. */
  readonly purpose: string;
  /** What, e.g. `transaction.create`, `police.identify`, `examination.decide`. */
  readonly action: string;
  /** Which transaction, subject or reference the operation concerned. */
  readonly target?: string;
  /** e.g. `accepted`, `hit`, `no-hit`, `denied`, `error:AFIS_...`. */
  readonly outcome: string;
  /** Defaults to now. */
  readonly at?: number;
  readonly details?: JsonObject;
}

export interface AuditEntry extends AuditEvent {
  /** 1, 2, 3, ... without gaps. */
  readonly seq: number;
  readonly at: number;
  /** `hash` of the previous entry (64 hex digits; all zeros for seq 1). */
  readonly prevHash: string;
  /** SHA-256 (hex) over `prevHash` and this entry's canonical form. */
  readonly hash: string;
}

export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly headHash: string }
  | { readonly ok: false; readonly entries: number; readonly firstBadSeq: number; readonly reason: string };

export interface AuditLog {
  /** Appends an entry (serialised: concurrent appends get consecutive seqs). */
  append(event: AuditEvent): Promise<AuditEntry>;
  /** Entries with seq ≥ `fromSeq` (default 1), ascending; `limit` defaults to 1000. */
  read(options?: { fromSeq?: number; limit?: number }): Promise<AuditEntry[]>;
  /**
   * Re-hashes the whole chain: detects a changed, deleted, inserted or reordered entry and
   * names the first bad sequence number. Cost: O(entries), streaming.
   */
  verifyChain(): Promise<AuditVerification>;
}

// ---------------------------------------------------------------------------------------------
// Outbox (messages to another system, delivered at least once, after the fact)

/** A message waiting to be delivered, then (for a request) for its answer. */
export interface OutboxEntry {
  /** The id of the transaction it belongs to. */
  readonly id: string;
  readonly contentType: string;
  readonly createdAt: number;
  /** When it must have been delivered (epoch ms), e.g. the 72-hour Eurodac deadline. */
  readonly dueBy: number;
  /** Delivery attempts (and, once delivered, answer polls) so far. */
  readonly attempts: number;
  /** When the next attempt (or poll) is due. */
  readonly nextAttemptAt: number;
  /** When the receiver acknowledged it. */
  readonly deliveredAt?: number;
  readonly lastError?: string;
  /** When the exchange ended (answer taken); the entry leaves the open list. */
  readonly closedAt?: number;
  /** Free data of the exchange (reference number, alerts raised…). */
  readonly detail: JsonObject;
  /** 1 on create, +1 on each successful update. */
  readonly version: number;
  /** The message bytes (only when asked for). */
  readonly payload?: Uint8Array;
}

export interface NewOutboxEntry {
  readonly contentType: string;
  readonly payload: Uint8Array;
  readonly dueBy: number;
  readonly detail?: JsonObject;
}

/** A change applied by {@link OutboxStore.update}; absent fields keep their value. */
export interface OutboxPatch {
  readonly attempts?: number;
  readonly nextAttemptAt?: number;
  readonly deliveredAt?: number | null;
  readonly lastError?: string | null;
  readonly closedAt?: number;
  /** Merged into the stored detail (top-level keys). */
  readonly detail?: JsonObject;
}

export interface OutboxStore {
  /** Entries not closed, oldest first, without payloads. */
  listOpen(): Promise<OutboxEntry[]>;
  get(id: string, options?: { payload?: boolean }): Promise<OutboxEntry | undefined>;
  /**
   * Applies `patch` only if the stored version is `expectedVersion` (atomically); otherwise
   * returns the current entry with `ok: false`. AFIS_NOT_FOUND when absent.
   */
  update(id: string, expectedVersion: number, patch: OutboxPatch): Promise<{ ok: boolean; entry: OutboxEntry }>;
}

// ---------------------------------------------------------------------------------------------
// The desks' last fingers (the platen's residue across captures)

/** One finger's minutiae as the latent check needs them: place and direction, in its image's frame. */
export interface ResidueFinger {
  readonly position: number;
  readonly width: number;
  readonly height: number;
  readonly ppi: number;
  /** [x, y, angle] per minutia (pixels, radians). */
  readonly minutiae: ReadonlyArray<readonly [number, number, number]>;
  /** The record the finger was captured for (its reference number), where known. */
  readonly source?: string;
}

/**
 * Per desk, the last rolled fingers of its last accepted capture, kept a short time so that its
 * next capture, by whichever process of the service takes it, is checked for their residue.
 */
export interface DeskResidueStore {
  /** The desk's fingers, or undefined when none were kept or they have expired. */
  get(deskId: string): Promise<readonly ResidueFinger[] | undefined>;
  /** Replaces the desk's fingers; they expire `ttlMs` from now (an empty list forgets them). */
  put(deskId: string, fingers: readonly ResidueFinger[], ttlMs: number): Promise<void>;
  /** Forgets at once the fingers of whichever desk keeps one of record `source` (its reference number): its erasure. */
  forget(source: string): Promise<void>;
}

/** Everything the transaction workflow gets from the store, in one object. */
export interface TransactionStores {
  /**
   * The desks' last fingers, shared by every process of the service (Redis); without it each
   * process keeps its own in memory, and a desk's next capture taken by another process is not
   * checked across captures.
   */
  readonly residue?: DeskResidueStore;
  /** The outbox; needed only when the service transmits to a central system. */
  readonly outbox?: OutboxStore;
  readonly transactions: TransactionStore;
  readonly examinations: ExaminationStore;
  readonly idempotency: IdempotencyStore;
  readonly results: ResultPublisher;
  readonly audit: AuditLog;
}
