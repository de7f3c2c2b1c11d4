/**
 * The HTTP fuzz of issue 10 in CI: random and mutated bodies, content types, headers and path
 * parameters on every /v1 route with a valid key, over a real socket. Only 2xx/3xx or 4xx with
 * an AFIS_ code may come back, never a 5xx, and the service is healthy after the run. Bounded:
 * a fixed seed and 1,000 cases (`afis bench fuzz --http` runs 100 k).
 */
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FUZZ_ROUTES, editJson, fuzzHttp, judgeHttpAnswer, startHttpFuzzService, type HttpFuzzService,
} from '../../src/cli/commands/bench-fuzz-http.js';

const CASES = 1_000;

describe('HTTP fuzz of every /v1 route', () => {
  let service: HttpFuzzService;
  beforeAll(async () => {
    service = await startHttpFuzzService();
  }, 60_000);
  afterAll(async () => service?.close());

  it('covers every /v1 route of the app', () => {
    const routes = service.app.printRoutes({ commonPrefix: false });
    for (const r of FUZZ_ROUTES) expect(service.app.hasRoute({ method: r.method, url: r.url }), `${r.method} ${r.url}`).toBe(true);
    // every /v1 route the app has is in the list (printRoutes names each path once, with its methods)
    const listed = new Set(FUZZ_ROUTES.map((r) => r.url));
    const paths = [...routes.matchAll(/(\/v1\/[^\s(]*)\s*\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(listed.has(p), `${p} is not fuzzed`).toBe(true);
  });

  it('the judge accepts our error body only', () => {
    expect(judgeHttpAnswer(400, Buffer.from('{"code":"AFIS_VALIDATION","message":"m"}'))).toBeUndefined();
    expect(judgeHttpAnswer(202, Buffer.from('{}'))).toBeUndefined();
    expect(judgeHttpAnswer(400, Buffer.from('{"code":"FST_ERR_BAD_URL","message":"m"}'))).toMatch(/AFIS_/);
    expect(judgeHttpAnswer(431, Buffer.from('{"error":"Request Header Fields Too Large"}'))).toMatch(/AFIS_/);
    expect(judgeHttpAnswer(500, Buffer.from('{"code":"AFIS_INTERNAL","message":"m"}'))).toBe('status 500');
    expect(judgeHttpAnswer(414, Buffer.from('not json'))).toMatch(/JSON/);
  });

  it('JSON edits delete, replace, wrap and add', () => {
    const seed = { a: 1, b: [1, 2] };
    expect(editJson(seed, [{ k: 'delete', at: 1, value: null, key: '' }])).toEqual({ b: [1, 2] });
    expect(editJson(seed, [{ k: 'set', at: 2, value: 'x', key: '' }])).toEqual({ a: 1, b: 'x' });
    expect(editJson(seed, [{ k: 'wrap', at: 0, value: null, key: '' }])).toEqual([{ a: 1, b: [1, 2] }]);
    expect(editJson(seed, [{ k: 'add', at: 0, value: 7, key: 'c' }])).toEqual({ a: 1, b: [1, 2], c: 7 });
    expect(seed).toEqual({ a: 1, b: [1, 2] });
    // a value used by two edits (the generator's shared constants) never makes a cycle
    const shared = {};
    const twice = editJson(seed, [{ k: 'set', at: 1, value: shared, key: '' }, { k: 'add', at: 1, value: shared, key: 'self' }]);
    expect(() => JSON.stringify(twice)).not.toThrow();
    expect(shared).toEqual({});
  });

  it(`${CASES} hostile requests: never a 5xx, every refusal an AFIS_ code, healthy after`, async () => {
    const report = await fuzzHttp(fc, service, CASES, 20261202);
    expect(report.failures, JSON.stringify(report.failureExamples, null, 1)).toBe(0);
    expect(report.healthyAfter).toBe(true);
    expect(report.answered).toBeGreaterThan(CASES * 0.8);
    // the valid keys get past authorisation on every route
    for (const r of FUZZ_ROUTES) expect(report.authorisedByRoute[`${r.method} ${r.url}`] ?? 0, `${r.method} ${r.url}`).toBeGreaterThan(0);
  }, 120_000);
});
