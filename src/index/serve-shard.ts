import { createServer, type IncomingMessage, type Server } from 'node:http';
import { AfisError, StoreError } from '../core/index.js';
import type { Template } from '../templates/index.js';
import type { Gallery } from './gallery.js';
import type { GallerySearcher, SearchCandidate, SearchOptions } from './search-gallery.js';

/**
 * The wire form of a shard search. Kept small on purpose: the coordinator sends the probe's
 * templates and the search options; the shard answers with its candidates (raw per-finger scores
 * included, so the coordinator can re-fuse them for the whole gallery's size) and its size.
 */
export interface ShardSearchRequest {
  readonly fingers: readonly { readonly position: number; readonly template: Template }[];
  readonly options?: Omit<SearchOptions, 'subjects'> & { readonly subjects?: readonly string[] };
}

export interface ShardSearchResponse {
  readonly subjects: number;
  readonly eligible: number;
  readonly shortlisted: number;
  readonly candidates: readonly SearchCandidate[];
}

const MAX_BODY = 16 * 1024 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new AfisError('AFIS_PAYLOAD_TOO_LARGE', 'shard search request too large');
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AfisError('AFIS_BAD_REQUEST', 'shard search request is not JSON');
  }
}

/**
 * An HTTP endpoint for one gallery shard (node:http, no framework: it is an internal protocol
 * between our own processes on a trusted network). `POST /search` takes a
 * {@link ShardSearchRequest} and answers a {@link ShardSearchResponse}; `GET /health` answers
 * `{subjects}`. Errors answer `{code, message}` with the code's status. Listen on it yourself.
 */
export function createShardServer(gallery: Gallery, searcher: GallerySearcher): Server {
  return createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    void (async () => {
      try {
        if (req.method === 'GET' && req.url === '/health') return send(200, { subjects: gallery.size });
        if (req.method !== 'POST' || req.url !== '/search') throw new AfisError('AFIS_NOT_FOUND', `no route ${req.method} ${req.url}`);
        const body = (await readJson(req)) as ShardSearchRequest;
        if (!body || !Array.isArray(body.fingers)) throw new AfisError('AFIS_VALIDATION', 'fingers must be an array');
        const r = await searcher.search(body.fingers, { ...(body.options ?? {}), maxCandidates: body.options?.maxCandidates ?? 20 });
        const answer: ShardSearchResponse = { subjects: gallery.size, eligible: r.eligible, shortlisted: r.shortlisted, candidates: r.candidates };
        send(200, answer);
      } catch (err) {
        const e = err instanceof AfisError ? err : new StoreError('AFIS_INTERNAL', 'shard search failed');
        send(e.status, { code: e.code, message: e.message });
      }
    })();
  });
}
