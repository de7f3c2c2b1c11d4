/**
 * `afis synth` (issue 11): the folder layout `afis eval fvc` reads, truth next to each image,
 * one ANSI/NIST-ITL transaction per person that the HTTP intake accepts, identical files for
 * a seed, no partial files left, and usage mistakes exit 2.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnsiNist } from '../../src/formats/ansi-nist/index.js';
import { afis } from '../helpers/cli.js';
import { startTestApp } from '../helpers/app.js';

const root = mkdtempSync(join(tmpdir(), 'afis-synth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('afis synth', () => {
  const out = join(root, 'a');

  it('writes F_I images, their truth, and a ten-print transaction per person', async () => {
    const r = await afis('synth', '--subjects', '2', '--impressions', '2', '--style', 'mixed', '--seed', '5', '--threads', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('4 images of 2 persons');
    const names = readdirSync(out).sort();
    expect(names).toEqual(['1_1.png', '1_2.png', '2_1.png', '2_2.png', 'persons', 'synth.json', 'truth']);
    expect(readdirSync(join(out, 'persons')).sort()).toEqual(['0001.an2', '0001.json', '0002.an2', '0002.json']);
    expect(readdirSync(out).concat(readdirSync(join(out, 'truth'))).some((n) => n.includes('.partial-'))).toBe(false);
    const truth = JSON.parse(readFileSync(join(out, 'truth', '1_2.json'), 'utf8'));
    expect(truth).toMatchObject({ format: 'afis-synthetic-truth/1', seed: 5, subject: 1, impression: 2, ppi: 500, position: 1 });
    expect(truth.minutiae.length).toBeGreaterThan(5);
    expect(truth.mask.rows.length).toBe(Math.ceil(truth.height / 8));
    const t = parseAnsiNist(new Uint8Array(readFileSync(join(out, 'persons', '0002.an2'))));
    expect(t.records.filter((x) => x.type === 14).map((x) => Number(x.fields.find((f) => f.tag === 13)!.subfields[0]![0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('gives the same bytes for the same seed', async () => {
    const again = join(root, 'b');
    const r = await afis('synth', '--subjects', '2', '--impressions', '2', '--style', 'mixed', '--seed', '5', '--threads', '1', '--out', again);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['1_1.png', '2_2.png', 'truth/2_1.json', 'persons/0001.an2']) {
      expect(readFileSync(join(again, f)).equals(readFileSync(join(out, f))), f).toBe(true);
    }
  });

  it('a synthetic person goes through POST /v1/transactions', async () => {
    const test = await startTestApp({ AFIS_API_KEYS: 'desk:desk-key-synth' });
    try {
      const r = await test.app.inject({
        method: 'POST', url: '/v1/transactions?category=1&memberState=BE',
        headers: { authorization: 'Bearer desk-key-synth', 'content-type': 'application/vnd.ansi-nist' },
        payload: readFileSync(join(out, 'persons', '0001.an2')),
      });
      expect(r.statusCode, r.body).toBe(202);
      expect(r.json().quality.map((q: { position: number }) => q.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await test.runtime.service.whenIdle();
    } finally {
      await test.close();
    }
  });

  for (const args of [
    ['--subjects', '0', '--out', join(root, 'x')],
    ['--subjects', '2', '--style', 'pencil', '--out', join(root, 'x')],
    ['--subjects', '2', '--seed', '-1', '--out', join(root, 'x')],
    ['--subjects', '2', '--impressions', 'many', '--out', join(root, 'x')],
    ['--subjects', '2', '--format', 'jpeg', '--out', join(root, 'x')],
    ['--subjects', '2'],
  ]) {
    it(`exits 2 on a usage mistake: ${args.join(' ')}`, async () => {
      const r = await afis('synth', ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
