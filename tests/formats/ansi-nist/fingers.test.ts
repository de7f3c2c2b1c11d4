import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AfisError, type GrayImage, createGrayImage } from '../../../src/core/index.js';
import {
  type AnsiNistRecord,
  type ImageDecoder,
  buildType14Record,
  buildType1Record,
  buildType2Record,
  buildType4Record,
  buildType9Record,
  describeFingerImages,
  parseAnsiNist,
  readAnsiNistFingers,
  readType9Minutiae,
  writeAnsiNist,
} from '../../../src/formats/ansi-nist/index.js';
import { decodeWsq, encodeWsq } from '../../../src/formats/wsq/index.js';
import { incits378ToTemplate, templateToIncits378 } from '../../../src/formats/incits378/index.js';
import { RECORD_PLACEMENT, SAME_PLACEMENT, isoToTemplate, placementOffsetPx, templateToIso } from '../../../src/formats/iso19794-2/index.js';
import { FIXTURES, SFINGE_IMAGES } from '../../helpers/data.js';

const DATA = FIXTURES;

/** The test's PNG/JPEG decoder (formats/ never imports sharp; capture/ passes its own). */
const decodeImage: ImageDecoder = async (bytes) => {
  const { data, info } = await sharp(bytes).grayscale().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return createGrayImage(info.width, info.height, new Uint8Array(data.buffer, data.byteOffset, data.length), 500);
};

/**
 * A 240 × 280 crop of a committed synthetic finger (tests/fixtures/sfinge), as grey pixels;
 * F = 101…110 picks one of the four images and a crop offset, so the ten crops differ.
 */
async function fingerPixels(f: number): Promise<GrayImage> {
  const k = f - 101;
  const { data, info } = await sharp(readFileSync(SFINGE_IMAGES[k % SFINGE_IMAGES.length]!))
    .extract({ left: 24 + 4 * (k >> 2), top: 50 + 8 * (k >> 2), width: 240, height: 280 }).grayscale().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return createGrayImage(info.width, info.height, new Uint8Array(data), 500);
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.length));
}

async function encodePng(img: GrayImage): Promise<Uint8Array> {
  return new Uint8Array(await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } }).png().toBuffer());
}

function expectSameRecords(a: readonly AnsiNistRecord[], b: readonly AnsiNistRecord[]): void {
  expect(b.length).toBe(a.length);
  a.forEach((r, i) => {
    expect(b[i].type).toBe(r.type);
    // LEN is written by the writer, and Type-1 CNT is rebuilt: compare the other fields
    const keep = (rec: AnsiNistRecord) => rec.fields.filter((f) => f.tag !== 1 && !(rec.type === 1 && f.tag === 3));
    expect(keep(b[i])).toEqual(keep(r));
    expect(Buffer.from(b[i].data ?? []).equals(Buffer.from(r.data ?? []))).toBe(true);
  });
}

