import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireRole } from '../auth.js';
import { errorResponses } from '../schemas.js';
import { ExaminationDetailSchema, ExaminationSchema } from '../view-schemas.js';
import { actorOf, callOptionsOf, idempotencyHeader, type WorkflowApi } from './route-context.js';

const DecisionBody = Type.Object({
  decision: Type.Union([Type.Literal('confirmed'), Type.Literal('rejected')]),
  examinerId: Type.String({ minLength: 1, maxLength: 128 }),
  comment: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

/** The examiner's queue: list, open one (both prints' templates, paired minutiae, scores), decide. */
export async function examinationRoutes(app: FastifyInstance, opts: { service: WorkflowApi }): Promise<void> {
  app.get('/v1/examinations', {
    onRequest: requireRole('examiner'),
    schema: {
      tags: ['examiner'],
      summary: 'hits waiting for an examiner, oldest first',
      querystring: Type.Object({
        status: Type.Optional(Type.Literal('pending', { description: 'only pending examinations are queued' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ examinations: Type.Array(ExaminationSchema) }), ...errorResponses },
    },
  }, async (request) => {
    const { limit } = request.query as { limit?: number };
    return { examinations: await opts.service.listExaminations(actorOf(request), limit ? { limit } : {}) };
  });

  app.get('/v1/examinations/:id', {
    onRequest: requireRole('examiner'),
    schema: {
      tags: ['examiner'],
      summary: 'one hit with both subjects\' templates, per-finger scores and paired minutiae; images at …/fingers/:position/image',
      params: IdParams,
      response: { 200: ExaminationDetailSchema, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const detail = await opts.service.getExamination(id, actorOf(request), { images: false });
    return {
      ...detail,
      fingers: detail.fingers.map((f) => ({
        position: f.position,
        score: f.score,
        ...(f.pairs ? { pairs: f.pairs } : {}),
        ...(f.probe ? { probe: { template: f.probe.template, imageUrl: `/v1/transactions/${encodeURIComponent(detail.transactionId)}/fingers/${f.position}/image` } } : {}),
        ...(f.candidate ? { candidate: { template: f.candidate.template, imageUrl: `/v1/records/${encodeURIComponent(detail.candidate.referenceNumber)}/fingers/${f.position}/image` } } : {}),
      })),
    };
  });

  app.post('/v1/examinations/:id/decision', {
    onRequest: requireRole('examiner'),
    schema: {
      tags: ['examiner'],
      summary: 'confirm or reject a hit; a rejected hit is erased from the result and logged',
      params: IdParams,
      headers: idempotencyHeader,
      body: DecisionBody,
      response: { 200: ExaminationSchema, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const body = request.body as { decision: 'confirmed' | 'rejected'; examinerId: string; comment?: string };
    return opts.service.decideExamination(id, body, actorOf(request), callOptionsOf(request));
  });
}
