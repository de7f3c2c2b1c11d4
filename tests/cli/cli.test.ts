import { describe, expect, it } from 'vitest';
import { afis } from '../helpers/cli.js';

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
});
