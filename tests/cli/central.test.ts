import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { afis } from '../helpers/cli.js';

describe('afis central', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-central-cli-'));
  afterEach(() => {
    delete process.env.AFIS_CENTRAL_URL;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is listed with its options', async () => {
    const help = await afis('central', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--port <n>[\s\S]*--data <dir>[\s\S]*--redis <url>/);
  });

  it('refuses to be a national service at the same time (AFIS_CENTRAL_URL): one line, exit 2', async () => {
    process.env.AFIS_CENTRAL_URL = 'http://127.0.0.1:9';
    const r = await afis('central', '--port', '0', '--data', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AFIS_CENTRAL_URL.*\(AFIS_CONFIG_INVALID\)/);
  });
});
