/**
 * The store contract on key layout 2 (docs/redis-cluster.md): on a real Redis Cluster of three
 * masters started here (skipped, with the reason in the suite's name, when redis-server is not
 * installed), and on the shared single Redis (same code). Plus what only layout 2 has: the
 * subjects spread over the cluster's nodes, a reference claim left by a dead put is taken over,
 * and a prefix written in the other layout is refused.
 */
import { Cluster, Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore, type AfisStore } from '../../src/store/index.js';
import type { AuditEntry } from '../../src/transactions/ports.js';
import { describeStoreContract, type AuditTamper } from './store-contract.js';
import { makeSubject } from './make-subject.js';
import { startTestApp } from '../helpers/app.js';
import { HAVE_REDIS_SERVER, startTestCluster, type TestCluster } from './redis-cluster-helpers.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redis-test-helpers.js';

function tamperWith(client: () => Redis | Cluster, prefix: string, done: (c: Redis | Cluster) => Promise<void>) {
  return async (fn: (t: AuditTamper) => Promise<void>): Promise<void> => {
    const c = client();
    const key = `${prefix}{audit}audit:entries`;
    try {
      await fn({
        get: async (seq) => {
          const t = await c.hget(key, String(seq));
          return t === null ? undefined : JSON.parse(t) as AuditEntry;
        },
        set: async (seq, entry) => void await c.hset(key, String(seq), typeof entry === 'string' ? entry : JSON.stringify(entry)),
        remove: async (seq) => void await c.hdel(key, String(seq)),
        setHead: async (head) => void await c.set(`${prefix}{audit}audit:head`, JSON.stringify(head)),
      });
    } finally {
      await done(c);
    }
  };
}

// ---- the shared single Redis, layout 2 ----
const single = uniquePrefix('layout2');
const admin = new Redis(REDIS_URL);
afterAll(async () => {
  await deletePrefix(admin, single);
  await admin.quit();
});
describeStoreContract('Redis layout 2 (one server)', {
  reset: () => deletePrefix(admin, single),
  open: async () => openRedisStore({ url: REDIS_URL, prefix: single, layout: 2 }),
  tamper: tamperWith(() => admin, single, async () => undefined),
});

describe('Redis key layouts', () => {
  it('a prefix written in one layout is refused by the other, naming the setting', async () => {
    const p1 = uniquePrefix('layout-1');
    const p2 = uniquePrefix('layout-2');
    const stores: AfisStore[] = [];
    try {
      const one = openRedisStore({ url: REDIS_URL, prefix: p1 });
      stores.push(one);
      await one.ready();
      await one.subjects.put(makeSubject(1));
      const two = openRedisStore({ url: REDIS_URL, prefix: p1, layout: 2 });
      stores.push(two);
      await expect(two.ready()).rejects.toMatchObject({ code: 'AFIS_CONFIG_INVALID', message: expect.stringMatching(/layout 1/) });
      const fresh = openRedisStore({ url: REDIS_URL, prefix: p2, layout: 2 });
      stores.push(fresh);
      await fresh.ready();
      const old = openRedisStore({ url: REDIS_URL, prefix: p2 });
      stores.push(old);
      await expect(old.ready()).rejects.toMatchObject({ code: 'AFIS_CONFIG_INVALID', message: expect.stringMatching(/layout 2/) });
      expect(() => openRedisStore({ url: REDIS_URL, prefix: 'a{b}:', layout: 2 })).toThrow(/prefix/);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await deletePrefix(admin, p1);
      await deletePrefix(admin, p2);
    }
  });

  it('a reference claim left by a put that died before writing is taken over; a live owner keeps it', async () => {
    const p = uniquePrefix('claims');
    const store = openRedisStore({ url: REDIS_URL, prefix: p, layout: 2 });
    try {
      await store.ready();
      const ref = makeSubject(40).referenceNumber;
      await store.subjects.put(makeSubject(41, 0, { ref }));
      await store.subjects.remove(makeSubject(41).id);
      // what a put of subject 41 leaves when killed between its claim and its write
      const [key] = await admin.keys(`${p.replace(/[*?[\]\\]/g, '\\$&')}{r*}refs`);
      await admin.hset(key, ref, `${makeSubject(41).id}|deadbeef`);
      expect(await store.subjects.getByReference(ref)).toBeUndefined();
      await store.subjects.put(makeSubject(40));
      expect((await store.subjects.getByReference(ref))?.id).toBe(makeSubject(40).id);
      // subject 40 holds it now: a third subject is refused
      expect(await store.subjects.put(makeSubject(42, 0, { ref })).then(() => 'ok', (e: { code: string }) => e.code)).toBe('AFIS_CONFLICT');
    } finally {
      await store.close();
      await deletePrefix(admin, p);
    }
  });
});

