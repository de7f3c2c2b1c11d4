/**
 * Housekeeping of both stores: idempotency keys expire after their time to live (Redis by
 * itself, the embedded store in housekeep()); the Redis results stream is trimmed only up to
 * what every consumer group acknowledged and past the retention age; WAIT refuses an
 * enrolment no replica acknowledged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore, openRedisStore, RedisResultConsumer, type AfisStore } from '../../src/store/index.js';
import { makeSubject } from './make-subject.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redis-test-helpers.js';

const owner = { instance: 'inst-a', host: 'host-1', pid: 101 };
const lease = (now = Date.now()) => ({ owner, now, leaseUntil: now + 60_000, resultId: 'r1' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admin = new Redis(REDIS_URL);
const prefixes: string[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const p of prefixes) await deletePrefix(admin, p);
  await admin.quit();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function redisStore(options: { idempotencyTtlMs?: number; resultsRetentionMs?: number; waitReplicas?: number } = {}): { store: AfisStore; prefix: string } {
  const prefix = uniquePrefix('housekeeping');
  prefixes.push(prefix);
  return { store: openRedisStore({ url: REDIS_URL, prefix, ...options }), prefix };
}

describe('idempotency keys expire', () => {
  it('Redis: a key lives its time to live from first use (later writes keep the expiry), then is gone', async () => {
    const { store, prefix } = redisStore({ idempotencyTtlMs: 400 });
    try {
      expect((await store.idempotency.claim('k1', 'h1', lease())).claimed).toBe(true);
      const ttl = await admin.pttl(`${prefix}idem:k1`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(400);
      await store.idempotency.complete('k1', { status: 200, body: { ok: true } });
      expect(await admin.pttl(`${prefix}idem:k1`)).toBeGreaterThan(0);
      expect((await store.idempotency.get('k1'))?.response?.status).toBe(200);
      await sleep(500);
      expect(await store.idempotency.get('k1')).toBeUndefined();
      // the key may be used again, as new
      expect((await store.idempotency.claim('k1', 'other', lease())).claimed).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('the default time to live is 48 hours', async () => {
    const { store, prefix } = redisStore();
    try {
      await store.idempotency.claim('k2', 'h', lease());
      const ttl = await admin.pttl(`${prefix}idem:k2`);
      expect(ttl).toBeGreaterThan(47.9 * 3_600_000);
      expect(ttl).toBeLessThanOrEqual(48 * 3_600_000);
    } finally {
      await store.close();
    }
  });

  it('embedded: an expired key counts as never used and housekeep() deletes it; a fresh one stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-housekeeping-'));
    dirs.push(dir);
    const store = openEmbeddedStore({ dir, idempotencyTtlMs: 300 });
    try {
      await store.idempotency.claim('old', 'h', lease());
      await store.idempotency.complete('old', { status: 201, body: {} });
      await sleep(400);
      await store.idempotency.claim('fresh', 'h', lease());
      expect(await store.idempotency.get('old')).toBeUndefined();
      expect(await store.idempotency.get('fresh')).toBeDefined();
      expect(await store.housekeep()).toEqual({ idempotencyKeysRemoved: 1, resultsTrimmed: 0 });
      expect(await store.housekeep()).toEqual({ idempotencyKeysRemoved: 0, resultsTrimmed: 0 });
      expect((await store.idempotency.claim('old', 'new-hash', lease())).claimed).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('the Redis results stream is trimmed only past what every consumer group acknowledged', () => {
  it('keeps everything without a group, trims acknowledged entries past the retention, never a pending or undelivered one', async () => {
    const { store, prefix } = redisStore({ resultsRetentionMs: 0 });
    const consumers: RedisResultConsumer[] = [];
    try {
      for (let i = 1; i <= 5; i++) await store.results.publish(`tx-${i}`, new Uint8Array([i]));
      expect(await store.housekeep()).toEqual({ idempotencyKeysRemoved: 0, resultsTrimmed: 0 });
      const dublin = await RedisResultConsumer.open({ url: REDIS_URL, prefix, group: 'dublin', consumer: 'c1' });
      consumers.push(dublin);
      const got = await dublin.read({ count: 3 });
      expect(got.map((r) => r.dedupId)).toEqual(['tx-1', 'tx-2', 'tx-3']);
      await dublin.ack([got[0]!.cursor, got[1]!.cursor]);
      // tx-3 is pending, tx-4 and tx-5 not delivered: only tx-1 and tx-2 go
      expect((await store.housekeep()).resultsTrimmed).toBe(2);
      expect((await store.results.readAfter(undefined)).map((r) => r.dedupId)).toEqual(['tx-3', 'tx-4', 'tx-5']);
      // their dedup entries went with them; the others still deduplicate
      expect(await admin.hexists(`${prefix}results-dedup`, 'tx-1')).toBe(0);
      expect((await store.results.publish('tx-3', new Uint8Array([3]))).duplicate).toBe(true);
      // a second group that has read nothing holds everything back
      const audit = await RedisResultConsumer.open({ url: REDIS_URL, prefix, group: 'statistics', consumer: 'c1' });
      consumers.push(audit);
      await dublin.ack([got[2]!.cursor]);
      expect((await store.housekeep()).resultsTrimmed).toBe(0);
      const all = await audit.read({ count: 10 });
      await audit.ack(all.map((r) => r.cursor));
      // now tx-3 is acknowledged by both groups; tx-4 and tx-5 were never delivered to dublin
      expect((await store.housekeep()).resultsTrimmed).toBe(1);
      expect((await store.results.readAfter(undefined)).map((r) => r.dedupId)).toEqual(['tx-4', 'tx-5']);
    } finally {
      for (const c of consumers) await c.close();
      await store.close();
    }
  });

  it('keeps acknowledged entries younger than the retention', async () => {
    const { store, prefix } = redisStore({ resultsRetentionMs: 86_400_000 });
    const dublin = await RedisResultConsumer.open({ url: REDIS_URL, prefix, group: 'dublin', consumer: 'c1' });
    try {
      await store.results.publish('tx-1', new Uint8Array([1]));
      const got = await dublin.read();
      await dublin.ack(got.map((r) => r.cursor));
      expect((await store.housekeep()).resultsTrimmed).toBe(0);
      expect((await store.housekeep(Date.now() + 86_400_001)).resultsTrimmed).toBe(1);
    } finally {
      await dublin.close();
      await store.close();
    }
  });
});

describe('WAIT for replicas on enrolment', () => {
  it('refuses an enrolment no replica acknowledged within the timeout, naming the count', async () => {
    const replicas = Number((await admin.info('replication')).match(/connected_slaves:(\d+)/)?.[1] ?? 0);
    const { store } = redisStore({ waitReplicas: replicas + 1 });
    try {
      await expect(store.subjects.put(makeSubject(1))).rejects.toMatchObject({ code: 'AFIS_STORE_UNAVAILABLE', message: expect.stringContaining(`only ${replicas} of ${replicas + 1} replicas`) });
    } finally {
      await store.close();
    }
  });
});
