/**
 * The outbound Eurodac transaction (issue 16, part 1): written by our ANSI/NIST writer and WSQ
 * encoder from a synthetic person's capture, read back field for field with `afis inspect`
 * and through the NBIS an2k2txt dump, whose writer is first checked against NBIS's own dumps.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../../src/capture/index.js';
import { EURODAC_TYPE2, decodeWsq, dumpAn2kText, parseAnsiNist, readEurodacTransaction } from '../../../src/formats/index.js';
import { encodeEurodacTransaction } from '../../../src/transactions/encode-eurodac-transaction.js';
import { parseAn2kDump } from '../../helpers/an2k-dump.js';
import { afis } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/data.js';
import { personFinger, personFingerPng } from '../../helpers/persons.js';

const decodeImage = (bytes: Uint8Array, o: { format?: string; ppi?: number }) => decodeCapture(bytes, o as never);

describe('an2k2txt dump', () => {
  const dir = fixturePath('ansi-nist');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.an2k2txt.txt'))) {
    it(`prints ${name.replace('.an2k2txt.txt', '.an2')} exactly as NBIS an2k2txt did`, () => {
      const tx = parseAnsiNist(readFileSync(join(dir, name.replace('.an2k2txt.txt', '.an2'))));
      // a few committed dumps stop after the first records (valid1.8, .11, .14): ours must begin with theirs
      const theirs = readFileSync(join(dir, name), 'latin1');
      const ours = dumpAn2kText(tx);
      expect(theirs.length).toBeGreaterThan(100);
      expect(ours.slice(0, theirs.length)).toBe(theirs);
    });
  }
});

describe('Eurodac outbound transaction', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'afis-eurodac-profile-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const takenAt = Date.UTC(2026, 11, 1, 9, 30, 15);
  const sentAt = Date.UTC(2026, 11, 1, 9, 31, 0);

  it('reads back field for field with afis inspect and the an2k dump', async () => {
    // fingers 1–9 as received (WSQ), finger 10 as a PNG the encoder turns into WSQ
    const prints = [
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((position) => ({ position, impression: 'rolled' as const, image: personFinger('A', position, 1), ppi: 500 })),
      { position: 10, impression: 'rolled' as const, image: new Uint8Array(await personFingerPng('A', 10, 1)), format: 'png' },
    ];
    const bytes = await encodeEurodacTransaction({
      transactionId: 'tx-42', referenceNumber: 'BE1000000042', category: 1, memberState: 'BE', capturedAt: takenAt, sentAt,
      regime: '603/2013', operatorId: 'desk-officer-7', sex: 'F', missingFingers: [], resend: false, prints,
    }, decodeImage);
    const file = join(tmp, 'BE1000000042.an2');
    writeFileSync(file, bytes);

    const inspected = await afis('inspect', file);
    expect(inspected.code, inspected.stderr).toBe(0);
    const json = JSON.parse(inspected.stdout) as {
      transactionType: string; records: Array<{ type: number; fields: Record<string, unknown> }>;
      eurodac: { referenceNumber: string; category: number; memberState: string; takenAt: string; sentAt: string; operatorId: string; sex: string; transactionId: string; resend: boolean; fingers: Array<{ position: number; compression: string; impression: string }> };
    };
    expect(json.transactionType).toBe('EDC1');
    expect(json.records.map((r) => r.type)).toEqual([1, 2, ...Array(10).fill(14)]);
    expect(json.records[0].fields['1.007']).toBe('EU-EURODAC');
    expect(json.records[0].fields['1.008']).toBe('BE-AFIS');
    expect(json.records[0].fields['1.009']).toBe('tx-42');
    expect(json.records[1].fields).toMatchObject({
      '2.010': 'BE1000000042', '2.011': '1', '2.012': 'BE', '2.013': '20261201093015Z', '2.014': '20261201093100Z',
      '2.015': 'desk-officer-7', '2.016': 'F', '2.019': '603/2013', '2.020': 'tx-42', '2.021': '0',
    });
    expect(json.eurodac).toMatchObject({
      referenceNumber: 'BE1000000042', category: 1, memberState: 'BE', takenAt: new Date(takenAt).toISOString(),
      sentAt: new Date(sentAt).toISOString(), operatorId: 'desk-officer-7', sex: 'F', transactionId: 'tx-42', resend: false,
    });
    expect(json.eurodac.fingers.map((f) => [f.position, f.compression, f.impression])).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((p) => [p, 'WSQ20', 'rolled']));

    const dumped = await afis('inspect', '--an2k', file);
    expect(dumped.code, dumped.stderr).toBe(0);
    const lines = parseAn2kDump(dumped.stdout);
    const at = (type: number, tag: number, record = type === 14 ? 3 : type) =>
      lines.filter((l) => l.type === type && l.tag === tag && l.record === record).map((l) => l.value);
    expect(at(1, 4)).toEqual(['EDC1']);
    expect(at(1, 3)).toEqual(['1', '11', '2', '00', ...Array.from({ length: 10 }, (_, i) => ['14', String(i + 1).padStart(2, '0')]).flat()]);
    expect(at(2, EURODAC_TYPE2.referenceNumber)).toEqual(['BE1000000042']);
    expect(at(2, EURODAC_TYPE2.category)).toEqual(['1']);
    expect(at(2, EURODAC_TYPE2.memberState)).toEqual(['BE']);
    expect(at(2, EURODAC_TYPE2.takenAt)).toEqual(['20261201093015Z']);
    expect(at(2, EURODAC_TYPE2.operatorId)).toEqual(['desk-officer-7']);
    for (let i = 0; i < 10; i++) {
      const record = 3 + i;
      expect(at(14, 13, record), `record ${record} FGP`).toEqual([String(i + 1)]);
      expect(at(14, 11, record)).toEqual(['WSQ20']);
      expect(at(14, 9, record)).toEqual(['500']);
    }

    // the images: WSQ received at 500 ppi goes out unchanged; the PNG was encoded and decodes to the same size
    const back = readEurodacTransaction(bytes);
    expect(Buffer.from(back.fingers[0]!.data).equals(Buffer.from(personFinger('A', 1, 1)))).toBe(true);
    const png = await decodeImage(new Uint8Array(await personFingerPng('A', 10, 1)), { format: 'png' });
    const wsq = decodeWsq(back.fingers[9]!.data);
    expect([wsq.image.width, wsq.image.height]).toEqual([png.width, png.height]);
    let diff = 0;
    for (let i = 0; i < png.data.length; i++) diff += Math.abs(png.data[i]! - wsq.image.data[i]!);
    expect(diff / png.data.length).toBeLessThan(8);
  });

  it('carries missing fingers, slaps and the re-send flag', async () => {
    const prints = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((position) => ({ position, impression: 'rolled' as const, image: personFinger('B', position, 2) }));
    const bytes = await encodeEurodacTransaction({
      transactionId: 'tx-43', referenceNumber: 'BE2000000043', category: 2, memberState: 'BE', capturedAt: takenAt, sentAt,
      regime: '603/2013', missingFingers: [{ position: 10, reason: 'amputated' }], resend: true,
      prints: [...prints, { position: 13, impression: 'plain', image: personFinger('B', 2, 3) }],
    }, decodeImage);
    const back = readEurodacTransaction(bytes);
    expect(back).toMatchObject({ category: 2, resend: true, missingFingers: [{ position: 10, reason: 'amputated' }] });
    expect(back.fingers.at(-1)).toMatchObject({ position: 13, impression: 'plain', compression: 'WSQ20' });
  });

  it('refuses a transaction without the Eurodac fields (AFIS_ANSI_NIST_INVALID)', () => {
    expect(() => readEurodacTransaction(readFileSync(fixturePath('ansi-nist', 'valid1.14.an2')))).toThrow(expect.objectContaining({ code: 'AFIS_ANSI_NIST_INVALID' }));
  });
});