describe('ANSI/NIST-ITL finger images', () => {
  for (const compression of ['WSQ20', 'PNG'] as const) {
    it(`writes Type-1 + Type-2 + ten ${compression} Type-14 fingers and reads them back field for field`, async () => {
      const images = await Promise.all([101, 102, 103, 104, 105, 106, 107, 108, 109, 110].map(fingerPixels));
      const streams = compression === 'PNG' ? await Promise.all(images.map(encodePng)) : images.map((img) => encodeWsq(img));
      const records: AnsiNistRecord[] = [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'EUDAC0000', originator: 'DE0000001', controlNumber: 'DE-2026-000042' }),
        buildType2Record(0, { 18: 'DOE,JANE', 901: [['a', 'b'], ['c']], 902: 'free text: with punctuation, é and ü' }),
        ...streams.map((data, k) => buildType14Record({
          idc: k + 1, impression: 1, sourceAgency: 'DE0000001', captureDate: '20260224',
          width: images[k].width, height: images[k].height, ppi: 500, compression, position: k + 1, data,
        })),
      ];
      const bytes = writeAnsiNist({ records });
      expect(String.fromCharCode(...bytes.subarray(0, 6))).toBe('1.001:');
      const tx = parseAnsiNist(bytes);
      expect(tx.warnings).toEqual([]);
      expectSameRecords(records, tx.records);
      // CNT lists the twelve records with their IDCs
      expect(tx.records[0].fields.find((f) => f.tag === 3)!.subfields).toEqual([
        ['1', '11'], ['2', '00'], ...Array.from({ length: 10 }, (_, k) => ['14', String(k + 1).padStart(2, '0')]),
      ]);
      // every LEN equals the record's size
      let pos = 0;
      for (const r of tx.records) {
        const len = Number(r.fields[0].subfields[0][0]);
        expect(bytes[pos + len - 1]).toBe(0x1c);
        pos += len;
      }
      expect(pos).toBe(bytes.length);

      const fingers = await readAnsiNistFingers(bytes, { decodeImage });
      expect(fingers.map((f) => [f.position, f.impression, f.compression, f.ppi])).toEqual(
        Array.from({ length: 10 }, (_, k) => [k + 1, 'rolled', compression === 'PNG' ? 'png' : 'wsq', 500]));
      fingers.forEach((f, k) => {
        expect([f.image.width, f.image.height]).toEqual([240, 280]);
        if (compression === 'PNG') {
          expect(Buffer.from(f.image.data).equals(Buffer.from(images[k].data))).toBe(true);
        } else {
          // lossy: the same pixels as decoding the stream directly, and close to the original
          expect(Buffer.from(f.image.data).equals(Buffer.from(decodeWsq(streams[k]).image.data))).toBe(true);
          expect(psnr(f.image.data, images[k].data)).toBeGreaterThan(25);
        }
      });
    });
  }

  it('decodes the WSQ Type-4 of sample.eft like the nist-fingerprint project (±2 grey levels)', async () => {
    const [f] = await readAnsiNistFingers(readFileSync(`${DATA}ansi-nist/nist-fingerprint-sample/sample.eft`));
    const ref = await decodeImage(readFileSync(`${DATA}ansi-nist/nist-fingerprint-sample/06-left-thumb.png`), 'png');
    expect([f.image.width, f.image.height, f.image.ppi]).toEqual([ref.width, ref.height, 500]);
    let worst = 0;
    for (let i = 0; i < ref.data.length; i++) worst = Math.max(worst, Math.abs(ref.data[i] - f.image.data[i]));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('decodes every WSQ finger of the NBIS transactions', async () => {
    for (const name of ['valid1.1.an2', 'valid1.8.an2', 'valid1.14.an2']) {
      const fingers = await readAnsiNistFingers(readFileSync(`${DATA}ansi-nist/${name}`), { decodeImage });
      expect(fingers.length).toBeGreaterThan(0);
      for (const f of fingers) expect([f.image.width, f.image.height]).toEqual([f.width, f.height]);
    }
  });

  it('reads an uncompressed Type-4 finger pixel for pixel', async () => {
    const img = await fingerPixels(101);
    const bytes = writeAnsiNist({
      records: [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'X', originator: 'Y', controlNumber: 'Z' }),
        buildType4Record({ idc: 1, impression: 0, position: 7, width: img.width, height: img.height, compression: 0, data: img.data }),
      ],
    });
    const [f] = await readAnsiNistFingers(bytes);
    expect([f.recordType, f.position, f.impression, f.compression, f.ppi]).toEqual([4, 7, 'plain', 'none', 500]);
    expect(Buffer.from(f.image.data).equals(Buffer.from(img.data))).toBe(true);
  });

  it('decodes the JPEG Type-14 of valid1.7 through the caller\'s decoder', async () => {
    const fingers = await readAnsiNistFingers(readFileSync(`${DATA}ansi-nist/valid1.7.an2`), { decodeImage });
    expect(fingers.length).toBe(1);
    expect([fingers[0].image.width, fingers[0].image.height, fingers[0].compression]).toEqual([388, 336, 'jpeg']);
  });

  it('describes the Type-4 of sample.eft (left thumb, rolled, WSQ, 545 × 622 at 500 ppi)', () => {
    const [info] = describeFingerImages(parseAnsiNist(readFileSync(`${DATA}ansi-nist/nist-fingerprint-sample/sample.eft`)));
    expect(info).toMatchObject({ recordType: 4, position: 6, impression: 'rolled', compression: 'wsq', width: 545, height: 622, ppi: 500 });
  });

  it('refuses JPEG 2000 with AFIS_FORMAT_UNSUPPORTED', async () => {
    const bytes = writeAnsiNist({
      records: [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'X', originator: 'Y', controlNumber: 'Z' }),
        buildType14Record({ idc: 1, impression: 0, sourceAgency: 'A', captureDate: '20260224', width: 10, height: 10, ppi: 500, compression: 'JP2', position: 2, data: new Uint8Array([0xff, 0x4f, 0xff, 0x51]) }),
      ],
    });
    await expect(readAnsiNistFingers(bytes, { decodeImage })).rejects.toMatchObject({ code: 'AFIS_FORMAT_UNSUPPORTED', message: expect.stringMatching(/JPEG 2000/) });
  });

  it('refuses an uncompressed image shorter than its declared size with AFIS_FORMAT_TRUNCATED', async () => {
    const bytes = writeAnsiNist({
      records: [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'X', originator: 'Y', controlNumber: 'Z' }),
        buildType4Record({ idc: 1, impression: 0, position: 1, width: 60000, height: 200, compression: 0, data: new Uint8Array(100) }),
      ],
    });
    const err = await readAnsiNistFingers(bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AfisError);
    expect((err as AfisError).code).toBe('AFIS_FORMAT_TRUNCATED');
  });
});

