import type { Socket } from 'node:net';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AfisError, type ErrorCode, httpStatusOf, isErrorCode } from '../core/errors.js';

/** Fastify's own error codes → ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'AFIS_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'AFIS_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'AFIS_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'AFIS_BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'AFIS_BAD_REQUEST',
  FST_ERR_CTP_EMPTY_TYPE: 'AFIS_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'AFIS_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_VALIDATION: 'AFIS_VALIDATION',
  FST_ERR_NOT_FOUND: 'AFIS_NOT_FOUND',
  FST_REQ_FILE_TOO_LARGE: 'AFIS_PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'AFIS_PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'AFIS_PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'AFIS_PAYLOAD_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'AFIS_UNSUPPORTED_MEDIA_TYPE',
  // router errors, answered through `frameworkErrors`
  FST_ERR_BAD_URL: 'AFIS_BAD_REQUEST',
  FST_ERR_INVALID_URL: 'AFIS_BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'AFIS_URI_TOO_LONG',
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: 'AFIS_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_ROUTE_MISSING_CONTENT: 'AFIS_BAD_REQUEST',
};

/** Node's HTTP parser errors (the `clientError` event) → ours; anything else it refuses is AFIS_BAD_REQUEST. */
const NODE_CLIENT_CODES: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'AFIS_HEADERS_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'AFIS_REQUEST_TIMEOUT',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'AFIS_HEADERS_TOO_LARGE',
};

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Turns any thrown value into the status and body a client sees. AfisErrors keep their code
 * and message; fastify's parser and validation errors become AFIS_* 4xx codes; everything
 * else is AFIS_INTERNAL with a fixed message (the cause goes to the log only).
 */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (err instanceof AfisError) {
    const status = httpStatusOf(err.code);
    if (status >= 500) return { status, body: { code: err.code, message: publicMessage(err.code) }, internal: err.code === 'AFIS_INTERNAL' };
    return { status, body: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) }, internal: false };
  }
  const fe = err as Partial<FastifyError> & { validation?: unknown; statusCode?: number };
  if (fe && typeof fe === 'object') {
    if (fe.validation) {
      return { status: 400, body: { code: 'AFIS_VALIDATION', message: `invalid request: ${fe.message ?? 'schema mismatch'}` }, internal: false };
    }
    const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped) return { status: httpStatusOf(mapped), body: { code: mapped, message: fe.message ?? mapped }, internal: false };
    if (fe.statusCode === 429) return { status: 429, body: { code: 'AFIS_RATE_LIMITED', message: 'too many requests; retry later' }, internal: false };
    if (isErrorCode(fe.code)) return { status: httpStatusOf(fe.code), body: { code: fe.code, message: httpStatusOf(fe.code) >= 500 ? publicMessage(fe.code) : fe.message ?? fe.code }, internal: false };
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      return { status: fe.statusCode, body: { code: 'AFIS_BAD_REQUEST', message: fe.message ?? 'bad request' }, internal: false };
    }
  }
  return { status: 500, body: { code: 'AFIS_INTERNAL', message: publicMessage('AFIS_INTERNAL') }, internal: true };
}

function publicMessage(code: ErrorCode): string {
  switch (code) {
    case 'AFIS_NOT_READY':
    case 'AFIS_INDEX_NOT_READY':
      return 'the service is starting; retry shortly';
    case 'AFIS_STORE_UNAVAILABLE':
      return 'the record store is unavailable; retry shortly';
    case 'AFIS_NOT_IMPLEMENTED':
      return 'this capability is not available in this build';
    default:
      return 'internal error; the incident is logged';
  }
}

/** Messages of Node's client errors: fixed text (the parser's own message may echo the bytes). */
function clientErrorMessage(code: ErrorCode): string {
  switch (code) {
    case 'AFIS_HEADERS_TOO_LARGE':
      return 'the request headers are too large';
    case 'AFIS_REQUEST_TIMEOUT':
      return 'the request did not arrive completely in time';
    default:
      return 'the request is not valid HTTP';
  }
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request (malformed request
 * line or headers, headers too large, a timeout) before any route saw it. Answers our error
 * body with the table's status on the raw socket and closes it, as Node itself would.
 */
export function handleClientError(this: FastifyInstance | undefined, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const code = NODE_CLIENT_CODES[err.code ?? ''] ?? 'AFIS_BAD_REQUEST';
  const status = httpStatusOf(code);
  const body = JSON.stringify({ code, message: clientErrorMessage(code) } satisfies ErrorBody);
  this?.log?.debug({ code: err.code }, 'client error');
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}

/** Node's `checkExpectation`: an `Expect` header other than `100-continue` is refused (417) in our body. */
export function answerUnmetExpectation(_request: IncomingMessage, response: ServerResponse): void {
  const code: ErrorCode = 'AFIS_EXPECTATION_FAILED';
  const body = JSON.stringify({ code, message: 'the only expectation served is 100-continue' } satisfies ErrorBody);
  response.writeHead(httpStatusOf(code), { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body);
}

/** Fastify's `frameworkErrors`: the router's refusals (bad URL encoding, path parameter too long) in our body. */
export function handleFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, internal } = toErrorResponse(err);
  if (internal) request.log.error({ err }, 'request failed');
  void reply.status(status).send(body);
}

/** Installs the one error handler and the not-found handler. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const { status, body, internal } = toErrorResponse(err);
    if (internal || status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.code }, 'request refused');
    void reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ code: 'AFIS_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
