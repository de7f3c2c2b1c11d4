/**
 * Issue 10, item 1: SIGKILL while captures with idempotency keys are in flight, restart, retry
 * every request with its key: one answer per key, one transaction per key, no key stuck as
 * "still being processed" -- on the embedded store and on Redis. The service is the built one
 * (`npm test` builds first), as in restart.test.ts. Synthetic prints (FVC2002 DB4) only.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { openStore, type AfisStore, type OpenStoreOptions } from '../../src/store/index.js';
import { idempotencyStoreKey } from '../../src/transactions/index.js';
import { personTenPrint } from '../helpers/persons.js';
import { killService, startService, until, type ServiceProcess } from '../helpers/service-process.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../store/redis-test-helpers.js';

const DESK_KEY = 'desk-key-idem-kill';
const KEYS = `desk:${DESK_KEY}`;
/** The audit id of the desk key, as src/http/auth.ts derives it (idempotency keys are scoped to it). */
const DESK_ID = createHash('sha256').update(DESK_KEY).digest('hex').slice(0, 12);
const HEADERS = { authorization: `Bearer ${DESK_KEY}`, 'content-type': 'application/json' };
const IN_FLIGHT = 4;

function body(imp: number): string {
  const fingers = personTenPrint('D', imp).map((f) => ({ position: f.position, image: Buffer.from(f.image).toString('base64'), ppi: f.ppi }));
  return JSON.stringify({ category: 1, memberState: 'BE', fingers });
}

interface Answer { status: number; json: { transactionId?: string; code?: string } }

async function capture(s: ServiceProcess, key: string, payload: string): Promise<Answer> {
  const r = await fetch(`${s.base}/v1/transactions`, { method: 'POST', headers: { ...HEADERS, 'idempotency-key': key }, body: payload });
  return { status: r.status, json: await r.json() as Answer['json'] };
}

async function pendingKeys(store: AfisStore, keys: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const k of keys) {
    const r = await store.idempotency.get(idempotencyStoreKey('capture', { id: DESK_ID }, k));
    if (r && r.response === undefined) out.push(k);
  }
  return out;
}

async function killDuringCaptures(kind: 'embedded' | 'redis'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `afis-idem-kill-${kind}-`));
  const prefix = uniquePrefix('idem-kill');
  const env: Record<string, string> = { AFIS_API_KEYS: KEYS, ...(kind === 'redis' ? { AFIS_REDIS_URL: REDIS_URL, AFIS_REDIS_PREFIX: prefix } : {}) };
  const storeOptions: OpenStoreOptions = kind === 'redis' ? { kind, url: REDIS_URL, prefix } : { kind, dir };
  const keys = Array.from({ length: IN_FLIGHT }, (_, i) => `desk-7:${kind}:${i}`);
  const payloads = keys.map((_, i) => body(i + 1));
  let s = await startService(dir, env);
  const observer = openStore(storeOptions);
  try {
    // the captures go out together; the service dies as soon as some keys are claimed
    const first = keys.map((k, i) => capture(s, k, payloads[i]!).catch(() => undefined));
    const claimed = await until('claimed keys', async () => {
      const p = await pendingKeys(observer, keys);
      return p.length >= 2 ? p : undefined;
    }, 30_000);
    await killService(s.child);
    await Promise.all(first);
    // what the dead process left: claims without an answer (the stuck keys of the issue)
    const stranded = await pendingKeys(observer, keys);
    expect(claimed.length).toBeGreaterThanOrEqual(2);
    expect(stranded.length, 'claims left pending by the killed process').toBeGreaterThanOrEqual(1);

    s = await startService(dir, env);
    const answers: Answer[] = [];
    for (let i = 0; i < keys.length; i++) answers.push(await capture(s, keys[i]!, payloads[i]!));
    expect(answers.map((a) => a.status), JSON.stringify(answers.map((a) => a.json))).toEqual(keys.map(() => 202));
    const ids = answers.map((a) => a.json.transactionId!);
    expect(new Set(ids).size).toBe(keys.length);
    // a second retry gets the same answer
    for (let i = 0; i < keys.length; i++) {
      const again = await capture(s, keys[i]!, payloads[i]!);
      expect([again.status, again.json.transactionId]).toEqual([202, ids[i]]);
    }
    // one transaction per key, and every key holds its answer
    const listed = await fetch(`${s.base}/v1/transactions?since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`, { headers: HEADERS });
    const transactions = (await listed.json() as { transactions: { transactionId: string }[] }).transactions;
    expect(transactions.map((t) => t.transactionId).sort()).toEqual([...ids].sort());
    expect(await pendingKeys(observer, keys)).toEqual([]);
  } finally {
    await killService(s.child);
    await observer.close();
    if (kind === 'redis') {
      const admin = new Redis(REDIS_URL);
      await deletePrefix(admin, prefix);
      await admin.quit();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SIGKILL while captures with idempotency keys are in flight', () => {
  it('embedded: after a restart each retried key gets one answer and one transaction', () => killDuringCaptures('embedded'), 120_000);
  it('Redis: after a restart each retried key gets one answer and one transaction', () => killDuringCaptures('redis'), 120_000);
});
