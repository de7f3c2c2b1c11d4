import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { ErrorResponse, installErrorHandler } from '../../src/http/index.js';
import { serveUiPages } from '../../src/ui/index.js';

describe('the pages are served by afis itself', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } } });
    installErrorHandler(app);
    app.addSchema(ErrorResponse);
    await app.register(serveUiPages);
    await app.ready();
  });
  afterAll(async () => app.close());

  it.each([
    ['/ui/examinations', '/ui/assets/examinations.js'],
    ['/ui/desk', '/ui/assets/desk.js'],
  ])('%s is an HTML page loading only its own module and stylesheet', async (path, script) => {
    const r = await app.inject({ url: path });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(r.body).toContain(`<script type="module" src="${script}">`);
    // nothing from another origin, no inline script or style
    expect(r.body).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(r.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(r.body).not.toMatch(/\sstyle="/);
    // every form control has a label
    for (const m of r.body.matchAll(/<input id="([^"]+)"/g)) {
      expect(r.body, `label for ${m[1]}`).toMatch(new RegExp(`for="${m[1]}"|<label[^>]*>[^<]*<input id="${m[1]}"`));
    }
  });

  it('serves the scripts and stylesheet, and imports resolve to served files', async () => {
    for (const file of ['common.js', 'examinations.js', 'desk.js', 'ui.css']) {
      const r = await app.inject({ url: `/ui/assets/${file}` });
      expect(r.statusCode, file).toBe(200);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      for (const m of r.body.matchAll(/from '\.\/([^']+)'/g)) {
        expect((await app.inject({ url: `/ui/assets/${m[1]}` })).statusCode, m[1]).toBe(200);
      }
    }
    expect((await app.inject({ url: '/ui/assets/ui.css' })).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await app.inject({ url: '/ui/assets/common.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside its asset folder', async () => {
    for (const url of ['/ui/assets/..%2f..%2fpackage.json', '/ui/assets/serve-ui-pages.ts', '/ui/assets/examinations.html', '/ui/assets/nope.js']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, url).toBeLessThan(500);
      expect(r.json().code).toMatch(/^AFIS_/);
    }
  });
});
