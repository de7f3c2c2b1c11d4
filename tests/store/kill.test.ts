import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type AfisStore, type OpenStoreOptions } from '../../src/store/index.js';
import { wholeGeneration } from './fixtures/kill-subjects.mjs';
import { deletePrefix, REDIS_URL, uniquePrefix } from './redis-test-helpers.js';

/*
 * Issue 5's done-when: SIGKILL during a stream of enrolments loses no acknowledged subject and
 * leaves none half-written, for both stores. The child is plain node running the store compiled
 * from the current sources (tsc into node_modules/.cache, ~2 s), so it tests this code, not a
 * stale dist/.
 */

const repo = fileURLToPath(new URL('../../', import.meta.url));
const child = fileURLToPath(new URL('./fixtures/enrol-until-killed.mjs', import.meta.url));
const outDir = join(repo, 'node_modules', '.cache', `afis-store-kill-${process.pid}`);
const moduleUrl = pathToFileURL(join(outDir, 'store', 'index.js')).href;
const ACKS_BEFORE_KILL = 120;

beforeAll(() => {
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  // errors in other modules' files do not stop emitting ours; the file check below is what counts
  spawnSync(process.execPath, [tsc, '--ignoreConfig', join(repo, 'src', 'store', 'index.ts'), '--outDir', outDir, '--rootDir', join(repo, 'src'),
    '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node'], { cwd: repo, encoding: 'utf8' });
  if (!existsSync(join(outDir, 'store', 'index.js'))) throw new Error(`could not compile src/store into ${outDir}`);
}, 120_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Runs the child until it has acknowledged enough writes, SIGKILLs it, returns the acknowledged (index → generation). */
function enrolUntilKilled(args: string[]): Promise<{ acked: Map<number, number>; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, moduleUrl, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<number, number>();
    let buffered = '';
    let stderr = '';
    let killed = false;
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => { stderr += d; });
    proc.stdout.on('data', (d: string) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ack (\d+) (\d+)$/.exec(line);
        if (!m) continue;
        const [i, gen] = [Number(m[1]), Number(m[2])];
        acked.set(i, Math.max(gen, acked.get(i) ?? 0));
        if (!killed && acked.size >= ACKS_BEFORE_KILL) {
          killed = true;
          proc.kill('SIGKILL');
        }
      }
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      if (!killed) reject(new Error(`child ended by itself (code ${code}): ${stderr}`));
      else resolve({ acked, signal });
    });
  });
}

async function checkSurvivors(store: AfisStore, acked: Map<number, number>): Promise<void> {
  // every acknowledged write is there, whole, at its generation or a later one
  for (const [i, gen] of acked) {
    const stored = await store.subjects.get(`kill-${String(i).padStart(6, '0')}`, { images: true });
    expect(stored, `acknowledged subject ${i}`).toBeDefined();
    const whole = wholeGeneration(stored!, i);
    expect(whole, `subject ${i} is one whole write`).toBeDefined();
    expect(whole!).toBeGreaterThanOrEqual(gen);
  }
  // and nothing stored (acknowledged or not) is a mix of two writes
  let total = 0;
  for await (const batch of store.subjects.scan()) {
    for (const s of batch) {
      total++;
      const i = Number(s.id.slice(5));
      const full = await store.subjects.get(s.id, { images: true });
      expect(wholeGeneration(full!, i), `stored subject ${s.id}`).toBeDefined();
      expect((await store.subjects.getByReference(s.referenceNumber))?.id).toBe(s.id);
    }
  }
  expect(total).toBeGreaterThanOrEqual(acked.size);
  expect(await store.subjects.count()).toBe(total);
}

describe('SIGKILL during a stream of enrolments', () => {
  it('embedded: no acknowledged subject lost, none half-written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-kill-'));
    try {
      const { acked, signal } = await enrolUntilKilled(['embedded', dir]);
      expect(signal).toBe('SIGKILL');
      expect([...acked.values()].some((g) => g > 0)).toBe(true); // rewrites were acknowledged too
      const store = openStore({ kind: 'embedded', dir } satisfies OpenStoreOptions);
      try {
        await checkSurvivors(store, acked);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Redis: no acknowledged subject lost, none half-written', async () => {
    const prefix = uniquePrefix('kill');
    const admin = new Redis(REDIS_URL);
    try {
      const { acked, signal } = await enrolUntilKilled(['redis', REDIS_URL, prefix]);
      expect(signal).toBe('SIGKILL');
      const store = openStore({ kind: 'redis', url: REDIS_URL, prefix });
      try {
        await checkSurvivors(store, acked);
      } finally {
        await store.close();
      }
    } finally {
      await deletePrefix(admin, prefix);
      await admin.quit();
    }
  });
});
