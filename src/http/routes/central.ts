import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AfisError } from '../../core/errors.js';
import type { TransactionService } from '../../transactions/index.js';
import { requireRole } from '../auth.js';
import { errorResponses } from '../schemas.js';
import { actorOf } from './route-context.js';

/** What the central routes call. */
export type CentralApi = Pick<TransactionService, 'receiveCentralTransaction' | 'readCentralReply'>;

/**
 * The central system's two routes (`afis central`), for member states' national access points
 * (role `member-state`): receive an ANSI/NIST-ITL transaction in the Eurodac profile, and read
 * its reply once the comparison is done (see docs/eurodac-link.md).
 */
export async function centralRoutes(app: FastifyInstance, opts: { service: CentralApi; bodyLimit: number }): Promise<void> {
  app.post('/v1/central/transactions', {
    onRequest: requireRole('member-state'),
    bodyLimit: opts.bodyLimit,
    schema: {
      tags: ['central'],
      summary: 'a member state sends a transaction (application/vnd.ansi-nist, Eurodac profile); 202 stored, 200 when it was received before',
      response: {
        202: Type.Object({ transactionId: Type.String(), status: Type.Literal('accepted') }),
        200: Type.Object({ transactionId: Type.String(), status: Type.Literal('duplicate') }),
        ...errorResponses,
      },
    },
  }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw new AfisError('AFIS_UNSUPPORTED_MEDIA_TYPE', 'a transaction is application/vnd.ansi-nist');
    const body = request.body;
    const answer = await opts.service.receiveCentralTransaction(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), actorOf(request));
    return reply.status(answer.status === 'accepted' ? 202 : 200).send(answer);
  });

  app.get('/v1/central/transactions/:memberState/:transactionId/reply', {
    onRequest: requireRole('member-state'),
    schema: {
      tags: ['central'],
      summary: 'the reply to a transaction: pending, or every hit (reference number, member state, category, dates, mark, prints) or the rejection',
      params: Type.Object({ memberState: Type.String({ pattern: '^[A-Z]{2}$' }), transactionId: Type.String({ minLength: 1, maxLength: 128 }) }),
      response: {
        200: Type.Object({ state: Type.Union([Type.Literal('pending'), Type.Literal('answered')]), reply: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }),
        ...errorResponses,
      },
    },
  }, async (request) => {
    const { memberState, transactionId } = request.params as { memberState: string; transactionId: string };
    return opts.service.readCentralReply(memberState, transactionId, actorOf(request));
  });
}
