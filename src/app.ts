import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config/index.js';
import { authPlugin, ErrorResponse, healthRoutes, installErrorHandler, type ReadinessProbe } from './http/index.js';
import { serveUiPages } from './ui/index.js';

/** Everything the HTTP application needs, built by main.ts (or by a test). */
export interface AppDeps {
  readonly config: Config;
  readonly readiness: ReadinessProbe;
  /** The process's pino logger; absent in tests (no logging). */
  readonly logger?: FastifyBaseLogger;
}

/**
 * Builds the fastify application: schemas and OpenAPI, the error handler, API-key
 * authentication and the routes. It never listens: main.ts does, tests use `app.inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    return503OnClosing: true,
  });
  installErrorHandler(app);
  app.addSchema(ErrorResponse);
  await app.register(swagger, {
    openapi: {
      info: { title: 'afis', version: '0.1.0', description: 'Fingerprint identification service: capture, 1:N search, Eurodac hit/no-hit and routing' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key: Authorization: Bearer KEY' } } },
      security: [{ apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { keys: deps.config.apiKeys });
  await app.register(healthRoutes, { readiness: deps.readiness });
  // The examiner's and the desk's pages (/ui/...): public HTML; their data come from the API with the user's key.
  await app.register(serveUiPages);
  return app;
}
