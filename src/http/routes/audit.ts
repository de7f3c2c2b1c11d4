import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AuditLog } from '../../transactions/index.js';
import { requireRole } from '../auth.js';
import { errorResponses } from '../schemas.js';

/** The auditor's view of the hash-chained audit log: read entries, verify the chain. */
export async function auditRoutes(app: FastifyInstance, opts: { audit: AuditLog }): Promise<void> {
  app.get('/v1/audit', {
    onRequest: requireRole('auditor'),
    schema: {
      tags: ['auditor'],
      summary: 'audit entries from a sequence number, ascending',
      querystring: Type.Object({
        fromSeq: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ entries: Type.Array(Type.Record(Type.String(), Type.Unknown())) }), ...errorResponses },
    },
  }, async (request) => {
    const q = request.query as { fromSeq?: number; limit?: number };
    const entries = await opts.audit.read({ ...(q.fromSeq ? { fromSeq: q.fromSeq } : {}), ...(q.limit ? { limit: q.limit } : {}) });
    return { entries: entries.map((e) => ({ ...e })) };
  });

  app.get('/v1/audit/verify', {
    onRequest: requireRole('auditor'),
    schema: {
      tags: ['auditor'],
      summary: 're-hash the whole chain; names the first bad entry when it was altered',
      response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errorResponses },
    },
  }, async () => opts.audit.verifyChain());
}
