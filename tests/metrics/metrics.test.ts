/**
 * GET /metrics as Prometheus scrapes it: the text format, every afis_ family the issue lists,
 * request counting by route pattern and role, search stage times after a real police search,
 * and the sample Grafana dashboard checked against Grafana's dashboard model and our names.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardCursorSync, defaultDashboard, VariableHide, VariableRefresh, type Dashboard, type VariableModel } from '@grafana/schema';
import dashboard from '../../docs/grafana-dashboard.json' with { type: 'json' };
import { createServiceMetrics } from '../../src/metrics/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { personFinger } from '../helpers/persons.js';

const KEYS = { police: 'police-key-metrics', examiner: 'examiner-key-metrics' };
const auth = (role: keyof typeof KEYS) => ({ authorization: `Bearer ${KEYS[role]}` });

/** Two fingers of a synthetic (SFinGe) person of FVC2002 DB4. */
function probe() {
  return [1, 2].map((position) => ({ position, impression: 'rolled' as const, image: Buffer.from(personFinger('A', position, 1)).toString('base64'), ppi: 500 }));
}

/** Metric names of a scrape (families from `# TYPE` lines). */
function families(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe('GET /metrics', () => {
  let test: TestApp;
  let scrape: string;
  beforeAll(async () => {
    test = await startTestApp({ AFIS_API_KEYS: Object.entries(KEYS).map(([r, k]) => `${r}:${k}`).join(',') });
    const app = test.app;
    await app.inject({ method: 'GET', url: '/health' });
    await app.inject({ method: 'GET', url: '/v1/examinations/ex-unknown', headers: auth('examiner') });
    const police = await app.inject({
      method: 'POST', url: '/v1/police/identifications', headers: auth('police'),
      payload: { purpose: 'identity check after interception', caseNumber: 'BXL/2026/0001', fingers: probe() },
    });
    expect(police.statusCode, police.body).toBe(200);
    const r = await app.inject({ method: 'GET', url: '/metrics' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    scrape = r.body;
  });
  afterAll(async () => test?.close());

  it('names every family the operators need, all prefixed afis_', () => {
    const f = families(scrape);
    for (const [name, type] of [
      ['afis_http_requests_total', 'counter'], ['afis_http_request_duration_seconds', 'histogram'],
      ['afis_search_stage_seconds', 'histogram'], ['afis_search_queue_wait_seconds', 'histogram'], ['afis_search_queue_depth', 'gauge'],
      ['afis_gallery_subjects', 'gauge'], ['afis_gallery_stop_bits_generation', 'gauge'], ['afis_gallery_stop_bits_renewing', 'gauge'], ['afis_gallery_upgrade_pending', 'gauge'], ['afis_extraction_seconds', 'histogram'],
      ['afis_examiner_queue_length', 'gauge'], ['afis_examiner_queue_oldest_age_seconds', 'gauge'],
      ['afis_results_published_total', 'counter'], ['afis_store_errors_total', 'counter'],
    ]) expect(f.get(name!), name).toBe(type);
    expect([...f.keys()].filter((n) => !n.startsWith('afis_'))).toEqual([]);
  });

  it('counts requests by route pattern (never the raw id), method, status and role', () => {
    expect(scrape).toContain('afis_http_requests_total{route="/health",method="GET",status="200",role="none"} 1');
    expect(scrape).toContain('afis_http_requests_total{route="/v1/examinations/:id",method="GET",status="404",role="examiner"} 1');
    expect(scrape).not.toContain('ex-unknown');
    expect(scrape).toMatch(/afis_http_request_duration_seconds_count\{route="\/v1\/police\/identifications",method="POST",role="police"\} 1/);
  });

  it('times the police search stages under the police priority, and the two extractions', () => {
    for (const stage of ['first', 'rerank', 'fusion', 'total']) expect(scrape).toContain(`afis_search_stage_seconds_count{stage="${stage}",priority="police"} 1`);
    expect(scrape).toContain('afis_extraction_seconds_count 2');
    expect(scrape).toContain('afis_search_queue_depth{priority="police"} 0');
    expect(scrape).toContain('afis_gallery_subjects{shard="all"} 0');
    // an empty gallery: no stop bits yet, none being built
    expect(scrape).toContain('afis_gallery_stop_bits_generation{shard="all"} 0');
    expect(scrape).toContain('afis_gallery_stop_bits_renewing{shard="all"} 0');
    expect(scrape).toContain('afis_gallery_upgrade_pending{shard="all"} 0');
    expect(scrape).toContain('afis_examiner_queue_length 0');
  });
});

describe('docs/grafana-dashboard.json', () => {
  const text = readFileSync(new URL('../../docs/grafana-dashboard.json', import.meta.url), 'utf8');

  it("has the shape of Grafana's dashboard model (@grafana/schema)", () => {
    // The compiler checks the file against Grafana's own Dashboard type (`npm run typecheck`);
    // JSON gives enum fields as plain numbers and strings, so those are checked here at run time.
    const enumValue = <T,>(values: object, v: unknown): T => {
      expect(Object.values(values), String(v)).toContain(v);
      return v as T;
    };
    const list: VariableModel[] = dashboard.templating.list.map((v) => {
      expect(v.type).toBe('datasource');
      return { ...v, type: 'datasource', hide: enumValue<VariableHide>(VariableHide, v.hide), refresh: enumValue<VariableRefresh>(VariableRefresh, v.refresh) };
    });
    const d: Dashboard = { ...dashboard, graphTooltip: enumValue<DashboardCursorSync>(DashboardCursorSync, dashboard.graphTooltip), templating: { list } };
    // an older schemaVersion is migrated by Grafana on import; a newer one is not understood
    expect(d.schemaVersion).toBeLessThanOrEqual(defaultDashboard.schemaVersion!);
    expect(typeof d.title).toBe('string');
    expect(typeof d.uid).toBe('string');
    expect(Number.isInteger(d.schemaVersion)).toBe(true);
    expect(d.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(Array.isArray(d.panels) && d.panels.length).toBeGreaterThan(0);
    const ids = new Set<number>();
    for (const p of d.panels ?? []) {
      expect(typeof p.type, JSON.stringify(p)).toBe('string');
      expect(Number.isInteger(p.id)).toBe(true);
      expect(ids.has(p.id!)).toBe(false);
      ids.add(p.id!);
      const g = (p as { gridPos?: { h: number; w: number; x: number; y: number } }).gridPos!;
      expect(g.w >= 1 && g.x >= 0 && g.x + g.w <= 24 && g.h >= 1 && g.y >= 0, JSON.stringify(g)).toBe(true);
      if (p.type === 'row') continue;
      const targets = (p as { targets?: { expr?: string; refId?: string }[] }).targets ?? [];
      expect(targets.length, String(p.title)).toBeGreaterThan(0);
      for (const t of targets) {
        expect(typeof t.refId).toBe('string');
        expect(typeof t.expr).toBe('string');
      }
    }
    const templating = d.templating?.list ?? [];
    expect(templating.some((v) => v.type === 'datasource')).toBe(true);
  });

  it('queries only metric names the service exposes', async () => {
    const test = await startTestApp({});
    try {
      const names = families((await test.app.inject({ method: 'GET', url: '/metrics' })).body);
      const known = new Set([...names.keys()].flatMap((n) => [n, `${n}_bucket`, `${n}_sum`, `${n}_count`]));
      const used = [...text.matchAll(/\b(afis_[a-z_]+)/g)].map((m) => m[1]!);
      expect(used.length).toBeGreaterThan(5);
      expect([...new Set(used)].filter((n) => !known.has(n))).toEqual([]);
    } finally {
      await test.close();
    }
  });
});

describe('afis_gallery_upgrade_pending', () => {
  it('reports per shard how many subjects still wait for the background upgrade of an earlier snapshot format', async () => {
    let pending: Record<string, number> = { '0/2': 7, '1/2': 0 };
    const metrics = createServiceMetrics({ galleryUpgradePending: () => pending });
    let scrape = await metrics.scrape();
    expect(scrape).toContain('afis_gallery_upgrade_pending{shard="0/2"} 7');
    expect(scrape).toContain('afis_gallery_upgrade_pending{shard="1/2"} 0');
    pending = { '1/2': 3 };
    scrape = await metrics.scrape();
    // read on every scrape; a shard no longer reported is dropped
    expect(scrape).toContain('afis_gallery_upgrade_pending{shard="1/2"} 3');
    expect(scrape).not.toContain('shard="0/2"');
  });
});
