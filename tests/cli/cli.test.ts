import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { afis } from '../helpers/cli.js';

const distMain = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

describe('the afis command', () => {
  it('--help lists every command of the contract', async () => {
    const r = await afis('--help');
    expect(r.code).toBe(0);
    for (const c of ['serve', 'extract', 'match', 'eval', 'convert', 'inspect', 'bench', 'audit']) expect(r.stdout).toContain(c);
  });

  it('every subcommand has --help', async () => {
    for (const c of [['serve'], ['extract'], ['match'], ['eval', 'fvc'], ['convert'], ['inspect'], ['bench', 'match'], ['bench', 'search'], ['audit', 'verify']]) {
      const r = await afis(...c, '--help');
      expect(r.code, c.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: afis /);
    }
  });

  it('a bad flag or a missing argument is one line on stderr and exit 2', async () => {
    for (const args of [['--bogus'], ['serve', '--bogus'], ['match', 'only-one-file'], ['frobnicate']]) {
      const r = await afis(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a command loads only its own libraries: `afis match` needs neither Redis, NATS nor LMDB', async () => {
    // a fresh process runs the built CLI, then lists the CommonJS packages it loaded
    const script = `
      import { createRequire } from 'node:module';
      const { runCli } = await import(${JSON.stringify(distMain)});
      const io = { stdout: () => {}, stderr: () => {}, exitCode: 0 };
      const code = await runCli(process.argv.slice(1), io);
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      process.stdout.write(JSON.stringify({ code, loaded }));`;
    const run = async (...argv: string[]) => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, '--', ...argv]);
      const r = JSON.parse(stdout) as { code: number; loaded: string[] };
      return { code: r.code, uses: (pkg: string) => r.loaded.some((f) => f.includes(`/node_modules/${pkg}/`)) };
    };
    const match = await run('match', '--help');
    expect(match.code).toBe(0);
    for (const pkg of ['ioredis', 'nats', 'lmdb', 'prom-client']) expect(match.uses(pkg), pkg).toBe(false);
    // the whole program (help over every command) still loads them: the check above can fail
    const all = await run('--help');
    expect(all.code).toBe(0);
    expect(all.uses('ioredis')).toBe(true);
  });
});

