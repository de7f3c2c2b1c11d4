import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { DomainError } from '../core/index.js';
import type { Actor } from './types.js';
import type { ClaimOwner, IdempotencyRecord, IdempotencyStore, JsonValue } from './ports.js';
import { hashRequest } from './hash-request.js';

/** This process as the owner of the idempotency claims it makes (a new instance id per start). */
export const PROCESS_CLAIM_OWNER: ClaimOwner = Object.freeze({ instance: randomUUID(), host: hostname(), pid: process.pid });

/**
 * Whether the process that made a claim is certainly gone: it ran on this host and its pid is
 * no longer alive, or the pid is now ours (a restart that got the same pid, as PID 1 in a
 * container does) under another instance id. A claim of another host is never judged here:
 * its lease runs out instead.
 */
export function isClaimOwnerGone(owner: ClaimOwner | undefined, self: ClaimOwner = PROCESS_CLAIM_OWNER): boolean {
  if (!owner || owner.host !== self.host || !Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.pid === self.pid) return owner.instance !== self.instance;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The store key of an idempotency key: per operation and per caller (API key), so desks never share answers. */
export function idempotencyStoreKey(operation: string, actor: Pick<Actor, 'id'>, key: string): string {
  return `${operation}:${actor.id}:${key}`;
}

export interface IdempotentCall<T> {
  readonly store: IdempotencyStore;
  readonly key: string | undefined;
  readonly operation: string;
  readonly actor: Actor;
  /** The request content: a retry with the same key must carry the same content. */
  readonly request: unknown;
  readonly now: () => number;
  readonly newId: () => string;
  /** How long a claim holds without renewal (ms); renewed every third of it while `run` works. */
  readonly leaseMs: number;
  readonly owner?: ClaimOwner;
  readonly isOwnerGone?: (owner: ClaimOwner | undefined) => boolean;
  /** Does the work; `reservedId` is the id to give what it creates (the same on every attempt of one key). */
  readonly run: (reservedId: string) => Promise<T>;
  /**
   * After a take-over: the answer when the earlier attempt finished its work under
   * `reservedId` (e.g. the transaction exists), else undefined and `run` does the work.
   */
  readonly recover?: (reservedId: string) => Promise<T | undefined>;
}

/**
 * Runs a call once per (caller, operation, idempotency key): a retry with the same content
 * gets the first answer; different content is AFIS_IDEMPOTENCY_CONFLICT; while another live
 * process works on it, AFIS_CONFLICT (retry later). A claim left by a process that is gone (or
 * whose lease ran out) is taken over, and the work is done once: `recover` finds what the
 * first attempt completed, otherwise `run` redoes it under the same reserved id.
 */
export async function runIdempotent<T>(call: IdempotentCall<T>): Promise<T> {
  const { store, key } = call;
  if (key === undefined) return call.run(call.newId());
  if (typeof key !== 'string' || key.length === 0 || key.length > 200) throw new DomainError('AFIS_VALIDATION', 'idempotency key must be 1–200 characters');
  const owner = call.owner ?? PROCESS_CLAIM_OWNER;
  const gone = call.isOwnerGone ?? ((o: ClaimOwner | undefined) => isClaimOwnerGone(o, owner));
  const hash = hashRequest(call.operation, call.request);
  const storeKey = idempotencyStoreKey(call.operation, call.actor, key);
  const lease = () => ({ owner, now: call.now(), leaseUntil: call.now() + call.leaseMs, resultId: call.newId() });
  let claim = await store.claim(storeKey, hash, lease());
  if (!claim.claimed && claim.record.requestHash === hash && claim.record.response === undefined && gone(claim.record.owner)) {
    claim = await store.claim(storeKey, hash, { ...lease(), replaceInstance: claim.record.owner!.instance });
  }
  if (!claim.claimed) return answerOf<T>(claim.record, hash);
  const reservedId = claim.record.resultId ?? call.newId();
  const renewal = setInterval(() => {
    store.renew(storeKey, owner.instance, call.now() + call.leaseMs).catch(() => undefined);
  }, Math.max(1, Math.floor(call.leaseMs / 3)));
  renewal.unref();
  try {
    const recovered = claim.takenOver && call.recover ? await call.recover(reservedId) : undefined;
    const result = recovered ?? await call.run(reservedId);
    await store.complete(storeKey, { status: 200, body: JSON.parse(JSON.stringify(result)) as JsonValue });
    return result;
  } catch (e) {
    // The work may have been done before the failure (e.g. a write after the transaction's): answer it.
    const done = call.recover ? await call.recover(reservedId).catch(() => undefined) : undefined;
    if (done !== undefined) {
      await store.complete(storeKey, { status: 200, body: JSON.parse(JSON.stringify(done)) as JsonValue });
      return done;
    }
    // Nothing was committed for a failed request, so a retry may run again.
    await store.release(storeKey, owner.instance).catch(() => undefined);
    throw e;
  } finally {
    clearInterval(renewal);
  }
}

function answerOf<T>(record: IdempotencyRecord, hash: string): T {
  if (record.requestHash !== hash) throw new DomainError('AFIS_IDEMPOTENCY_CONFLICT', 'the idempotency key was used before with a different request');
  if (record.response === undefined) throw new DomainError('AFIS_CONFLICT', 'a request with this idempotency key is still being processed; retry later');
  return record.response.body as T;
}
