/**
 * What a hostile probe of the running service found (issue 10), through HTTP: the pixel limit
 * after resampling and the per-request pixel budget (2), malformed bodies (3), idempotency keys
 * per desk (4), every refusal in our error body, including the router's and Node's own (5), the
 * capture time window, another desk's transaction answered like an unknown one, and repeated
 * Authorization headers (6). Captures use the test persons (tests/helpers/persons.ts).
 */
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { personTenPrint } from '../helpers/persons.js';

const DESK = 'desk-key-hardening';
const DESK_2 = 'desk2-key-hardening';
const KEYS = `desk:${DESK},desk:${DESK_2},examiner:examiner-key-hardening`;
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

const tenPrint = (imp: number) => personTenPrint('D', imp).map((f) => ({ position: f.position, image: Buffer.from(f.image).toString('base64'), ppi: f.ppi }));
const grey = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();

/** Sends raw bytes to the listening server and returns status and body of its answer. */
function raw(port: number, bytes: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => { text += d; });
    socket.on('error', reject);
    socket.on('close', () => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.end(bytes);
  });
}

function expectAfisError(body: string): { code: string; message: string } {
  const parsed = JSON.parse(body) as { code: string; message: string };
  expect(parsed.code).toMatch(/^AFIS_[A-Z0-9_]+$/);
  expect(typeof parsed.message).toBe('string');
  return parsed;
}

