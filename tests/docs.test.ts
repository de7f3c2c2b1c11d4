import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../src/config/index.js';
import { ERROR_TABLE } from '../src/core/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the two commands of the contract', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
  it('documents every environment variable', () => {
    for (const e of ENVIRONMENT) expect(readme, e.name).toContain(`\`${e.name}\``);
  });
  it('documents every error code with its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_TABLE)) expect(readme, code).toContain(`| \`${code}\` | ${status} |`);
  });
});
