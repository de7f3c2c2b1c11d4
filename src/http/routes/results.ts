import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { decodeMessage, loadMessages } from '../../messages/index.js';
import { requireRole } from '../auth.js';
import { errorResponses } from '../schemas.js';
import { actorOf, type WorkflowApi } from './route-context.js';

const ResultEntry = Type.Object({
  cursor: Type.String({ description: 'pass as ?after= to read what follows' }),
  dedupId: Type.String(),
  publishedAt: Type.String(),
  result: Type.Record(Type.String(), Type.Unknown(), { description: 'the afis.v1.SearchResult message as JSON (camelCase)' }),
  payload: Type.String({ description: 'the same message as protobuf bytes, base64' }),
});

/**
 * `GET /v1/results?after=CURSOR` (dublin): confirmed results in publication order. With Redis the
 * same results are on the stream `afis:results`, read with a consumer group.
 */
export async function resultRoutes(app: FastifyInstance, opts: { service: WorkflowApi }): Promise<void> {
  app.get('/v1/results', {
    onRequest: requireRole('dublin'),
    schema: {
      tags: ['dublin'],
      summary: 'confirmed results in order, after a cursor',
      querystring: Type.Object({
        after: Type.Optional(Type.String({ maxLength: 64 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ results: Type.Array(ResultEntry), next: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
    },
  }, async (request) => {
    const { after, limit } = request.query as { after?: string; limit?: number };
    const published = await opts.service.readResults(actorOf(request), after, limit);
    const { SearchResult } = await loadMessages();
    const results = published.map((r) => ({
      cursor: r.cursor,
      dedupId: r.dedupId,
      publishedAt: new Date(r.publishedAt).toISOString(),
      result: decodeMessage(SearchResult, r.payload),
      payload: Buffer.from(r.payload).toString('base64'),
    }));
    return { results, next: results.length > 0 ? results[results.length - 1]!.cursor : after ?? null };
  });
}
