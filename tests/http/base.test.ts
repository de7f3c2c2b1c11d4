import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { CaptureError } from '../../src/core/index.js';
import { errorResponses, requireRole } from '../../src/http/index.js';

describe('the HTTP base: health, readiness, docs, errors, auth', () => {
  let app: FastifyInstance;
  let ready = true;
  beforeAll(async () => {
    const config = loadConfig({ AFIS_API_KEYS: 'desk:desk-key-123,examiner:exam-key-123', AFIS_BODY_LIMIT_MB: '1' });
    app = await buildApp({ config, readiness: { check: async () => ({ store: ready, index: true }) } });
    // test-only routes exercising the shared mechanisms
    app.post('/test/echo', {
      onRequest: requireRole('desk'),
      schema: { body: Type.Object({ n: Type.Integer() }, { additionalProperties: false }), response: { 200: Type.Object({ n: Type.Integer() }), ...errorResponses } },
    }, async (req) => req.body as { n: number });
    app.get('/test/query', { schema: { querystring: Type.Object({ limit: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Object({ limit: Type.Integer() }) } } }, async (req) => req.query as { limit: number });
    app.get('/test/capture-error', async () => {
      throw new CaptureError('AFIS_CAPTURE_TRUNCATED', 'PNG file ends inside its IDAT chunk');
    });
    app.get('/test/crash', async () => {
      throw new Error('database password is hunter2');
    });
    await app.ready();
  });
  afterAll(async () => app.close());

  it('GET /health answers ok', async () => {
    const r = await app.inject({ method: 'GET', url: '/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json().status).toBe('ok');
  });

  it('GET /ready is 200 when every check passes and 503 otherwise', async () => {
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    ready = false;
    const r = await app.inject({ method: 'GET', url: '/ready' });
    expect(r.statusCode).toBe(503);
    expect(r.json()).toEqual({ ready: false, checks: { store: false, index: true } });
    ready = true;
  });

  it('serves the OpenAPI document and the browsable docs', async () => {
    const doc = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/health']).toBeDefined();
    expect((await app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('refuses without a key (401), with the wrong role (403), and lets the right role in', async () => {
    const body = { n: 1 };
    expect((await app.inject({ method: 'POST', url: '/test/echo', payload: body })).json().code).toBe('AFIS_UNAUTHORIZED');
    expect((await app.inject({ method: 'POST', url: '/test/echo', payload: body, headers: { authorization: 'Bearer wrong-key-123' } })).statusCode).toBe(401);
    const forbidden = await app.inject({ method: 'POST', url: '/test/echo', payload: body, headers: { authorization: 'Bearer exam-key-123' } });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().code).toBe('AFIS_FORBIDDEN');
    const ok = await app.inject({ method: 'POST', url: '/test/echo', payload: body, headers: { authorization: 'Bearer desk-key-123' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ n: 1 });
  });

  it('maps malformed bodies to AFIS_* 4xx codes', async () => {
    const h = { authorization: 'Bearer desk-key-123' };
    const invalid = await app.inject({ method: 'POST', url: '/test/echo', payload: { n: 'one' }, headers: h });
    expect([invalid.statusCode, invalid.json().code]).toEqual([400, 'AFIS_VALIDATION']);
    const badJson = await app.inject({ method: 'POST', url: '/test/echo', payload: '{"n":', headers: { ...h, 'content-type': 'application/json' } });
    expect([badJson.statusCode, badJson.json().code]).toEqual([400, 'AFIS_BAD_REQUEST']);
    const media = await app.inject({ method: 'POST', url: '/test/echo', payload: 'n=1', headers: { ...h, 'content-type': 'application/x-www-form-urlencoded' } });
    expect([media.statusCode, media.json().code]).toEqual([415, 'AFIS_UNSUPPORTED_MEDIA_TYPE']);
    const big = await app.inject({ method: 'POST', url: '/test/echo', payload: JSON.stringify({ n: 1, pad: 'x'.repeat(2 * 1024 * 1024) }), headers: { ...h, 'content-type': 'application/json' } });
    expect([big.statusCode, big.json().code]).toEqual([413, 'AFIS_PAYLOAD_TOO_LARGE']);
  });

  it('turns typed errors into their status and hides internals of unexpected ones', async () => {
    const c = await app.inject({ method: 'GET', url: '/test/capture-error' });
    expect(c.statusCode).toBe(422);
    expect(c.json()).toEqual({ code: 'AFIS_CAPTURE_TRUNCATED', message: 'PNG file ends inside its IDAT chunk' });
    const crash = await app.inject({ method: 'GET', url: '/test/crash' });
    expect(crash.statusCode).toBe(500);
    expect(crash.body).not.toContain('hunter2');
    expect(crash.json().code).toBe('AFIS_INTERNAL');
  });

  it('reads integer query parameters (query strings are text)', async () => {
    const r = await app.inject({ method: 'GET', url: '/test/query?limit=5' });
    expect([r.statusCode, r.json()]).toEqual([200, { limit: 5 }]);
    expect((await app.inject({ method: 'GET', url: '/test/query?limit=five' })).json().code).toBe('AFIS_VALIDATION');
  });

  it('answers unknown routes with AFIS_NOT_FOUND', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/nothing?x=1' });
    expect([r.statusCode, r.json().code]).toEqual([404, 'AFIS_NOT_FOUND']);
  });
});
