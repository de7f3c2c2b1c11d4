import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../src/config/index.js';
import { ERROR_TABLE } from '../src/core/index.js';
import { SCORE_CALIBRATION } from '../src/matching/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('shows the two commands of the contract', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });
  it('documents every environment variable', () => {
    for (const e of ENVIRONMENT) expect(readme, e.name).toContain(`\`${e.name}\``);
  });
  it('states the measured score of FMR 1 %, 0.1 %, 0.01 % and 0.001 % as the calibration table has it', () => {
    for (const [fmr, label] of [[0.01, '1 %'], [0.001, '0.1 %'], [0.0001, '0.01 %'], [0.00001, '0.001 %']] as const) {
      const p = SCORE_CALIBRATION.points.find((q) => Math.abs(q.fmr - fmr) < fmr * 1e-6);
      expect(p, label).toBeDefined();
      expect(readme, label).toContain(`| ${label} | ${p!.score.toFixed(1)} | ${(p!.tmr * 100).toFixed(1)} % |`);
    }
  });

  it('documents every error code with its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_TABLE)) expect(readme, code).toContain(`| \`${code}\` | ${status} |`);
  });
});
