import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKey, Role } from '../config/index.js';
import { AfisError } from '../core/errors.js';

/** Who made a request: the role of the API key and a non-secret id of the key (for the audit log). */
export interface Principal {
  readonly role: Role;
  readonly keyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** How many times a header (lower-case name) occurs in Node's raw header list [name, value, name, value, …]. */
function countHeader(raw: readonly string[], name: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === name) n++;
  return n;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Reads `Authorization: Bearer KEY` on every request and sets `request.principal` when the key
 * is known (compared in constant time over SHA-256 digests). Routes declare the roles they
 * allow with {@link requireRole}; a route without it is public (health, readiness, metrics, docs, the /ui pages).
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { keys: readonly ApiKey[] }) => {
  const known = opts.keys.map((k) => ({ role: k.role, digest: digest(k.key), keyId: digest(k.key).toString('hex').slice(0, 12) }));
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // Node keeps only the first of repeated Authorization headers: refuse the request instead of guessing
    if (countHeader(request.raw.rawHeaders, 'authorization') > 1) {
      throw new AfisError('AFIS_BAD_REQUEST', 'the request has more than one Authorization header');
    }
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return;
    const d = digest(match[1]!);
    for (const k of known) {
      if (timingSafeEqual(d, k.digest)) {
        request.principal = { role: k.role, keyId: k.keyId };
        return;
      }
    }
  });
}, { name: 'afis-auth' });

/**
 * An onRequest hook that lets only the given roles through: 401 without a valid key, 403 for
 * another role. Use it as the route's `onRequest`, so a refused caller's body is never parsed.
 */
export function requireRole(...roles: Role[]): onRequestHookHandler {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.principal) throw new AfisError('AFIS_UNAUTHORIZED', 'a valid API key is required (Authorization: Bearer KEY)');
    if (!roles.includes(request.principal.role)) {
      throw new AfisError('AFIS_FORBIDDEN', `the ${request.principal.role} role may not use this route`);
    }
  };
}
