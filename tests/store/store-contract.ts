import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { subjectShard, type SubjectRecord } from '../../src/index/ports.js';
import type { AfisStore } from '../../src/store/index.js';
import type { AuditEntry } from '../../src/transactions/ports.js';
import { bytesFor, makeSubject } from './make-subject.js';

/** Raw access to a closed store's audit log, to play the attacker. */
export interface AuditTamper {
  get(seq: number): Promise<AuditEntry | undefined>;
  set(seq: number, entry: unknown): Promise<void>;
  remove(seq: number): Promise<void>;
  setHead(head: { seq: number; hash: string }): Promise<void>;
}

/** What the shared suite needs to run against one implementation. */
export interface StoreHarness {
  /** Empties the store's location (before each test). */
  reset(): Promise<void>;
  /** Opens the store at its location. */
  open(): Promise<AfisStore>;
  /** Raw audit access; the suite closes the store before and reopens after. */
  tamper(fn: (t: AuditTamper) => Promise<void>): Promise<void>;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? `non-AfisError: ${String(err)}`;
  }
}

async function collect(it: AsyncIterable<SubjectRecord[]>): Promise<SubjectRecord[][]> {
  const out: SubjectRecord[][] = [];
  for await (const b of it) out.push(b);
  return out;
}

/** The one behavioural suite both store implementations must pass. */
export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name} store contract`, () => {
    let store: AfisStore;
    beforeEach(async () => {
      await harness.reset();
      store = await harness.open();
      await store.ready();
    });
    afterEach(async () => {
      await store.close();
    });
    const reopen = async (): Promise<void> => {
      await store.close();
      store = await harness.open();
      await store.ready();
    };

    describe('subjects', () => {
      it('stores and reads back every field; images only on request', async () => {
        const s: SubjectRecord = {
          ...makeSubject(1, 0, { images: true }),
          sex: 'F', place: 'Brussels, Pacheco', applicationAt: 1_699_999_999_000, markedAt: 1_800_000_000_000,
          blockedAt: 1_800_000_000_001, erasedAt: 1_800_000_000_002,
          missingFingers: [{ position: 11, reason: 'amputated' }],
          extra: { names: ['Jean', 'Dupont'], nationality: 'XX' },
        };
        await store.subjects.put(s);
        const plain = await store.subjects.get(s.id);
        expect(plain).toEqual({ ...s, fingers: s.fingers.map(({ image: _i, imageFormat: _f, ...f }) => ({ ...f, template: expect.anything() })) });
        plain!.fingers.forEach((f, k) => expect(Buffer.from(f.template).equals(Buffer.from(s.fingers[k].template))).toBe(true));
        const full = await store.subjects.get(s.id, { images: true });
        full!.fingers.forEach((f, k) => {
          expect(f.imageFormat).toBe('wsq');
          expect(Buffer.from(f.image!).equals(Buffer.from(s.fingers[k].image!))).toBe(true);
        });
        expect((await store.subjects.getByReference(s.referenceNumber))?.id).toBe(s.id);
        expect(await store.subjects.get('nobody')).toBeUndefined();
        expect(await store.subjects.getByReference('BE1nobody')).toBeUndefined();
        expect(await store.subjects.count()).toBe(1);
      });

      it('replaces a subject whole: new reference, new fingers, old images gone', async () => {
        await store.subjects.put(makeSubject(2, 0, { images: true }));
        const next = makeSubject(2, 1, { ref: 'BE1REPLACED' });
        await store.subjects.put(next);
        const got = await store.subjects.get(next.id, { images: true });
        expect(got?.operatorId).toBe('op-1');
        expect(got?.fingers.every((f) => f.image === undefined)).toBe(true);
        expect(await store.subjects.getByReference(makeSubject(2).referenceNumber)).toBeUndefined();
        expect((await store.subjects.getByReference('BE1REPLACED'))?.id).toBe(next.id);
        expect(await store.subjects.count()).toBe(1);
      });

      it('refuses a reference number held by another subject and changes nothing', async () => {
        await store.subjects.put(makeSubject(3));
        const thief = makeSubject(4, 0, { ref: makeSubject(3).referenceNumber });
        expect(await codeOf(store.subjects.put(thief))).toBe('AFIS_CONFLICT');
        expect(await store.subjects.get(thief.id)).toBeUndefined();
        expect((await store.subjects.getByReference(makeSubject(3).referenceNumber))?.id).toBe(makeSubject(3).id);
      });

      it('putMany is all or nothing', async () => {
        await store.subjects.put(makeSubject(10));
        const batch = [makeSubject(11), makeSubject(12), makeSubject(13, 0, { ref: makeSubject(10).referenceNumber })];
        expect(await codeOf(store.subjects.putMany(batch))).toBe('AFIS_CONFLICT');
        expect(await store.subjects.count()).toBe(1);
        expect(await codeOf(store.subjects.putMany([makeSubject(14, 0, { ref: 'X1' }), makeSubject(15, 0, { ref: 'X1' })]))).toBe('AFIS_CONFLICT');
        await store.subjects.putMany([makeSubject(11), makeSubject(12)]);
        expect(await store.subjects.count()).toBe(3);
      });

      it('validates records before writing', async () => {
        const bad = { ...makeSubject(5), memberState: 'Belgium' };
        expect(await codeOf(store.subjects.put(bad))).toBe('AFIS_VALIDATION');
        const dup = { ...makeSubject(5), fingers: [makeSubject(5).fingers[0], makeSubject(5).fingers[0]] };
        expect(await codeOf(store.subjects.put(dup))).toBe('AFIS_VALIDATION');
        const q = { ...makeSubject(5), fingers: [{ ...makeSubject(5).fingers[0], quality: 101 }] };
        expect(await codeOf(store.subjects.put(q))).toBe('AFIS_VALIDATION');
        expect(await store.subjects.count()).toBe(0);
      });

      it('removes a subject with its reference and images', async () => {
        await store.subjects.put(makeSubject(6, 0, { images: true }));
        expect(await store.subjects.remove(makeSubject(6).id)).toBe(true);
        expect(await store.subjects.remove(makeSubject(6).id)).toBe(false);
        expect(await store.subjects.get(makeSubject(6).id, { images: true })).toBeUndefined();
        expect(await store.subjects.getByReference(makeSubject(6).referenceNumber)).toBeUndefined();
        // the reference is free again
        await store.subjects.put(makeSubject(7, 0, { ref: makeSubject(6).referenceNumber }));
        expect(await store.subjects.count()).toBe(1);
      });

      it('scans everything in id order and in batches, and by shard', async () => {
        const all = Array.from({ length: 2500 }, (_, i) => makeSubject(i, 0, { images: i % 100 === 0 }));
        for (let i = 0; i < all.length; i += 500) await store.subjects.putMany(all.slice(i, i + 500));
        expect(await store.subjects.count()).toBe(2500);
        const batches = await collect(store.subjects.scan({ batchSize: 1000 }));
        expect(batches.map((b) => b.length)).toEqual([1000, 1000, 500]);
        const ids = batches.flat().map((s) => s.id);
        expect(ids).toEqual(all.map((s) => s.id));
        expect(batches.flat().every((s) => s.fingers.every((f) => f.image === undefined))).toBe(true);
        const scanned = batches.flat()[1234];
        expect(Buffer.from(scanned.fingers[3].template).equals(Buffer.from(all[1234].fingers[3].template))).toBe(true);

        const shards = await Promise.all([0, 1, 2].map(async (index) => (await collect(store.subjects.scan({ batchSize: 300, shard: { index, count: 3 } }))).flat().map((s) => s.id)));
        for (const [index, shardIds] of shards.entries()) {
          expect(shardIds.length).toBeGreaterThan(600);
          expect(shardIds.every((id) => subjectShard(id, 3) === index)).toBe(true);
        }
        expect(shards.flat().sort()).toEqual(ids);
        expect(await codeOf(collect(store.subjects.scan({ shard: { index: 3, count: 3 } })))).toBe('AFIS_VALIDATION');
      });

      it('keeps acknowledged subjects across a reopen', async () => {
        await store.subjects.putMany([makeSubject(20), makeSubject(21, 0, { images: true })]);
        await reopen();
        expect((await store.subjects.get(makeSubject(21).id, { images: true }))?.fingers[9].image).toBeDefined();
        expect(await store.subjects.count()).toBe(2);
      });
    });

    describe('transactions', () => {
      const request = { category: 1, memberState: 'BE', operatorId: 'desk-7' };

      it('creates once, reads back, probe only on request', async () => {
        const probe = bytesFor('probe', 1234);
        const t = await store.transactions.create({ id: 'tx-1', kind: 'capture', request, probe, createdAt: 1000 });
        expect(t).toMatchObject({ id: 'tx-1', status: 'received', version: 1, steps: [], createdAt: 1000 });
        expect(await codeOf(store.transactions.create({ id: 'tx-1', kind: 'capture', request }))).toBe('AFIS_CONFLICT');
        expect((await store.transactions.get('tx-1'))?.probe).toBeUndefined();
        expect(Buffer.from((await store.transactions.get('tx-1', { probe: true }))!.probe!).equals(Buffer.from(probe))).toBe(true);
        expect(await store.transactions.get('tx-none')).toBeUndefined();
      });

      it('compare-and-set: one winner, steps appended, stale callers see the current record', async () => {
        await store.transactions.create({ id: 'tx-2', kind: 'capture', request });
        const outcomes = await Promise.all(Array.from({ length: 10 }, (_, k) => store.transactions.compareAndSet('tx-2', 1, {
          status: 'searching', appendSteps: [{ step: `searched-by-${k}`, at: 5 }],
        })));
        const winners = outcomes.filter((o) => o.ok);
        expect(winners).toHaveLength(1);
        for (const o of outcomes) if (!o.ok) expect(o.current.version).toBeGreaterThanOrEqual(1);
        const now = await store.transactions.get('tx-2');
        expect(now?.version).toBe(2);
        expect(now?.steps).toHaveLength(1);
        const r = await store.transactions.compareAndSet('tx-2', 2, { status: 'decided', result: { outcome: 'no-hit', hits: [] }, appendSteps: [{ step: 'decided', at: 9 }] });
        expect(r.ok && r.record).toMatchObject({ version: 3, status: 'decided', result: { outcome: 'no-hit', hits: [] } });
        const stale = await store.transactions.compareAndSet('tx-2', 2, { status: 'searching' });
        expect(stale.ok).toBe(false);
        expect(!stale.ok && stale.current.version).toBe(3);
        expect(await codeOf(store.transactions.compareAndSet('tx-none', 1, {}))).toBe('AFIS_TRANSACTION_NOT_FOUND');
        expect(await codeOf(store.transactions.compareAndSet('tx-2', 3, { status: 'lost' as never }))).toBe('AFIS_VALIDATION');
      });

      it('lists unfinished transactions oldest first, across a reopen', async () => {
        await store.transactions.create({ id: 'tx-b', kind: 'capture', request, createdAt: 2000, probe: bytesFor('b', 10) });
        await store.transactions.create({ id: 'tx-a', kind: 'capture', request, createdAt: 1000 });
        await store.transactions.create({ id: 'tx-c', kind: 'capture', request, createdAt: 3000 });
        await store.transactions.compareAndSet('tx-c', 1, { status: 'decided', result: { outcome: 'hit' } });
        await store.transactions.compareAndSet('tx-b', 1, { status: 'awaiting-examiner', probe: null });
        await reopen();
        const list = await store.transactions.listUnfinished({ probe: true });
        expect(list.map((t) => [t.id, t.status])).toEqual([['tx-a', 'received'], ['tx-b', 'awaiting-examiner']]);
        expect(list[1].probe).toBeUndefined();
      });

      it('lists recent transactions newest first, from a time, with a limit, decided ones included', async () => {
        for (const [id, at] of [['tx-r1', 1000], ['tx-r2', 2000], ['tx-r3', 3000], ['tx-r4', 4000]] as const) {
          await store.transactions.create({ id, kind: 'capture', request, createdAt: at, probe: bytesFor(id, 5) });
        }
        await store.transactions.compareAndSet('tx-r3', 1, { status: 'decided', result: { outcome: 'no-hit' } });
        await reopen();
        const list = await store.transactions.listRecent({ since: 2000 });
        expect(list.map((t) => [t.id, t.status])).toEqual([['tx-r4', 'received'], ['tx-r3', 'decided'], ['tx-r2', 'received']]);
        expect(list.every((t) => t.probe === undefined)).toBe(true);
        expect((await store.transactions.listRecent({ since: 0, limit: 2 })).map((t) => t.id)).toEqual(['tx-r4', 'tx-r3']);
        expect(await store.transactions.listRecent({ since: 5000 })).toEqual([]);
      });
    });

    describe('outbox', () => {
      it('writes an entry with its transaction, in one write, and reads it back after a reopen', async () => {
        const payload = bytesFor('outbox-7', 5000);
        await store.transactions.create({
          id: 'tx-out-1', kind: 'capture', request: { category: 1 }, createdAt: 1000,
          outbox: { contentType: 'application/vnd.ansi-nist', payload, dueBy: 1000 + 72 * 3_600_000, detail: { referenceNumber: 'BE1000000001' } },
        });
        await store.transactions.create({ id: 'tx-out-2', kind: 'capture', request: {}, createdAt: 2000 });
        await reopen();
        const open = await store.outbox.listOpen();
        expect(open.map((e) => e.id)).toEqual(['tx-out-1']);
        expect(open[0]).toMatchObject({ attempts: 0, nextAttemptAt: 1000, version: 1, detail: { referenceNumber: 'BE1000000001' } });
        expect(open[0]!.payload).toBeUndefined();
        const full = await store.outbox.get('tx-out-1', { payload: true });
        expect(Buffer.from(full!.payload!).equals(Buffer.from(payload))).toBe(true);
        expect(await store.outbox.get('tx-out-2')).toBeUndefined();
      });

      it('a transaction that exists already writes no entry', async () => {
        await store.transactions.create({ id: 'tx-out-3', kind: 'capture', request: {} });
        expect(await codeOf(store.transactions.create({
          id: 'tx-out-3', kind: 'capture', request: {}, outbox: { contentType: 'x/y', payload: bytesFor('outbox-1', 10), dueBy: 5 },
        }))).toBe('AFIS_CONFLICT');
        expect(await store.outbox.get('tx-out-3')).toBeUndefined();
        expect(await store.outbox.listOpen()).toEqual([]);
      });

      it('updates by version; a closed entry leaves the open list', async () => {
        await store.transactions.create({ id: 'tx-out-4', kind: 'capture', request: {}, outbox: { contentType: 'x/y', payload: bytesFor('outbox-2', 10), dueBy: 5 } });
        const first = await store.outbox.update('tx-out-4', 1, { attempts: 1, nextAttemptAt: 9000, lastError: 'refused', detail: { a: 1 } });
        expect(first.ok).toBe(true);
        const stale = await store.outbox.update('tx-out-4', 1, { attempts: 7 });
        expect(stale).toMatchObject({ ok: false, entry: { attempts: 1, version: 2 } });
        const delivered = await store.outbox.update('tx-out-4', 2, { deliveredAt: 9500, lastError: null, detail: { b: 2 } });
        expect(delivered.entry).toMatchObject({ deliveredAt: 9500, detail: { a: 1, b: 2 }, version: 3 });
        expect(delivered.entry.lastError).toBeUndefined();
        await store.outbox.update('tx-out-4', 3, { closedAt: 9900 });
        await reopen();
        expect(await store.outbox.listOpen()).toEqual([]);
        expect(await store.outbox.get('tx-out-4')).toMatchObject({ closedAt: 9900, version: 4 });
        expect(await codeOf(store.outbox.update('nope', 1, {}))).toBe('AFIS_NOT_FOUND');
      });
    });

    describe('examinations', () => {
      it('queues oldest first and takes exactly one decision', async () => {
        await store.examinations.create({ id: 'ex-3', transactionId: 'tx-1', candidate: { referenceNumber: 'FR1abc', score: 91.5 }, createdAt: 300 });
        await store.examinations.create({ id: 'ex-2', transactionId: 'tx-1', candidate: { referenceNumber: 'IT2def' }, createdAt: 100 });
        await store.examinations.create({ id: 'ex-1', transactionId: 'tx-2', candidate: {}, createdAt: 100 });
        expect(await codeOf(store.examinations.create({ id: 'ex-1', transactionId: 'tx-2', candidate: {} }))).toBe('AFIS_CONFLICT');
        expect((await store.examinations.listPending()).map((e) => e.id)).toEqual(['ex-1', 'ex-2', 'ex-3']);
        expect((await store.examinations.listPending({ limit: 2 })).map((e) => e.id)).toEqual(['ex-1', 'ex-2']);
        expect((await store.examinations.listByTransaction('tx-1')).map((e) => e.id)).toEqual(['ex-2', 'ex-3']);

        const tries = await Promise.allSettled(['alice', 'bob', 'carol'].map((examinerId, k) => store.examinations.decide('ex-2', {
          decision: k === 0 ? 'confirmed' : 'rejected', examinerId, decidedAt: 500 + k,
        })));
        const won = tries.filter((t) => t.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const t of tries) if (t.status === 'rejected') expect((t.reason as { code: string }).code).toBe('AFIS_EXAMINATION_ALREADY_DECIDED');
        const decided = await store.examinations.get('ex-2');
        expect(decided?.status).toBe((won[0] as PromiseFulfilledResult<{ status: string }>).value.status);
        expect(decided?.decision?.examinerId).toBeDefined();
        expect((await store.examinations.listPending()).map((e) => e.id)).toEqual(['ex-1', 'ex-3']);
        expect(await codeOf(store.examinations.decide('ex-2', { decision: 'confirmed', examinerId: 'dave' }))).toBe('AFIS_EXAMINATION_ALREADY_DECIDED');
        expect(await codeOf(store.examinations.decide('ex-none', { decision: 'confirmed', examinerId: 'dave' }))).toBe('AFIS_EXAMINATION_NOT_FOUND');
        expect(await codeOf(store.examinations.decide('ex-1', { decision: 'maybe' as never, examinerId: 'dave' }))).toBe('AFIS_VALIDATION');
        const c = await store.examinations.decide('ex-3', { decision: 'rejected', examinerId: 'erin', comment: 'different core' });
        expect(c.decision).toMatchObject({ decision: 'rejected', examinerId: 'erin', comment: 'different core' });
      });
    });

    describe('idempotency keys', () => {
      const ownerA = { instance: 'inst-a', host: 'host-1', pid: 101 };
      const ownerB = { instance: 'inst-b', host: 'host-1', pid: 102 };
      const lease = (owner: typeof ownerA, now: number, resultId = `res-${owner.instance}`) => ({ owner, now, leaseUntil: now + 1000, resultId });

      it('the first writer wins, the answer is replayed', async () => {
        const claims = await Promise.all(Array.from({ length: 8 }, (_, k) => store.idempotency.claim('key-1', `hash-${k}`, lease(ownerA, 1000, `r${k}`))));
        expect(claims.filter((c) => c.claimed)).toHaveLength(1);
        const winner = claims.find((c) => c.claimed)!;
        const winnerHash = winner.record.requestHash;
        expect(winner).toMatchObject({ takenOver: false, record: { owner: ownerA, leaseUntil: 2000 } });
        expect(claims.every((c) => c.record.requestHash === winnerHash)).toBe(true);
        await store.idempotency.complete('key-1', { status: 202, body: { transactionId: 'tx-9', quality: [1, 2] }, headers: { location: '/v1/transactions/tx-9' } });
        // a completed key is never taken over, however late
        const again = await store.idempotency.claim('key-1', winnerHash, lease(ownerB, 99_000));
        expect(again.claimed).toBe(false);
        expect(again.record.response).toEqual({ status: 202, body: { transactionId: 'tx-9', quality: [1, 2] }, headers: { location: '/v1/transactions/tx-9' } });
        expect(again.record.owner).toBeUndefined();
        expect(await codeOf(store.idempotency.complete('key-never', { status: 200, body: null }))).toBe('AFIS_NOT_FOUND');
        await store.idempotency.release('key-1');
        expect(await store.idempotency.get('key-1')).toBeUndefined();
        expect((await store.idempotency.claim('key-1', 'other', lease(ownerA, 1000))).claimed).toBe(true);
      });

      it('a pending claim is taken over once its lease ran out or its owner is gone, keeping the reserved id', async () => {
        const first = await store.idempotency.claim('key-2', 'h', lease(ownerA, 1000, 'tx-first'));
        expect(first).toMatchObject({ claimed: true, record: { resultId: 'tx-first' } });
        // lease still running: the second caller waits
        expect((await store.idempotency.claim('key-2', 'h', lease(ownerB, 1500, 'tx-second'))).claimed).toBe(false);
        // the owner renews; a renewal by anyone else is refused
        expect(await store.idempotency.renew('key-2', 'inst-a', 2500)).toBe(true);
        expect(await store.idempotency.renew('key-2', 'inst-b', 9000)).toBe(false);
        expect((await store.idempotency.claim('key-2', 'h', lease(ownerB, 2200, 'tx-second'))).claimed).toBe(false);
        // another request's content never takes a claim over
        expect((await store.idempotency.claim('key-2', 'other-hash', lease(ownerB, 5000, 'tx-second'))).claimed).toBe(false);
        const taken = await store.idempotency.claim('key-2', 'h', lease(ownerB, 2600, 'tx-second'));
        expect(taken).toMatchObject({ claimed: true, takenOver: true, record: { owner: ownerB, resultId: 'tx-first', leaseUntil: 3600 } });
        // the old owner can neither renew nor release what it lost
        expect(await store.idempotency.renew('key-2', 'inst-a', 9000)).toBe(false);
        await store.idempotency.release('key-2', 'inst-a');
        expect((await store.idempotency.get('key-2'))?.owner).toEqual(ownerB);
        // replacing a named (gone) owner works before its lease ends
        const third = { instance: 'inst-c', host: 'host-2', pid: 7 };
        expect((await store.idempotency.claim('key-2', 'h', { ...lease(third, 2700), replaceInstance: 'inst-a' })).claimed).toBe(false);
        const replaced = await store.idempotency.claim('key-2', 'h', { ...lease(third, 2700), replaceInstance: 'inst-b' });
        expect(replaced).toMatchObject({ claimed: true, takenOver: true, record: { owner: third, resultId: 'tx-first' } });
        await store.idempotency.release('key-2', 'inst-c');
        expect(await store.idempotency.get('key-2')).toBeUndefined();
      });

      it('concurrent take-overs of one lapsed claim: exactly one wins', async () => {
        await store.idempotency.claim('key-3', 'h', lease(ownerA, 1000));
        const owners = Array.from({ length: 6 }, (_, k) => ({ instance: `inst-${k}`, host: 'h', pid: k + 1 }));
        const claims = await Promise.all(owners.map((o) => store.idempotency.claim('key-3', 'h', lease(o, 5000))));
        expect(claims.filter((c) => c.claimed)).toHaveLength(1);
        expect(claims.filter((c) => c.claimed && c.takenOver)).toHaveLength(1);
      });

      it('refuses a claim without a lease', async () => {
        expect(await codeOf(store.idempotency.claim('key-4', 'h', undefined as never))).toBe('AFIS_VALIDATION');
      });
    });

    describe('results stream', () => {
      it('publishes once each, in order, and reads after a cursor', async () => {
        const a = await store.results.publish('tx-1', bytesFor('r1', 40));
        const b = await store.results.publish('tx-2', bytesFor('r2', 0));
        const again = await store.results.publish('tx-1', bytesFor('r1-other', 40));
        expect(again).toEqual({ cursor: a.cursor, duplicate: true });
        expect(a.duplicate || b.duplicate).toBe(false);
        const all = await store.results.readAfter(undefined);
        expect(all.map((r) => [r.cursor, r.dedupId])).toEqual([[a.cursor, 'tx-1'], [b.cursor, 'tx-2']]);
        expect(Buffer.from(all[0].payload).equals(Buffer.from(bytesFor('r1', 40)))).toBe(true);
        expect(all[1].payload.length).toBe(0);
        expect((await store.results.readAfter(a.cursor)).map((r) => r.dedupId)).toEqual(['tx-2']);
        expect(await store.results.readAfter(b.cursor)).toEqual([]);
        expect(await codeOf(store.results.readAfter('not a cursor'))).toBe('AFIS_VALIDATION');
      });

      it('concurrent and repeated publishes append each dedup id exactly once', async () => {
        const ids = Array.from({ length: 30 }, (_, k) => `tx-${k % 20}`);
        const replies = await Promise.all(ids.map((id) => store.results.publish(id, bytesFor(id, 16))));
        expect(replies.filter((r) => !r.duplicate)).toHaveLength(20);
        await reopen();
        const page1 = await store.results.readAfter(undefined, 15);
        const page2 = await store.results.readAfter(page1[14].cursor, 15);
        const dedups = [...page1, ...page2].map((r) => r.dedupId);
        expect(dedups).toHaveLength(20);
        expect(new Set(dedups).size).toBe(20);
        expect((await store.results.publish('tx-3', bytesFor('x', 1))).duplicate).toBe(true);
      });
    });

    describe('audit log', () => {
      const event = (k: number) => ({ actor: `user-${k % 3}`, role: 'desk', purpose: 'asylum-application', action: 'transaction.create', target: `tx-${k}`, outcome: 'accepted', at: 1_700_000_000_000 + k, details: { fingers: 10, z: [k], a: { b: 'c' } } });

      it('chains appends and verifies', async () => {
        expect(await store.audit.verifyChain()).toEqual({ ok: true, entries: 0, headHash: '0'.repeat(64) });
        const entries = await Promise.all(Array.from({ length: 40 }, (_, k) => store.audit.append(event(k))));
        expect(entries.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, k) => k + 1));
        const read = await store.audit.read({ fromSeq: 5, limit: 3 });
        expect(read.map((e) => e.seq)).toEqual([5, 6, 7]);
        expect(read[1].prevHash).toBe(read[0].hash);
        const v = await store.audit.verifyChain();
        expect(v).toMatchObject({ ok: true, entries: 40 });
        expect(await codeOf(store.audit.append({ ...event(1), actor: '' }))).toBe('AFIS_VALIDATION');
      });

      it('two handles on one store (two processes sharing it) keep one unbroken chain', async () => {
        const other = await harness.open();
        try {
          await Promise.all(Array.from({ length: 40 }, (_, k) => (k % 2 === 0 ? store : other).audit.append(event(k))));
          const v = await other.audit.verifyChain();
          expect(v).toMatchObject({ ok: true, entries: 40 });
          const published = await Promise.all(Array.from({ length: 10 }, (_, k) => (k % 2 === 0 ? store : other).results.publish(`tx-${k % 5}`, bytesFor(`r${k}`, 8))));
          expect(published.filter((r) => !r.duplicate)).toHaveLength(5);
          expect((await store.results.readAfter(undefined)).map((r) => r.dedupId).sort()).toEqual(['tx-0', 'tx-1', 'tx-2', 'tx-3', 'tx-4']);
        } finally {
          await other.close();
        }
      });

      const tamperCases: [string, (t: AuditTamper) => Promise<void>, number][] = [
        ['a changed outcome', async (t) => t.set(4, { ...(await t.get(4)), outcome: 'no-hit' }), 4],
        ['a deleted entry', async (t) => t.remove(3), 3],
        ['two swapped entries', async (t) => {
          const a = await t.get(2);
          const b = await t.get(3);
          await t.set(2, { ...b, seq: 2 });
          await t.set(3, { ...a, seq: 3 });
        }, 2],
        ['a deleted newest entry', async (t) => t.remove(6), 6],
        ['a rewritten tail with a forged head', async (t) => {
          await t.remove(6);
          const five = await t.get(5);
          await t.setHead({ seq: 5, hash: five!.hash });
          // and an attacker who knows the format re-hashes entry 4 after changing it:
          // entry 5's prevHash then no longer matches
          const four = await t.get(4);
          const { hashAuditEntry } = await import('../../src/store/index.js');
          const changed = { ...four!, outcome: 'no-hit' };
          await t.set(4, { ...changed, hash: hashAuditEntry(changed) });
        }, 5],
        ['an unreadable entry', async (t) => t.set(2, 'garbage'), 2],
      ];
      for (const [what, attack, firstBad] of tamperCases) {
        it(`detects ${what} and names seq ${firstBad}`, async () => {
          for (let k = 0; k < 6; k++) await store.audit.append(event(k));
          await store.close();
          await harness.tamper(attack);
          store = await harness.open();
          const v = await store.audit.verifyChain();
          expect(v.ok).toBe(false);
          expect(!v.ok && v.firstBadSeq).toBe(firstBad);
        });
      }
    });
  });
}
