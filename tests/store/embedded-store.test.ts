import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { open } from 'lmdb';
import { EMBEDDED_DB_FILE, openEmbeddedStore } from '../../src/store/index.js';
import type { AuditEntry } from '../../src/transactions/ports.js';
import { describeStoreContract } from './store-contract.js';

const base = mkdtempSync(join(tmpdir(), 'afis-store-embedded-'));
let dir = '';
let n = 0;
afterAll(() => rmSync(base, { recursive: true, force: true }));

describeStoreContract('embedded (LMDB)', {
  reset: async () => {
    // a fresh directory per test: LMDB environments stay mapped until the process exits
    dir = join(base, String(n++));
  },
  open: async () => openEmbeddedStore({ dir }),
  tamper: async (fn) => {
    const root = open({ path: join(dir, EMBEDDED_DB_FILE), maxDbs: 32 });
    const entries = root.openDB<AuditEntry, number>('audit', { encoding: 'json' });
    const meta = root.openDB<unknown, string>('meta', { encoding: 'json' });
    await fn({
      get: async (seq) => entries.get(seq),
      set: async (seq, entry) => void root.transactionSync(() => entries.putSync(seq, entry as AuditEntry)),
      remove: async (seq) => void root.transactionSync(() => entries.removeSync(seq)),
      setHead: async (head) => void root.transactionSync(() => meta.putSync('audit-head', head)),
    });
    await root.close();
  },
});
