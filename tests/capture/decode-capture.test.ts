import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodeCapture, decodeCaptureDetailed, detectCaptureFormat } from '../../src/capture/index.js';
import { AfisError } from '../../src/core/index.js';
import { readFileSync } from 'node:fs';
import { CAPTURE_PARAMETERS } from '../../src/config/parameters.js';
import { SFINGE_IMAGES, describeWithData, listFixtures, listShared, readFixture, readShared } from '../helpers/data.js';

/** A synthetic finger (tests/fixtures/sfinge) as an 8-bit grey TIFF, 288 × 384. */
const syntheticTiff = async (): Promise<Uint8Array> => new Uint8Array(await sharp(readFileSync(SFINGE_IMAGES[0]!)).greyscale().tiff().toBuffer());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AfisError);
    return (err as AfisError).code;
  }
  throw new Error('expected a rejection');
}

describeWithData('decodeCapture on the FVC2002 images (data folder)', () => {
  const sets: Array<[string, number, number, number | undefined]> = [
    ['DB1_B', 388, 374, undefined],
    ['DB2_B', 296, 560, 569],
    ['DB3_B', 300, 300, undefined],
    ['DB4_B', 288, 384, undefined],
  ];
  for (const [set, w, h, ppi] of sets) {
    it(`decodes every ${set} TIFF to grey at 500 ppi with the right size`, async () => {
      const files = listShared('fvc2002', set).filter((f) => f.endsWith('.tif'));
      expect(files).toHaveLength(80);
      const ew = ppi ? Math.round((w * 500) / ppi) : w;
      const eh = ppi ? Math.round((h * 500) / ppi) : h;
      for (const f of files) {
        const d = await decodeCaptureDetailed(readShared('fvc2002', set, f), ppi ? { ppi } : {});
        expect(d.format).toBe('tiff');
        expect(d.image.ppi).toBe(500);
        expect([d.image.width, d.image.height]).toEqual([ew, eh]);
        expect(d.image.data.length).toBe(ew * eh);
        expect([d.sourceWidth, d.sourceHeight]).toEqual([w, h]);
      }
    });
  }

});

describe('decodeCapture on TIFF', () => {
  it('keeps the pixels of a 500 ppi TIFF unchanged', async () => {
    const bytes = await syntheticTiff();
    const img = await decodeCapture(bytes);
    const ref = await sharp(bytes).extractChannel(0).raw().toBuffer();
    expect(Buffer.compare(Buffer.from(img.data), ref)).toBe(0);
  });
});

describe('decodeCapture on the SourceAFIS fixtures', () => {
  it('decodes the PNG, JPEG and BMP encodings of the probe to the same grey finger', async () => {
    const png = await decodeCaptureDetailed(readFixture('sourceafis-fixtures', 'probe.png'));
    const jpeg = await decodeCaptureDetailed(readFixture('sourceafis-fixtures', 'probe.jpeg'));
    const bmp = await decodeCaptureDetailed(readFixture('sourceafis-fixtures', 'probe.bmp'));
    for (const d of [png, jpeg, bmp]) {
      expect([d.image.width, d.image.height, d.image.ppi]).toEqual([388, 374, 500]);
      // 72 dpi in the PNG/JPEG headers is a screen default, not a scanner resolution
      expect(d.ppiSource).toBe('default');
    }
    expect([png.format, jpeg.format, bmp.format]).toEqual(['png', 'jpeg', 'bmp']);
    // PNG and BMP are lossless copies: identical grey; JPEG is close
    let maxPngBmp = 0;
    let sumJpeg = 0;
    for (let i = 0; i < png.image.data.length; i++) {
      maxPngBmp = Math.max(maxPngBmp, Math.abs(png.image.data[i]! - bmp.image.data[i]!));
      sumJpeg += Math.abs(png.image.data[i]! - jpeg.image.data[i]!);
    }
    expect(maxPngBmp).toBeLessThanOrEqual(1);
    expect(sumJpeg / png.image.data.length).toBeLessThan(8);
  });

  it('decodes every image fixture to grey', async () => {
    for (const f of listFixtures('sourceafis-fixtures').filter((n) => /\.(png|jpe?g|bmp)$/.test(n))) {
      const img = await decodeCapture(readFixture('sourceafis-fixtures', f));
      expect(img.ppi).toBe(500);
      expect(img.data.length).toBe(img.width * img.height);
      expect(img.width).toBeGreaterThan(300);
    }
  });
});

