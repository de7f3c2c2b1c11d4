/**
 * The built service (`bin/afis.js serve`, from dist/: `npm test` builds first) as a child
 * process, for tests that kill it: start on a store, SIGKILL, wait for a condition.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** `http://host:port` the service listens on. */
  readonly base: string;
  /** Everything it logged so far (stdout and stderr). */
  log(): string;
}

/**
 * Starts `afis serve` (or `afis central`) on an ephemeral port (or `port`) with the embedded store in `dataDir` (also the
 * gallery snapshot's folder with Redis) and `env` added to this process's environment (API
 * keys, `AFIS_REDIS_URL`, ...). Resolves once it printed its address (`timeoutMs`, 30 s, at most).
 */
export async function startService(dataDir: string, env: Record<string, string>, command: 'serve' | 'central' = 'serve', port = 0, timeoutMs = 30_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'afis.js'), command, '--port', String(port), '--data', dataDir], {
    cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', AFIS_SEARCH_THREADS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => {
      reject(new Error(`service exited ${code}: ${out}`));
      // a service that fails on its own (tests stop theirs with SIGKILL or SIGTERM, then it exits 0)
      // says why here:
      // the test itself would only see 'fetch failed' or 'other side closed'
      const crashed = signal ? signal !== 'SIGKILL' && signal !== 'SIGTERM' : code !== 0;
      if (crashed) process.stderr.write(`afis ${command} on ${dataDir} exited by itself (${signal ?? code}); its last output:\n${out.slice(-4000)}\n`);
    });
    setTimeout(() => {
      // a service that never printed its address must not outlive the test
      child.kill('SIGKILL');
      reject(new Error(`no address within ${timeoutMs / 1000} s: ${out}`));
    }, timeoutMs).unref();
  });
  return { child, base, log: () => out };
}

/** SIGKILLs the child and resolves once it is gone. */
export async function killService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Polls `f` every 100 ms until it gives a value; throws after `ms`. */
export async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
