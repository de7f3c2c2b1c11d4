import { AfisError } from '../core/index.js';
import type { CentralLink, CentralReply, ReplyPoll, TransmitOutcome } from '../transactions/index.js';

export interface CentralClientOptions {
  /** Base URL of the central access point, e.g. `http://127.0.0.1:8090`. */
  readonly url: string;
  /** Our API key there (role `member-state`). */
  readonly apiKey?: string;
  /** Our member state: the central system keys our transactions by it. */
  readonly memberState: string;
  /** Longest wait for one call, ms. */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

async function bodyOf(response: Response): Promise<{ code?: string; message?: string; [k: string]: unknown }> {
  try {
    return await response.json() as { code?: string; message?: string };
  } catch {
    return {};
  }
}

/**
 * The national side of the link over HTTP (fetch), to `afis central` or any access point with
 * the same two routes: `POST /v1/central/transactions` (the ANSI/NIST-ITL file; 202 stored, 200
 * `duplicate`, 4xx refused) and `GET /v1/central/transactions/:memberState/:id/reply` (200
 * `pending` or the reply; 404 AFIS_TRANSACTION_NOT_FOUND unknown). Network failures, timeouts,
 * 401/403/404/429 on transmission and 5xx throw,
 * so the outbox retries them. Thread-safe (no state).
 */
export function createCentralClient(options: CentralClientOptions): CentralLink {
  const base = options.url.replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const auth: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const call = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string> | undefined) }, signal: AbortSignal.timeout(timeout) });
    } catch (err) {
      throw new AfisError('AFIS_CENTRAL_UNAVAILABLE', `central system at ${base} unreachable: ${(err as Error).message}`);
    }
  };
  const failed = async (what: string, response: Response): Promise<never> => {
    const b = await bodyOf(response);
    throw new AfisError('AFIS_CENTRAL_UNAVAILABLE', `central system: ${what} answered ${response.status}${b.code ? ` ${b.code}` : ''}${b.message ? `: ${b.message}` : ''}`);
  };
  return {
    async transmit(message): Promise<TransmitOutcome> {
      const response = await call('/v1/central/transactions', {
        method: 'POST', headers: { 'content-type': message.contentType }, body: message.payload,
      });
      if (response.status === 202) return { outcome: 'accepted' };
      if (response.status === 200) {
        const b = await bodyOf(response);
        return { outcome: b.status === 'duplicate' ? 'duplicate' : 'accepted' };
      }
      if (response.status >= 400 && response.status < 500 && ![401, 403, 404, 408, 429].includes(response.status)) {
        const b = await bodyOf(response);
        return { outcome: 'refused', code: String(b.code ?? `HTTP_${response.status}`), message: String(b.message ?? '') };
      }
      return failed('a transmission', response);
    },
    async fetchReply(id): Promise<ReplyPoll> {
      const response = await call(`/v1/central/transactions/${encodeURIComponent(options.memberState)}/${encodeURIComponent(id)}/reply`, { method: 'GET' });
      // an unknown transaction (not an unknown route: a wrong URL must not make us re-send for ever)
      if (response.status === 404) {
        const b = await bodyOf(response);
        if (b.code === 'AFIS_TRANSACTION_NOT_FOUND') return { state: 'unknown' };
        throw new AfisError('AFIS_CENTRAL_UNAVAILABLE', `central system: the reply route answered 404 ${String(b.code ?? '')}`);
      }
      if (response.status !== 200) return failed('a reply request', response);
      const b = await bodyOf(response) as { state?: string; reply?: CentralReply };
      if (b.state === 'answered' && b.reply) return { state: 'answered', reply: b.reply };
      return { state: 'pending' };
    },
  };
}
