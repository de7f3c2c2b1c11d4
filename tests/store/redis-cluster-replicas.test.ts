/**
 * On a real Redis Cluster of three masters with one replica each, started here (skipped, with
 * the reason in the suite's name, when redis-server is not installed): the Dublin unit's results
 * consumer (`RedisResultConsumer` with `cluster: true`), and enrolments that wait for replica
 * acknowledgement (`waitReplicas`, Redis WAIT on the masters that took the writes).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectShard } from '../../src/index/ports.js';
import { migrateRedisLayout, openRedisStore, RedisResultConsumer, type AfisStore } from '../../src/store/index.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redis-test-helpers.js';
import { keySlot } from '../../src/store/redis-connection.js';
import { makeSubject } from './make-subject.js';
import { HAVE_REDIS_SERVER, startTestCluster, type TestCluster } from './redis-cluster-helpers.js';

let cluster: TestCluster | undefined;
const prefix = 'afis-consumer:';
const text = (b: Uint8Array) => Buffer.from(b).toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn on a direct connection to each node; returns the results in port order. */
async function onEachNode<T>(fn: (r: Redis) => Promise<T>): Promise<T[]> {
  return Promise.all(cluster!.ports.map(async (port) => {
    const r = new Redis({ port, host: '127.0.0.1' });
    try {
      return await fn(r);
    } finally {
      r.disconnect();
    }
  }));
}

