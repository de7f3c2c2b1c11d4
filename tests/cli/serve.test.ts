import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Starts the built service (npm test builds first) on a free port and waits for its address. */
function startService(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'afis-serve-'));
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'afis.js'), 'serve', '--port', '0', '--data', dir, ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const address = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`no address within 20 s: ${out} ${err}`)), 20_000).unref();
  });
  address.catch(() => {}); // awaited by the tests that need it
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, address, exited, cleanup: () => rmSync(dir, { recursive: true, force: true }), output: () => out + err };
}

describe('afis serve', () => {
  it('answers /health within 20 s and shuts down cleanly on SIGTERM', async () => {
    const s = startService([]);
    try {
      const base = await s.address;
      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      s.child.kill('SIGTERM');
      expect(await s.exited).toBe(0);
      expect(s.output()).toContain('afis stopped');
    } finally {
      s.child.kill('SIGKILL');
      s.cleanup();
    }
  });

  it('refuses a bad configuration value with one clear line and exit 2', async () => {
    const s = startService([], { AFIS_REGIME: 'nonsense' });
    const code = await s.exited;
    s.cleanup();
    expect(code).toBe(2);
    expect(s.output()).toContain('AFIS_REGIME');
  });
});