describe('hardening (issue 10) through HTTP', () => {
  let test: TestApp;
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    test = await startTestApp({ AFIS_API_KEYS: KEYS, AFIS_RATE_LIMIT_PER_MINUTE: '100000' });
    app = test.app;
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(async () => test?.close());

  const capture = (key: string, payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v1/transactions', headers: { ...auth(key), ...headers }, payload });

  describe('2. pixel limits', () => {
    it('a 4000 x 4000 PNG declared at 250 ppi is refused before resampling, at once', async () => {
      const image = (await grey(4000, 4000)).toString('base64');
      const t0 = performance.now();
      const r = await capture(DESK, { category: 1, memberState: 'BE', fingers: [{ position: 1, image, ppi: 250 }], missingFingers: Array.from({ length: 9 }, (_, i) => ({ position: i + 2, reason: 'bandaged' })) });
      expect([r.statusCode, r.json().code], r.body).toEqual([400, 'AFIS_CAPTURE_BAD_PARAMETERS']);
      expect(performance.now() - t0).toBeLessThan(5000);
    });

    it('fingers x pixels of one request are bounded: ten 3.6 MP fingers are refused before extraction', async () => {
      const image = (await grey(2000, 1800)).toString('base64');
      const fingers = Array.from({ length: 10 }, (_, i) => ({ position: i + 1, image }));
      const r = await capture(DESK, { category: 1, memberState: 'BE', fingers });
      expect([r.statusCode, r.json().code], r.body).toEqual([413, 'AFIS_CAPTURE_TOO_LARGE']);
      expect(r.json().message).toMatch(/pixels/);
    });
  });

  describe('3. malformed bodies are 4xx with a code', () => {
    it('text/plain on a JSON route', async () => {
      for (const url of ['/v1/transactions', '/v1/verifications']) {
        const r = await app.inject({ method: 'POST', url, headers: { ...auth(DESK), 'content-type': 'text/plain' }, payload: '{"category":1}' });
        expect([r.statusCode, r.json().code], `${url}: ${r.body}`).toEqual([415, 'AFIS_UNSUPPORTED_MEDIA_TYPE']);
      }
    });

    it('multipart without a boundary', async () => {
      const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers: { ...auth(DESK), 'content-type': 'multipart/form-data' }, payload: 'x' });
      expect(r.statusCode, r.body).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, r.body).toBeLessThan(500);
      expectAfisError(r.body);
    });

    it('a truncated multipart body', async () => {
      const boundary = '----afis-hardening';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"category":1,"memberState":"BE"}\r\n--${boundary}\r\nContent-Disposition: form-data; name="finger-1"; filename="f.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n`;
      const r = await app.inject({ method: 'POST', url: '/v1/transactions', headers: { ...auth(DESK), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
      expect([r.statusCode, r.json().code], r.body).toEqual([400, 'AFIS_BAD_REQUEST']);
    });
  });

  describe('4. idempotency keys are per desk', () => {
    it("another desk sending the same key neither gets the first desk's answer nor is blocked", async () => {
      const payload = { category: 1, memberState: 'BE', fingers: tenPrint(3) };
      const first = await capture(DESK, payload, { 'idempotency-key': 'scanner-1:0001' });
      expect(first.statusCode, first.body).toBe(202);
      const other = await capture(DESK_2, payload, { 'idempotency-key': 'scanner-1:0001' });
      expect(other.statusCode, other.body).toBe(202);
      expect(other.json().transactionId).not.toBe(first.json().transactionId);
      const otherBody = await capture(DESK_2, { ...payload, fingers: tenPrint(4) }, { 'idempotency-key': 'scanner-1:0002' });
      expect(otherBody.statusCode, otherBody.body).toBe(202);
      // and each desk's retry still gets its own first answer
      const again = await capture(DESK, payload, { 'idempotency-key': 'scanner-1:0001' });
      expect(again.json().transactionId).toBe(first.json().transactionId);
    });
  });

  describe('5. every refusal is {code: AFIS_..., message}', () => {
    it('a URL that does not decode (%ff) is 400 AFIS_BAD_REQUEST', async () => {
      const r = await app.inject({ method: 'GET', url: '/v1/transactions/%ff', headers: auth(DESK) });
      expect([r.statusCode, r.json().code], r.body).toEqual([400, 'AFIS_BAD_REQUEST']);
    });

    it('a 200-character path parameter is 414 AFIS_URI_TOO_LONG', async () => {
      const r = await app.inject({ method: 'GET', url: `/v1/transactions/${'a'.repeat(200)}`, headers: auth(DESK) });
      expect([r.statusCode, r.json().code], r.body).toEqual([414, 'AFIS_URI_TOO_LONG']);
    });

    it("Node's own refusals: headers too large (431) and a malformed request (400)", async () => {
      const big = await raw(port, `GET /v1/transactions HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(40_000)}\r\n\r\n`);
      expect(big.status).toBe(431);
      expect(expectAfisError(big.body).code).toBe('AFIS_HEADERS_TOO_LARGE');
      const bad = await raw(port, 'GET /v1/transactions HTTP/1.1\r\nHost x\r\n\r\n');
      expect(bad.status).toBe(400);
      expect(expectAfisError(bad.body).code).toBe('AFIS_BAD_REQUEST');
      const garbage = await raw(port, '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n');
      expect(garbage.status).toBe(400);
      expect(expectAfisError(garbage.body).code).toBe('AFIS_BAD_REQUEST');
    });
  });

  describe('6. smaller ones', () => {
    it('capturedAt far in the future or the past is refused', async () => {
      for (const capturedAt of ['9999-12-31T00:00:00Z', '1900-01-01T00:00:00Z', new Date(Date.now() + 3_600_000).toISOString()]) {
        const r = await capture(DESK, { category: 1, memberState: 'BE', capturedAt, fingers: tenPrint(5) });
        expect([r.statusCode, r.json().code], `${capturedAt}: ${r.body}`).toEqual([400, 'AFIS_VALIDATION']);
        expect(r.json().message).toMatch(/capturedAt/);
      }
    });

    it("another desk's transaction answers exactly like an unknown id", async () => {
      const mine = await capture(DESK, { category: 1, memberState: 'BE', fingers: tenPrint(6) });
      expect(mine.statusCode, mine.body).toBe(202);
      const id = mine.json().transactionId as string;
      expect((await app.inject({ method: 'GET', url: `/v1/transactions/${id}`, headers: auth(DESK) })).statusCode).toBe(200);
      for (const url of [`/v1/transactions/${id}`, `/v1/transactions/${id}/fingers/1/image`]) {
        const theirs = await app.inject({ method: 'GET', url, headers: auth(DESK_2) });
        const unknown = await app.inject({ method: 'GET', url: url.replace(id, 'no-such-transaction'), headers: auth(DESK_2) });
        expect([theirs.statusCode, theirs.json().code], theirs.body).toEqual([404, 'AFIS_TRANSACTION_NOT_FOUND']);
        expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'AFIS_TRANSACTION_NOT_FOUND']);
      }
    });

    it('two Authorization headers are refused as malformed', async () => {
      for (const second of [DESK, DESK_2]) {
        const r = await raw(port, `GET /v1/transactions?since=2026-01-01T00:00:00Z HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${DESK}\r\nAuthorization: Bearer ${second}\r\nConnection: close\r\n\r\n`);
        expect(r.status).toBe(400);
        expect(expectAfisError(r.body).code).toBe('AFIS_BAD_REQUEST');
      }
      const one = await raw(port, `GET /v1/transactions?since=2026-01-01T00:00:00Z HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${DESK}\r\nConnection: close\r\n\r\n`);
      expect(one.status).toBe(200);
    });
  });
});
