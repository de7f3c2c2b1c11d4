/** The real stores for the workflow tests: embedded LMDB in a temporary directory, or Redis under a unique key prefix. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { openEmbeddedStore, openRedisStore, type AfisStore } from '../../src/store/index.js';

export type StoreKind = 'embedded' | 'redis';
export const STORE_KINDS: readonly StoreKind[] = ['embedded', 'redis'];
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestStore {
  /** Opens (or re-opens, as after a restart) the store at its location. */
  open(): Promise<AfisStore>;
  /** Closes what was opened and deletes the location. */
  cleanup(): Promise<void>;
}

export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  const opened: AfisStore[] = [];
  const track = async (s: AfisStore): Promise<AfisStore> => {
    opened.push(s);
    await s.ready();
    return s;
  };
  if (kind === 'embedded') {
    const dir = await mkdtemp(join(tmpdir(), 'afis-transactions-'));
    return {
      // `committed` durability: survives a killed process, which is what these tests simulate.
      open: () => track(openEmbeddedStore({ dir, durability: 'committed' })),
      cleanup: async () => {
        for (const s of opened) await s.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  // Never FLUSHALL: other test files share the server; delete this prefix's keys only.
  const prefix = `afis-test:transactions:${process.pid}:${randomBytes(4).toString('hex')}:`;
  return {
    open: () => track(openRedisStore({ url: REDIS_URL, prefix })),
    cleanup: async () => {
      for (const s of opened) await s.close();
      const admin = new Redis(REDIS_URL);
      let cursor = '0';
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await admin.unlink(...keys);
      } while (cursor !== '0');
      await admin.quit();
    },
  };
}
