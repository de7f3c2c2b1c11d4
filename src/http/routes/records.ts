import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireRole } from '../auth.js';
import { captureFromJson, FingerSchema, MissingFingerSchema } from '../capture-body.js';
import { errorResponses } from '../schemas.js';
import { ImportResultSchema, RecordStatusSchema } from '../view-schemas.js';
import { actorOf, callOptionsOf, idempotencyHeader, type WorkflowApi } from './route-context.js';

const ImportRecord = Type.Object({
  referenceNumber: Type.String({ minLength: 3, maxLength: 64 }),
  memberState: Type.String({ pattern: '^[A-Z]{2}$' }),
  category: Type.Integer({ minimum: 1, maximum: 99 }),
  capturedAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Optional(Type.String({ format: 'date-time' })),
  markedAt: Type.Optional(Type.String({ format: 'date-time' })),
  blockedAt: Type.Optional(Type.String({ format: 'date-time' })),
  sex: Type.Optional(Type.String({ maxLength: 16 })),
  operatorId: Type.Optional(Type.String({ maxLength: 128 })),
  place: Type.Optional(Type.String({ maxLength: 200 })),
  fingers: Type.Array(FingerSchema, { minItems: 1, maxItems: 25 }),
  missingFingers: Type.Optional(Type.Array(MissingFingerSchema, { maxItems: 10 })),
}, { additionalProperties: false });

const ImportBody = Type.Union([ImportRecord, Type.Object({ records: Type.Array(ImportRecord, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false })]);

const RefParams = Type.Object({ referenceNumber: Type.String({ minLength: 3, maxLength: 64 }) });

type ImportRecordBody = {
  referenceNumber: string; memberState: string; category: number; capturedAt: string; sentAt?: string; markedAt?: string; blockedAt?: string;
  sex?: string; operatorId?: string; place?: string; fingers: Parameters<typeof captureFromJson>[0]['fingers']; missingFingers?: Array<{ position: number; reason: string }>;
};

/** Records of other member states (import), marking, advance erasure and the retention sweep (admin). */
export async function recordRoutes(app: FastifyInstance, opts: { service: WorkflowApi; bodyLimit: number }): Promise<void> {
  app.post('/v1/records/import', {
    onRequest: requireRole('admin'),
    bodyLimit: opts.bodyLimit,
    schema: {
      tags: ['admin'],
      summary: 'store records transmitted by other member states (same body as a transaction, plus reference number and capture date; no search)',
      headers: idempotencyHeader,
      body: ImportBody,
      response: { 200: ImportResultSchema, ...errorResponses },
    },
  }, async (request) => {
    const body = request.body as ImportRecordBody | { records: ImportRecordBody[] };
    const records = 'records' in body ? body.records : [body];
    return opts.service.importRecords(
      records.map((r) => ({ ...r, fingers: captureFromJson({ category: r.category, memberState: r.memberState, fingers: r.fingers }).fingers })),
      actorOf(request),
      callOptionsOf(request),
    );
  });

  app.post('/v1/records/:referenceNumber/mark', {
    onRequest: requireRole('admin'),
    schema: {
      tags: ['admin'],
      summary: 'mark a record (protection granted, or a hit on a record another state marked)',
      params: RefParams,
      headers: idempotencyHeader,
      body: Type.Object({ reason: Type.Union([Type.Literal('protection-granted'), Type.Literal('hit-on-marked-record')]) }, { additionalProperties: false }),
      response: { 200: RecordStatusSchema, ...errorResponses },
    },
  }, async (request) => {
    const { referenceNumber } = request.params as { referenceNumber: string };
    const { reason } = request.body as { reason: 'protection-granted' | 'hit-on-marked-record' };
    return opts.service.markRecord({ referenceNumber, reason }, actorOf(request), callOptionsOf(request));
  });

  app.post('/v1/records/:referenceNumber/erase', {
    onRequest: requireRole('admin'),
    schema: {
      tags: ['admin'],
      summary: 'advance erasure (citizenship; category 2 on a residence permit or departure)',
      params: RefParams,
      headers: idempotencyHeader,
      body: Type.Object({ reason: Type.Union([Type.Literal('citizenship'), Type.Literal('residence-permit'), Type.Literal('left-territory')]) }, { additionalProperties: false }),
      response: { 200: RecordStatusSchema, ...errorResponses },
    },
  }, async (request) => {
    const { referenceNumber } = request.params as { referenceNumber: string };
    const { reason } = request.body as { reason: 'citizenship' | 'residence-permit' | 'left-territory' };
    return opts.service.eraseRecord({ referenceNumber, reason }, actorOf(request), callOptionsOf(request));
  });

  app.post('/v1/records/retention-sweep', {
    onRequest: requireRole('admin'),
    schema: {
      tags: ['admin'],
      summary: 'erase every record whose retention period has ended, from store and gallery',
      response: { 200: Type.Object({ scanned: Type.Integer(), erased: Type.Array(Type.String()), blocked: Type.Array(Type.String()) }), ...errorResponses },
    },
  }, async (request) => opts.service.sweepRetention(actorOf(request)));
}
