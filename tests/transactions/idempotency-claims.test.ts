/**
 * Idempotency claims (issue 10, items 1 and 4): a claim left by a process that is gone, or whose
 * lease ran out, no longer blocks the retry, and the retry does the work once; keys are scoped
 * to the caller, so one desk neither reads nor blocks another desk's answers.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { AfisStore } from '../../src/store/index.js';
import { PROCESS_CLAIM_OWNER, hashRequest, idempotencyStoreKey, isClaimOwnerGone, type Actor } from '../../src/transactions/index.js';
import { DESK, buildService, rejectCode, tenPrint } from './fixture.js';
import { STORE_KINDS, createTestStore, type TestStore } from './test-stores.js';

const OTHER_DESK: Actor = { id: 'desk-key-2', role: 'desk' };

/** The pid of a process that has just ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('claim owners', () => {
  it('a process on this host is gone when its pid is dead or is ours under another instance', () => {
    expect(isClaimOwnerGone(PROCESS_CLAIM_OWNER)).toBe(false);
    expect(isClaimOwnerGone({ ...PROCESS_CLAIM_OWNER, instance: 'an-earlier-start' })).toBe(true);
    expect(isClaimOwnerGone({ instance: 'x', host: hostname(), pid: deadPid() })).toBe(true);
    expect(isClaimOwnerGone({ instance: 'x', host: hostname(), pid: process.ppid })).toBe(false);
    // another host's process is never judged from here: its lease runs out instead
    expect(isClaimOwnerGone({ instance: 'x', host: `not-${hostname()}`, pid: deadPid() })).toBe(false);
    expect(isClaimOwnerGone(undefined)).toBe(false);
  });
});

describe.each(STORE_KINDS)('idempotency claims on the %s store', (kind) => {
  const locations: TestStore[] = [];
  afterAll(async () => {
    for (const l of locations) await l.cleanup();
  });
  const fresh = async (): Promise<AfisStore> => {
    const location = await createTestStore(kind);
    locations.push(location);
    return location.open();
  };
  const input = (imp: number) => ({ category: 1, memberState: 'BE', fingers: tenPrint('D', imp) });
  /** Leaves the claim a crashed attempt would have left: pending, owned by `owner`. */
  const strandClaim = async (store: AfisStore, key: string, owner: { instance: string; host: string; pid: number }, now: number, resultId: string) => {
    const claim = await store.idempotency.claim(idempotencyStoreKey('capture', DESK, key), hashRequest('capture', input(3)), { owner, now, leaseUntil: now + 30_000, resultId });
    expect(claim.claimed).toBe(true);
  };
  const countTransactions = async (store: AfisStore) => (await store.transactions.listRecent({ since: 0, limit: 1000 })).length;

  it('a retry takes over the claim of a process that is gone and does the work once', async () => {
    const store = await fresh();
    const h = await buildService({ stores: store, subjects: store.subjects });
    await strandClaim(store, 'k-dead', { instance: 'crashed', host: hostname(), pid: deadPid() }, h.clock.now, 'tx-reserved-1');
    const a = await h.service.submitCapture(input(3), DESK, { idempotencyKey: 'k-dead' });
    // the first attempt's reserved id is used, so a transaction it had written would have been found
    expect(a.transactionId).toBe('tx-reserved-1');
    const b = await h.service.submitCapture(input(3), DESK, { idempotencyKey: 'k-dead' });
    expect(b).toEqual(a);
    await h.service.whenIdle();
    expect(await countTransactions(store)).toBe(1);
  });

  it('a take-over finds the transaction the crashed attempt wrote and answers it without a second one', async () => {
    const store = await fresh();
    const h = await buildService({ stores: store, subjects: store.subjects });
    const first = await h.service.submitCapture(input(3), DESK);
    await h.service.whenIdle();
    // the crashed attempt had written `first` under its reserved id, then died before completing the key
    await strandClaim(store, 'k-half', { instance: 'crashed', host: hostname(), pid: deadPid() }, h.clock.now, first.transactionId);
    const retried = await h.service.submitCapture(input(3), DESK, { idempotencyKey: 'k-half' });
    expect(retried).toEqual(first);
    expect(await countTransactions(store)).toBe(1);
  });

  it('a live claim makes the retry wait; once its lease ran out the retry proceeds', async () => {
    const store = await fresh();
    const h = await buildService({ stores: store, subjects: store.subjects });
    const elsewhere = { instance: 'other-host-instance', host: `not-${hostname()}`, pid: 4242 };
    await strandClaim(store, 'k-lease', elsewhere, h.clock.now, 'tx-reserved-2');
    expect(await rejectCode(h.service.submitCapture(input(3), DESK, { idempotencyKey: 'k-lease' }))).toBe('AFIS_CONFLICT');
    h.clock.now += 30_001;
    const a = await h.service.submitCapture(input(3), DESK, { idempotencyKey: 'k-lease' });
    expect(a.transactionId).toBe('tx-reserved-2');
    await h.service.whenIdle();
    expect(await countTransactions(store)).toBe(1);
  });

  it('keys are scoped to the caller: another desk neither gets the answer nor is blocked', async () => {
    const store = await fresh();
    const h = await buildService({ stores: store, subjects: store.subjects });
    const mine = await h.service.submitCapture(input(3), DESK, { idempotencyKey: 'shared-key' });
    const theirs = await h.service.submitCapture(input(3), OTHER_DESK, { idempotencyKey: 'shared-key' });
    expect(theirs.transactionId).not.toBe(mine.transactionId);
    // a different body under the same key is no conflict for the other desk
    const theirs2 = await h.service.submitCapture(input(4), { id: 'desk-key-3', role: 'desk' }, { idempotencyKey: 'shared-key' });
    expect([mine.transactionId, theirs.transactionId]).not.toContain(theirs2.transactionId);
    // each desk's retry still gets its own first answer
    expect(await h.service.submitCapture(input(3), DESK, { idempotencyKey: 'shared-key' })).toEqual(mine);
    expect(await h.service.submitCapture(input(3), OTHER_DESK, { idempotencyKey: 'shared-key' })).toEqual(theirs);
    await h.service.whenIdle();
  });
});
