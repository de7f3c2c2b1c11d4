import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisStore, RedisResultConsumer, type AfisStore } from '../../src/store/index.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redis-test-helpers.js';

const prefix = uniquePrefix('consumer');
const admin = new Redis(REDIS_URL);
let store: AfisStore;
const text = (b: Uint8Array) => Buffer.from(b).toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await deletePrefix(admin, prefix);
  store = openRedisStore({ url: REDIS_URL, prefix });
  await store.ready();
});
afterAll(async () => {
  await store.close();
  await deletePrefix(admin, prefix);
  await admin.quit();
});

describe('Dublin consumer on the Redis results stream', () => {
  it('delivers each result once, and again to another consumer after a crash without ack', async () => {
    const open = (consumer: string) => RedisResultConsumer.open({ url: REDIS_URL, prefix, group: 'dublin', consumer, redeliverAfterMs: 1_500 });
    for (const id of ['tx-1', 'tx-2', 'tx-3']) await store.results.publish(id, Buffer.from(`result ${id}`));
    await store.results.publish('tx-2', Buffer.from('resumed transaction publishes again')); // deduplicated
    expect(await admin.xlen(`${prefix}results`)).toBe(3);

    const a = await open('desk-a');
    const first = await a.read({ count: 2 });
    expect(first.map((r) => [r.dedupId, text(r.payload)])).toEqual([['tx-1', 'result tx-1'], ['tx-2', 'result tx-2']]);
    expect(await a.ack([first[0].cursor])).toBe(1);
    a.disconnect(); // crash: tx-2 delivered, never acknowledged

    const b = await open('desk-b');
    // tx-2 has not been idle long enough yet: b gets the new result first (1.5 s: opening a client
    // on a loaded machine took longer than the 200 ms this test used, and tx-2 came first)
    const fresh = await b.read({ count: 10 });
    expect(fresh.map((r) => r.dedupId)).toEqual(['tx-3']);
    expect(await b.ack([fresh[0].cursor])).toBe(1);
    await sleep(1_600);
    const redelivered = await b.read({ count: 10 });
    expect(redelivered.map((r) => [r.dedupId, text(r.payload)])).toEqual([['tx-2', 'result tx-2']]);
    expect(redelivered[0].cursor).toBe(first[1].cursor);
    expect(await b.ack([redelivered[0].cursor])).toBe(1);
    expect(await b.pendingCount()).toBe(0);
    expect(await b.read({ count: 10, blockMs: 50 })).toEqual([]);
    await b.close();
  });

  it('a consumer restarted under the same name gets its own unacknowledged results first', async () => {
    const open = () => RedisResultConsumer.open({ url: REDIS_URL, prefix, group: 'dublin-2', consumer: 'only', redeliverAfterMs: 60_000 });
    const c1 = await open();
    const all = await c1.read({ count: 100 }); // a new group starts at the beginning of the stream
    expect(all.map((r) => r.dedupId)).toEqual(['tx-1', 'tx-2', 'tx-3']);
    await c1.ack([all[0].cursor]);
    await c1.close(); // stops before acknowledging tx-2 and tx-3

    const c2 = await open();
    const again = await c2.read({ count: 100 });
    expect(again.map((r) => r.dedupId)).toEqual(['tx-2', 'tx-3']);
    await c2.ack(again.map((r) => r.cursor));
    await store.results.publish('tx-4', Buffer.from('result tx-4'));
    const next = await c2.read({ count: 100, blockMs: 1000 });
    expect(next.map((r) => r.dedupId)).toEqual(['tx-4']);
    await c2.ack(next.map((r) => r.cursor));
    expect(await c2.pendingCount()).toBe(0);
    await c2.close();
  });
});
