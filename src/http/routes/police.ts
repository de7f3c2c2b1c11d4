import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireRole } from '../auth.js';
import { captureFromJson, FingerSchema, MissingFingerSchema } from '../capture-body.js';
import { errorResponses } from '../schemas.js';
import { PoliceResultSchema, VerificationResultSchema } from '../view-schemas.js';
import { actorOf, callOptionsOf, type WorkflowApi } from './route-context.js';

const PoliceBody = Type.Object({
  purpose: Type.String({ minLength: 3, maxLength: 500, description: 'the reasoned purpose of the law-enforcement search (audited)' }),
  caseNumber: Type.String({ minLength: 1, maxLength: 128 }),
  category: Type.Optional(Type.Integer({ minimum: 4, maximum: 5, description: '4 national law enforcement (default), 5 Europol' })),
  fingers: Type.Array(FingerSchema, { minItems: 1, maxItems: 15 }),
  missingFingers: Type.Optional(Type.Array(MissingFingerSchema, { maxItems: 10 })),
}, { additionalProperties: false });

const VerificationBody = Type.Object({
  referenceNumber: Type.String({ minLength: 3, maxLength: 64 }),
  purpose: Type.Optional(Type.String({ maxLength: 500 })),
  fingers: Type.Array(FingerSchema, { minItems: 1, maxItems: 15 }),
}, { additionalProperties: false });

type Fingers = Parameters<typeof captureFromJson>[0]['fingers'];

/** Police identification (search only, nothing stored) and 1:1 verification against a reference. */
export async function policeRoutes(app: FastifyInstance, opts: { service: WorkflowApi; bodyLimit: number }): Promise<void> {
  const fingersOf = (fingers: Fingers) => captureFromJson({ category: 1, memberState: 'XX', fingers }).fingers;

  app.post('/v1/police/identifications', {
    onRequest: requireRole('police'),
    bodyLimit: opts.bodyLimit,
    schema: {
      tags: ['police'],
      summary: '"who is this person?": hit / no-hit at once; nothing is stored',
      body: PoliceBody,
      response: { 200: PoliceResultSchema, ...errorResponses },
    },
  }, async (request) => {
    const b = request.body as { purpose: string; caseNumber: string; category?: number; fingers: Fingers; missingFingers?: Array<{ position: number; reason: string }> };
    return opts.service.identifyForPolice({
      purpose: b.purpose,
      caseNumber: b.caseNumber,
      fingers: fingersOf(b.fingers),
      ...(b.category ? { category: b.category } : {}),
      ...(b.missingFingers ? { missingFingers: b.missingFingers } : {}),
    }, actorOf(request), callOptionsOf(request));
  });

  app.post('/v1/verifications', {
    onRequest: requireRole('desk', 'police'),
    bodyLimit: opts.bodyLimit,
    schema: {
      tags: ['desk', 'police'],
      summary: '1:1: do these fingers belong to the record with this reference number?',
      body: VerificationBody,
      response: { 200: VerificationResultSchema, ...errorResponses },
    },
  }, async (request) => {
    const b = request.body as { referenceNumber: string; purpose?: string; fingers: Fingers };
    return opts.service.verify({ referenceNumber: b.referenceNumber, fingers: fingersOf(b.fingers), ...(b.purpose ? { purpose: b.purpose } : {}) }, actorOf(request));
  });
}
