import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type CliIo } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/main.js';
import { buildType1Record, buildType9Record, writeAnsiNist } from '../../src/formats/ansi-nist/index.js';
import { writeIncits378 } from '../../src/formats/incits378/index.js';
import { parseIso19794_2, recordToInput } from '../../src/formats/iso19794-2/index.js';
import { FIXTURES, SFINGE_IMAGES } from '../helpers/data.js';

const DATA = FIXTURES;

async function inspect(path: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, exitCode: 0 };
  const code = await runCli(['inspect', path], io);
  return { code, out, err };
}

describe('afis inspect', () => {
  it('describes an ANSI/NIST-ITL transaction: records, fields, binary data by length', async () => {
    const { code, out, err } = await inspect(`${DATA}ansi-nist/nist-fingerprint-sample/sample.eft`);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.format).toBe('ansi-nist-itl');
    expect(j.version).toBe('0502');
    expect(j.records.map((r: { type: number }) => r.type)).toEqual([1, 2, 4]);
    expect(j.records[1].fields['2.018']).toBe('SCOTT,MICHAEL');
    expect(j.records[0].fields['1.003']).toEqual([['1', '2'], ['2', '0'], ['4', '1']]);
    expect(j.records[2].data).toEqual({ bytes: 23717, compression: 'wsq' });
    expect(j.fingers[0]).toMatchObject({ recordIndex: 3, position: 6, impression: 'rolled', width: 545, height: 622, ppi: 500 });
    expect(out.length).toBeLessThan(20_000); // the image is described, not dumped
  });

  it('lists a Type-9 INCITS 378 block\'s minutiae as stored in 9.137 (INCITS 378 placement), like the FMR views', async () => {
    const t = { width: 300, height: 300, ppi: 500, quality: 50, minutiae: [{ x: 150, y: 150, angle: 0, type: 'bifurcation' as const, quality: 70 }] };
    const bytes = writeAnsiNist({
      records: [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'X', originator: 'Y', controlNumber: 'Z' }),
        buildType9Record(t, { idc: 1, impression: 0, fingerPosition: 2 }),
      ],
    });
    const path = join(mkdtempSync(join(tmpdir(), 'afis-inspect-')), 'type9.an2');
    writeFileSync(path, bytes);
    const { code, out } = await inspect(path);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    const stored = j.records[1].fields['9.137'];
    expect(j.records[1].minutiae.list[0]).toMatchObject({ x: Number(stored[1]), y: Number(stored[2]), type: 'bifurcation' });
    expect(j.records[1].minutiae.list[0].x).toBe(144); // 150 − 0.31 mm at 500.38 ppi (6.1 px), rounded
  });

  it('describes opaque records and Type-10/13/14 images of valid1.11', async () => {
    const { code, out } = await inspect(`${DATA}ansi-nist/valid1.11.an2`);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.records.map((r: { type: number }) => r.type)).toEqual([1, 2, 4, 10, 13, 14, 15, 16, 17, 99]);
    expect(j.records[3].data.compression).toBe('jpeg');
    expect(j.records[9].keptAsOpaqueBytes).toBeGreaterThan(0);
  });

  it('describes an ISO/IEC 19794-2 template with its minutiae', async () => {
    const { code, out } = await inspect(`${DATA}iso19794-2/fvc2002-secugen/DB1_B/101_1.iso`);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ format: 'iso19794-2:2005', width: 300, height: 400, resolutionPixelsPerCm: { x: 197, y: 197 } });
    expect(j.views[0].minutiaeCount).toBe(25);
    expect(j.views[0].minutiae[0]).toEqual({ x: 165, y: 48, angleDegrees: 150.47, type: 'bifurcation', quality: 0 });
  });

  it('describes a WSQ stream: size, resolution, comments', async () => {
    const { code, out } = await inspect(`${DATA}wsq-nbis/fvc2002-DB1_B-101_1.wsq`);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ format: 'wsq', width: 388, height: 374, ppi: 500 });
    expect(j.comments.length).toBeGreaterThan(0);
  });

  it('describes an image file', async () => {
    const tif = join(mkdtempSync(join(tmpdir(), 'afis-inspect-')), 'finger.tif');
    await sharp(SFINGE_IMAGES[0]!).greyscale().tiff().toFile(tif);
    const { code, out } = await inspect(tif);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ format: 'tiff', width: 288, height: 384 });
  });

  it('rejects an unknown file with one line and exit 2', async () => {
    const { code, out, err } = await inspect(`${DATA}README.md`);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n').length).toBe(1);
    expect(err).toMatch(/README\.md: not a supported file/);
  });

  it('rejects a truncated template with one line and exit 2', async () => {
    const { code, err } = await inspect(`${DATA}iso19794-2/invalid/101_1_truncate_2_bytes.iso`);
    expect(code).toBe(2);
    expect(err).toMatch(/truncate_2_bytes\.iso: ISO\/IEC 19794-2:2005 record is truncated/);
  });

  it('rejects a missing file with exit 2', async () => {
    const { code, err } = await inspect(`${DATA}no-such-file.an2`);
    expect(code).toBe(2);
    expect(err).toMatch(/no such file/);
  });
});

describe('afis inspect on INCITS 378', () => {
  it('describes an INCITS 378 record written from an ISO one', async () => {
    const dir = mkdtempSync(`${tmpdir()}/afis-inspect-`);
    const path = `${dir}/101_1.incits`;
    writeFileSync(path, writeIncits378(recordToInput(parseIso19794_2(readFileSync(`${DATA}iso19794-2/fvc2002-secugen/DB1_B/101_1.iso`)))));
    const { code, out } = await inspect(path);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j).toMatchObject({ format: 'incits378-2004', width: 300, height: 400, product: { owner: 0, type: 0 } });
    expect(j.views[0].minutiaeCount).toBe(25);
    expect(j.views[0].minutiae[0]).toMatchObject({ x: 165, y: 48, type: 'bifurcation' });
  });
});
