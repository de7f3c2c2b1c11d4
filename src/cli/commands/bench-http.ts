import type { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config/index.js';
import { ConfigError } from '../../core/errors.js';
import type { SubjectRecord } from '../../index/index.js';
import { appDepsOf, buildRuntime } from '../../runtime.js';
import { openStore } from '../../store/index.js';
import { generateSyntheticTenPrint, impressionToTemplate } from '../../synthetic/index.js';
import { encodeTemplate } from '../../templates/index.js';
import { type CliIo, parsePositiveInt } from '../context.js';

/** The synthetic fingers committed with the tests (SFinGe, WSQ), from src/ (tests) or dist/ (built). */
const SYNTHETIC_FINGERS = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'tests', 'fixtures', 'sfinge-wsq');

export interface HttpLoadFigures {
  readonly route: string;
  readonly requests: number;
  readonly non2xx: number;
  readonly throughputPerSecond: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly bodyBytes: number;
}

export interface HttpBenchResult {
  readonly gallerySubjects: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly searchThreads: number;
  /** Which finger images the captures carry. */
  readonly data: string;
  readonly routes: readonly HttpLoadFigures[];
}

/**
 * Ten fingers of one person as the desk sends them: the person enrolled before the load, or
 * another one. Without a data folder, the ten synthetic SFinGe fingers of tests/fixtures (the
 * other person holds them at other positions, so nothing matches); with one, FVC2002 DB1_B
 * (enrolled) and DB4_B (other).
 */
function tenPrint(data: string | undefined, person: 'enrolled' | 'other', impression: number) {
  return Array.from({ length: 10 }, (_, i) => {
    const file = data === undefined
      ? join(SYNTHETIC_FINGERS, `${101 + (person === 'enrolled' ? i : (i + 5) % 10)}_${impression}.wsq`)
      : join(data, 'fvc2002', person === 'enrolled' ? 'DB1_B' : 'DB4_B', `${101 + i}_${impression}.tif`);
    return { position: i + 1, image: readFileSync(file).toString('base64') };
  });
}

/**
 * HTTP load on the two latency-critical routes with autocannon, against the real service on
 * 127.0.0.1 (embedded store in a temporary directory, worker-thread search): desk captures
 * (ten fingers as JSON, synthetic or with `data` FVC2002; decode + quality + extraction in the request, the search after
 * the 202) and police identifications (decode, extraction and a synchronous 1:N search). The
 * gallery holds `gallery` synthetic ten-print subjects plus one enrolled person whose other
 * impression the police search finds. Loopback only; bounded by duration.
 */
