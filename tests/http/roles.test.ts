/**
 * Walks every /v1 route with every role: a role outside the route's list gets 403, no key 401,
 * and an allowed role gets past authorisation (any answer but 401/403; bodies here are minimal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../../src/config/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const key = (role: Role) => `${role}-key-roles-test`;

/** `ownOnly`: roles allowed only on their own data (a desk sees its own transactions): 404 on someone else's, as for an unknown id. */
const ROUTES: Array<{ method: 'GET' | 'POST'; url: string; roles: Role[]; ownOnly?: Role[]; payload?: unknown }> = [
  { method: 'POST', url: '/v1/transactions', roles: ['desk'], payload: {} },
  { method: 'GET', url: '/v1/transactions/tx-unknown', roles: ['desk', 'dublin', 'examiner'] },
  { method: 'GET', url: '/v1/transactions?since=2026-11-24T00:00:00Z', roles: ['desk', 'dublin', 'examiner'] },
  { method: 'POST', url: '/v1/records/import', roles: ['admin'], payload: {} },
  { method: 'POST', url: '/v1/records/FR1ABC/mark', roles: ['admin'], payload: { reason: 'protection-granted' } },
  { method: 'POST', url: '/v1/records/FR1ABC/erase', roles: ['admin'], payload: { reason: 'citizenship' } },
  { method: 'POST', url: '/v1/records/retention-sweep', roles: ['admin'] },
  { method: 'GET', url: '/v1/examinations?status=pending', roles: ['examiner'] },
  { method: 'GET', url: '/v1/examinations/ex-unknown', roles: ['examiner'] },
  { method: 'POST', url: '/v1/examinations/ex-unknown/decision', roles: ['examiner'], payload: { decision: 'confirmed', examinerId: 'e1' } },
  { method: 'POST', url: '/v1/police/identifications', roles: ['police'], payload: {} },
  { method: 'POST', url: '/v1/verifications', roles: ['desk', 'police'], payload: {} },
  { method: 'GET', url: '/v1/results', roles: ['dublin'] },
  { method: 'GET', url: '/v1/audit', roles: ['auditor'] },
  { method: 'GET', url: '/v1/audit/verify', roles: ['auditor'] },
  { method: 'GET', url: '/v1/transactions/tx-unknown/fingers/1/image', roles: ['examiner'], ownOnly: ['desk'] },
  { method: 'GET', url: '/v1/records/FR1ABC/fingers/1/image', roles: ['examiner'] },
];

describe('every route with every role', () => {
  let test: TestApp;
  let app: FastifyInstance;
  beforeAll(async () => {
    test = await startTestApp({ AFIS_API_KEYS: ROLES.map((r) => `${r}:${key(r)}`).join(','), AFIS_RATE_LIMIT_PER_MINUTE: '100000' });
    app = test.app;
  });
  afterAll(async () => test?.close());

  for (const route of ROUTES) {
    it(`${route.method} ${route.url} allows ${route.roles.join(', ')} only`, async () => {
      const send = (headers: Record<string, string>) => app.inject({
        method: route.method, url: route.url, headers,
        ...(route.payload !== undefined ? { payload: route.payload as object } : {}),
      });
      const anonymous = await send({});
      expect(anonymous.statusCode).toBe(401);
      for (const role of ROLES) {
        const r = await send({ authorization: `Bearer ${key(role)}` });
        if (route.roles.includes(role)) expect([401, 403], `${role}: ${r.body}`).not.toContain(r.statusCode);
        else if (route.ownOnly?.includes(role)) expect(r.statusCode, `${role}: ${r.body}`).toBe(404);
        else {
          expect(r.statusCode, `${role}: ${r.body}`).toBe(403);
          expect(r.json().code).toBe('AFIS_FORBIDDEN');
        }
      }
    });
  }

  it('lists every /v1 route of the app in this table', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).filter(([p]) => p.startsWith('/v1/')).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const normalise = (url: string) => url.split('?')[0]!.replace(/\/(tx-unknown|ex-unknown|FR1ABC)/g, '/{id}').replace(/\/fingers\/1\//, '/fingers/{position}/');
    const tested = new Set(ROUTES.map((r) => `${r.method} ${normalise(r.url)}`));
    for (const op of documented) expect(tested, op).toContain(op.replace(/\{[a-zA-Z]+\}/g, (m) => (m === '{position}' ? m : '{id}')));
  });
});
