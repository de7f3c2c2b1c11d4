import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import { AfisError } from '../../core/errors.js';
import { requireRole } from '../auth.js';
import {
  type AnsiNistFingerReader, CAPTURE_CONTENT_TYPES, CaptureBodySchema, type CaptureBody, type CaptureInput,
  captureFromAnsiNist, captureFromJson, captureFromMultipart, captureFromProtobuf,
} from '../capture-body.js';
import { errorResponses } from '../schemas.js';
import { CaptureAcceptedSchema, TransactionViewSchema } from '../view-schemas.js';
import { actorOf, callOptionsOf, idempotencyHeader, type WorkflowApi } from './route-context.js';

export interface TransactionRouteOptions {
  readonly service: WorkflowApi;
  /** Largest capture body, bytes (50 MB by default; larger: 413). */
  readonly bodyLimit: number;
  /** Reads the fingers of an ANSI/NIST-ITL transaction (formats module). */
  readonly readAnsiNistFingers: AnsiNistFingerReader;
  /** The API key id that submitted a transaction (undefined: unknown); a desk reads only its own. */
  readonly ownerOf: (transactionId: string) => Promise<string | undefined>;
}

/**
 * Reads a capture from any accepted body: JSON (base64 images), multipart (a metadata field and
 * finger-<position> files), protobuf `afis.v1.CaptureRequest`, or an ANSI/NIST-ITL transaction
 * with its metadata in the query string.
 */
export async function readCapture(request: FastifyRequest, read: AnsiNistFingerReader): Promise<CaptureInput> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === CAPTURE_CONTENT_TYPES.multipart) return captureFromMultipart(request);
  if (type === CAPTURE_CONTENT_TYPES.protobuf) return captureFromProtobuf(request.body as Buffer);
  if (type === CAPTURE_CONTENT_TYPES.ansiNist) return captureFromAnsiNist(request.body as Buffer, request.query as Record<string, unknown>, read);
  if (type !== 'application/json' || typeof request.body !== 'object' || request.body === null || Buffer.isBuffer(request.body)) {
    throw new AfisError('AFIS_UNSUPPORTED_MEDIA_TYPE', `a capture is application/json, ${Object.values(CAPTURE_CONTENT_TYPES).join(', ')}`);
  }
  return captureFromJson(request.body as CaptureBody);
}

/** Registers the binary body parsers and multipart for capture routes (once per app). */
export async function captureBodyParsers(app: FastifyInstance, bodyLimit: number): Promise<void> {
  app.addContentTypeParser([CAPTURE_CONTENT_TYPES.protobuf, CAPTURE_CONTENT_TYPES.ansiNist], { parseAs: 'buffer', bodyLimit }, (_req, body, done) => {
    if ((body as Buffer).length === 0) done(new AfisError('AFIS_BAD_REQUEST', 'the body is empty'), undefined);
    else done(null, body);
  });
  await app.register(multipart, { limits: { fileSize: bodyLimit, files: 15, fields: 2, parts: 17, fieldSize: 1024 * 1024 }, throwFileSizeLimit: true });
}

/** The JSON body schema only applies to JSON; the other encodings are checked by their readers. */
export const captureBodySchema = {
  content: {
    'application/json': { schema: CaptureBodySchema },
  },
};

/** `POST /v1/transactions` (desk) and `GET /v1/transactions/:id` (desk, dublin, examiner). */
export async function transactionRoutes(app: FastifyInstance, opts: TransactionRouteOptions): Promise<void> {
  app.post('/v1/transactions', {
    onRequest: requireRole('desk'),
    bodyLimit: opts.bodyLimit,
    schema: {
      tags: ['desk'],
      summary: 'submit a ten-print capture; quality is checked at once, the search continues in the background',
      description: 'Bodies: application/json (base64 images), multipart/form-data (field `metadata` + files `finger-<position>[-plain]`), application/x-protobuf (afis.v1.CaptureRequest), application/vnd.ansi-nist (an ANSI/NIST-ITL transaction; `?category=&memberState=` in the query). The 202 carries per-finger `quality`, per-slap segmentation `confidence` and one `recapture` list (finger or slap, required or advised, reasons); a 422 AFIS_QUALITY_INSUFFICIENT names the fingers to recapture in `details.recapture` and the same advice in `details.advice`.',
      headers: idempotencyHeader,
      body: captureBodySchema,
      response: { 202: CaptureAcceptedSchema, ...errorResponses },
    },
  }, async (request, reply) => {
    const input = await readCapture(request, opts.readAnsiNistFingers);
    const accepted = await opts.service.submitCapture(input, actorOf(request), callOptionsOf(request));
    return reply.status(202).send(accepted);
  });

  app.get('/v1/transactions', {
    onRequest: requireRole('desk', 'dublin', 'examiner'),
    schema: {
      tags: ['desk'],
      summary: 'transactions created since a time, newest first (a desk sees the ones it submitted)',
      querystring: Type.Object({
        since: Type.String({ format: 'date-time', description: 'ISO 8601; e.g. the start of today' }),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ transactions: Type.Array(TransactionViewSchema) }), ...errorResponses },
    },
  }, async (request) => {
    const { since, limit } = request.query as { since: string; limit?: number };
    return { transactions: await opts.service.listTransactions(actorOf(request), { since: Date.parse(since), ...(limit ? { limit } : {}) }) };
  });

  app.get('/v1/transactions/:id', {
    onRequest: requireRole('desk', 'dublin', 'examiner'),
    schema: {
      tags: ['desk', 'dublin'],
      summary: 'status and, once decided, the result (outcome, hits, route)',
      params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
      response: { 200: TransactionViewSchema, ...errorResponses },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const actor = actorOf(request);
    // a desk sees the transactions it submitted, as it sees only their finger images; another
    // desk's answers like an unknown id, so a desk cannot learn that an id exists
    if (actor.role === 'desk' && (await opts.ownerOf(id)) !== actor.id) {
      throw new AfisError('AFIS_TRANSACTION_NOT_FOUND', `no transaction ${JSON.stringify(id.slice(0, 80))} of this desk`);
    }
    return opts.service.getTransaction(id, actor);
  });
}
