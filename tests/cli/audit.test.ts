import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { open } from 'lmdb';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/context.js';
import { EMBEDDED_DB_FILE, openStore } from '../../src/store/index.js';
import type { AuditEntry } from '../../src/transactions/ports.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../store/redis-test-helpers.js';

function collectingIo(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', exitCode: 0, stdout: (t: string) => { io.out += t; }, stderr: (t: string) => { io.err += t; } };
  return io;
}

const event = (k: number) => ({ actor: `examiner-${k}`, role: 'examiner', purpose: 'hit verification', action: 'examination.decide', target: `ex-${k}`, outcome: 'confirmed' });
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('afis audit verify', () => {
  it('embedded: intact chain exits 0, a tampered entry exits 1 naming its sequence number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-audit-cli-'));
    dirs.push(dir);
    const store = openStore({ kind: 'embedded', dir });
    for (let k = 0; k < 5; k++) await store.audit.append(event(k));
    await store.close();

    const ok = collectingIo();
    expect(await runCli(['audit', 'verify', '--data', dir], ok)).toBe(0);
    expect(ok.out).toMatch(/^audit chain intact: 5 entries, head [0-9a-f]{64}\n$/);

    const root = open({ path: join(dir, EMBEDDED_DB_FILE), maxDbs: 32 });
    const entries = root.openDB<AuditEntry, number>('audit', { encoding: 'json' });
    const third = entries.get(3)!;
    root.transactionSync(() => entries.putSync(3, { ...third, actor: 'someone-else' }));
    await root.close();

    const broken = collectingIo();
    expect(await runCli(['audit', 'verify', '--data', dir, '--json'], broken)).toBe(1);
    expect(JSON.parse(broken.out)).toMatchObject({ ok: false, firstBadSeq: 3, entries: 2 });
  });

  it('Redis: verifies the chain under a prefix; a deleted entry exits 1', async () => {
    const prefix = uniquePrefix('audit-cli');
    const admin = new Redis(REDIS_URL);
    try {
      const store = openStore({ kind: 'redis', url: REDIS_URL, prefix });
      for (let k = 0; k < 4; k++) await store.audit.append(event(k));
      await store.close();
      const ok = collectingIo();
      expect(await runCli(['audit', 'verify', '--redis', REDIS_URL, '--prefix', prefix], ok)).toBe(0);
      expect(ok.out).toMatch(/intact: 4 entries/);
      await admin.hdel(`${prefix}audit:entries`, '2');
      const broken = collectingIo();
      expect(await runCli(['audit', 'verify', '--redis', REDIS_URL, '--prefix', prefix], broken)).toBe(1);
      expect(broken.out).toMatch(/BROKEN at entry 2: entry 2 is missing/);
    } finally {
      await deletePrefix(admin, prefix);
      await admin.quit();
    }
  });

  it('an unreachable Redis is a one-line error and a non-zero exit', async () => {
    const io = collectingIo();
    expect(await runCli(['audit', 'verify', '--redis', 'redis://127.0.0.1:1'], io)).toBe(1);
    expect(io.err).toMatch(/^afis: .*Redis/);
    expect(io.err.split('\n').filter(Boolean)).toHaveLength(1);
  }, 30_000);
});
