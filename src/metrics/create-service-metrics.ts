import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Search priorities, most urgent first (see the search queue in src/index). */
export type MetricsPriority = 'police' | 'desk' | 'batch';

/** What the metrics read when they are scraped (each callback may be absent). */
export interface MetricsSources {
  /** Subjects in the gallery, per shard label (`all` for a single process, `K/N` for a worker). */
  readonly gallerySubjects?: () => Readonly<Record<string, number>>;
  /** The stop-bit generation of the gallery in service and whether a new one is being built, per shard label. */
  readonly stopBits?: () => Readonly<Record<string, { readonly generation: number; readonly renewing: boolean }>>;
  /** Subjects still searched as converted from an earlier snapshot format, waiting for the background upgrade, per shard label. */
  readonly galleryUpgradePending?: () => Readonly<Record<string, number>>;
  /** Searches waiting per priority. */
  readonly searchQueueDepth?: () => Readonly<Record<string, number>>;
  /** Pending examinations (capped by the caller) and the age of the oldest one, seconds. */
  readonly examinerQueue?: () => Promise<{ readonly length: number; readonly oldestAgeSeconds: number }>;
}

/**
 * The service's Prometheus metrics (prom-client), every name prefixed `afis_`. One registry
 * per process (tests build several), scraped by `GET /metrics`.
 * Cost: recording is a few map look-ups; gauges fed by {@link MetricsSources} are read on scrape.
 */
