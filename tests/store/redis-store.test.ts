import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { openRedisStore } from '../../src/store/index.js';
import type { AuditEntry } from '../../src/transactions/ports.js';
import { describeStoreContract } from './store-contract.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redis-test-helpers.js';

const prefix = uniquePrefix('contract');
const admin = new Redis(REDIS_URL);
afterAll(async () => {
  await deletePrefix(admin, prefix);
  await admin.quit();
});

describeStoreContract('Redis', {
  reset: () => deletePrefix(admin, prefix),
  open: async () => openRedisStore({ url: REDIS_URL, prefix }),
  tamper: async (fn) => {
    const key = `${prefix}audit:entries`;
    await fn({
      get: async (seq) => {
        const t = await admin.hget(key, String(seq));
        return t === null ? undefined : JSON.parse(t) as AuditEntry;
      },
      set: async (seq, entry) => void await admin.hset(key, String(seq), typeof entry === 'string' ? entry : JSON.stringify(entry)),
      remove: async (seq) => void await admin.hdel(key, String(seq)),
      setHead: async (head) => void await admin.set(`${prefix}audit:head`, JSON.stringify(head)),
    });
  },
});

describe('gallery settings (the stop-bit masks of the deployment)', () => {
  for (const layout of [1, 2] as const) {
    it(`are replaced by compare-and-set only, binary-safe (key layout ${layout})`, async () => {
      const p = uniquePrefix(`settings-${layout}`);
      const store = openRedisStore({ url: REDIS_URL, prefix: p, layout });
      try {
        await store.ready();
        const s = store.subjects;
        const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
        const text = (u: Uint8Array | undefined): string => Buffer.from(u ?? []).toString('hex');
        expect(await s.readSetting!('stop-bits:x')).toBeUndefined();
        // absent expected: the first writer wins, a second one gets the first's value back
        expect(text(await s.swapSetting!('stop-bits:x', undefined, bytes(0, 1, 0, 255)))).toBe('000100ff');
        expect(text(await s.swapSetting!('stop-bits:x', undefined, bytes(9)))).toBe('000100ff');
        // a stale expected value (a process that read an older generation) changes nothing
        expect(text(await s.swapSetting!('stop-bits:x', bytes(0, 1, 0), bytes(7, 7)))).toBe('000100ff');
        expect(text(await s.swapSetting!('stop-bits:x', bytes(0, 1, 0, 255), bytes(7, 0, 7)))).toBe('070007');
        expect(text(await s.readSetting!('stop-bits:x'))).toBe('070007');
        // two processes replacing the same value at once: exactly one wins, both see its value
        const [a, b] = await Promise.all([s.swapSetting!('stop-bits:x', bytes(7, 0, 7), bytes(1)), s.swapSetting!('stop-bits:x', bytes(7, 0, 7), bytes(2))]);
        expect(text(a)).toBe(text(b));
        expect(['01', '02']).toContain(text(a));
        await expect(s.readSetting!('')).rejects.toMatchObject({ code: 'AFIS_VALIDATION' });
      } finally {
        await store.close();
        await deletePrefix(admin, p);
      }
    });
  }
});
