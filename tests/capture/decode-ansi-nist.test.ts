import { describe, expect, it } from 'vitest';
import { decodeAnsiNistFingers, decodeCaptureDetailed } from '../../src/capture/index.js';

import { readFixture } from '../helpers/data.js';

const read = (p: string) => readFixture(p);

describe('WSQ and ANSI/NIST-ITL captures', () => {
  it('decodes a WSQ capture at its NIST_COM resolution', async () => {
    const d = await decodeCaptureDetailed(read('wsq-nbis/fvc2002-DB1_B-101_1.wsq'));
    expect([d.format, d.sourceWidth, d.sourceHeight, d.image.ppi]).toEqual(['wsq', 388, 374, 500]);
  });

  it('decodes the one finger of a single-finger transaction', async () => {
    const d = await decodeCaptureDetailed(read('ansi-nist/nist-fingerprint-sample/sample.eft'));
    expect([d.format, d.sourceWidth, d.sourceHeight, d.image.width, d.image.ppi]).toEqual(['ansi-nist', 545, 622, 545, 500]);
  });

  it('refuses a multi-finger transaction as one capture, and decodes all its fingers on request', async () => {
    const bytes = read('ansi-nist/valid1.8.an2');
    await expect(decodeCaptureDetailed(bytes)).rejects.toMatchObject({ code: 'AFIS_CAPTURE_UNSUPPORTED_FORMAT' });
    const fingers = await decodeAnsiNistFingers(bytes);
    expect(fingers.map((f) => [f.position, f.impression, f.recordType, f.image.ppi])).toEqual([[13, 'plain', 14, 500], [14, 'plain', 14, 500], [15, 'plain', 14, 500]]);
  });
});
