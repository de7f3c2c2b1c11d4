import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, pingRedis } from '../../src/store/redis-connection.js';
import { REDIS_URL } from './redis-test-helpers.js';

/** Keeps this thread's event loop busy for `ms`, as a search or a gallery build in this thread does (longer under CPU load). */
function stall(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* busy */ }
}

describe('pingRedis and a stalled event loop (the PONG waits unread in the socket)', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = connectRedis(REDIS_URL);
    await redis.ping();
  });
  afterAll(() => redis.disconnect());

  it('answers after a stall of this process longer than its timeout', async () => {
    const p = pingRedis(redis, REDIS_URL, 300);
    stall(800);
    await expect(p).resolves.toBeUndefined();
  });

  it('answers when the stall comes while the connection is still being made', async () => {
    const fresh = connectRedis(REDIS_URL);
    try {
      const p = pingRedis(fresh, REDIS_URL, 300);
      stall(800);
      await expect(p).resolves.toBeUndefined();
    } finally {
      fresh.disconnect();
    }
  });

  it('still reports a Redis that does not answer, after about its timeout', async () => {
    const dead = connectRedis('redis://127.0.0.1:1');
    try {
      const t0 = Date.now();
      await expect(pingRedis(dead, 'redis://127.0.0.1:1', 300)).rejects.toMatchObject({ code: 'AFIS_STORE_UNAVAILABLE' });
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      dead.disconnect();
    }
  });
});
