import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type * as FastCheck from 'fast-check';
import sharp from 'sharp';
import { buildApp } from '../../app.js';
import { ROLES, loadConfig, type Role } from '../../config/index.js';
import { appDepsOf, buildRuntime, type Runtime } from '../../runtime.js';

type Fc = typeof FastCheck;

/**
 * HTTP fuzzing of the running service (issue 10): random and mutated bodies, content types,
 * headers and path parameters on every /v1 route, sent over a real socket to a service started
 * in this process on 127.0.0.1 (embedded store in a temporary directory). The only answers
 * allowed are 2xx/3xx, or 4xx with an `{code: "AFIS_...", message}` body; never a 5xx, and the
 * service answers its health checks afterwards. `tests/http/fuzz-http.test.ts` runs a few
 * thousand cases, `afis bench fuzz --http` 100 k.
 */

/** The request bodies the routes take (seeds for mutation). */
type BodyKind = 'capture' | 'police' | 'verification' | 'import' | 'decision' | 'mark' | 'erase';

export interface FuzzRoute {
  readonly method: 'GET' | 'POST';
  /** fastify's URL pattern, `:name` for path parameters. */
  readonly url: string;
  readonly roles: readonly Role[];
  readonly body?: BodyKind;
  /** Query parameters the route reads. */
  readonly query?: readonly string[];
}

/** Every /v1 route and the roles allowed on it (src/http/routes; the fuzz test checks the list against the app). */
export const FUZZ_ROUTES: readonly FuzzRoute[] = [
  { method: 'POST', url: '/v1/transactions', roles: ['desk'], body: 'capture', query: ['category', 'memberState'] },
  { method: 'GET', url: '/v1/transactions', roles: ['desk', 'dublin', 'examiner'], query: ['since', 'limit'] },
  { method: 'GET', url: '/v1/transactions/:id', roles: ['desk', 'dublin', 'examiner'] },
  { method: 'GET', url: '/v1/transactions/:id/fingers/:position/image', roles: ['examiner', 'desk'], query: ['overlay', 'pairedWith', 'scale'] },
  { method: 'GET', url: '/v1/examinations', roles: ['examiner'], query: ['status', 'limit'] },
  { method: 'GET', url: '/v1/examinations/:id', roles: ['examiner'], query: ['images'] },
  { method: 'POST', url: '/v1/examinations/:id/decision', roles: ['examiner'], body: 'decision' },
  { method: 'POST', url: '/v1/police/identifications', roles: ['police'], body: 'police' },
  { method: 'POST', url: '/v1/verifications', roles: ['desk', 'police'], body: 'verification' },
  { method: 'POST', url: '/v1/records/import', roles: ['admin'], body: 'import' },
  { method: 'POST', url: '/v1/records/:referenceNumber/mark', roles: ['admin'], body: 'mark' },
  { method: 'POST', url: '/v1/records/:referenceNumber/erase', roles: ['admin'], body: 'erase' },
  { method: 'POST', url: '/v1/records/retention-sweep', roles: ['admin'] },
  { method: 'GET', url: '/v1/records/:referenceNumber/fingers/:position/image', roles: ['examiner'], query: ['overlay', 'pairedWith', 'scale'] },
  { method: 'GET', url: '/v1/results', roles: ['dublin'], query: ['after', 'limit'] },
  { method: 'GET', url: '/v1/audit', roles: ['auditor'], query: ['after', 'limit', 'since'] },
  { method: 'GET', url: '/v1/audit/verify', roles: ['auditor'] },
];

/** One request: method, path with query, header list (names may repeat), body. */
export interface HttpFuzzRequest {
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: Uint8Array;
}

/** What the requests are built from: a key per role and small finger images. */
export interface HttpFuzzSeeds {
  readonly keys: Readonly<Record<Role, string>>;
  /** Small PNG images (base64), decodable but hardly fingerprints. */
  readonly images: readonly string[];
}

