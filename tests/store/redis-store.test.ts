import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
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
