/**
 * A synthetic person's (FVC2002 DB4, SFinGe) rolled prints and slaps through POST /v1/transactions
 * in JSON, multipart (slap-right, slap-left, slap-thumbs) and ANSI/NIST (Type-14 positions 13,
 * 14, 15): the slaps are cut into fingers and the rolled prints checked against them; two
 * rolled fingers in each other's boxes are refused with 422 AFIS_SEQUENCE_MISMATCH and nothing
 * is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { decodeCapture } from '../../src/capture/index.js';
import { buildType1Record, buildType14Record, writeAnsiNist } from '../../src/formats/ansi-nist/index.js';
import type { Runtime } from '../../src/runtime.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { multipartBody } from '../helpers/multipart.js';
import { HAS_SHARED_DATA, itWithData, readShared } from '../helpers/data.js';
import { personFinger } from '../helpers/persons.js';
import { composeSlaps } from '../helpers/slaps.js';

const DESK = { authorization: 'Bearer desk-key-slaps' };
/**
 * The synthetic SFinGe finger 101…110 (FVC2002 DB4_B), impression `imp`: the original TIFF from
 * the data folder when present, else the committed WSQ copy (person A holds finger 100 + p at
 * position p). The small fingertips cut from composed slaps confirm every rolled print only on
 * the originals; on the WSQ copies about 7 of 10.
 */
const db4 = (finger: number, imp: number) => (HAS_SHARED_DATA ? readShared('fvc2002', 'DB4_B', `${finger}_${imp}.tif`) : personFinger('A', finger - 100, imp));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const multipart = (metadata: object, files: Array<[string, Uint8Array]>) => multipartBody(metadata, files, DESK);

describe('ten-print with slaps over HTTP', () => {
  let test: TestApp;
  let runtime: Runtime;
  let app: FastifyInstance;
  let slaps: { position: number; image: Uint8Array }[];
  let crossed: { position: number; image: Uint8Array }[];
  // Person A: DB4 fingers 101–110 at positions 1–10; rolled = impression 1, slaps from impression 2.
  const rolled = Array.from({ length: 10 }, (_, i) => ({ position: i + 1, image: db4(101 + i, 1) }));
  beforeAll(async () => {
    test = await startTestApp({ AFIS_API_KEYS: 'desk:desk-key-slaps' });
    ({ runtime, app } = test);
    slaps = await composeSlaps((p) => db4(100 + p, 2));
    // The left slap shows fingers 7 and 8 where the rolled boxes hold 8 and 7.
    crossed = await composeSlaps((p) => db4(100 + (p === 7 ? 8 : p === 8 ? 7 : p), 2));
  }, 60_000);
  afterAll(async () => {
    await test?.close();
  });
  const stored = async () => (await runtime.store.transactions.listRecent({ since: 0 })).length;

  itWithData('multipart: slap-right, slap-left and slap-thumbs are cut and every rolled finger confirmed', async () => {
    const { body, headers } = multipart({ category: 1, memberState: 'BE' }, [
      ...rolled.map((f) => [`finger-${f.position}`, f.image] as [string, Uint8Array]),
      ['slap-right', slaps[0].image], ['slap-left', slaps[1].image], ['slap-thumbs', slaps[2].image],
    ]);
    const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
    expect(r.statusCode, r.body).toBe(202);
    const answer = r.json();
    expect(answer.slaps.map((s: { position: number; fingers: unknown[] }) => [s.position, s.fingers.length])).toEqual([[13, 4], [14, 4], [15, 2]]);
    expect(answer.sequence.swapped).toEqual([]);
    expect(answer.sequence.confirmed.length).toBeGreaterThanOrEqual(9);
    // quality, slap confidence and the recapture advice in the one answer: each unconfirmed
    // rolled print is in the advice, with its reason
    expect(answer.quality).toHaveLength(10);
    expect(answer.slaps.every((s: { confidence: number }) => s.confidence > 0 && s.confidence <= 1)).toBe(true);
    expect(Array.isArray(answer.recapture)).toBe(true);
    for (const p of answer.sequence.unconfirmed) {
      expect(answer.recapture).toContainEqual(expect.objectContaining({ target: 'finger', position: p, reasons: expect.arrayContaining(['not-confirmed-by-slap']) }));
    }
    await runtime.service.whenIdle();
  }, 60_000);

  it('JSON: rolled 7 and 8 in each other\'s boxes → 422 AFIS_SEQUENCE_MISMATCH naming both, nothing stored', async () => {
    const before = await stored();
    const r = await app.inject({
      method: 'POST', url: '/v1/transactions', headers: DESK,
      payload: {
        category: 1, memberState: 'BE',
        fingers: [...rolled.map((f) => ({ position: f.position, image: b64(f.image) })), ...crossed.map((s) => ({ position: s.position, impression: 'plain', image: b64(s.image) }))],
      },
    });
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().code).toBe('AFIS_SEQUENCE_MISMATCH');
    expect(r.json().details.positions).toEqual([[7, 8]]);
    expect(await stored()).toBe(before);
  }, 60_000);

  it('ANSI/NIST: Type-14 slaps at positions 13, 14 and 15 are cut like the others', async () => {
    const records = [buildType1Record({ transactionType: 'CAR', date: '20261124', destination: 'BEEURODAC', originator: 'BEPACHECO1', controlNumber: 'BE-TCN-SLAPS' })];
    let idc = 1;
    for (const f of [...rolled, ...slaps]) {
      const image = await decodeCapture(f.image);
      records.push(buildType14Record({
        idc: idc++, impression: f.position > 10 ? 0 : 1, sourceAgency: 'BEPACHECO1', captureDate: '20261124', width: image.width, height: image.height, ppi: 500,
        compression: 'NONE', position: f.position, data: image.data,
      }));
    }
    const r = await app.inject({
      method: 'POST', url: '/v1/transactions?category=1&memberState=BE', headers: { ...DESK, 'content-type': 'application/vnd.ansi-nist' },
      payload: Buffer.from(writeAnsiNist({ records })),
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().slaps.map((s: { position: number }) => s.position)).toEqual([13, 14, 15]);
    expect(r.json().sequence.swapped).toEqual([]);
    await runtime.service.whenIdle();
  }, 60_000);
});
