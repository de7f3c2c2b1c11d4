import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWsq } from '../../src/formats/wsq/index.js';
import { afis } from '../helpers/cli.js';
import { SFINGE_IMAGES, fixturePath } from '../helpers/data.js';

const dir = mkdtempSync(join(tmpdir(), 'afis-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function grey(path: string): Promise<{ width: number; height: number; data: Buffer; channels: number; density: number | undefined }> {
  const meta = await sharp(path).metadata();
  const { data, info } = await sharp(path).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data, channels: meta.channels ?? 0, density: meta.density };
}

describe('afis convert', () => {
  it('converts a WSQ capture to an 8-bit grey PNG at 500 ppi holding the decoded pixels', async () => {
    const out = join(dir, 'db1.png');
    const r = await afis('convert', fixturePath('wsq-nbis/fvc2002-DB1_B-101_1.wsq'), out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('388x374');
    const png = await grey(out);
    expect([png.width, png.height, png.channels, png.density]).toEqual([388, 374, 1, 500]);
    const reference = await grey(fixturePath('wsq-nbis/fvc2002-DB1_B-101_1.dwsq.png'));
    let max = 0;
    for (let i = 0; i < png.data.length; i++) max = Math.max(max, Math.abs(png.data[i]! - reference.data[i]!));
    expect(max).toBeLessThanOrEqual(1);
  });

  it('converts a TIFF to WSQ and raw, and a PNG back', async () => {
    const tif = join(dir, 'finger.tif');
    await sharp(SFINGE_IMAGES[2]!).greyscale().tiff().toFile(tif);
    const wsq = join(dir, 'finger.wsq');
    expect((await afis('convert', tif, wsq)).code).toBe(0);
    const decoded = decodeWsq(new Uint8Array(readFileSync(wsq)));
    expect([decoded.image.width, decoded.image.height, decoded.ppi]).toEqual([288, 384, 500]);
    expect(readFileSync(wsq).length).toBeLessThan((288 * 384) / 10);

    const raw = join(dir, 'finger.raw');
    const r = await afis('convert', wsq, raw);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('288x384');
    expect(Buffer.from(readFileSync(raw)).equals(Buffer.from(decoded.image.data))).toBe(true);

    const png = join(dir, 'probe.png');
    expect((await afis('convert', fixturePath('sourceafis-fixtures/probe.jpeg'), png)).code).toBe(0);
    expect((await grey(png)).channels).toBe(1);
  });

  it('resamples to 500 ppi when --ppi states another resolution', async () => {
    const out = join(dir, 'at569.raw');
    const r = await afis('convert', SFINGE_IMAGES[0]!, out, '--ppi', '569');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('resampled from 569 ppi');
    expect(readFileSync(out).length).toBe(Math.round((288 * 500) / 569) * Math.round((384 * 500) / 569));
  });

  it('fails with one line and exit 2 on user mistakes', async () => {
    const cases: string[][] = [
      ['convert', SFINGE_IMAGES[0]!, join(dir, 'out.gif')],
      ['convert', SFINGE_IMAGES[0]!, join(dir, 'noext')],
      ['convert', join(dir, 'missing.wsq'), join(dir, 'out.png')],
      ['convert', SFINGE_IMAGES[0]!, join(dir, 'out.png'), '--ppi', 'abc'],
    ];
    const broken = join(dir, 'broken.wsq');
    const bytes = readFileSync(fixturePath('wsq-nbis/fvc2002-DB1_B-101_1.wsq'));
    writeFileSync(broken, bytes.subarray(0, 3000));
    cases.push(['convert', broken, join(dir, 'out.png')]);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not an image');
    cases.push(['convert', text, join(dir, 'out.png')]);
    for (const argv of cases) {
      const r = await afis(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^afis: /);
    }
    expect((await afis('convert', broken, join(dir, 'out.png'))).stderr).toContain('broken.wsq');
  });
});