describe('Type-9 INCITS 378 block', () => {
  it('writes a Template into a Type-9 record and reads it back (±1 px, within 1°)', () => {
    const t = {
      width: 500, height: 600, ppi: 500, quality: 60,
      minutiae: [
        { x: 10.4, y: 20.6, angle: 0.3, type: 'ending' as const, quality: 80 },
        { x: 499, y: 599, angle: 6.1, type: 'bifurcation' as const, quality: 0 },
        { x: 250, y: 300, angle: Math.PI, type: 'other' as const, quality: 100 },
      ],
    };
    const bytes = writeAnsiNist({
      records: [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'X', originator: 'Y', controlNumber: 'Z' }),
        buildType9Record(t, { idc: 1, impression: 0, fingerPosition: 3 }),
      ],
    });
    const back = readType9Minutiae(parseAnsiNist(bytes).records[1])!;
    expect(back.fingerPosition).toBe(3);
    expect([back.template.width, back.template.height, back.template.quality]).toEqual([500, 600, 60]);
    expect(back.template.ppi).toBeCloseTo(197 * 2.54, 6);
    back.template.minutiae.forEach((m, i) => {
      expect(Math.abs(m.x - t.minutiae[i].x)).toBeLessThanOrEqual(1);
      expect(Math.abs(m.y - t.minutiae[i].y)).toBeLessThanOrEqual(1);
      const d = Math.abs(m.angle - t.minutiae[i].angle);
      expect(Math.min(d, 2 * Math.PI - d)).toBeLessThanOrEqual(Math.PI / 180 + 1e-9);
      expect([m.type, m.quality]).toEqual([t.minutiae[i].type, t.minutiae[i].quality]);
    });
  });

  const type9Bytes = (t: Parameters<typeof buildType9Record>[0], placement = RECORD_PLACEMENT): Uint8Array =>
    writeAnsiNist({
      records: [
        buildType1Record({ transactionType: 'CAR', date: '20260224', destination: 'X', originator: 'Y', controlNumber: 'Z' }),
        buildType9Record(t, { idc: 1, impression: 0, fingerPosition: 3 }, placement),
      ],
    });

  it('stores minutiae in INCITS 378 placement: 9.137 holds each one moved back by its type offset, the Template view moves it forward again', () => {
    const t = {
      width: 400, height: 400, ppi: 500, quality: 50,
      minutiae: [
        { x: 200, y: 200, angle: 0, type: 'bifurcation' as const, quality: 70 },
        { x: 100, y: 100, angle: Math.PI / 2, type: 'ending' as const, quality: 60 },
        { x: 300, y: 300, angle: Math.PI, type: 'other' as const, quality: 50 },
      ],
    };
    const ppi = 197 * 2.54;
    const bif = placementOffsetPx('bifurcation', ppi, RECORD_PLACEMENT);
    const end = placementOffsetPx('ending', ppi, RECORD_PLACEMENT);
    expect(bif).toBeGreaterThan(5.5); // 0.31 mm at 500 ppi ≈ 6.1 px
    const record = parseAnsiNist(type9Bytes(t)).records[1];
    const fmd = record.fields.find((f) => f.tag === 137)!.subfields;
    // angle 0 points along +x: the standards' fork lies behind (smaller x); 90° points up (y down)
    expect(fmd[0].slice(1, 3).map(Number)).toEqual([Math.round(200 - bif), 200]);
    expect(fmd[1].slice(1, 3).map(Number)).toEqual([100, Math.round(100 + end)]);
    expect(fmd[2].slice(1, 3).map(Number)).toEqual([300, 300]);
    const back = readType9Minutiae(record)!;
    expect(back.minutiae.map((m) => [m.x, m.y])).toEqual(fmd.map((items) => [Number(items[1]), Number(items[2])]));
    back.template.minutiae.forEach((m, i) => {
      expect(Math.abs(m.x - t.minutiae[i].x)).toBeLessThanOrEqual(0.5 + 1e-9);
      expect(Math.abs(m.y - t.minutiae[i].y)).toBeLessThanOrEqual(0.5 + 1e-9);
    });
    // SAME_PLACEMENT writes and reads our placement unchanged
    const same = parseAnsiNist(type9Bytes(t, SAME_PLACEMENT)).records[1];
    expect(same.fields.find((f) => f.tag === 137)!.subfields[0].slice(1, 3).map(Number)).toEqual([200, 200]);
    expect(readType9Minutiae(same, SAME_PLACEMENT)!.template.minutiae[0]).toMatchObject({ x: 200, y: 200 });
  });

  it('reads a Type-9 INCITS 378 minutia into the same Template as the same minutia in an INCITS 378 or ISO record', () => {
    // stored values (record placement); right angles so that ISO's 360/256° units hold them exactly
    const stored = {
      width: 420, height: 480, ppi: 197 * 2.54, quality: 40,
      minutiae: [
        { x: 150, y: 210, angle: Math.PI / 2, type: 'bifurcation' as const, quality: 90 },
        { x: 60, y: 400, angle: Math.PI, type: 'ending' as const, quality: 30 },
        { x: 410, y: 5, angle: 0, type: 'bifurcation' as const, quality: 20 }, // moved into the edge: clamped alike
        { x: 222, y: 111, angle: (3 * Math.PI) / 2, type: 'other' as const, quality: 10 },
      ],
    };
    const fromType9 = readType9Minutiae(parseAnsiNist(type9Bytes(stored, SAME_PLACEMENT)).records[1])!.template;
    const fromIso = isoToTemplate(templateToIso(stored, {}, SAME_PLACEMENT));
    const fromIncits = incits378ToTemplate(templateToIncits378(stored, {}, SAME_PLACEMENT));
    expect(fromType9.minutiae[0].y).toBeLessThan(210 - 5.5); // moved forward (up), not left as stored
    for (const other of [fromIso, fromIncits]) {
      expect(other.ppi).toBeCloseTo(fromType9.ppi, 9);
      other.minutiae.forEach((m, i) => {
        const n = fromType9.minutiae[i];
        expect([m.type, m.quality]).toEqual([n.type, n.quality]);
        expect(m.x).toBeCloseTo(n.x, 9);
        expect(m.y).toBeCloseTo(n.y, 9);
        const d = Math.abs(m.angle - n.angle);
        expect(Math.min(d, 2 * Math.PI - d)).toBeLessThan(1e-9);
      });
    }
  });

  it('reads no INCITS block from the legacy-only Type-9 of valid1.15', () => {
    const tx = parseAnsiNist(readFileSync(`${DATA}ansi-nist/valid1.15.an2`));
    expect(tx.records[2].type).toBe(9);
    expect(readType9Minutiae(tx.records[2])).toBeUndefined();
  });
});
