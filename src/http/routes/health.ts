import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';

/** What `/ready` asks: is each durable part loaded and reachable? */
export interface ReadinessProbe {
  check(): Promise<Record<string, boolean>>;
}

const Health = Type.Object({ status: Type.Literal('ok'), uptimeSeconds: Type.Number() });
const Ready = Type.Object({ ready: Type.Boolean(), checks: Type.Record(Type.String(), Type.Boolean()) });

/** `GET /health` (the process answers) and `GET /ready` (store and index loaded: 200, else 503). */
export async function healthRoutes(app: FastifyInstance, opts: { readiness: ReadinessProbe }): Promise<void> {
  app.get('/health', { schema: { tags: ['operations'], summary: 'the process is up', response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
    uptimeSeconds: Math.round(process.uptime()),
  }));
  app.get('/ready', { schema: { tags: ['operations'], summary: 'store and index are loaded', response: { 200: Ready, 503: Ready } } }, async (_req, reply) => {
    let checks: Record<string, boolean>;
    try {
      checks = await opts.readiness.check();
    } catch {
      checks = { store: false };
    }
    const ready = Object.values(checks).every(Boolean);
    return reply.status(ready ? 200 : 503).send({ ready, checks });
  });
}
