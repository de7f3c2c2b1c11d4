import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createGrayImage } from '../../../src/core/index.js';
import { decodeWsq, encodeWsq } from '../../../src/formats/wsq/index.js';
import { itWithData, readFixture, sharedPath } from '../../helpers/data.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Golden checksums: any change to decoded pixels or encoded bytes shows here. If a change is
 * intended (and the reference and round-trip tests still pass), update the values and say why
 * in the commit.
 */
describe('WSQ golden checksums', () => {
  it('decoded pixels of the reference streams', () => {
    const got = Object.fromEntries(
      ['sourceafis-fixtures/wsq-original.wsq', 'wsq-nbis/fvc2002-DB1_B-101_1.wsq', 'wsq-nbis/fvc2002-DB4_B-101_1.wsq'].map((f) => [f, sha256(decodeWsq(readFixture(f)).image.data).slice(0, 16)]),
    );
    expect(got).toMatchInlineSnapshot(`
      {
        "sourceafis-fixtures/wsq-original.wsq": "41c68d559dcfb0f2",
        "wsq-nbis/fvc2002-DB1_B-101_1.wsq": "76afcdae64dd32aa",
        "wsq-nbis/fvc2002-DB4_B-101_1.wsq": "b1c567a5aaf9fb01",
      }
    `);
  });

  itWithData('encoded stream of an FVC2002 image', async () => {
    const { data, info } = await sharp(sharedPath('fvc2002/DB1_B/101_1.tif')).greyscale().raw().toBuffer({ resolveWithObject: true });
    const bytes = encodeWsq(createGrayImage(info.width, info.height, new Uint8Array(data)));
    expect({ length: bytes.length, sha256: sha256(bytes).slice(0, 16) }).toMatchInlineSnapshot(`
      {
        "length": 8495,
        "sha256": "7c8a319e78e3c1a7",
      }
    `);
  });
});
