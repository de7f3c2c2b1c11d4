import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Whether redis-server and redis-cli are installed (the cluster tests are skipped, with a message, otherwise). */
export const HAVE_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** `n` ports p with p and p + 10000 (the cluster bus) both free, from a random start. */
async function freePorts(n: number): Promise<number[]> {
  const out: number[] = [];
  for (let p = 20000 + Math.floor(Math.random() * 20000); out.length < n && p < 55000; p++) {
    if ((await portFree(p)) && (await portFree(p + 10000))) out.push(p);
  }
  if (out.length < n) throw new Error('no free ports for a Redis Cluster');
  return out;
}

export interface TestCluster {
  /** Comma-separated node URLs (for openRedisStore's `url` with `cluster: true`). */
  readonly url: string;
  readonly ports: readonly number[];
  /** Deletes every key on every master (the cluster is this test's own; replicas follow). */
  flush(): Promise<void>;
  /** Sends a signal to the node on `port` (SIGSTOP / SIGCONT pause and resume it). */
  signal(port: number, signal: NodeJS.Signals): void;
  stop(): Promise<void>;
}

/**
 * Starts three masters (`redis-server --cluster-enabled yes`, no persistence), plus `replicas`
 * replicas of each, and joins them with `redis-cli --cluster create`; resolves when the cluster
 * is ok and every replica's link to its master is up.
 */
export async function startTestCluster(options: { replicas?: number } = {}): Promise<TestCluster> {
  const replicas = options.replicas ?? 0;
  const dir = mkdtempSync(join(tmpdir(), 'afis-redis-cluster-'));
  const ports = await freePorts(3 * (1 + replicas));
  const servers: ChildProcess[] = ports.map((port) => spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
    '--dir', dir, '--save', '', '--appendonly', 'no', '--cluster-node-timeout', '5000',
  ], { stdio: 'ignore' }));
  const stop = async (): Promise<void> => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
      if (s.exitCode !== null) return resolve();
      s.once('exit', () => resolve());
      s.kill('SIGKILL');
    })));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      for (let i = 0; ; i++) {
        const r = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
        if (r.stdout.trim() === 'PONG') break;
        if (i > 100) throw new Error(`redis-server on ${port} did not start`);
        await new Promise((r2) => setTimeout(r2, 50));
      }
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout} ${created.stderr}`);
    for (let i = 0; ; i++) {
      const states = ports.map((p) => spawnSync('redis-cli', ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' }).stdout);
      const links = ports.map((p) => spawnSync('redis-cli', ['-p', String(p), 'info', 'replication'], { encoding: 'utf8' }).stdout);
      if (states.every((s) => s.includes('cluster_state:ok')) && links.every((l) => l.includes('role:master') || l.includes('master_link_status:up'))) break;
      if (i > 200) throw new Error('the Redis Cluster did not reach cluster_state:ok');
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
    ports,
    flush: async () => {
      await Promise.all(ports.map(async (port) => {
        const r = new Redis({ port, host: '127.0.0.1' });
        try {
          if ((await r.info('replication')).includes('role:master')) await r.flushall();
        } finally {
          r.disconnect();
        }
      }));
    },
    signal: (port, signal) => void servers[ports.indexOf(port)].kill(signal),
    stop,
  };
}
