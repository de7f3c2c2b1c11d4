// The outbox records both stores keep: built, validated and patched the same way.
import { StoreError } from '../core/index.js';
import type { NewOutboxEntry, OutboxEntry, OutboxPatch } from '../transactions/ports.js';
import { checkJsonObject, checkProbe, checkTime } from './build-workflow-records.js';

/** An outbox entry as stored apart from its payload. */
export type OutboxDoc = Omit<OutboxEntry, 'payload'>;

/** Version 1 of the outbox entry of transaction `id` (validated): due at once. */
export function buildOutboxEntry(id: string, e: NewOutboxEntry, createdAt: number): { doc: OutboxDoc; payload: Uint8Array } {
  if (typeof e.contentType !== 'string' || e.contentType.length === 0) throw new StoreError('AFIS_VALIDATION', 'outbox contentType must be a non-empty string');
  const payload = checkProbe(e.payload);
  if (!payload) throw new StoreError('AFIS_VALIDATION', 'an outbox entry needs payload bytes');
  const doc: OutboxDoc = {
    id, contentType: e.contentType, createdAt, dueBy: checkTime('dueBy', e.dueBy), attempts: 0, nextAttemptAt: createdAt,
    detail: checkJsonObject('detail', e.detail ?? {}), version: 1,
  };
  return { doc, payload };
}

/** The next version of an entry after `patch` (pure). */
export function applyOutboxPatch(current: OutboxDoc, p: OutboxPatch): OutboxDoc {
  const next: Record<string, unknown> = { ...current, version: current.version + 1 };
  if (p.attempts !== undefined) next.attempts = p.attempts;
  if (p.nextAttemptAt !== undefined) next.nextAttemptAt = checkTime('nextAttemptAt', p.nextAttemptAt);
  if (p.deliveredAt === null) delete next.deliveredAt;
  else if (p.deliveredAt !== undefined) next.deliveredAt = checkTime('deliveredAt', p.deliveredAt);
  if (p.lastError === null) delete next.lastError;
  else if (p.lastError !== undefined) next.lastError = String(p.lastError).slice(0, 500);
  if (p.closedAt !== undefined) next.closedAt = checkTime('closedAt', p.closedAt);
  if (p.detail !== undefined) next.detail = { ...current.detail, ...checkJsonObject('detail', p.detail) };
  return next as unknown as OutboxDoc;
}

export function outboxNotFound(id: string): never {
  throw new StoreError('AFIS_NOT_FOUND', `no outbox entry ${id}`);
}
