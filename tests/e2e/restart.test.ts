/**
 * Killing the server mid-transaction and restarting it completes the transaction, and nothing is
 * published twice (issue 6). Runs the built service (`npm test` builds first) as a child process
 * on the embedded store, kills it with SIGKILL right after a capture was accepted and again right
 * after an examiner's decision, and restarts it on the same data directory each time.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { personTenPrint, type Person } from '../helpers/persons.js';
import { killService, startService, until } from '../helpers/service-process.js';

const KEYS = 'desk:desk-key-restart,examiner:examiner-key-restart,dublin:dublin-key-restart,admin:admin-key-restart';
const H = (k: string) => ({ authorization: `Bearer ${k}-key-restart`, 'content-type': 'application/json' });

/** A ten-print of a synthetic person (tests/helpers/persons.ts), impression `imp`, as JSON fingers. */
function tenPrint(person: Person, imp: number) {
  return personTenPrint(person, imp).map((f) => ({ position: f.position, image: Buffer.from(f.image).toString('base64'), ppi: f.ppi }));
}

const start = (dir: string) => startService(dir, { AFIS_API_KEYS: KEYS });
const kill = killService;

describe('restart after SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-restart-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    // through the helper, which then knows these exits are the test's own
    await Promise.all(children.map(killService));
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes the interrupted transactions and publishes each result once', async () => {
    let s = await start(dir);
    children.push(s.child);
    const imported = await fetch(`${s.base}/v1/records/import`, { method: 'POST', headers: H('admin'), body: JSON.stringify({ referenceNumber: 'FR1R0000001', memberState: 'FR', category: 1, capturedAt: new Date(Date.now() - 864e5).toISOString(), fingers: tenPrint('A', 1) }) });
    expect(imported.status, await imported.clone().text()).toBe(200);

    // 1. killed right after the capture was accepted: the search runs in the background
    const accepted = await fetch(`${s.base}/v1/transactions`, { method: 'POST', headers: H('desk'), body: JSON.stringify({ category: 1, memberState: 'BE', fingers: tenPrint('A', 2) }) });
    expect(accepted.status).toBe(202);
    const { transactionId } = await accepted.json() as { transactionId: string };
    await kill(s.child);

    s = await start(dir);
    children.push(s.child);
    const status = async () => (await (await fetch(`${s.base}/v1/transactions/${transactionId}`, { headers: H('desk') })).json()) as { status: string; result?: { route: string } };
    await until('the resumed search', async () => ((await status()).status === 'awaiting-examiner' ? true : undefined));
    const listed = await fetch(`${s.base}/v1/examinations?status=pending`, { headers: H('examiner') });
    expect(listed.status, await listed.clone().text()).toBe(200);
    const list = await listed.json() as { examinations: Array<{ examinationId: string; transactionId: string }> };
    const exam = list.examinations.find((e) => e.transactionId === transactionId)!;
    expect(exam).toBeDefined();

    // 2. killed right after the examiner's decision: routing and publication may be half done
    const decided = await fetch(`${s.base}/v1/examinations/${exam.examinationId}/decision`, { method: 'POST', headers: H('examiner'), body: JSON.stringify({ decision: 'confirmed', examinerId: 'ex-1' }) });
    expect(decided.status).toBe(200);
    await kill(s.child);

    s = await start(dir);
    children.push(s.child);
    const final = await until('the resumed decision', async () => {
      const v = await status();
      return v.status === 'decided' ? v : undefined;
    });
    expect(final.result?.route).toBe('zaventem');
    const results = await (await fetch(`${s.base}/v1/results`, { headers: H('dublin') })).json() as { results: Array<{ result: { transactionId: string } }> };
    expect(results.results.filter((r) => r.result.transactionId === transactionId)).toHaveLength(1);

    // 3. one more restart publishes nothing again
    await kill(s.child);
    s = await start(dir);
    children.push(s.child);
    await new Promise((r) => setTimeout(r, 500));
    const again = await (await fetch(`${s.base}/v1/results`, { headers: H('dublin') })).json() as { results: unknown[] };
    expect(again.results).toHaveLength(1);
    await kill(s.child);
  }, 120_000);
});
