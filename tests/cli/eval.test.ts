import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/context.js';
import { FIXTURES } from '../helpers/data.js';
import { writeSyntheticTemplateFolder } from '../helpers/synthetic-templates.js';

const DATA = FIXTURES;

function io(): CliIo & { out: string; err: string } {
  const r = { out: '', err: '', exitCode: 0, stdout: (t: string) => void (r.out += t), stderr: (t: string) => void (r.err += t) };
  return r;
}

describe('afis eval fvc', () => {
  it('prints the contract JSON for a folder of templates', async () => {
    const o = io();
    const dir = writeSyntheticTemplateFolder(11);
    expect(await runCli(['eval', 'fvc', dir, '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r).toMatchObject({ dataset: dir, images: 80, genuine: 280, impostor: 45, failedToEnrol: 0, extractMsMedian: null });
    for (const k of ['eer', 'fmr100', 'fmr1000', 'zeroFmr']) {
      expect(r[k]).toBeGreaterThanOrEqual(0);
      expect(r[k]).toBeLessThanOrEqual(1);
    }
    expect(r.eer).toBeLessThan(0.05);
    expect(r.compareUsMedian).toBeGreaterThan(0);
    expect(r.allPairs.impostor).toBe(2880);
    expect(r.allPairs.eer).toBeLessThan(0.05);
    expect(r.allPairs.fmr100).toBeGreaterThanOrEqual(0);
  });

  it('counts a file that cannot be enrolled as a failure with scores of 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-eval-'));
    const src = `${DATA}iso19794-2/fvc2002-secugen/DB1_B/`;
    const { readFileSync } = await import('node:fs');
    for (const f of ['101_1', '101_2', '102_1', '102_2']) writeFileSync(join(dir, `${f}.iso`), readFileSync(`${src}${f}.iso`));
    writeFileSync(join(dir, '103_1.iso'), Buffer.from('FMR\0 20\0garbage'));
    writeFileSync(join(dir, '103_2.iso'), readFileSync(`${src}103_2.iso`));
    const o = io();
    expect(await runCli(['eval', 'fvc', dir, '--json'], o)).toBe(0);
    const r = JSON.parse(o.out);
    expect(r).toMatchObject({ images: 6, genuine: 3, impostor: 3, failedToEnrol: 1, failedFiles: ['103_1.iso'] });
    expect(r.allPairs.impostor).toBe(12);
    // 103's genuine pair scored 0, below every impostor score that is positive
    expect(r.zeroFmr).toBeGreaterThanOrEqual(0.333);
  });

  it('prints a table without --json and exits 2 on a missing folder', async () => {
    const o = io();
    expect(await runCli(['eval', 'fvc', writeSyntheticTemplateFolder(12)], o)).toBe(0);
    expect(o.out).toMatch(/all pairs\s+2880/);
    const bad = io();
    expect(await runCli(['eval', 'fvc', '/nonexistent-afis'], bad)).toBe(2);
    expect(bad.err).toMatch(/nonexistent-afis/);
  });
});
