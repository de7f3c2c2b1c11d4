import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AfisError } from '../core/index.js';

/** The pages a person opens, by path; each is one HTML file of `public/`. */
const PAGES: Readonly<Record<string, string>> = Object.freeze({
  '/ui': 'index.html',
  '/ui/': 'index.html',
  '/ui/examinations': 'examinations.html',
  '/ui/desk': 'desk.html',
});

const TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
});

/**
 * Only our own files, nothing from elsewhere: scripts and styles from this origin, images from
 * this origin or blob: URLs (finger images are fetched with the API key, then shown as blobs),
 * API calls to this origin. No inline script, no framing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Where the page assets are: `public/` beside this module when running from `src/` (tests, tsx),
 * or `src/ui/public/` of the package when running the compiled `dist/ui/` (tsc copies no
 * non-TypeScript files, and the package ships `src/`).
 */
export function locateUiAssets(): string {
  const candidates = [new URL('./public/', import.meta.url), new URL('../../src/ui/public/', import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(join(dir, 'examinations.html'))) return dir;
  }
  throw new AfisError('AFIS_CONFIG_INVALID', 'the page assets (src/ui/public/) are missing from this installation');
}

interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

/**
 * Serves the examiner's page (`/ui/examinations`), the desk's page (`/ui/desk`) and their assets
 * (`/ui/assets/<file>`). The pages are plain HTML with small ES-module scripts: they hold the
 * user's API key in sessionStorage and call the same API as any client, so a role without access
 * sees the API's refusal and nothing else. The pages themselves are public (they hold no data).
 *
 * All assets are read once at registration (a few tens of kB) and served from memory.
 */
export async function serveUiPages(app: FastifyInstance, opts: { assetsDir?: string } = {}): Promise<void> {
  const dir = opts.assetsDir ?? locateUiAssets();
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, { type, body: readFileSync(join(dir, name)) });
  }
  const send = (reply: FastifyReply, asset: Asset): FastifyReply =>
    reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .type(asset.type)
      .send(asset.body);

  for (const [path, file] of Object.entries(PAGES)) {
    const asset = assets.get(file);
    if (!asset) throw new AfisError('AFIS_CONFIG_INVALID', `page asset ${file} is missing from ${dir}`);
    app.get(path, { schema: { hide: true } }, async (_request, reply) => send(reply, asset));
  }
  app.get<{ Params: { file: string } }>(
    '/ui/assets/:file',
    { schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]+\\.(js|css|svg|ico)$' }) }) } },
    async (request, reply) => {
      const asset = assets.get(request.params.file);
      if (!asset) throw new AfisError('AFIS_NOT_FOUND', `no asset ${request.params.file}`);
      return send(reply, asset);
    },
  );
}
