import type { FastifyRequest } from 'fastify';
import { AfisError } from '../../core/errors.js';
import type { Actor, CallOptions, TransactionService } from '../../transactions/index.js';

/** What the workflow routes call: the transaction service's public methods. */
export type WorkflowApi = Pick<
  TransactionService,
  | 'submitCapture' | 'getTransaction' | 'listTransactions' | 'listExaminations' | 'getExamination' | 'decideExamination'
  | 'identifyForPolice' | 'verify' | 'importRecords' | 'markRecord' | 'eraseRecord' | 'sweepRetention' | 'readResults'
  | 'receiveCentralTransaction' | 'readCentralReply'
>;

/** The caller as the workflow sees it: the API key's non-secret id and its role. */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (!p) throw new AfisError('AFIS_UNAUTHORIZED', 'a valid API key is required (Authorization: Bearer KEY)');
  return { id: p.keyId, role: p.role };
}

/** `Idempotency-Key` header → call options (at most 200 printable characters). */
export function callOptionsOf(request: FastifyRequest): CallOptions {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return {};
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new AfisError('AFIS_VALIDATION', 'Idempotency-Key must be 1–200 printable ASCII characters');
  }
  return { idempotencyKey: key };
}

/** The standard header documentation for state-changing routes. */
export const idempotencyHeader = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', maxLength: 200, description: 'a retried request with the same key returns the first answer' } },
} as const;
