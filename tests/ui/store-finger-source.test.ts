import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { parseApiKeys } from '../../src/config/index.js';
import { authPlugin, ErrorResponse, installErrorHandler } from '../../src/http/index.js';
import { fingerImageRoutes } from '../../src/http/routes/finger-images.js';
import { openEmbeddedStore, type AfisStore } from '../../src/store/index.js';
import { decodeTemplate } from '../../src/templates/index.js';
import { decodeProbeBundle } from '../../src/transactions/index.js';
import { createStoreFingerSource } from '../../src/ui/index.js';
import { ADMIN, DESK, EXAMINER, buildService, tenPrint, type Harness } from '../transactions/fixture.js';

/**
 * The image routes' source over the workflow's stores, with the real TransactionService: the
 * fingers shown are the ones the workflow keeps (probe bundle while undecided, the enrolled
 * subject afterwards, the gallery record for the candidate), with the templates the search used.
 */
describe('createStoreFingerSource over the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-ui-source-'));
  let stores: AfisStore;
  let subjects: AfisStore['subjects'];
  let source: ReturnType<typeof createStoreFingerSource>;
  let h: Harness;
  let transactionId = '';
  let examinationId = '';

  beforeAll(async () => {
    stores = openEmbeddedStore({ dir });
    await stores.ready();
    subjects = stores.subjects;
    source = createStoreFingerSource(stores);
    h = await buildService({ stores, subjects });
    await h.service.importRecords([{ referenceNumber: 'FR1000000001', memberState: 'FR', category: 1, capturedAt: '2025-02-01T09:00:00Z', fingers: tenPrint('A', 1) }], ADMIN);
    transactionId = (await h.service.submitCapture({ category: 1, memberState: 'BE', fingers: tenPrint('A', 2) }, DESK)).transactionId;
    await h.service.whenIdle();
    const queue = await h.service.listExaminations(EXAMINER);
    expect(queue).toHaveLength(1);
    examinationId = queue[0]!.examinationId;
  });

  afterAll(async () => {
    await stores?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads an undecided transaction from its probe bundle, with the template the search used', async () => {
    const tx = await stores.transactions.get(transactionId, { probe: true });
    const bundled = decodeProbeBundle(tx!.probe!).find((f) => f.position === 4)!;
    const finger = await source.transactionFinger(transactionId, 4);
    expect(finger).toBeDefined();
    expect(finger!.template).toEqual(decodeTemplate(bundled.template));
    expect(finger!.quality).toBe(bundled.quality);
    // the template's coordinates refer to this image
    expect([finger!.image.width, finger!.image.height]).toEqual([finger!.template.width, finger!.template.height]);
    expect(await source.transactionFinger(transactionId, 12)).toBeUndefined();
    expect(await source.transactionFinger('no-such-tx', 4)).toBeUndefined();
  });

  it('names the submitter, the gallery record and the examination link', async () => {
    expect(await source.transactionOwner(transactionId)).toBe(DESK.id);
    expect(await source.transactionOwner('no-such-tx')).toBeUndefined();
    const record = await source.recordFinger('FR1000000001', 4);
    const stored = (await subjects.getByReference('FR1000000001'))!.fingers.find((f) => f.position === 4)!;
    expect(record!.template).toEqual(decodeTemplate(stored.template));
    expect(await source.recordFinger('FR1999999999', 4)).toBeUndefined();
    expect(await source.examination(examinationId)).toEqual({ transactionId, candidateReference: 'FR1000000001' });
    expect(await source.examination('nope')).toBeUndefined();
  });

  it('serves both prints with the same pairs through the route, and logs the views', async () => {
    const app: FastifyInstance = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: false } } });
    installErrorHandler(app);
    app.addSchema(ErrorResponse);
    await app.register(authPlugin, { keys: parseApiKeys('examiner:exam-key-123') });
    await app.register(fingerImageRoutes, { source });
    const before = (await stores.audit.read()).length;
    const h2 = { authorization: 'Bearer exam-key-123' };
    const p = await app.inject({ url: `/v1/transactions/${transactionId}/fingers/1/image?overlay=minutiae&pairedWith=${examinationId}`, headers: h2 });
    const c = await app.inject({ url: `/v1/records/FR1000000001/fingers/1/image?overlay=minutiae&pairedWith=${examinationId}`, headers: h2 });
    expect([p.statusCode, c.statusCode]).toEqual([200, 200]);
    expect(Number(p.headers['x-paired-minutiae'])).toBeGreaterThan(5);
    expect(p.headers['x-paired-minutiae']).toBe(c.headers['x-paired-minutiae']);
    const logged = (await stores.audit.read()).slice(before);
    expect(logged.map((e) => [e.action, e.target, e.role])).toEqual([
      ['finger-image.transaction', `${transactionId}/1`, 'examiner'],
      ['finger-image.record', 'FR1000000001/1', 'examiner'],
    ]);
    await app.close();
  });

  it('after the decision, shows the enrolled person instead of the dropped probe', async () => {
    await h.service.decideExamination(examinationId, { decision: 'confirmed', examinerId: 'ex-1' }, EXAMINER);
    const tx = await stores.transactions.get(transactionId, { probe: true });
    expect(tx!.status).toBe('decided');
    expect(tx!.probe).toBeUndefined();
    const finger = await source.transactionFinger(transactionId, 4);
    expect(finger).toBeDefined();
    expect(finger!.template.minutiae.length).toBeGreaterThan(5);
  });
});