describe.skipIf(!HAVE_REDIS_SERVER)(HAVE_REDIS_SERVER ? 'on a Redis Cluster of three masters with a replica each' : 'on a Redis Cluster (SKIPPED: redis-server/redis-cli not installed)', () => {
  let store: AfisStore;
  beforeAll(async () => {
    cluster = await startTestCluster({ replicas: 1 });
    store = openRedisStore({ url: cluster.url, prefix, cluster: true });
    await store.ready();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await cluster?.stop();
  });
  const open = (group: string, consumer: string, redeliverAfterMs: number) =>
    RedisResultConsumer.open({ url: cluster!.url, prefix, cluster: true, group, consumer, redeliverAfterMs });

  it('the results stream lives on one master, under its hash tag', async () => {
    for (const id of ['tx-1', 'tx-2', 'tx-3']) await store.results.publish(id, Buffer.from(`result ${id}`));
    await store.results.publish('tx-2', Buffer.from('resumed transaction publishes again')); // deduplicated
    const stream = `${prefix}{results}results`;
    // the stream and its dedup hash share one slot, held by one master
    const slot = Number(await onEachNode((r) => r.cluster('KEYSLOT', stream)).then((s) => s[0]));
    const inSlot = await onEachNode(async (r) => (await r.info('replication')).includes('role:master') ? (await r.cluster('GETKEYSINSLOT', slot, 10) as string[]).sort() : undefined);
    const masters = inSlot.filter((k) => k !== undefined);
    expect(masters).toHaveLength(3);
    expect(masters.filter((k) => k.length > 0)).toEqual([[`${prefix}{results}results`, `${prefix}{results}results-dedup`]]);
  });

  it('consumes, acknowledges, and redelivers what a crashed consumer held', async () => {
    // redelivery after 1.5 s: long enough for b to open on a loaded machine before a's result is due
    const a = await open('dublin', 'desk-a', 1500);
    const first = await a.read({ count: 2 });
    const readAt = Date.now();
    expect(first.map((r) => [r.dedupId, text(r.payload)])).toEqual([['tx-1', 'result tx-1'], ['tx-2', 'result tx-2']]);
    expect(await a.ack([first[0].cursor])).toBe(1);
    a.disconnect(); // crash: tx-2 delivered, never acknowledged

    const b = await open('dublin', 'desk-b', 1500);
    const fresh = await b.read({ count: 10 });
    expect(fresh.map((r) => r.dedupId)).toEqual(['tx-3']);
    expect(await b.ack([fresh[0].cursor])).toBe(1);
    await sleep(Math.max(0, readAt + 1600 - Date.now()));
    const redelivered = await b.read({ count: 10 });
    expect(redelivered.map((r) => [r.dedupId, text(r.payload)])).toEqual([['tx-2', 'result tx-2']]);
    expect(redelivered[0].cursor).toBe(first[1].cursor);
    expect(await b.ack([redelivered[0].cursor])).toBe(1);
    expect(await b.pendingCount()).toBe(0);
    expect(await b.read({ count: 10, blockMs: 50 })).toEqual([]);
    await b.close();
  });

  it('a consumer restarted under the same name resumes with its own unacknowledged results, then waits for new ones', async () => {
    const c1 = await open('dublin-2', 'only', 60_000);
    const all = await c1.read({ count: 100 });
    expect(all.map((r) => r.dedupId)).toEqual(['tx-1', 'tx-2', 'tx-3']);
    await c1.ack([all[0].cursor]);
    await c1.close(); // stops before acknowledging tx-2 and tx-3

    const c2 = await open('dublin-2', 'only', 60_000);
    const again = await c2.read({ count: 100 });
    expect(again.map((r) => r.dedupId)).toEqual(['tx-2', 'tx-3']);
    expect(again.map((r) => r.cursor)).toEqual(all.slice(1).map((r) => r.cursor));
    await c2.ack(again.map((r) => r.cursor));
    const waiting = c2.read({ count: 100, blockMs: 5_000 });
    await sleep(100);
    await store.results.publish('tx-4', Buffer.from('result tx-4'));
    const next = await waiting;
    expect(next.map((r) => [r.dedupId, text(r.payload)])).toEqual([['tx-4', 'result tx-4']]);
    expect(await c2.pendingCount()).toBe(1);
    expect(await c2.ack(next.map((r) => r.cursor))).toBe(1);
    expect(await c2.pendingCount()).toBe(0);
    await c2.close();
  });

  it('refuses a prefix that would change the hash tag', async () => {
    await expect(RedisResultConsumer.open({ url: cluster!.url, prefix: 'a{b}:', cluster: true, group: 'g', consumer: 'c' })).rejects.toMatchObject({ code: 'AFIS_CONFIG_INVALID' });
  });

  /** The master serving a key's slot (CLUSTER SLOTS), and its replica (the node whose INFO names that master). */
  async function portsOf(key: string): Promise<{ master: number; replica: number }> {
    const [slots] = await onEachNode((r) => r.cluster('SLOTS')).then((all) => [all[0]]);
    const slot = keySlot(key);
    const master = Number(slots.find(([from, to]) => slot >= from && slot <= to)![2][1]);
    const infos = await onEachNode((r) => r.info('replication'));
    const replica = cluster!.ports.find((_, i) => infos[i].includes(`master_port:${master}\r\n`))!;
    return { master, replica };
  }
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  const keysOf = (i: number) => [`${prefix}{s${hex(subjectShard(makeSubject(i).id, 64))}}ids`, `${prefix}{r${hex(subjectShard(makeSubject(i).referenceNumber, 64))}}refs`];

  it('computes the slots Redis computes', async () => {
    const keys = ['plain', 'a{b}c', 'a{}b', '{x}', 'p{s3f}ids', 'é{ü}', ...keysOf(7)];
    const [r] = await onEachNode(async (n) => Promise.all(keys.map((k) => n.cluster('KEYSLOT', k)))).then((all) => [all[0]]);
    expect(keys.map(keySlot)).toEqual(r.map(Number));
  });

  it('waitReplicas: an enrolment waits for a replica of every master it wrote to', async () => {
    const one = openRedisStore({ url: cluster!.url, prefix, cluster: true, waitReplicas: 1 });
    const two = openRedisStore({ url: cluster!.url, prefix, cluster: true, waitReplicas: 2 });
    try {
      await one.ready();
      await two.ready();
      await one.subjects.putMany(Array.from({ length: 40 }, (_, i) => makeSubject(1000 + i)));
      expect(await one.subjects.count()).toBe(40);
      // one replica per master: waiting for two fails, naming the count, after the write
      await expect(two.subjects.put(makeSubject(2000))).rejects.toMatchObject({ code: 'AFIS_STORE_UNAVAILABLE', message: expect.stringMatching(/only 1 of 2 replicas/) });
      expect(await one.subjects.get(makeSubject(2000).id)).toBeDefined();

      // pause the replica of one master: a put writing there is not acknowledged, a put writing elsewhere is
      const { master, replica } = await portsOf(keysOf(3000)[0]);
      let there = -1;
      let elsewhere = -1;
      for (let i = 3000; there < 0 || elsewhere < 0; i++) {
        const owners = await Promise.all(keysOf(i).map(async (k) => (await portsOf(k)).master));
        if (there < 0 && owners.every((p) => p === master)) there = i;
        if (elsewhere < 0 && owners.every((p) => p !== master)) elsewhere = i;
      }
      cluster!.signal(replica, 'SIGSTOP');
      try {
        await one.subjects.put(makeSubject(elsewhere));
        const started = Date.now();
        await expect(one.subjects.put(makeSubject(there))).rejects.toMatchObject({ code: 'AFIS_STORE_UNAVAILABLE', message: expect.stringMatching(/only 0 of 1 replicas/) });
        expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      } finally {
        cluster!.signal(replica, 'SIGCONT');
      }
      expect(await one.subjects.get(makeSubject(there).id)).toBeDefined();
      await one.subjects.put(makeSubject(there, 1));
    } finally {
      await one.close();
      await two.close();
    }
  }, 30_000);

  it("waitReplicas: a take-over of a stale claim also waits on the previous owner's master (its revocation)", async () => {
    const one = openRedisStore({ url: cluster!.url, prefix, cluster: true, waitReplicas: 1 });
    try {
      await one.ready();
      // the new subject's partition and its reference's on other masters than the stale owner's
      const { master, replica } = await portsOf(keysOf(5000)[0]);
      let owner = -1;
      let taker = -1;
      for (let i = 5000; owner < 0 || taker < 0; i++) {
        const owners = await Promise.all(keysOf(i).map(async (k) => (await portsOf(k)).master));
        if (owner < 0 && owners[0] === master) owner = i;
        if (taker < 0 && owners.every((p) => p !== master)) taker = i;
      }
      // a put of `owner` that claimed the reference and died before writing its record
      const subject = makeSubject(taker);
      const refs = keysOf(taker)[1];
      const onRefsMaster = new Redis({ port: (await portsOf(refs)).master, host: '127.0.0.1' });
      try {
        await onRefsMaster.hset(refs, subject.referenceNumber, `${makeSubject(owner).id}|dead0123`);
      } finally {
        onRefsMaster.disconnect();
      }
      cluster!.signal(replica, 'SIGSTOP');
      try {
        // the take-over revokes the claim in the owner's partition, whose replica is paused
        await expect(one.subjects.put(subject)).rejects.toMatchObject({ code: 'AFIS_STORE_UNAVAILABLE', message: expect.stringMatching(/only 0 of 1 replicas/) });
      } finally {
        cluster!.signal(replica, 'SIGCONT');
      }
      expect((await one.subjects.getByReference(subject.referenceNumber))?.id).toBe(subject.id);
      await one.subjects.put(subject);
    } finally {
      await one.close();
    }
  }, 30_000);

  it('migrates a layout-1 prefix into layout 2 on the cluster, verifies it, and refuses a non-empty target', async () => {
    const from = uniquePrefix('migrate-from');
    const to = 'afis-migrated:';
    const admin = new Redis(REDIS_URL);
    const old = openRedisStore({ url: REDIS_URL, prefix: from });
    try {
      await old.ready();
      await old.subjects.putMany(Array.from({ length: 120 }, (_, i) => makeSubject(5000 + i, 0, { images: i % 10 === 0 })));
      await old.subjects.swapSetting!('stop-bits:test', undefined, Buffer.from('masks'));
      await old.transactions.create({ id: 'tx-m1', kind: 'capture', request: { category: 1, memberState: 'BE', operatorId: 'desk-7' }, probe: Buffer.from('probe bytes'), createdAt: 1000 });
      await old.residue!.put('desk-7', [{ position: 10, width: 300, height: 400, ppi: 500, minutiae: [[10, 20, 1.5]] }], 600_000);
      for (const id of ['r-1', 'r-2']) await old.results.publish(id, Buffer.from(`result ${id}`));
      for (let k = 0; k < 5; k++) await old.audit.append({ actor: 'user-1', role: 'desk', purpose: 'asylum-application', action: 'transaction.create', target: `tx-${k}`, outcome: 'accepted', at: 1_700_000_000_000 + k });
      const dublin = await RedisResultConsumer.open({ url: REDIS_URL, prefix: from, group: 'dublin', consumer: 'c' });
      const [delivered] = await dublin.read({ count: 1 });
      await dublin.close(); // r-1 delivered, not acknowledged: pending in the group

      const report = await migrateRedisLayout({ fromUrl: REDIS_URL, fromPrefix: from, toUrl: cluster!.url, toPrefix: to, toCluster: true });
      expect(report.subjects).toBe(120);
      expect(report.keys).toMatchObject({ meta: 1, results: 2, audit: 2, residue: 1 });
      expect(report.keys.wf).toBeGreaterThanOrEqual(3);

      const moved = openRedisStore({ url: cluster!.url, prefix: to, cluster: true });
      try {
        await moved.ready();
        expect(await moved.subjects.count()).toBe(120);
        for (const i of [0, 10, 57]) {
          const s = makeSubject(5000 + i, 0, { images: i % 10 === 0 });
          expect(await moved.subjects.get(s.id, { images: true })).toEqual(await old.subjects.get(s.id, { images: true }));
          expect((await moved.subjects.getByReference(s.referenceNumber))?.id).toBe(s.id);
        }
        expect(Buffer.from((await moved.subjects.readSetting!('stop-bits:test'))!).toString()).toBe('masks');
        expect(Buffer.from((await moved.transactions.get('tx-m1', { probe: true }))!.probe!).toString()).toBe('probe bytes');
        expect(await moved.residue!.get('desk-7')).toEqual([{ position: 10, width: 300, height: 400, ppi: 500, minutiae: [[10, 20, 1.5]] }]);
        expect(await moved.audit.verifyChain()).toEqual(await old.audit.verifyChain());
        expect((await moved.results.publish('r-2', Buffer.from('again'))).duplicate).toBe(true);
        // the consumer group came along: its pending result is delivered again under the same name
        const resumed = await RedisResultConsumer.open({ url: cluster!.url, prefix: to, cluster: true, group: 'dublin', consumer: 'c' });
        const again = await resumed.read({ count: 10 });
        expect(again.map((r) => [r.dedupId, r.cursor])).toEqual([['r-1', delivered.cursor]]);
        await resumed.close();
      } finally {
        await moved.close();
      }
      await expect(migrateRedisLayout({ fromUrl: REDIS_URL, fromPrefix: from, toUrl: cluster!.url, toPrefix: to, toCluster: true }))
        .rejects.toMatchObject({ code: 'AFIS_CONFIG_INVALID', message: expect.stringMatching(/not empty/) });
    } finally {
      await old.close();
      await deletePrefix(admin, from);
      await admin.quit();
    }
  }, 60_000);
});
