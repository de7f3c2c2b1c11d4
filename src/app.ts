import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config/index.js';
import { AfisError } from './core/errors.js';
import { authPlugin, ErrorResponse, healthRoutes, answerUnmetExpectation, handleClientError, handleFrameworkError, installErrorHandler, type ReadinessProbe } from './http/index.js';
import { serveUiPages, createStoreFingerSource } from './ui/index.js';
import rateLimit from '@fastify/rate-limit';
import type { AnsiNistFingerReader } from './http/capture-body.js';
import { fingerImageRoutes, type FingerImageSource } from './http/routes/finger-images.js';
import { metricsRoutes } from './http/routes/metrics.js';
import type { ServiceMetrics } from './metrics/index.js';
import { auditRoutes } from './http/routes/audit.js';
import { examinationRoutes } from './http/routes/examinations.js';
import { policeRoutes } from './http/routes/police.js';
import { recordRoutes } from './http/routes/records.js';
import { resultRoutes } from './http/routes/results.js';
import { centralRoutes } from './http/routes/central.js';
import type { WorkflowApi } from './http/routes/route-context.js';
import { captureBodyParsers, transactionRoutes } from './http/routes/transactions.js';
import type { AuditLog, ExaminationStore, TransactionStore } from './transactions/index.js';
import type { SubjectStore } from './index/index.js';

/** Everything the HTTP application needs, built by main.ts (or by a test). */
export interface AppDeps {
  readonly config: Config;
  readonly readiness: ReadinessProbe;
  /** The process's pino logger; absent in tests (no logging). */
  readonly logger?: FastifyBaseLogger;
  /** Prometheus metrics: with them, `GET /metrics` and per-request counting. */
  readonly metrics?: ServiceMetrics;
  /** The workflow behind the /v1 routes; without it only health, readiness, docs and pages are served. */
  readonly workflow?: WorkflowDeps;
  /** This process is the central Eurodac system (`afis central`): the /v1/central routes are served too. */
  readonly centralSystem?: boolean;
}

/** What the /v1 routes are built on (see runtime.ts). */
export interface WorkflowDeps {
  readonly service: WorkflowApi;
  readonly readAnsiNistFingers: AnsiNistFingerReader;
  readonly stores: {
    readonly transactions: TransactionStore;
    readonly examinations: ExaminationStore;
    readonly subjects: SubjectStore;
    readonly audit: AuditLog;
  };
  /** Where finger images come from; by default the stores. */
  readonly fingerImages?: FingerImageSource;
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
    // query strings and params arrive as text: coerce them to the schema's types; extra body properties are refused, not dropped
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    return503OnClosing: true,
    // refusals made before any route: by the router (bad URL, long parameter) and by Node's HTTP parser
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
    // Node answers an HTTP/1.1 request without Host itself (400, empty body): the hook below does, in our body
    http: { requireHostHeader: false },
  });
  // and an Expect header other than 100-continue (417, empty body)
  app.server.on('checkExpectation', answerUnmetExpectation);
  installErrorHandler(app);
  // every body of the API is JSON or one of the capture encodings: text would reach handlers as a string
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request) => {
    if (request.raw.httpVersion === '1.1' && request.raw.headers.host === undefined) throw new AfisError('AFIS_BAD_REQUEST', 'an HTTP/1.1 request needs a Host header');
  });
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
  if (deps.metrics) await app.register(metricsRoutes, { metrics: deps.metrics });
  await app.register(healthRoutes, { readiness: deps.readiness });
  // The examiner's and the desk's pages (/ui/...): public HTML; their data come from the API with the user's key.
  await app.register(serveUiPages);
  if (deps.workflow) await app.register(workflowRoutes, { workflow: deps.workflow, config: deps.config, centralSystem: deps.centralSystem === true });
  return app;
}

/** The /v1 routes of the contract, rate-limited per API key. */
async function workflowRoutes(app: FastifyInstance, opts: { workflow: WorkflowDeps; config: Config; centralSystem: boolean }): Promise<void> {
  const { workflow, config } = opts;
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.principal?.keyId ?? request.ip,
  });
  await captureBodyParsers(app, config.bodyLimitBytes);
  const service = workflow.service;
  const fingerImages = workflow.fingerImages ?? createStoreFingerSource(workflow.stores);
  await app.register(transactionRoutes, {
    service, bodyLimit: config.bodyLimitBytes, readAnsiNistFingers: workflow.readAnsiNistFingers, ownerOf: (id) => fingerImages.transactionOwner(id),
  });
  await app.register(examinationRoutes, { service });
  await app.register(policeRoutes, { service, bodyLimit: config.bodyLimitBytes });
  await app.register(recordRoutes, { service, bodyLimit: config.bodyLimitBytes });
  await app.register(resultRoutes, { service });
  await app.register(auditRoutes, { audit: workflow.stores.audit });
  await app.register(fingerImageRoutes, { source: fingerImages });
  if (opts.centralSystem) await app.register(centralRoutes, { service: workflow.service, bodyLimit: config.bodyLimitBytes });
}
