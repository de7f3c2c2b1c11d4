import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { decodeCapture } from '../../src/capture/index.js';
import { parseApiKeys } from '../../src/config/index.js';
import { extractTemplate } from '../../src/extraction/index.js';
import { authPlugin, ErrorResponse, installErrorHandler } from '../../src/http/index.js';
import { fingerImageRoutes, pairLabels, type FingerForDisplay, type FingerImageSource, type FingerImageView } from '../../src/http/routes/finger-images.js';
import { readFileSync } from 'node:fs';
import { SFINGE_IMAGES } from '../helpers/data.js';

const KEYS = 'desk:desk-key-123,examiner:exam-key-123,police:police-key-123,desk:other-desk-456';
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function finger(name: string): Promise<FingerForDisplay> {
  const image = await decodeCapture(readFileSync(SFINGE_IMAGES[name === '101_1' ? 0 : 1]!));
  return { image, template: extractTemplate(image) };
}

describe('GET .../fingers/:position/image', () => {
  let app: FastifyInstance;
  let probe: FingerForDisplay;
  let candidate: FingerForDisplay;
  let deskKeyId = '';
  const views: FingerImageView[] = [];

  beforeAll(async () => {
    // Two impressions of the same synthetic finger (tests/fixtures/sfinge 101): the transaction's probe and the stored record.
    [probe, candidate] = await Promise.all([finger('101_2'), finger('101_1')]);
    const source: FingerImageSource = {
      transactionFinger: async (id, position) => (id === 'tx-1' && position === 2 ? probe : undefined),
      transactionOwner: async (id) => (id === 'tx-1' ? deskKeyId : undefined),
      recordFinger: async (ref, position) => (ref === 'FR1000001' && position === 2 ? candidate : undefined),
      examination: async (id) => (id === 'ex-1' ? { transactionId: 'tx-1', candidateReference: 'FR1000001' } : undefined),
      recordView: async (v) => { views.push(v); },
    };
    // the same validation settings as buildApp (no coercion, extra fields refused)
    app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } } });
    installErrorHandler(app);
    app.addSchema(ErrorResponse);
    await app.register(authPlugin, { keys: parseApiKeys(KEYS) });
    // the desk key's id as the auth plugin computes it
    app.get('/whoami', async (req) => ({ keyId: req.principal?.keyId }));
    await app.register(fingerImageRoutes, { source });
    await app.ready();
    deskKeyId = (await app.inject({ url: '/whoami', headers: auth('desk-key-123') })).json().keyId;
  });
  afterAll(async () => app.close());

  it('gives the examiner the transaction finger as PNG with the minutiae drawn', async () => {
    const plain = await app.inject({ url: '/v1/transactions/tx-1/fingers/2/image', headers: auth('exam-key-123') });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('image/png');
    expect(plain.headers['cache-control']).toContain('no-store');
    const meta = await sharp(plain.rawPayload).metadata();
    expect([meta.width, meta.height]).toEqual([probe.image.width, probe.image.height]);

    const drawn = await app.inject({ url: '/v1/transactions/tx-1/fingers/2/image?overlay=minutiae&scale=2', headers: auth('exam-key-123') });
    expect(drawn.statusCode).toBe(200);
    expect(Number(drawn.headers['x-minutiae-count'])).toBe(probe.template.minutiae.length);
    const { data, info } = await sharp(drawn.rawPayload).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([probe.image.width * 2, probe.image.height * 2]);
    let coloured = 0;
    for (let i = 0; i < data.length; i += 3) if (Math.abs(data[i]! - data[i + 2]!) > 60) coloured++;
    expect(coloured).toBeGreaterThan(probe.template.minutiae.length * 10);
  });

  it('colours the pairs the matcher finds between probe and candidate, the same count on both sides', async () => {
    const expected = pairLabels(probe.template, candidate.template);
    expect(expected.probe.size).toBeGreaterThanOrEqual(8); // a genuine pair of impressions shares many minutiae
    const p = await app.inject({ url: '/v1/transactions/tx-1/fingers/2/image?overlay=minutiae&pairedWith=ex-1', headers: auth('exam-key-123') });
    const c = await app.inject({ url: '/v1/records/FR1000001/fingers/2/image?overlay=minutiae&pairedWith=ex-1', headers: auth('exam-key-123') });
    expect([p.statusCode, c.statusCode]).toEqual([200, 200]);
    expect(Number(p.headers['x-paired-minutiae'])).toBe(expected.probe.size);
    expect(Number(c.headers['x-paired-minutiae'])).toBe(expected.candidate.size);
    // each view of biometric data is logged: who (key id, role), what, for which examination
    expect(views.at(-1)).toMatchObject({ role: 'examiner', action: 'finger-image.record', target: 'FR1000001/2', outcome: 'shown', details: { examinationId: 'ex-1' } });
    expect(views.at(-2)).toMatchObject({ role: 'examiner', action: 'finger-image.transaction', target: 'tx-1/2' });
    // pair numbers are shared: each number labels exactly one minutia on each side
    expect([...expected.probe.values()].sort((a, b) => a - b)).toEqual([...expected.candidate.values()].sort((a, b) => a - b));
  });

  it('lets a desk see its own transaction only, and never a record', async () => {
    expect((await app.inject({ url: '/v1/transactions/tx-1/fingers/2/image', headers: auth('desk-key-123') })).statusCode).toBe(200);
    const before = views.length;
    const other = await app.inject({ url: '/v1/transactions/tx-1/fingers/2/image', headers: auth('other-desk-456') });
    expect(views.length).toBe(before); // nothing shown, nothing logged as shown
    expect(other.statusCode).toBe(404); // as for an unknown id
    expect(other.json().code).toBe('AFIS_TRANSACTION_NOT_FOUND');
    expect((await app.inject({ url: '/v1/records/FR1000001/fingers/2/image', headers: auth('desk-key-123') })).statusCode).toBe(403);
  });

  it('refuses other roles and anonymous callers', async () => {
    expect((await app.inject({ url: '/v1/records/FR1000001/fingers/2/image', headers: auth('police-key-123') })).statusCode).toBe(403);
    const anon = await app.inject({ url: '/v1/transactions/tx-1/fingers/2/image' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().code).toBe('AFIS_UNAUTHORIZED');
  });

  it('answers typed 4xx errors for unknown fingers, examinations and bad queries', async () => {
    const h = auth('exam-key-123');
    const missing = await app.inject({ url: '/v1/transactions/tx-1/fingers/3/image', headers: h });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'AFIS_NOT_FOUND']);
    const noExam = await app.inject({ url: '/v1/transactions/tx-1/fingers/2/image?pairedWith=nope', headers: h });
    expect([noExam.statusCode, noExam.json().code]).toEqual([404, 'AFIS_EXAMINATION_NOT_FOUND']);
    const wrongTx = await app.inject({ url: '/v1/records/XX1/fingers/2/image?pairedWith=ex-1', headers: h });
    expect([wrongTx.statusCode, wrongTx.json().code]).toEqual([404, 'AFIS_NOT_FOUND']);
    for (const q of ['overlay=ridges', 'scale=9', 'scale=0', 'extra=1']) {
      const r = await app.inject({ url: `/v1/transactions/tx-1/fingers/2/image?${q}`, headers: h });
      expect([r.statusCode, r.json().code], q).toEqual([400, 'AFIS_VALIDATION']);
    }
    const badPos = await app.inject({ url: '/v1/transactions/tx-1/fingers/16/image', headers: h });
    expect(badPos.statusCode).toBe(400);
  });
});
