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
  it('has the configuration table row for row as ENVIRONMENT says (flag, default and meaning)', () => {
    for (const e of ENVIRONMENT) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${e.name}\` |`));
      expect(row, e.name).toBe(`| \`${e.name}\` | ${e.flag ? `\`${e.flag}\` ` : ''}| ${e.default} | ${e.meaning} |`);
    }
  });
  it('states the measured score of FMR 1 %, 0.1 % and 0.01 % as the calibration table has it', () => {
    for (const [fmr, label] of [[0.01, '1 %'], [0.001, '0.1 %'], [0.0001, '0.01 %']] as const) {
      const p = SCORE_CALIBRATION.points.find((q) => Math.abs(q.fmr - fmr) < fmr * 1e-6);
      expect(p, label).toBeDefined();
      expect(readme, label).toContain(`| ${label} | ${p!.score.toFixed(1)} | ${(p!.tmr * 100).toFixed(1)} % |`);
    }
  });

  it('quotes the held-out FMR beside the fitted table and says what is not calibrated (issue 12, part 6)', () => {
    expect(readme).toContain('| FMR (one finger) | accept when score ≥ | genuine accepted (the fit\'s clean and perturbed pairs) | held out, real sensors: realised FMR [95 %] | held out, with the synthetic DB4 |');
    const finest = SCORE_CALIBRATION.points.find((q) => Math.abs(q.fmr - 0.0001) < 1e-10)!;
    expect(readme).toContain(`| 0.01 % | ${finest.score.toFixed(1)} | ${(finest.tmr * 100).toFixed(1)} % | not resolved`);
    expect(readme).toMatch(/Rolled against plain prints is not calibrated/);
  });

  it('quotes no one-finger FMR below what the impostor pairs measure (issue 12, part 6)', () => {
    // a level is measured when at least a few distinct impostor pairs reach its threshold: the
    // table's comparisons are ordered pairs, so distinct pairs are half of them
    const distinctPairs = SCORE_CALIBRATION.impostorComparisons / 2;
    for (const p of SCORE_CALIBRATION.points.filter((q) => q.fmr * distinctPairs < 3)) {
      const label = `${Number((p.fmr * 100).toPrecision(3))} %`;
      expect(readme, label).not.toMatch(new RegExp(`\\| ${label.replace('.', '\\.')} \\| ${p.score.toFixed(1).replace('.', '\\.')} \\|`));
    }
  });

  it('documents every error code with its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_TABLE)) expect(readme, code).toContain(`| \`${code}\` | ${status} |`);
  });
});
