/**
 * The issue-6 scenario end to end through HTTP (fastify inject) over the real runtime: capture
 * decoding, extraction, the 1:N gallery, the matcher, the Eurodac rules and routing policy, and
 * a real store — Redis and the embedded LMDB default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { Runtime } from '../../src/runtime.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { decodeMessage, loadMessages } from '../../src/messages/index.js';
import { RedisResultConsumer } from '../../src/store/index.js';
import { personFingerPng, personTenPrint, type Person } from '../helpers/persons.js';

const KEYS = { desk: 'desk-key-e2e', examiner: 'exam-key-e2e', dublin: 'dublin-key-e2e', police: 'police-key-e2e', admin: 'admin-key-e2e' };
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** A ten-print of a synthetic person (tests/helpers/persons.ts), impression `imp`, as JSON fingers. */
function tenPrint(person: Person, imp: number) {
  return personTenPrint(person, imp).map((f) => ({ ...f, image: Buffer.from(f.image).toString('base64') }));
}

const auth = (role: keyof typeof KEYS) => ({ authorization: `Bearer ${KEYS[role]}` });

for (const kind of ['redis', 'embedded'] as const) {
  describe(`Eurodac transactions end to end over HTTP (${kind} store)`, () => {
    let test: TestApp;
    let runtime: Runtime;
    let app: FastifyInstance;
    const prefix = `afis-e2e-${process.pid}-${Date.now()}:`;
    let redis: Redis | undefined;

    beforeAll(async () => {
      const env: Record<string, string> = {
        AFIS_API_KEYS: `${Object.entries(KEYS).map(([r, k]) => `${r}:${k}`).join(',')},desk:desk2-key-e2e`,
        AFIS_MEMBER_STATE: 'BE',
      };
      if (kind === 'redis') {
        env.AFIS_REDIS_URL = REDIS_URL;
        env.AFIS_REDIS_PREFIX = prefix;
        redis = new Redis(REDIS_URL);
      }
      test = await startTestApp(env);
      ({ runtime, app } = test);
    });

    afterAll(async () => {
      await test?.close();
      if (redis) {
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
    });

    const capture = async (db: Person, imp: number, extra: Record<string, unknown> = {}) => {
      const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers: auth('desk'), payload: { category: 1, memberState: 'BE', fingers: tenPrint(db, imp), ...extra } });
      expect(r.statusCode, r.body).toBe(202);
      await runtime.service.whenIdle();
      return r.json() as { transactionId: string; referenceNumber: string };
    };
    const transaction = async (id: string) => (await app.inject({ method: 'GET', url: `/v1/transactions/${id}`, headers: auth('desk') })).json();
    const results = async () => (await app.inject({ method: 'GET', url: '/v1/results', headers: auth('dublin') })).json().results as Array<{ result: { referenceNumber: string; hits: Array<{ referenceNumber: string }>; route: string } }>;
    /** The examiner confirms the true mate and rejects any other candidate, as a person would. */
    const examine = async (transactionId: string, mate: string | undefined) => {
      const pending = await pendingFor(transactionId);
      for (const e of pending) {
        const decision = e.candidate.referenceNumber === mate ? 'confirmed' : 'rejected';
        const r = await app.inject({ method: 'POST', url: `/v1/examinations/${e.examinationId}/decision`, headers: auth('examiner'), payload: { decision, examinerId: 'examiner-7' } });
        expect(r.statusCode, r.body).toBe(200);
      }
      await runtime.service.whenIdle();
      return pending;
    };
    const pendingFor = async (transactionId: string) => {
      const list = (await app.inject({ method: 'GET', url: '/v1/examinations?status=pending', headers: auth('examiner') })).json().examinations as Array<{ examinationId: string; transactionId: string; candidate: { referenceNumber: string } }>;
      return list.filter((e) => e.transactionId === transactionId);
    };

    it('is ready', async () => {
      const r = await app.inject({ method: 'GET', url: '/ready' });
      expect(r.json()).toEqual({ ready: true, checks: { store: true, gallery: true } });
    });

    it('imports records of France (category 1) and Italy (category 2)', async () => {
      const r = await app.inject({
        method: 'POST', url: '/v1/records/import', headers: auth('admin'),
        payload: { records: [
          { referenceNumber: 'FR1A2024000117', memberState: 'FR', category: 1, capturedAt: new Date(Date.now() - 86_400_000 * 200).toISOString(), fingers: tenPrint('A', 1) },
          { referenceNumber: 'IT2B2025000042', memberState: 'IT', category: 2, capturedAt: new Date(Date.now() - 86_400_000 * 30).toISOString(), fingers: tenPrint('C', 1) },
        ] },
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().imported.map((i: { referenceNumber: string }) => i.referenceNumber)).toEqual(['FR1A2024000117', 'IT2B2025000042']);
    });

    it('a capture of the French applicant gives a hit; the examiner confirms it → zaventem, one result on the stream', async () => {
      const { transactionId } = await capture('A', 3);
      expect((await transaction(transactionId)).status).toBe('awaiting-examiner');
      const pending = await pendingFor(transactionId);
      const mate = pending.find((e) => e.candidate.referenceNumber === 'FR1A2024000117');
      expect(mate, JSON.stringify(pending)).toBeDefined();
      const detail = (await app.inject({ method: 'GET', url: `/v1/examinations/${mate!.examinationId}`, headers: auth('examiner') })).json();
      expect(detail.fingers.length).toBe(10);
      expect(detail.fingers.some((f: { pairs?: unknown[] }) => (f.pairs?.length ?? 0) > 5)).toBe(true);
      await examine(transactionId, 'FR1A2024000117');
      const tx = await transaction(transactionId);
      expect(tx.status).toBe('decided');
      expect(tx.result.outcome).toBe('hit');
      expect(tx.result.route).toBe('zaventem');
      expect(tx.result.dublin).toMatchObject({ requestType: 2, otherReference: 'FR1A2024000117' });
      expect(tx.result.hits.map((h: { referenceNumber: string; confirmed: boolean }) => [h.referenceNumber, h.confirmed])).toEqual([['FR1A2024000117', true]]);
      const published = await results();
      expect(published).toHaveLength(1);
      expect(published[0]!.result.hits.map((h) => h.referenceNumber)).toEqual(['FR1A2024000117']);
      expect(published[0]!.result.route).toBe('zaventem');
      if (kind === 'redis') {
        // the Dublin unit's consumer group receives exactly that one result, as protobuf
        const consumer = await RedisResultConsumer.open({ url: REDIS_URL, prefix, group: 'dublin', consumer: 'test' });
        const { SearchResult } = await loadMessages();
        const batch = await consumer.read({ count: 10, blockMs: 100 });
        expect(batch.map((e) => decodeMessage<{ hits: Array<{ referenceNumber: string }> }>(SearchResult, e.payload).hits[0]!.referenceNumber)).toEqual(['FR1A2024000117']);
        expect(await consumer.ack(batch.map((e) => e.cursor))).toBe(1);
        await consumer.close();
      }
    });

    let newPersonReference = '';
    it('a capture of a new person gives no hit → regular-reception, stored as BE1…', async () => {
      const { transactionId, referenceNumber } = await capture('D', 1);
      const tx = await transaction(transactionId);
      expect(tx.status).toBe('decided');
      expect(tx.result.outcome).toBe('no-hit');
      expect(tx.result.route).toBe('regular-reception');
      expect(referenceNumber).toMatch(/^BE1[A-Z0-9]+$/);
      expect(tx.result.enrolledReferenceNumber ?? referenceNumber).toBe(referenceNumber);
      newPersonReference = referenceNumber;
      expect(await results()).toHaveLength(1);
    });

    it('a police identification of that person finds it, and stores nothing', async () => {
      const before = await runtime.store.subjects.count();
      const r = await app.inject({ method: 'POST', url: '/v1/police/identifications', headers: auth('police'), payload: { purpose: 'identity check after interception', caseNumber: 'BXL/2026/4411', fingers: tenPrint('D', 2) } });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().outcome).toBe('hit');
      expect(r.json().hits.map((h: { referenceNumber: string }) => h.referenceNumber)).toContain(newPersonReference);
      expect(await runtime.store.subjects.count()).toBe(before);
    });

    it('a 1:1 verification accepts the same person and refuses another', async () => {
      const verify = (db: Person, imp: number) => app.inject({ method: 'POST', url: '/v1/verifications', headers: auth('police'), payload: { referenceNumber: newPersonReference, fingers: tenPrint(db, imp).slice(0, 2) } });
      const same = await verify('D', 3);
      expect(same.statusCode, same.body).toBe(200);
      expect(same.json().match).toBe(true);
      const other = await verify('A', 4);
      expect(other.json().match).toBe(false);
      expect(other.json().score).toBeLessThan(other.json().threshold);
    });

    it("an examiner's rejection leaves a no-hit result and nothing on the stream", async () => {
      const { transactionId } = await capture('C', 2);
      const pending = await examine(transactionId, undefined);
      expect(pending.map((e) => e.candidate.referenceNumber)).toContain('IT2B2025000042');
      const tx = await transaction(transactionId);
      expect(tx.result.outcome).toBe('no-hit');
      expect(tx.result.hits).toEqual([]);
      expect(await results()).toHaveLength(1);
    });

    it("a desk reads its own transactions only", async () => {
      const { transactionId } = await capture('D', 3);
      expect((await app.inject({ method: 'GET', url: `/v1/transactions/${transactionId}`, headers: auth('desk') })).statusCode).toBe(200);
      const other = await app.inject({ method: 'GET', url: `/v1/transactions/${transactionId}`, headers: { authorization: 'Bearer desk2-key-e2e' } });
      // answered like an unknown id: a desk cannot learn that another desk's transaction exists
      expect([other.statusCode, other.json().code]).toEqual([404, 'AFIS_TRANSACTION_NOT_FOUND']);
      expect((await app.inject({ method: 'GET', url: `/v1/transactions/${transactionId}`, headers: auth('dublin') })).statusCode).toBe(200);
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const mine = (await app.inject({ method: 'GET', url: `/v1/transactions?since=${since}`, headers: auth('desk') })).json().transactions as Array<{ transactionId: string }>;
      expect(mine.length).toBeGreaterThanOrEqual(4);
      expect(mine[0]!.transactionId).toBe(transactionId);
      const theirs = (await app.inject({ method: 'GET', url: `/v1/transactions?since=${since}`, headers: { authorization: 'Bearer desk2-key-e2e' } })).json().transactions;
      expect(theirs).toEqual([]);
    });

    it('a retried capture with the same Idempotency-Key returns the first answer and enrols once', async () => {
      const send = (fingers: ReturnType<typeof tenPrint>) => app.inject({ method: 'POST', url: '/v1/transactions', headers: { ...auth('desk'), 'idempotency-key': `retry-${kind}-1` }, payload: { category: 1, memberState: 'BE', fingers } });
      const fingers = tenPrint('C', 5);
      const first = await send(fingers);
      const again = await send(fingers);
      expect(first.statusCode, first.body).toBe(202);
      expect(again.statusCode).toBe(202);
      expect(again.json()).toEqual(first.json());
      const other = await send(tenPrint('C', 6));
      expect([other.statusCode, other.json().code]).toEqual([409, 'AFIS_IDEMPOTENCY_CONFLICT']);
      await runtime.service.whenIdle();
    });

    it('a truncated image is refused with a 4xx and nothing is stored', async () => {
      const subjects = await runtime.store.subjects.count();
      const fingers = tenPrint('A', 5);
      const png = await personFingerPng('A', 4, 6);
      fingers[3] = { position: 4, impression: 'rolled', image: png.subarray(0, png.length >> 1).toString('base64'), ppi: 500 };
      const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers: auth('desk'), payload: { category: 1, memberState: 'BE', fingers } });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json().code).toBe('AFIS_CAPTURE_TRUNCATED');
      await runtime.service.whenIdle();
      expect(await runtime.store.subjects.count()).toBe(subjects);
      expect(await pendingFor('none')).toEqual([]);
    });
  });
}
