import { describe, expect, it } from 'vitest';
import { runHttpBench } from '../../src/cli/commands/bench-http.js';

describe('afis bench http', () => {
  it('loads both routes on a bare clone (synthetic captures) without a failed request', async () => {
    const r = await runHttpBench({ gallery: 20, connections: 1, duration: 2 });
    expect(r.data).toMatch(/^synthetic fingers/);
    expect(r.gallerySubjects).toBe(21);
    expect(r.routes.map((x) => x.route)).toEqual(['POST /v1/transactions', 'POST /v1/police/identifications']);
    // how many requests complete in a second depends on the machine (that is the benchmark's
    // business); none may fail
    for (const route of r.routes) expect(route.non2xx, route.route).toBe(0);
  });
});
