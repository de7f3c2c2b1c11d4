/**
 * Captures through HTTP in every accepted encoding (JSON is covered by the end-to-end test):
 * multipart, protobuf and an ANSI/NIST-ITL transaction with ten WSQ fingers; and the broken
 * inputs of issue 2 (zero bytes, a text file, a truncated PNG, a 100000 × 100000 header) get
 * their codes through HTTP and the CLI, and change nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { decodeCapture } from '../../src/capture/index.js';
import { buildType1Record, buildType14Record, writeAnsiNist } from '../../src/formats/ansi-nist/index.js';
import { encodeWsq } from '../../src/formats/wsq/index.js';
import { encodeMessage, loadMessages } from '../../src/messages/index.js';
import type { Runtime } from '../../src/runtime.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { multipartBody } from '../helpers/multipart.js';
import { afis } from '../helpers/cli.js';
import { fixturePath } from '../helpers/data.js';
import { personFinger } from '../helpers/persons.js';

const DESK = { authorization: 'Bearer desk-key-intake' };
/** Finger 101…110 = position 1…10 of synthetic person A, impression `imp`. */
const fvc = (finger: number, imp: number) => personFinger('A', finger - 100, imp);

const multipart = (metadata: object, files: Array<[string, Uint8Array]>) => multipartBody(metadata, files, DESK);

const BROKEN: Array<[string, () => Uint8Array, string]> = [
  ['zero bytes', () => new Uint8Array(0), 'AFIS_CAPTURE_EMPTY'],
  ['a text file', () => new TextEncoder().encode('name,position\nleft thumb,6\n'), 'AFIS_CAPTURE_UNSUPPORTED_FORMAT'],
  ['a truncated PNG', () => new Uint8Array(readFileSync(fixturePath('sourceafis-fixtures', 'probe.png'))).subarray(0, 60_000), 'AFIS_CAPTURE_TRUNCATED'],
  ['a 100000 x 100000 PNG header', () => {
    const b = Buffer.from(readFileSync(fixturePath('sourceafis-fixtures', 'probe.png')));
    b.writeUInt32BE(100000, 16);
    b.writeUInt32BE(100000, 20);
    return new Uint8Array(b);
  }, 'AFIS_CAPTURE_TOO_LARGE'],
];

describe('capture intake over HTTP', () => {
  let test: TestApp;
  let runtime: Runtime;
  let app: FastifyInstance;
  const dir = mkdtempSync(join(tmpdir(), 'afis-intake-cli-'));
  beforeAll(async () => {
    test = await startTestApp({ AFIS_API_KEYS: 'desk:desk-key-intake' });
    ({ runtime, app } = test);
  });
  afterAll(async () => {
    await test?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const unfinished = async () => (await runtime.store.transactions.listUnfinished()).length;

  it('accepts a multipart capture (metadata field + finger-<position> files)', async () => {
    const { body, headers } = multipart({ category: 1, memberState: 'BE' }, Array.from({ length: 10 }, (_, i) => [`finger-${i + 1}`, fvc(101 + i, 1)] as [string, Uint8Array]));
    const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().quality).toHaveLength(10);
    await runtime.service.whenIdle();
  });

  it('accepts a protobuf afis.v1.CaptureRequest', async () => {
    const { CaptureRequest } = await loadMessages();
    const body = encodeMessage(CaptureRequest, {
      category: 1, memberState: 'BE',
      fingers: Array.from({ length: 10 }, (_, i) => ({ position: i + 1, impression: 'ROLLED', image: fvc(101 + i, 2) })),
    });
    const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers: { ...DESK, 'content-type': 'application/x-protobuf' }, payload: Buffer.from(body) });
    expect(r.statusCode, r.body).toBe(202);
    await runtime.service.whenIdle();
  });

  it('accepts an ANSI/NIST-ITL transaction with ten Type-14 WSQ fingers', async () => {
    const records = [buildType1Record({ transactionType: 'CAR', date: '20261124', destination: 'BEEURODAC', originator: 'BEPACHECO1', controlNumber: 'BE-TCN-0001' })];
    for (let i = 0; i < 10; i++) {
      const image = await decodeCapture(fvc(101 + i, 3));
      records.push(buildType14Record({
        idc: i + 1, impression: 1, sourceAgency: 'BEPACHECO1', captureDate: '20261124', width: image.width, height: image.height, ppi: 500,
        compression: 'WSQ20', position: i + 1, data: encodeWsq(image),
      }));
    }
    const r = await app.inject({
      method: 'POST', url: '/v1/transactions?category=1&memberState=BE', headers: { ...DESK, 'content-type': 'application/vnd.ansi-nist' },
      payload: Buffer.from(writeAnsiNist({ records })),
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json().quality.map((q: { position: number }) => q.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await runtime.service.whenIdle();
  });

  it('refuses a truncated ANSI/NIST transaction with a 4xx', async () => {
    const t = readFileSync(fixturePath('ansi-nist', 'nist-fingerprint-sample', 'sample.eft'));
    const r = await app.inject({ method: 'POST', url: '/v1/transactions?category=1&memberState=BE', headers: { ...DESK, 'content-type': 'application/vnd.ansi-nist' }, payload: t.subarray(0, t.length >> 1) });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
  });

  for (const [name, bytes, code] of BROKEN) {
    it(`${name} → ${code} over HTTP, and nothing is stored`, async () => {
      const before = [await unfinished(), await runtime.store.subjects.count()];
      const files = Array.from({ length: 10 }, (_, i) => [`finger-${i + 1}`, i === 0 ? bytes() : fvc(101 + i, 4)] as [string, Uint8Array]);
      const { body, headers } = multipart({ category: 1, memberState: 'BE' }, files);
      const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers, payload: body });
      expect(r.statusCode).toBeGreaterThanOrEqual(400);
      expect(r.statusCode).toBeLessThan(500);
      expect(r.json().code).toBe(code);
      await runtime.service.whenIdle();
      expect([await unfinished(), await runtime.store.subjects.count()]).toEqual(before);
    });

    it(`${name} → ${code} through the CLI, one line and exit 2`, async () => {
      const file = join(dir, `broken-${code}.png`);
      writeFileSync(file, bytes());
      const r = await afis('convert', file, join(dir, 'out.png'));
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(code);
    });
  }
});