describe('decodeCapture options', () => {
  it('reads raw grey with declared size and resamples declared resolutions', async () => {
    const raw = new Uint8Array(400 * 200).map((_, i) => i % 251);
    const same = await decodeCapture(raw, { format: 'raw', width: 400, height: 200 });
    expect([same.width, same.height]).toEqual([400, 200]);
    expect(same.data).toEqual(raw);
    const down = await decodeCapture(raw, { format: 'raw', width: 400, height: 200, ppi: 1000 });
    expect([down.width, down.height]).toEqual([200, 100]);
    expect(await codeOf(decodeCapture(raw, { format: 'raw', width: 400 }))).toBe('AFIS_CAPTURE_BAD_PARAMETERS');
    expect(await codeOf(decodeCapture(raw.subarray(1), { format: 'raw', width: 400, height: 200 }))).toBe('AFIS_CAPTURE_TRUNCATED');
    expect(await codeOf(decodeCapture(raw, { format: 'raw', width: 400, height: 200, ppi: 30 }))).toBe('AFIS_CAPTURE_BAD_PARAMETERS');
  });

  it('refuses a declared format that contradicts the bytes', async () => {
    expect(await codeOf(decodeCapture(readFixture('sourceafis-fixtures', 'probe.png'), { format: 'jpeg' }))).toBe('AFIS_CAPTURE_UNSUPPORTED_FORMAT');
  });

  it('detects formats from their signatures', () => {
    expect(detectCaptureFormat(readFixture('sourceafis-fixtures', 'wsq-original.wsq'))).toBe('wsq');
    expect(detectCaptureFormat(readFixture('ansi-nist', 'valid1.1.an2'))).toBe('ansi-nist');
    expect(detectCaptureFormat(new TextEncoder().encode('hello'))).toBeUndefined();
  });
});

