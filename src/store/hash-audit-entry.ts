import { createHash } from 'node:crypto';
import { StoreError } from '../core/index.js';
import type { AuditEntry, AuditEvent, AuditVerification, JsonValue } from '../transactions/ports.js';

/** `prevHash` of the first entry. */
export const AUDIT_GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, `undefined`
 * members left out. Two equal values always give the same text, which is what we hash.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new StoreError('AFIS_VALIDATION', 'audit entries hold finite numbers only');
    const text = JSON.stringify(value);
    if (text === undefined) throw new StoreError('AFIS_VALIDATION', `audit entries cannot hold a ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** The fields an entry's hash covers (everything except `hash` itself). */
function hashedContent(e: Omit<AuditEntry, 'hash'>): Record<string, unknown> {
  return {
    seq: e.seq, at: e.at, actor: e.actor, role: e.role, purpose: e.purpose, action: e.action,
    target: e.target, outcome: e.outcome, details: e.details, prevHash: e.prevHash,
  };
}

/** SHA-256 (hex) of `prevHash` + "\n" + the canonical form of the entry's content. */
export function hashAuditEntry(e: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(e.prevHash).update('\n').update(canonicalJson(hashedContent(e))).digest('hex');
}

function checkText(name: string, v: unknown, required: boolean): void {
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || v.length > 4096 || (required && v.length === 0)) {
    throw new StoreError('AFIS_VALIDATION', `audit event ${name} must be a non-empty string of at most 4096 characters`);
  }
}

/**
 * Builds the entry that follows `previous` (or the first one). Validates the event
 * (AFIS_VALIDATION). Pure apart from the default time.
 */
export function buildAuditEntry(event: AuditEvent, previous: { seq: number; hash: string } | undefined): AuditEntry {
  checkText('actor', event.actor, true);
  checkText('role', event.role, true);
  checkText('purpose', event.purpose, true);
  checkText('action', event.action, true);
  checkText('outcome', event.outcome, true);
  checkText('target', event.target, false);
  const at = event.at ?? Date.now();
  if (!Number.isFinite(at)) throw new StoreError('AFIS_VALIDATION', 'audit event time must be finite');
  const base = {
    seq: (previous?.seq ?? 0) + 1,
    at,
    actor: event.actor,
    role: event.role,
    purpose: event.purpose,
    action: event.action,
    ...(event.target !== undefined ? { target: event.target } : {}),
    outcome: event.outcome,
    // round-trip through canonical JSON so what is stored is exactly what was hashed
    ...(event.details !== undefined ? { details: JSON.parse(canonicalJson(event.details)) as Record<string, JsonValue> } : {}),
    prevHash: previous?.hash ?? AUDIT_GENESIS_HASH,
  };
  return { ...base, hash: hashAuditEntry(base) };
}

/**
 * Verifies a chain read in ascending order. `head` is the separately stored last (seq, hash)
 * the log believes it has, so that deleting the newest entries is detected too. Reports the
 * first sequence number at which the chain stops being what was written:
 * - an entry whose hash does not match its content (changed),
 * - an entry whose prevHash is not the previous entry's hash (reordered, inserted, replaced),
 * - a missing sequence number (deleted) or entries beyond / short of the head.
 * Cost: one SHA-256 per entry; memory O(1) beyond the iterator's batch.
 */
export async function verifyAuditEntries(
  entries: AsyncIterable<AuditEntry | undefined> | Iterable<AuditEntry | undefined>,
  head: { seq: number; hash: string } | undefined,
): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let count = 0;
  const bad = (seq: number, reason: string): AuditVerification => ({ ok: false, entries: count, firstBadSeq: seq, reason });
  for await (const e of entries) {
    if (e === undefined) return bad(expectedSeq, `entry ${expectedSeq} is missing`);
    if (e.seq !== expectedSeq) {
      return e.seq > expectedSeq ? bad(expectedSeq, `entry ${expectedSeq} is missing`) : bad(expectedSeq, `entry ${e.seq} is out of order`);
    }
    if (e.prevHash !== prevHash) return bad(e.seq, `entry ${e.seq} does not follow entry ${e.seq - 1} (previous hash differs)`);
    let recomputed: string;
    try {
      recomputed = hashAuditEntry(e);
    } catch {
      return bad(e.seq, `entry ${e.seq} cannot be hashed`);
    }
    if (recomputed !== e.hash) return bad(e.seq, `entry ${e.seq} was altered (hash differs from its content)`);
    prevHash = e.hash;
    expectedSeq++;
    count++;
  }
  const headSeq = head?.seq ?? 0;
  if (headSeq > count) return bad(count + 1, `entries ${count + 1}–${headSeq} are missing (the log head says ${headSeq})`);
  if (headSeq < count) return bad(headSeq + 1, `entry ${headSeq + 1} is beyond the log head (${headSeq})`);
  if (head && head.hash !== prevHash) return bad(headSeq, `entry ${headSeq} differs from the hash recorded at the log head`);
  return { ok: true, entries: count, headHash: prevHash };
}
