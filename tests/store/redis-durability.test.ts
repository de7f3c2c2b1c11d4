/**
 * The durable-Redis check at start-up, against Redis servers of our own (a free port and a
 * temporary directory each): one without any persistence, one whose CONFIG command is disabled
 * (as managed services do), and the first again once its append-only file is switched on.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { buildRuntime } from '../../src/runtime.js';
import { assertRedisDurable } from '../../src/store/index.js';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;
const dirs: string[] = [];
const servers: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    }).on('error', reject);
  });
}

/** A redis-server of its own on a free port; resolves with its URL once it answers. */
async function startRedis(...args: string[]): Promise<string> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'afis-redis-durability-'));
  dirs.push(dir);
  servers.push(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...args], { stdio: 'ignore' }));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => {});
    try {
      await r.connect();
      await r.ping();
      return url;
    } catch {
      await new Promise((res) => setTimeout(res, 50));
    } finally {
      r.disconnect();
    }
  }
  throw new Error(`redis-server on ${port} did not start`);
}

describe.skipIf(!hasRedisServer)('a Redis without persistence is refused at start-up', () => {
  let volatile: string;
  let noConfig: string;
  beforeAll(async () => {
    [volatile, noConfig] = await Promise.all([startRedis(), startRedis('--rename-command', 'CONFIG', '')]);
  });
  afterAll(async () => {
    // wait until each server has exited: one still writing its files makes the removal race
    await Promise.all(servers.map((s) => (s.exitCode !== null || s.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => { s.once('exit', () => resolve()); s.kill('SIGKILL'); }))));
    for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('names the setting (appendonly) and the way out', async () => {
    const err = await assertRedisDurable(volatile).catch((e: unknown) => e as Error & { code?: string });
    expect(err).toMatchObject({ code: 'AFIS_STORE_NOT_DURABLE' });
    expect((err as Error).message).toMatch(/appendonly no/);
    expect((err as Error).message).toMatch(/appendonly yes/);
    expect((err as Error).message).toMatch(/AFIS_REDIS_ALLOW_VOLATILE=1/);
  });

  it('reads INFO persistence where CONFIG is disabled', async () => {
    await expect(assertRedisDurable(noConfig)).rejects.toMatchObject({ code: 'AFIS_STORE_NOT_DURABLE', message: expect.stringMatching(/appendonly no/) });
  });

  it('the service does not start on it unless AFIS_REDIS_ALLOW_VOLATILE=1, and nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-durability-data-'));
    dirs.push(dir);
    const env = { AFIS_REDIS_URL: volatile, AFIS_DATA_DIR: dir, AFIS_REDIS_PREFIX: 'afis-durability:' };
    await expect(buildRuntime(loadConfig({ ...env, AFIS_REDIS_ALLOW_VOLATILE: '0' }), { searchThreads: 'none' })).rejects.toMatchObject({ code: 'AFIS_STORE_NOT_DURABLE' });
    const admin = new Redis(volatile);
    try {
      expect(await admin.dbsize()).toBe(0);
      const rt = await buildRuntime(loadConfig({ ...env, AFIS_REDIS_ALLOW_VOLATILE: '1' }), { searchThreads: 'none' });
      await rt.close();
    } finally {
      admin.disconnect();
    }
  });

  it('accepts the server once its append-only file is on', async () => {
    const admin = new Redis(volatile);
    try {
      await admin.config('SET', 'appendonly', 'yes');
      await admin.config('SET', 'appendfsync', 'everysec');
      // switching the append-only file on forks a child that writes its first file into the
      // server's directory: wait for it, or the clean-up below races a process still writing there
      // (once in CI the file failed after all four tests had passed)
      for (let i = 0; ; i++) {
        const info = await admin.info('persistence');
        if (/aof_enabled:1/.test(info) && /aof_rewrite_in_progress:0/.test(info) && /aof_rewrite_scheduled:0/.test(info)) break;
        if (i === 200) throw new Error(`the append-only file was not written within 10 s:\n${info}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      admin.disconnect();
    }
    await expect(assertRedisDurable(volatile)).resolves.toMatchObject({ appendonly: 'yes', appendfsync: 'everysec', save: '' });
  });
});