describe('decodeCapture on broken input', () => {
  const png = readFixture('sourceafis-fixtures', 'probe.png');

  it('zero bytes → AFIS_CAPTURE_EMPTY', async () => {
    expect(await codeOf(decodeCapture(new Uint8Array(0)))).toBe('AFIS_CAPTURE_EMPTY');
  });
  it('a text file → AFIS_CAPTURE_UNSUPPORTED_FORMAT', async () => {
    expect(await codeOf(decodeCapture(new TextEncoder().encode('this is not an image\n')))).toBe('AFIS_CAPTURE_UNSUPPORTED_FORMAT');
  });
  it('a truncated PNG → AFIS_CAPTURE_TRUNCATED', async () => {
    for (const cut of [20, 100, 5000, Math.floor(png.length / 2)]) {
      expect(await codeOf(decodeCapture(png.subarray(0, cut)))).toBe('AFIS_CAPTURE_TRUNCATED');
    }
  });
  it('a truncated JPEG, TIFF or BMP → a typed error', async () => {
    const jpeg = readFixture('sourceafis-fixtures', 'probe.jpeg');
    const tif = await syntheticTiff();
    const bmp = readFixture('sourceafis-fixtures', 'probe.bmp');
    expect(await codeOf(decodeCapture(jpeg.subarray(0, jpeg.length >> 1)))).toBe('AFIS_CAPTURE_TRUNCATED');
    expect(['AFIS_CAPTURE_TRUNCATED', 'AFIS_CAPTURE_CORRUPT']).toContain(await codeOf(decodeCapture(tif.subarray(0, tif.length >> 1))));
    expect(await codeOf(decodeCapture(bmp.subarray(0, bmp.length >> 1)))).toBe('AFIS_CAPTURE_TRUNCATED');
  });
  it('a 100000 x 100000 PNG header → AFIS_CAPTURE_TOO_LARGE before decoding', async () => {
    const big = Buffer.from(png);
    big.writeUInt32BE(100000, 16);
    big.writeUInt32BE(100000, 20);
    expect(await codeOf(decodeCapture(big))).toBe('AFIS_CAPTURE_TOO_LARGE');
  });
  it('a 100000 x 100000 BMP header → AFIS_CAPTURE_TOO_LARGE', async () => {
    const big = Buffer.from(readFixture('sourceafis-fixtures', 'probe.bmp'));
    big.writeInt32LE(100000, 18);
    big.writeInt32LE(100000, 22);
    expect(await codeOf(decodeCapture(big))).toBe('AFIS_CAPTURE_TOO_LARGE');
  });
  it('bytes above the byte limit → AFIS_CAPTURE_TOO_LARGE', async () => {
    const limits = { ...CAPTURE_PARAMETERS, maxBytes: 1000, maxPixels: 1e7 };
    expect(await codeOf(decodeCapture(png, { limits }))).toBe('AFIS_CAPTURE_TOO_LARGE');
  });
  it('the pixel limit holds after resampling: a low declared resolution cannot multiply the pixels (issue 10)', async () => {
    // 1800 × 1800 is 3.2 MP, under a 4 MP limit; at a declared 400 ppi it would become 2250 × 2250 = 5.1 MP
    const limits = { ...CAPTURE_PARAMETERS, maxPixels: 4_000_000 };
    const big = await sharp({ create: { width: 1800, height: 1800, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();
    expect(await codeOf(decodeCapture(big, { ppi: 400, limits }))).toBe('AFIS_CAPTURE_TOO_LARGE');
    // the same pixels at 500 ppi are accepted
    await expect(decodeCapture(big, { ppi: 500, limits })).resolves.toMatchObject({ width: 1800, height: 1800 });
    // the case: 4000 × 4000 declared at 250 ppi (16 in a side, 64 MP once resampled) is refused before any resampling
    const huge = await sharp({ create: { width: 4000, height: 4000, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();
    expect(await codeOf(decodeCapture(huge, { ppi: 250 }))).toBe('AFIS_CAPTURE_BAD_PARAMETERS');
  });
  it('a declared resolution that makes the image larger than a ten-print card → AFIS_CAPTURE_BAD_PARAMETERS', async () => {
    // 2100 px at 250 ppi is 8.4 in; resampled it would be 4200 px a side (17.6 MP)
    const wide = await sharp({ create: { width: 2100, height: 400, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();
    expect(await codeOf(decodeCapture(wide, { ppi: 250 }))).toBe('AFIS_CAPTURE_BAD_PARAMETERS');
    await expect(decodeCapture(wide, { ppi: 1000 })).resolves.toMatchObject({ width: 1050, height: 200 });
    expect(await codeOf(decodeCapture(wide, { ppi: 100 }))).toBe('AFIS_CAPTURE_BAD_PARAMETERS');
  });
  it('a tiny image → AFIS_CAPTURE_TOO_SMALL', async () => {
    const tiny = await sharp({ create: { width: 20, height: 20, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();
    expect(await codeOf(decodeCapture(tiny))).toBe('AFIS_CAPTURE_TOO_SMALL');
  });
  it('a PNG with garbage in its image data → a typed error, not a crash', async () => {
    const bad = Buffer.from(png);
    for (let i = 200; i < 2000; i++) bad[i] = (i * 7919) & 0xff;
    expect(['AFIS_CAPTURE_CORRUPT', 'AFIS_CAPTURE_TRUNCATED']).toContain(await codeOf(decodeCapture(bad)));
  });
});
