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

/** Children this helper (killService, or the start-up deadline) stopped on purpose; any other exit is reported. */
const stoppedOnPurpose = new WeakSet<ChildProcess>();

/**
 * Starts `afis serve` (or `afis central`) on an ephemeral port (or `port`) with the embedded store in `dataDir` (also the
 * gallery snapshot's folder with Redis) and `env` added to this process's environment (API
 * keys, `AFIS_REDIS_URL`, ...). Resolves once it printed its address (`timeoutMs`, 30 s, at most).
 */
export async function startService(dataDir: string, env: Record<string, string>, command: 'serve' | 'central' = 'serve', port = 0, timeoutMs = 30_000): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'afis.js'), command, '--port', String(port), '--data', dataDir], {
    cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'info', AFIS_SEARCH_THREADS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return superviseService(child, `afis ${command} on ${dataDir}`, timeoutMs);
}

/**
 * Watches a started service: resolves with its address once it printed one, or kills it and
 * rejects when it printed none within `timeoutMs` (the deadline covers start-up only: a service
 * that answered is never killed by it, however long its test runs). A child that exits by itself
 * later, on any code or signal (a SIGKILL included: the kernel's OOM killer sends one), and was
 * not stopped through {@link killService}, is reported to `report` with its last output and how
 * long after its start it died: the test itself would only see 'fetch failed' or 'other side closed'.
 */
export function superviseService(child: ChildProcess, label: string, timeoutMs: number, report: (text: string) => void = (t) => process.stderr.write(t)): Promise<ServiceProcess> {
  const startedAt = Date.now();
  let out = '';
  return new Promise<ServiceProcess>((resolve, reject) => {
    const deadline = setTimeout(() => {
      // a service that never printed its address must not outlive the test
      reject(new Error(`no address within ${timeoutMs / 1000} s: ${out}`));
      stoppedOnPurpose.add(child);
      child.kill('SIGKILL');
    }, timeoutMs);
    deadline.unref();
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearTimeout(deadline);
        resolve({ child, base: m[1]!, log: () => out });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      reject(new Error(`service exited ${signal ?? code}: ${out}`));
      if (stoppedOnPurpose.has(child)) return;
      const s = ((Date.now() - startedAt) / 1000).toFixed(1);
      const who = signal === 'SIGKILL' ? ' (a SIGKILL this helper did not send: the OOM killer or another process)' : '';
      report(`${label} exited by itself (${signal ?? code}) ${s} s after its start${who}; its last output:\n${out.slice(-4000)}\n`);
    });
  });
}

/** SIGKILLs the child and resolves once it is gone. */
export async function killService(child: ChildProcess): Promise<void> {
  stoppedOnPurpose.add(child);
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
