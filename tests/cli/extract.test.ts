import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { templateFromJson } from '../../src/templates/index.js';
import { afis } from '../helpers/cli.js';
import { SFINGE_IMAGES } from '../helpers/data.js';

const image = SFINGE_IMAGES[0]!;
const dir = mkdtempSync(join(tmpdir(), 'afis-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('afis extract', () => {
  it('prints a JSON template, with its orientation map, that afis match reads back', async () => {
    const r = await afis('extract', image);
    expect(r.code).toBe(0);
    const t = templateFromJson(JSON.parse(r.stdout));
    expect(t.minutiae.length).toBeGreaterThan(15);
    expect(t.orientationMap?.codes.some((c) => c > 0)).toBe(true);
    const file = join(dir, 'a.json');
    writeFileSync(file, r.stdout);
    const m = await afis('match', file, image);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/score/);
  });

  it('writes an ISO/IEC 19794-2 record to a file', async () => {
    const out = join(dir, 'a.iso');
    const r = await afis('extract', image, '--format', 'iso19794-2', '-o', out);
    expect(r.code).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('FMR\0');
    expect(r.stderr).toMatch(/minutiae/);
  });

  it('writes an INCITS 378 record', async () => {
    const out = join(dir, 'a.incits');
    expect((await afis('extract', image, '--format', 'incits378', '-o', out)).code).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString('latin1')).toBe('FMR\0');
  });

  it('writes every stage as a PNG with --debug', async () => {
    const dbg = join(dir, 'debug');
    const r = await afis('extract', image, '--debug', dbg);
    expect(r.code).toBe(0);
    const files = readdirSync(dbg);
    for (const stage of ['mask', 'orientation.lines', 'enhanced', 'skeleton.ridges', 'minutiae']) {
      expect(files.some((f) => f.endsWith('.png') && f.includes(stage)), stage).toBe(true);
    }
  });

  it('refuses an unknown format, a missing file and a blank image with exit code 2', async () => {
    expect((await afis('extract', image, '--format', 'xml')).code).toBe(2);
    const missing = await afis('extract', join(dir, 'nope.png'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.png/);
    expect((await afis('extract', image, '--ppi', '0')).code).toBe(2);
    const blankPath = join(dir, 'blank.png');
    await sharp(Buffer.alloc(300 * 300, 255), { raw: { width: 300, height: 300, channels: 1 } }).png().toFile(blankPath);
    const blank = await afis('extract', blankPath);
    expect(blank.code).toBe(2);
    expect(blank.stderr).toMatch(/blank\.png: no fingerprint found/);
  });
});
