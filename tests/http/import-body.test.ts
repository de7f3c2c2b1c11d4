/** `POST /v1/records/import` takes the body of a capture (issue 13, part 6): `operatorId` included. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { personFinger } from '../helpers/persons.js';

const ADMIN = { authorization: 'Bearer admin-key-import' };
const fingers = Array.from({ length: 10 }, (_, i) => ({
  position: i + 1, image: Buffer.from(personFinger('A', i + 1, 3)).toString('base64'),
}));

describe('records import body', () => {
  let test: TestApp;
  beforeAll(async () => { test = await startTestApp({ AFIS_API_KEYS: 'admin:admin-key-import' }); });
  afterAll(async () => { await test?.close(); });

  it('accepts and keeps the operatorId a capture accepts', async () => {
    const r = await test.app.inject({
      method: 'POST', url: '/v1/records/import', headers: ADMIN,
      payload: { referenceNumber: 'FR1A2024000999', memberState: 'FR', category: 1, capturedAt: '2026-01-10T09:00:00Z', operatorId: 'fr-desk-17', fingers },
    });
    expect(r.statusCode, r.body).toBe(200);
    const subject = await test.runtime.store.subjects.getByReference('FR1A2024000999');
    expect(subject?.operatorId).toBe('fr-desk-17');
  }, 60_000);

  it('still refuses fields a capture does not have', async () => {
    const r = await test.app.inject({
      method: 'POST', url: '/v1/records/import', headers: ADMIN,
      payload: { referenceNumber: 'FR1A2024000998', memberState: 'FR', category: 1, capturedAt: '2026-01-10T09:00:00Z', operator: 'x', fingers },
    });
    expect(r.statusCode).toBe(400);
  });
});