export async function runHttpBench(options: { gallery: number; connections: number; duration: number; data?: string; deskLoad?: number; progress?: (s: string) => void }): Promise<HttpBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'afis-bench-http-'));
  const keys = 'desk:bench-desk-key,police:bench-police-key,admin:bench-admin-key';
  try {
    const config = loadConfig({ AFIS_DATA_DIR: dir, AFIS_API_KEYS: keys, AFIS_RATE_LIMIT_PER_MINUTE: '1000000', LOG_LEVEL: 'silent' });
    options.progress?.(`seeding ${options.gallery} synthetic subjects\n`);
    const seedStore = await openStore({ kind: 'embedded', dir });
    const batch: SubjectRecord[] = [];
    for (let s = 0; s < options.gallery; s++) {
      const fingers = generateSyntheticTenPrint(20261124, s, 0).map((imp, i) => {
        const template = impressionToTemplate(imp);
        return { position: i + 1, impression: 'rolled' as const, quality: template.quality, template: encodeTemplate(template) };
      });
      batch.push({ id: `syn-${s}`, referenceNumber: `FR1S${s}`, memberState: 'FR', category: 1, capturedAt: Date.now() - 864e5, fingers });
      if (batch.length === 1000 || s === options.gallery - 1) await seedStore.subjects.putMany(batch.splice(0));
    }
    await seedStore.close();
    const runtime = await buildRuntime(config);
    const app = await buildApp(appDepsOf(runtime, config));
    try {
      await runtime.service.importRecords([{ referenceNumber: 'IT1BENCH1', memberState: 'IT', category: 1, capturedAt: Date.now() - 864e5, fingers: tenPrint(options.data, 'enrolled', 1).map((f) => ({ ...f, image: Buffer.from(f.image, 'base64') })) }], { id: 'bench', role: 'admin' });
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const routes: HttpLoadFigures[] = [];
      const load = async (route: string, path: string, key: string, body: string, connections = options.connections) => {
        options.progress?.(`${route}: ${options.duration} s with ${connections} connections\n`);
        const r = await autocannon({
          url: `${base}${path}`, method: 'POST', connections, duration: options.duration, timeout: 60,
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body,
        });
        routes.push({
          route, requests: r.requests.total, non2xx: r.non2xx + r.errors + r.timeouts,
          throughputPerSecond: Math.round((r.requests.total / r.duration) * 100) / 100,
          p50Ms: r.latency.p50, p90Ms: r.latency.p90, p99Ms: r.latency.p99, maxMs: r.latency.max, bodyBytes: body.length,
        });
      };
      await load('POST /v1/transactions', '/v1/transactions', 'bench-desk-key', JSON.stringify({ category: 1, memberState: 'BE', fingers: tenPrint(options.data, 'other', 1) }));
      await runtime.service.whenIdle();
      const police = JSON.stringify({ purpose: 'benchmark of the interception check', caseNumber: 'BENCH-1', fingers: tenPrint(options.data, 'enrolled', 2) });
      await load('POST /v1/police/identifications', '/v1/police/identifications', 'bench-police-key', police);
      if (options.deskLoad) {
        // police checks one at a time while `deskLoad` desk captures are always in flight (each
        // also queues a search behind its answer): what the search and extraction priorities are for
        const desk = JSON.stringify({ category: 1, memberState: 'BE', fingers: tenPrint(options.data, 'other', 1) });
        await Promise.all([
          load(`POST /v1/transactions (${options.deskLoad} in flight)`, '/v1/transactions', 'bench-desk-key', desk, options.deskLoad),
          load('POST /v1/police/identifications under desk load', '/v1/police/identifications', 'bench-police-key', police, 1),
        ]);
        await runtime.service.whenIdle();
      }
      return { gallerySubjects: options.gallery + 1, connections: options.connections, durationSeconds: options.duration, searchThreads: config.searchThreads || availableParallelism(),
        data: options.data === undefined ? 'synthetic fingers (SFinGe, tests/fixtures/sfinge-wsq)' : `FVC2002 DB1_B and DB4_B in ${options.data}`, routes };
    } finally {
      await app.close();
      await runtime.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function registerBenchHttp(bench: Command, io: CliIo): void {
  bench.command('http')
    .description('HTTP load (autocannon) on desk captures and police identifications')
    .option('--gallery <n>', 'synthetic ten-print subjects in the gallery', '10000')
    .option('--connections <n>', 'concurrent connections', '2')
    .option('--duration <s>', 'seconds per route', '15')
    .option('--data <dir>', 'capture real FVC2002 fingers from this data folder (fvc2002/DB1_B, DB4_B) instead of synthetic ones')
    .option('--desk-load <n>', 'then police checks (1 connection) while N desk captures are in flight')
    .option('--json', 'print one JSON object')
    .action(async (opts: { gallery: string; connections: string; duration: string; data?: string; deskLoad?: string; json?: boolean }) => {
      const gallery = Number(opts.gallery);
      if (!Number.isInteger(gallery) || gallery < 0) throw new ConfigError('AFIS_CLI_USAGE', `--gallery must be a whole number, got "${opts.gallery}"`);
      const result = await runHttpBench({
        gallery, connections: parsePositiveInt('--connections', opts.connections), duration: parsePositiveInt('--duration', opts.duration),
        ...(opts.data !== undefined ? { data: opts.data } : {}),
        ...(opts.deskLoad !== undefined ? { deskLoad: parsePositiveInt('--desk-load', opts.deskLoad) } : {}),
        progress: (s) => io.stderr(s),
      });
      if (opts.json) {
        io.stdout(`${JSON.stringify(result)}\n`);
        return;
      }
      io.stdout(`gallery ${result.gallerySubjects} subjects, ${result.connections} connections, ${result.durationSeconds} s per route; captures: ${result.data}\n`);
      io.stdout('route                              requests  non-2xx  req/s   p50 ms  p90 ms  p99 ms\n');
      for (const r of result.routes) {
        io.stdout(`${r.route.padEnd(34)} ${String(r.requests).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.throughputPerSecond).padStart(6)} ${String(r.p50Ms).padStart(8)} ${String(r.p90Ms).padStart(7)} ${String(r.p99Ms).padStart(7)}\n`);
      }
    });
}
