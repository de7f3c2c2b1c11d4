import { describe, expect, it } from 'vitest';
import { formatWsqBenchTable } from '../../../src/cli/commands/bench-wsq.js';
import { afis } from '../../helpers/cli.js';
import { SHARED_DATA, itWithData } from '../../helpers/data.js';

describe('afis bench wsq', () => {
  it('codes the committed synthetic images by default and says so', async () => {
    const r = await afis('bench', 'wsq', '--json', '--repeat', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect([result.images, result.referenceFiles]).toEqual([4, 5]);
    expect(result.data).toMatch(/^synthetic images/);
    expect(result.meanRatio).toBeGreaterThan(10);
    expect(formatWsqBenchTable(result)).toContain('synthetic images');
  });

  itWithData('prints speed and compression figures as JSON, or as a table (FVC2002 with --data)', async () => {
    const r = await afis('bench', 'wsq', '--json', '--data', SHARED_DATA, '--per-set', '2', '--repeat', '1');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.images).toBe(8);
    expect(result.referenceFiles).toBe(5);
    for (const key of ['encodeMpPerSecond', 'decodeMpPerSecond', 'referenceDecodeMpPerSecond', 'encodeMpPerCpuSecond', 'decodeMpPerCpuSecond']) expect(result[key]).toBeGreaterThan(0);
    expect(result.meanRatio).toBeGreaterThan(10);
    expect(result.sets.map((s: { set: string }) => s.set)).toEqual(['DB1_B', 'DB2_B', 'DB3_B', 'DB4_B']);
    const table = formatWsqBenchTable(result);
    expect(table).toContain('MP/s');
    expect(table.split('\n').filter((l) => /DB[1-4]_B/.test(l))).toHaveLength(4);
  });

  it('refuses a bad bit rate', async () => {
    const bad = await afis('bench', 'wsq', '--bit-rate', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--bit-rate');
  });
});
