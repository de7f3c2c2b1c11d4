import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AfisError } from '../../core/errors.js';
import type { ServiceMetrics } from '../../metrics/index.js';

/** The route pattern of a request (never the raw URL: ids would make one series per request). */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/**
 * `GET /metrics` (Prometheus text format, public like /health: it holds counts and times, no
 * personal data) and the hooks that count every request by route pattern, method, status and
 * the caller's role, with its latency, and store errors by code.
 */
export const metricsRoutes = fp(async (app: FastifyInstance, opts: { metrics: ServiceMetrics }) => {
  const m = opts.metrics;
  app.addHook('onResponse', async (request, reply) => {
    const route = routeOf(request);
    if (route === '/metrics') return;
    const role = request.principal?.role ?? 'none';
    m.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode), role });
    m.httpDuration.observe({ route, method: request.method, role }, reply.elapsedTime / 1000);
  });
  app.addHook('onError', async (_request, _reply, error) => {
    if (error instanceof AfisError && error.code.startsWith('AFIS_STORE_')) m.storeErrors.inc({ code: error.code });
  });
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics (text exposition format)', hide: false } }, async (_request, reply) => {
    const text = await m.scrape();
    return reply.type(m.contentType).send(text);
  });
}, { name: 'afis-metrics' });