export interface ServiceMetrics {
  readonly registry: Registry;
  /** HTTP requests by route pattern, method, status class and caller role. */
  readonly httpRequests: Counter<'route' | 'method' | 'status' | 'role'>;
  readonly httpDuration: Histogram<'route' | 'method' | 'role'>;
  /** Time of one search stage: `first` (code scan), `rerank` (1:1 matching of the shortlist), `fusion`, `total`; by priority. */
  readonly searchStage: Histogram<'stage' | 'priority'>;
  /** Time spent waiting in the search queue before a search starts, by priority. */
  readonly searchWait: Histogram<'priority'>;
  /** Template extraction time per finger. */
  readonly extraction: Histogram;
  /** Results published to the results stream (duplicates of a resumed transaction not counted). */
  readonly resultsPublished: Counter;
  /** Failed store operations, by error code. */
  readonly storeErrors: Counter<'code'>;
  /** Shard searches of a coordinator, by shard and outcome (`ok`, `unavailable`, `error`). */
  readonly shardRequests: Counter<'shard' | 'outcome'>;
  /** Searches a shard worker answered, by shard. */
  readonly shardSearches: Counter<'shard'>;
  /** Subject changes a shard worker applied from the change feed, by operation. */
  readonly changesApplied: Counter<'op'>;
  /** The Eurodac outbox after its last pass: `waiting-transmission`, `awaiting-reply`, `transmission-overdue`, `reply-overdue`. */
  readonly eurodacOutbox: Gauge<'state'>;
  /** Eurodac deadline alerts raised, by kind (`transmission-overdue`, `reply-overdue`). */
  readonly eurodacAlerts: Counter<'kind'>;
  /** The Prometheus text exposition of every metric. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32];

/** Builds the registry and every metric; `sources` feed the gauges read on scrape. */
export function createServiceMetrics(sources: MetricsSources = {}): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'afis_process_' });
  const registers = [registry];
  new Gauge({
    name: 'afis_gallery_subjects', help: 'Subjects in the in-memory gallery, per shard', labelNames: ['shard'], registers,
    collect() {
      this.reset();
      for (const [shard, n] of Object.entries(sources.gallerySubjects?.() ?? {})) this.set({ shard }, n);
    },
  });
  new Gauge({
    name: 'afis_gallery_stop_bits_generation', help: 'Generation of the first-stage stop bits of the gallery in service (0: none yet), per shard', labelNames: ['shard'], registers,
    collect() {
      this.reset();
      for (const [shard, s] of Object.entries(sources.stopBits?.() ?? {})) this.set({ shard }, s.generation);
    },
  });
  new Gauge({
    name: 'afis_gallery_stop_bits_renewing', help: '1 while a new generation of stop bits is being built from the store, per shard', labelNames: ['shard'], registers,
    collect() {
      this.reset();
      for (const [shard, s] of Object.entries(sources.stopBits?.() ?? {})) this.set({ shard }, s.renewing ? 1 : 0);
    },
  });
  new Gauge({
    name: 'afis_gallery_upgrade_pending',
    help: 'Subjects searched as converted from an earlier snapshot format until the background upgrade encodes them again (0: none), per shard',
    labelNames: ['shard'], registers,
    collect() {
      this.reset();
      for (const [shard, n] of Object.entries(sources.galleryUpgradePending?.() ?? {})) this.set({ shard }, n);
    },
  });
  new Gauge({
    name: 'afis_search_queue_depth', help: 'Searches waiting for the search workers, per priority', labelNames: ['priority'], registers,
    collect() {
      for (const [priority, n] of Object.entries(sources.searchQueueDepth?.() ?? {})) this.set({ priority }, n);
    },
  });
  let examinerCache: Promise<{ length: number; oldestAgeSeconds: number }> | undefined;
  // both examiner gauges read the store once per scrape
  const examiner = (): Promise<{ length: number; oldestAgeSeconds: number }> => (examinerCache ??= (sources.examinerQueue?.() ?? Promise.resolve({ length: 0, oldestAgeSeconds: 0 }))
    .finally(() => setImmediate(() => {
      examinerCache = undefined;
    })));
  new Gauge({
    name: 'afis_examiner_queue_length', help: 'Examinations waiting for an examiner (counted up to 1000)', registers,
    async collect() {
      this.set((await examiner()).length);
    },
  });
  new Gauge({
    name: 'afis_examiner_queue_oldest_age_seconds', help: 'Age of the oldest pending examination, seconds (0 when none)', registers,
    async collect() {
      this.set((await examiner()).oldestAgeSeconds);
    },
  });
  return {
    registry,
    httpRequests: new Counter({ name: 'afis_http_requests_total', help: 'HTTP requests by route, method, status and role', labelNames: ['route', 'method', 'status', 'role'], registers }),
    httpDuration: new Histogram({ name: 'afis_http_request_duration_seconds', help: 'HTTP request latency by route, method and role', labelNames: ['route', 'method', 'role'], buckets: SECONDS, registers }),
    searchStage: new Histogram({ name: 'afis_search_stage_seconds', help: 'Time of one 1:N search stage (first, rerank, fusion, total)', labelNames: ['stage', 'priority'], buckets: SECONDS, registers }),
    searchWait: new Histogram({ name: 'afis_search_queue_wait_seconds', help: 'Time a search waited in the queue before it started', labelNames: ['priority'], buckets: SECONDS, registers }),
    extraction: new Histogram({ name: 'afis_extraction_seconds', help: 'Minutiae extraction time per finger', buckets: SECONDS, registers }),
    resultsPublished: new Counter({ name: 'afis_results_published_total', help: 'Results appended to the results stream', registers }),
    storeErrors: new Counter({ name: 'afis_store_errors_total', help: 'Failed store operations by error code', labelNames: ['code'], registers }),
    shardRequests: new Counter({ name: 'afis_shard_requests_total', help: 'Shard searches sent by the coordinator, by shard and outcome', labelNames: ['shard', 'outcome'], registers }),
    shardSearches: new Counter({ name: 'afis_shard_searches_total', help: 'Searches answered by this shard worker', labelNames: ['shard'], registers }),
    eurodacOutbox: new Gauge({ name: 'afis_eurodac_outbox', help: 'Eurodac outbox entries by state after the last pass (a non-zero *-overdue is an alert)', labelNames: ['state'], registers }),
    eurodacAlerts: new Counter({ name: 'afis_eurodac_alerts_total', help: 'Eurodac deadline alerts raised, by kind', labelNames: ['kind'], registers }),
    changesApplied: new Counter({ name: 'afis_changes_applied_total', help: 'Subject changes applied from the change feed, by operation', labelNames: ['op'], registers }),
    scrape: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
