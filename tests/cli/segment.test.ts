/**
 * `afis segment`: slaps cut into fingers, written back as ANSI/NIST-ITL with their 14.021 SEG
 * (synthetic person D's fingers composed into slaps: tests/helpers/slaps.ts).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { buildType14Record, buildType1Record, parseAnsiNist, readSegmentPositions, writeAnsiNist } from '../../src/formats/ansi-nist/index.js';
import { afis } from '../helpers/cli.js';
import { personFinger } from '../helpers/persons.js';
import { composeSlaps } from '../helpers/slaps.js';

describe('afis segment', () => {
  let dir: string;
  let slaps: { position: number; image: Uint8Array }[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'afis-segment-'));
    slaps = await composeSlaps((p) => personFinger('D', p, 2));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an image: the slap as a WSQ Type-14 record with each finger\'s box in 14.021, and the fingertips as PNG', async () => {
    const png = join(dir, 'right.png');
    writeFileSync(png, slaps[0]!.image);
    const r = await afis('segment', png, '--position', '13', '--out', join(dir, 'right.an2'), '--fingers', join(dir, 'tips'));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.slaps).toHaveLength(1);
    expect(report.slaps[0].segments.map((s: { position: number }) => s.position)).toEqual([2, 3, 4, 5]);
    const t = parseAnsiNist(new Uint8Array(readFileSync(join(dir, 'right.an2'))));
    const record = t.records.find((x) => x.type === 14)!;
    expect(readSegmentPositions(record)).toEqual(report.slaps[0].segments);
    const { width, height } = await sharp(slaps[0]!.image).metadata();
    for (const s of readSegmentPositions(record)) {
      expect(s.right - s.left).toBeGreaterThan(100);
      expect(s.bottom - s.top).toBeGreaterThan(100);
      expect(s.right).toBeLessThanOrEqual(width!);
      expect(s.bottom).toBeLessThanOrEqual(height!);
    }
    expect(readdirSync(join(dir, 'tips')).sort()).toEqual(['slap13-finger2.png', 'slap13-finger3.png', 'slap13-finger4.png', 'slap13-finger5.png']);
  }, 180_000);

  it('an ANSI/NIST transaction: each slap record gets its SEG, every other record is written back as it was', async () => {
    const records = [buildType1Record({ transactionType: 'CAR', date: '20261202', destination: 'BEEURODAC', originator: 'BEDESK0001', controlNumber: 'BE-SEG-1' })];
    records.push(buildType14Record({ idc: 1, impression: 1, sourceAgency: 'BEDESK0001', captureDate: '20261202', width: 388, height: 374, ppi: 500, compression: 'WSQ20', position: 1, data: personFinger('D', 1, 1) }));
    // the right slap and the thumbs (each slap costs a decode and a cut: kept to two under a loaded CI)
    for (const [k, s] of [slaps[0]!, slaps[2]!].entries()) {
      const { width, height } = await sharp(s.image).metadata();
      records.push(buildType14Record({ idc: k + 2, impression: 0, sourceAgency: 'BEDESK0001', captureDate: '20261202', width: width!, height: height!, ppi: 500, compression: 'PNG', position: s.position, data: s.image }));
    }
    const file = join(dir, 'card.an2');
    writeFileSync(file, writeAnsiNist({ records }));
    const r = await afis('segment', file, '--out', join(dir, 'card-seg.an2'));
    expect(r.code, r.stderr).toBe(0);
    const out = parseAnsiNist(new Uint8Array(readFileSync(join(dir, 'card-seg.an2')))).records;
    const before = parseAnsiNist(new Uint8Array(readFileSync(file))).records;
    expect(out).toHaveLength(before.length);
    // the rolled finger untouched (image bytes compared as buffers: deep equality of megabytes is slow)
    const same = (a?: Uint8Array, b?: Uint8Array): boolean => a !== undefined && b !== undefined && Buffer.compare(a, b) === 0;
    expect(out[1]!.fields).toEqual(before[1]!.fields);
    expect(same(out[1]!.data, before[1]!.data)).toBe(true);
    expect(out.slice(2).map((x) => readSegmentPositions(x).map((s) => s.position))).toEqual([[2, 3, 4, 5], [1, 6]]);
    for (const [k, x] of out.slice(2).entries()) {
      expect(same(x.data, before[k + 2]!.data)).toBe(true);
      // the same fields apart from the record length (1) and the SEG added (21)
      expect(x.fields.filter((f) => f.tag !== 1 && f.tag !== 21)).toEqual(before[k + 2]!.fields.filter((f) => f.tag !== 1));
    }
  }, 180_000);

  it('an image without --position, or a file that is neither, is a usage error', async () => {
    const png = join(dir, 'thumbs.png');
    writeFileSync(png, slaps[2]!.image);
    const r = await afis('segment', png);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--position 13, 14 or 15.*\(AFIS_CLI_USAGE\)/);
    writeFileSync(join(dir, 'junk.bin'), 'not a slap');
    expect((await afis('segment', join(dir, 'junk.bin'), '--position', '15')).code).toBe(2);
    expect((await afis('segment', png, '--position', '3')).stderr).toMatch(/AFIS_CLI_USAGE/);
  });
});