// ---- a Redis Cluster of three masters ----
let cluster: TestCluster | undefined;
const clusterPrefix = 'afis-test:';
describe.skipIf(!HAVE_REDIS_SERVER)(HAVE_REDIS_SERVER ? 'on a Redis Cluster of three masters' : 'on a Redis Cluster (SKIPPED: redis-server/redis-cli not installed)', () => {
  beforeAll(async () => {
    cluster = await startTestCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  const client = (): Cluster => new Cluster(cluster!.ports.map((port) => ({ host: '127.0.0.1', port })));

  describeStoreContract('Redis Cluster, layout 2', {
    reset: () => cluster!.flush(),
    open: async () => openRedisStore({ url: cluster!.url, prefix: clusterPrefix, cluster: true }),
    tamper: tamperWith(client, clusterPrefix, async (c) => void c.disconnect()),
  });

  it('a gallery setting is replaced by compare-and-set only: the first writer wins, a stale one changes nothing', async () => {
    const store = openRedisStore({ url: cluster!.url, prefix: clusterPrefix, cluster: true });
    try {
      await store.ready();
      expect(await store.subjects.readSetting!('stop-bits:test')).toBeUndefined();
      expect(Buffer.from(await store.subjects.swapSetting!('stop-bits:test', undefined, Buffer.from('first'))).toString()).toBe('first');
      expect(Buffer.from(await store.subjects.swapSetting!('stop-bits:test', undefined, Buffer.from('second'))).toString()).toBe('first');
      expect(Buffer.from(await store.subjects.swapSetting!('stop-bits:test', Buffer.from('firs'), Buffer.from('third'))).toString()).toBe('first');
      expect(Buffer.from(await store.subjects.swapSetting!('stop-bits:test', Buffer.from('first'), Buffer.from('fourth'))).toString()).toBe('fourth');
      expect(Buffer.from((await store.subjects.readSetting!('stop-bits:test'))!).toString()).toBe('fourth');
    } finally {
      await store.close();
    }
  });

  it('spreads the subjects over every master', async () => {
    await cluster!.flush();
    const store = openRedisStore({ url: cluster!.url, prefix: clusterPrefix, cluster: true });
    try {
      await store.ready();
      await store.subjects.putMany(Array.from({ length: 300 }, (_, i) => makeSubject(i)));
      expect(await store.subjects.count()).toBe(300);
      const sizes = await Promise.all(cluster!.ports.map(async (port) => {
        const r = new Redis({ port, host: '127.0.0.1' });
        try {
          return await r.dbsize();
        } finally {
          r.disconnect();
        }
      }));
      for (const n of sizes) expect(n).toBeGreaterThan(100);
    } finally {
      await store.close();
    }
  });

  it('the service runs on the cluster (AFIS_REDIS_CLUSTER=1) and refuses it while its nodes keep nothing on disk', async () => {
    await cluster!.flush();
    const env = { AFIS_REDIS_URL: cluster!.url, AFIS_REDIS_CLUSTER: '1', AFIS_REDIS_PREFIX: 'afis-app:' };
    await expect(startTestApp({ ...env, AFIS_REDIS_ALLOW_VOLATILE: '0' })).rejects.toMatchObject({ code: 'AFIS_STORE_NOT_DURABLE' });
    const app = await startTestApp(env);
    try {
      expect((await app.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