/** A service to fuzz, listening on 127.0.0.1. */
export interface HttpFuzzService {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly port: number;
  readonly seeds: HttpFuzzSeeds;
  close(): Promise<void>;
}

/** Starts the real runtime and app on 127.0.0.1 (any free port), a fresh store, one key per role and no rate limit to speak of. */
export async function startHttpFuzzService(): Promise<HttpFuzzService> {
  const dir = mkdtempSync(join(tmpdir(), 'afis-fuzz-http-'));
  const keys = Object.fromEntries(ROLES.map((r) => [r, `${r}-${randomBytes(8).toString('hex')}`])) as Record<Role, string>;
  const config = loadConfig({
    AFIS_DATA_DIR: dir, AFIS_API_KEYS: ROLES.map((r) => `${r}:${keys[r]}`).join(','), AFIS_RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'silent',
  });
  const runtime = await buildRuntime(config, { searchThreads: 'none' });
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp(appDepsOf(runtime, config));
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await app?.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const port = (app.server.address() as { port: number }).port;
  const images = await Promise.all([64, 96, 128].map(async (side, k) => {
    // ridge-like stripes with noise: decodable, sometimes extractable
    const px = Buffer.alloc(side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) px[y * side + x] = 128 + Math.round(100 * Math.sin((x + y * (k + 1) * 0.3) * 0.7)) + ((x * 31 + y * 17) % 13);
    return (await sharp(px, { raw: { width: side, height: side, channels: 1 } }).png().toBuffer()).toString('base64');
  }));
  const running = app;
  return {
    app: running, runtime, port, seeds: { keys, images },
    close: async () => {
      await running.close();
      await runtime.service.whenIdle();
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function seedBody(kind: BodyKind, images: readonly string[]): Record<string, unknown> {
  const fingers = (n: number) => Array.from({ length: n }, (_, i) => ({ position: i + 1, image: images[i % images.length] }));
  switch (kind) {
    case 'capture': return { category: 1, memberState: 'BE', capturedAt: new Date().toISOString(), fingers: fingers(10), missingFingers: [] };
    case 'police': return { purpose: 'fuzz', caseNumber: 'C-1', category: 4, fingers: fingers(2), missingFingers: [] };
    case 'verification': return { referenceNumber: 'FR1000000001', fingers: fingers(2) };
    case 'import': return { referenceNumber: 'FR1000000001', memberState: 'FR', category: 1, capturedAt: '2026-01-01T00:00:00Z', fingers: fingers(10) };
    case 'decision': return { decision: 'confirmed', examinerId: 'ex-1', comment: 'fuzz' };
    case 'mark': return { reason: 'protection-granted' };
    case 'erase': return { reason: 'citizenship' };
  }
}

/** JSON paths (as key lists) of every value inside `v`. */
function pathsOf(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) pathsOf((v as Record<string, unknown>)[k], [...prefix, k], out);
  return out;
}

type JsonEdit = { readonly k: 'delete' | 'set' | 'wrap' | 'add'; readonly at: number; readonly value: unknown; readonly key: string };

/** Applies edits to a copy of `seed` (paths chosen by index modulo the current paths). */
export function editJson(seed: unknown, edits: readonly JsonEdit[]): unknown {
  let root: unknown = structuredClone(seed);
  for (const edit of edits) {
    // values may be shared constants of the generator: a copy, so no edit makes a cycle or changes the next case
    const e = { ...edit, value: structuredClone(edit.value) };
    const paths = pathsOf(root);
    const path = paths[e.at % paths.length]!;
    if (path.length === 0) {
      if (e.k === 'wrap') root = [root];
      else if (e.k === 'set') root = e.value;
      else if (e.k === 'add' && root !== null && typeof root === 'object' && !Array.isArray(root)) (root as Record<string, unknown>)[e.key] = e.value;
      continue;
    }
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (e.k === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (e.k === 'set') parent[last] = e.value;
    else if (e.k === 'wrap') parent[last] = [parent[last]];
    else if (parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) (parent[last] as Record<string, unknown>)[e.key] = e.value;
  }
  return root;
}

function multipartBody(metadata: unknown, images: readonly string[], boundary: string): Buffer {
  const parts: Buffer[] = [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${JSON.stringify(metadata)}\r\n`)];
  images.forEach((img, i) => {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="finger-${i + 1}"; filename="f${i + 1}.png"\r\nContent-Type: image/png\r\n\r\n`), Buffer.from(img, 'base64'), Buffer.from('\r\n'));
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data', 'multipart/form-data; boundary=',
  'application/x-protobuf', 'application/vnd.ansi-nist', 'application/xml', 'application/x-www-form-urlencoded', 'application/octet-stream',
  'image/png', 'application/json; charset=latin1', '*/*', ';', 'application/json, text/plain',
];

const ODD_SEGMENTS = [
  'tx-unknown', 'FR1000000001', 'BE10000000001', '1', '0', '10', '11', '16', '-1', '1.5', '99999999999999999999', 'null', 'undefined',
  '..', '%2e%2e', '%2F', '%ff', '%', '%zz', '%00', '%c3%28', '%E2%82%AC', '%F0%9F%92%A9', 'a'.repeat(99), 'a'.repeat(101), 'a'.repeat(300),
  '__proto__', 'constructor', '%20', '+', 'x;y', 'ex-1:sub-2',
];

/** Printable ASCII: what a header value may hold without the client refusing it. */
const printable = (fc: Fc, max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));

/**
 * Requests for the HTTP fuzz: a route (sometimes with another method or an unknown path),
 * path parameters from odd literals and random text, query parameters the route reads and
 * random ones, an Authorization header that is mostly valid for the route (sometimes another
 * role's, repeated, malformed or missing), content types and bodies: the route's seed body with
 * JSON edits, random JSON, truncated JSON, multipart (whole, truncated, without or with a wrong
 * boundary), random bytes or nothing; and extra headers (idempotency keys, oversized headers).
 */
export function httpFuzzArbitrary(fc: Fc, seeds: HttpFuzzSeeds): FastCheck.Arbitrary<HttpFuzzRequest> {
  const segment = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ODD_SEGMENTS) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~%-]{1,60}$/) },
  );
  const queryValue = fc.oneof(
    fc.constantFrom('', '0', '1', '-1', '1000', '1001', 'pending', 'minutiae', 'true', '2026-01-01T00:00:00Z', '9999-12-31', 'not-a-date', '%ff', '0-0', 'a'.repeat(300)),
    fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  );
  const jsonEdit: FastCheck.Arbitrary<JsonEdit> = fc.record({
    k: fc.constantFrom('delete' as const, 'set' as const, 'wrap' as const, 'add' as const),
    at: fc.nat(),
    value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, '', -1, 0, 1e308, 99, 16, 'BE', 'A'.repeat(5000), [], {}, '9999-12-31T00:00:00Z', seeds.images[0]!)),
    key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'fingers', 'ppi', 'width', 'height', 'format', 'extra'), fc.string({ maxLength: 12 })),
  });
  const auth = (route: FuzzRoute) => fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...route.roles).map((r) => [['authorization', `Bearer ${seeds.keys[r]}`]] as [string, string][]) },
    { weight: 1, arbitrary: fc.constantFrom(...ROLES).map((r) => [['authorization', `Bearer ${seeds.keys[r]}`]] as [string, string][]) },
    { weight: 1, arbitrary: fc.constantFrom(...ROLES).map((r) => [['authorization', `Bearer ${seeds.keys[route.roles[0]!]}`], ['authorization', `Bearer ${seeds.keys[r]}`]] as [string, string][]) },
    { weight: 1, arbitrary: printable(fc, 80).map((v) => [['authorization', v]] as [string, string][]) },
    { weight: 1, arbitrary: fc.constant([] as [string, string][]) },
  );
  const body = (route: FuzzRoute) => {
    const seed = route.body ? seedBody(route.body, seeds.images) : {};
    const seedText = JSON.stringify(seed);
    const json = (text: FastCheck.Arbitrary<string>) => text.map((t) => ({ type: 'application/json', bytes: Buffer.from(t) as Uint8Array }));
    return fc.oneof(
      { weight: 5, arbitrary: json(fc.array(jsonEdit, { maxLength: 4 }).map((e) => JSON.stringify(editJson(seed, e)))) },
      { weight: 2, arbitrary: json(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))) },
      { weight: 1, arbitrary: json(fc.nat().map((n) => seedText.slice(0, n % (seedText.length + 1)))) },
      {
        weight: 2,
        arbitrary: fc.record({ edits: fc.array(jsonEdit, { maxLength: 2 }), cut: fc.option(fc.nat()), boundary: fc.constantFrom('ok', 'none', 'wrong') }).map(({ edits, cut, boundary }) => {
          const edited = editJson(seed, edits);
          // the metadata field is the JSON without `fingers` (those are the file parts)
          const meta = edited !== null && typeof edited === 'object' && !Array.isArray(edited)
            ? Object.fromEntries(Object.entries(edited).filter(([k]) => k !== 'fingers')) : edited;
          const whole = multipartBody(meta, seeds.images, 'afis-fuzz-boundary');
          const bytes = cut === null ? whole : whole.subarray(0, cut % (whole.length + 1));
          const type = boundary === 'none' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary === 'ok' ? 'afis-fuzz-boundary' : 'other'}`;
          return { type, bytes: bytes as Uint8Array };
        }),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((b) => ({ type: 'application/octet-stream', bytes: b })) },
      { weight: 1, arbitrary: fc.constant({ type: '', bytes: undefined as Uint8Array | undefined }) },
    );
  };
  const extra = fc.array(fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constant('idempotency-key'), printable(fc, 40)) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('idempotency-key'), fc.constant('k'.repeat(201))) },
    { weight: 2, arbitrary: fc.tuple(fc.constant('x-request-id'), printable(fc, 40)) },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('accept', 'accept-encoding', 'content-encoding', 'x-forwarded-for', 'origin', 'range'), printable(fc, 40)) },
    { weight: 1, arbitrary: fc.tuple(fc.constant('expect'), fc.constantFrom('100-continue', 'nothing', '')) },
    // Node's limit is 16 KiB of headers
    { weight: 1, arbitrary: fc.tuple(fc.constant('x-pad'), fc.integer({ min: 1, max: 24 }).map((k) => 'p'.repeat(k * 1000))) },
    { weight: 2, arbitrary: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), printable(fc, 40)) },
  ), { maxLength: 3 });
  const routeArb = fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom(...FUZZ_ROUTES) },
    { weight: 1, arbitrary: fc.constantFrom(...FUZZ_ROUTES).map((r) => ({ ...r, method: r.method === 'GET' ? 'POST' as const : 'GET' as const })) },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9/:_-]{0,30}$/).map((p): FuzzRoute => ({ method: 'GET', url: `/v1/${p}`, roles: ['admin'] })) },
  );
  return routeArb.chain((route) => fc.record({
    method: fc.oneof({ weight: 12, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS') }),
    params: fc.array(segment, { minLength: 4, maxLength: 4 }),
    query: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(route.query ?? ['limit'])), fc.stringMatching(/^[a-zA-Z]{1,8}$/)), queryValue), { maxLength: 3 }),
    auth: auth(route),
    contentType: fc.oneof({ weight: 6, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) }, { weight: 1, arbitrary: printable(fc, 40) }),
    body: route.method === 'POST' ? body(route) : fc.oneof({ weight: 8, arbitrary: fc.constant({ type: '', bytes: undefined as Uint8Array | undefined }) }, { weight: 1, arbitrary: body(route) }),
    host: fc.oneof(
      { weight: 20, arbitrary: fc.constant([['host', '127.0.0.1']] as [string, string][]) },
      { weight: 1, arbitrary: fc.constant([] as [string, string][]) },
      { weight: 1, arbitrary: printable(fc, 40).map((h) => [['host', h]] as [string, string][]) },
      { weight: 1, arbitrary: fc.constant([['host', '127.0.0.1'], ['host', 'example.org']] as [string, string][]) },
    ),
    extra,
  }).map(({ method, params, query, auth: authHeaders, contentType, body: b, host, extra: more }) => {
    let k = 0;
    const path = route.url.replace(/:[A-Za-z]+/g, () => params[k++ % params.length]!);
    const qs = query.length === 0 ? '' : `?${query.map(([name, value]) => `${name}=${value}`).join('&')}`;
    const type = contentType ?? b.type;
    const headers: [string, string][] = [...host, ...authHeaders, ...(type ? [['content-type', type] as [string, string]] : []), ...more];
    return { route: `${route.method} ${route.url}`, method, path: `${path}${qs}`, headers, ...(b.bytes === undefined ? {} : { body: b.bytes }) };
  }));
}

/** Why an answer breaks the contract (undefined: it does not): a 5xx, or a 4xx without our error body. */
export function judgeHttpAnswer(status: number, body: Buffer): string | undefined {
  if (status >= 500) return `status ${status}`;
  if (status < 400) return status >= 100 ? undefined : `status ${status}`;
  let parsed: { code?: unknown; message?: unknown };
  try {
    parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
  } catch {
    return `${status} without a JSON body`;
  }
  if (typeof parsed?.code !== 'string' || !/^AFIS_[A-Z0-9_]+$/.test(parsed.code)) return `${status} without an AFIS_ code`;
  if (typeof parsed.message !== 'string') return `${status} without a message`;
  return undefined;
}

type Sent = { readonly status: number; readonly body: Buffer; readonly code?: string } | { readonly notSent: string } | { readonly reset: string };

/** Sends one request (keep-alive agent); a request the HTTP client itself refuses to write is `notSent`. */
export function sendHttpFuzzRequest(port: number, r: HttpFuzzRequest, agent: Agent, timeoutMs = 60_000): Promise<Sent> {
  return new Promise((resolve) => {
    const flat: string[] = [];
    for (const [name, value] of r.headers) flat.push(name, value);
    if (r.body !== undefined) flat.push('content-length', String(r.body.length));
    let req;
    try {
      req = httpRequest({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: flat, agent, timeout: timeoutMs });
    } catch (err) {
      resolve({ notSent: (err as NodeJS.ErrnoException).code ?? String(err) });
      return;
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let code: string | undefined;
        try {
          code = (JSON.parse(body.toString('utf8')) as { code?: string }).code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, ...(typeof code === 'string' ? { code } : {}) });
      });
      res.on('error', (err) => resolve({ reset: (err as NodeJS.ErrnoException).code ?? String(err) }));
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code ?? err.message;
      resolve(code.startsWith('ERR_') && code !== 'ERR_STREAM_DESTROYED' ? { notSent: code } : { reset: code });
    });
    if (r.body !== undefined) req.end(Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength));
    else req.end();
  });
}

export interface HttpFuzzReport {
  readonly cases: number;
  readonly seed: number;
  /** Answered by the service. */
  readonly answered: number;
  /** Refused by the HTTP client before sending (an invalid header value, say). */
  readonly notSent: number;
  /** Connections the service closed without an answer (e.g. after an oversized header), by error. */
  readonly resets: Readonly<Record<string, number>>;
  readonly statuses: Readonly<Record<string, number>>;
  readonly codes: Readonly<Record<string, number>>;
  /** Answers per route pattern that got past authorisation (neither 401 nor 403). */
  readonly authorisedByRoute: Readonly<Record<string, number>>;
  /** Answers breaking the contract: a 5xx, or a 4xx without an AFIS_ body. */
  readonly failures: number;
  readonly failureExamples: readonly { readonly why: string; readonly method: string; readonly path: string; readonly headers: string; readonly bodyHead: string; readonly answer: string }[];
  readonly maxMs: number;
  readonly seconds: number;
  readonly casesPerSecond: number;
  /** /health and /ready answer 200 and a desk's list answers 200 after the run. */
  readonly healthyAfter: boolean;
}

/** Runs `cases` generated requests one after the other against `service`, then checks its health. */
export async function fuzzHttp(fc: Fc, service: Pick<HttpFuzzService, 'port' | 'seeds'>, cases: number, seed: number, progress?: (line: string) => void): Promise<HttpFuzzReport> {
  const arb = httpFuzzArbitrary(fc, service.seeds);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const resets: Record<string, number> = {};
  const authorisedByRoute: Record<string, number> = {};
  const failureExamples: HttpFuzzReport['failureExamples'][number][] = [];
  let answered = 0;
  let notSent = 0;
  let failures = 0;
  let maxMs = 0;
  const t0 = performance.now();
  const batch = 200;
  try {
    for (let done = 0, k = 0; done < cases; done += batch, k++) {
      for (const r of fc.sample(arb, { numRuns: Math.min(batch, cases - done), seed: seed + k })) {
        const s = performance.now();
        const sent = await sendHttpFuzzRequest(service.port, r, agent);
        maxMs = Math.max(maxMs, performance.now() - s);
        if ('notSent' in sent) {
          notSent++;
          continue;
        }
        if ('reset' in sent) {
          resets[sent.reset] = (resets[sent.reset] ?? 0) + 1;
          continue;
        }
        answered++;
        statuses[sent.status] = (statuses[sent.status] ?? 0) + 1;
        if (sent.code !== undefined) codes[sent.code] = (codes[sent.code] ?? 0) + 1;
        if (sent.status !== 401 && sent.status !== 403) authorisedByRoute[r.route] = (authorisedByRoute[r.route] ?? 0) + 1;
        const why = judgeHttpAnswer(sent.status, sent.body);
        if (why !== undefined) {
          failures++;
          if (failureExamples.length < 5) {
            failureExamples.push({
              why, method: r.method, path: r.path.slice(0, 300),
              headers: r.headers.map(([n, v]) => `${n}: ${n === 'authorization' ? v.slice(0, 12) : v.slice(0, 60)}`).join(' | '),
              bodyHead: r.body === undefined ? '' : Buffer.from(r.body.subarray(0, 300)).toString('latin1'),
              answer: sent.body.toString('utf8').slice(0, 300),
            });
          }
        }
      }
      progress?.(`${Math.min(done + batch, cases)} / ${cases} cases, ${failures} failures\n`);
    }
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    cases, seed, answered, notSent, resets, statuses, codes, authorisedByRoute, failures, failureExamples,
    maxMs: Math.round(maxMs), seconds: Math.round(seconds * 10) / 10, casesPerSecond: Math.round(cases / seconds),
    healthyAfter: await isHealthy(service),
  };
}

async function isHealthy(service: Pick<HttpFuzzService, 'port' | 'seeds'>): Promise<boolean> {
  const agent = new Agent({ keepAlive: false });
  try {
    const since = encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString());
    const checks: HttpFuzzRequest[] = [
      { route: 'health', method: 'GET', path: '/health', headers: [['host', '127.0.0.1']] },
      { route: 'ready', method: 'GET', path: '/ready', headers: [['host', '127.0.0.1']] },
      { route: 'list', method: 'GET', path: `/v1/transactions?since=${since}`, headers: [['host', '127.0.0.1'], ['authorization', `Bearer ${service.seeds.keys.desk}`]] },
    ];
    for (const c of checks) {
      const r = await sendHttpFuzzRequest(service.port, c, agent, 30_000);
      if (!('status' in r) || r.status !== 200) return false;
    }
    return true;
  } finally {
    agent.destroy();
  }
}
