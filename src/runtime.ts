import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeCapture, type DecodeCaptureOptions } from './capture/index.js';
import type { FastifyBaseLogger } from 'fastify';
import type { GrayImage } from './core/index.js';
import type { AppDeps } from './app.js';
import type { Config } from './config/index.js';
import { getRegime, DEFAULT_ROUTING_POLICY } from './eurodac/index.js';
import { extractTemplate, type SmearEstimate } from './extraction/index.js';
import { readAnsiNistFingers } from './formats/ansi-nist/index.js';
import { decodeWsq } from './formats/wsq/index.js';
import type { FingerInput } from './http/capture-body.js';
import {
  createPriorityQueue, createSearchPool, currentSearchPriority, fingerEvidenceOfPair, fusedThresholdForFpir, Gallery, GallerySearcher, readStopBits, RenewingGallery, SUBJECT_FLAGS, syncGalleryAtStopBits, syncGalleryWithStore,
  upgradeCoarseSubjects, withSearchPriority, type EncodedFinger, type SubjectStore, type UpgradeReport, type RecordEncoder, type SearchFilter, type StopBitsCheck, type SearchPool, type SearchPriority, type ShardSelector, type StoredStopBits, type SubjectMeta,
} from './index/index.js';
import { EURODAC_LINK_PARAMETERS, SCALE_OUT_PARAMETERS, SEARCH_PARAMETERS, STORE_PARAMETERS, type SearchParameters } from './config/index.js';
import { TRANSACTION_PARAMETERS } from './config/parameters.js';
import { createCentralClient } from './link/index.js';
import { createServiceMetrics, type ServiceMetrics } from './metrics/index.js';
import { encodeMessage, loadMessages } from './messages/index.js';
import { compareTemplateGrid, compareTemplates, compareTemplatesDetailed, fmrToThreshold, prepareTemplate, scoreToFmr } from './matching/index.js';
import { segmentSlap, slapKindOf } from './segmentation/index.js';
import { detectAlteration, detectSlidFinger, flattenPlaten, platenResidueShare } from './quality/index.js';
import { assertRedisDurable, openStore, type AfisStore, type HousekeepingReport } from './store/index.js';
import { createExtractionPool, type ExtractionPool } from './workers/extraction-pool.js';
import { decodeTemplate, encodeTemplate, type Template } from './templates/index.js';
import {
  TransactionService, type GalleryCandidate, type GalleryFilter, type GalleryMeta, type GalleryPort, type Matcher, type ProbeFinger, type SearchResultMessage,
} from './transactions/index.js';

/** Everything a running service is made of; built once by {@link buildRuntime}. */
export interface Runtime {
  readonly store: AfisStore;
  /** The gallery in this process (the current stop-bit generation's); undefined when shard workers hold it (`--shards N`). */
  readonly gallery: Gallery | undefined;
  readonly searcher: GallerySearcher | undefined;
  /**
   * Checks at once whether the gallery's stop bits are due for a new generation (or another
   * process published one) and switches to it; the runtime also does so after loading and every
   * `stopBitsCheckIntervalMs`. Undefined with shard workers (each checks its own).
   */
  readonly renewStopBits: (() => Promise<StopBitsCheck>) | undefined;
  readonly service: TransactionService;
  /** The process's Prometheus metrics (GET /metrics). */
  readonly metrics: ServiceMetrics;
  /** Reads the fingers of an ANSI/NIST-ITL transaction as captures the workflow accepts. */
  readAnsiNistFingers(bytes: Uint8Array): Promise<FingerInput[]>;
  /** Whether the store answers and the gallery is loaded. */
  readiness(): Promise<Record<string, boolean>>;
  /** Finishes background work, stops the workers and closes the store. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Worker threads of the 1:N search and of extraction; 0 = one per core, 'none' = both on the calling thread (tests). */
  readonly searchThreads?: number | 'none';
  /** Milliseconds since the epoch (tests pin it). */
  readonly clock?: () => number;
  /** Called with errors of background processing. */
  readonly onBackgroundError?: (error: unknown, transactionId: string) => void;
  /** Told what each housekeeping pass removed (or why it failed); see AfisStore.housekeep. */
  readonly onHousekeeping?: (report: HousekeepingReport | undefined, error?: unknown) => void;
  /** Told of Eurodac deadline alerts (a capture not transmitted in 72 hours, a reply missing past its deadline). */
  readonly onEurodacAlert?: (alert: { kind: string; transactionId: string; referenceNumber: string }) => void;
  /** Told when the gallery switched to a new generation of stop bits (renew-stop-bits.ts). */
  readonly onStopBitsRenewed?: (check: StopBitsCheck) => void;
  /** Told how the gallery was loaded (snapshot used or not, subjects re-encoded). */
  readonly onGalleryLoaded?: (info: { fromSnapshot: boolean; encoded: number; unchanged: number; removed: number; ms: number; coarse: number }) => void;
  /** Told when the background upgrade of a gallery loaded from an earlier snapshot format finished (see upgradeGalleryInBackground). */
  readonly onGalleryUpgraded?: (report: UpgradeReport) => void;
}

/**
 * Where the gallery snapshot of a store lives: beside the embedded store, or in the data
 * directory as a local cache of a Redis store (one file per key prefix).
 */
export function gallerySnapshotFile(config: Config, shard?: ShardSelector): string {
  const part = shard ? `-shard-${shard.index}-of-${shard.count}` : '';
  return config.redisUrl
    ? join(config.dataDir, `gallery-redis-${config.redisPrefix.replace(/[^A-Za-z0-9_-]/g, '_')}${part}.snapshot`)
    : join(config.dataDir, `gallery${part}.snapshot`);
}

/**
 * The gallery at start-up: the snapshot written at the last shutdown (when there is one and it
 * reads back), brought up to date with the store by record digests, so only subjects changed
 * since are re-encoded; without a snapshot the same sync is the full load. A snapshot that does
 * not read (damaged, other parameters, other stop-bit masks than the store's) is ignored: the
 * store is the truth.
 */
export async function loadGallery(store: AfisStore, file: string, shard?: ShardSelector, params: SearchParameters = SEARCH_PARAMETERS): Promise<GalleryLoad> {
  const t0 = performance.now();
  let gallery: Gallery | undefined;
  if (existsSync(file)) {
    try {
      gallery = Gallery.loadSnapshot(file, params);
    } catch {
      gallery = undefined;
    }
  }
  if (gallery?.hasStopBits) {
    // the deployment's stop-bit masks (shared by every shard) win over an older snapshot's:
    // a snapshot of an older generation is read from the store again
    const stored = await readStopBits(store.subjects, gallery.params);
    if (stored && !stored.masks.every((m, i) => m === gallery!.stopMasks[i])) gallery = undefined;
  }
  let fromSnapshot = gallery !== undefined;
  gallery ??= new Gallery(params);
  const options = { batchSize: 2000, ...(shard ? { shard } : {}) };
  let sync: Awaited<ReturnType<typeof syncGalleryWithStore>>;
  try {
    sync = await syncGalleryWithStore(store.subjects, gallery, options);
  } catch (err) {
    // another process stored its stop bits first (e.g. two shards upgrading from snapshots at once)
    if (!fromSnapshot || (err as { details?: { reason?: string } }).details?.reason !== 'stop-bits') throw err;
    fromSnapshot = false;
    gallery = new Gallery(params);
    sync = await syncGalleryWithStore(store.subjects, gallery, options);
  }
  return { gallery, fromSnapshot, ...sync, ms: Math.round(performance.now() - t0) };
}

/**
 * Where a shard replica keeps the previous stop-bit generation's gallery when it stops during a
 * switch (beside `file`, the current generation's): started again before the switch is over,
 * it loads both from there (see loadGalleryAt).
 */
export function previousSnapshotFile(file: string): string {
  return file.replace(/(\.snapshot)?$/, '.previous$1');
}

/**
 * A shard replica's gallery at stop-bit generation `stopBits` (undefined: generation 0, no
 * masks), whatever the store holds in force: a replica started while the shards switch
 * generations loads the one they still search, and the newest beside it
 * (cluster/join-stop-bits-switch.ts). The snapshot (`file`, or the previous generation's,
 * previousSnapshotFile) that holds exactly these masks is brought up to date with the store;
 * without one the shard is read from the store with them, or, `snapshotOnly`, nothing is loaded
 * (undefined).
 */
export async function loadGalleryAt(store: AfisStore, file: string, shard: ShardSelector, stopBits: StoredStopBits | undefined, options: { params?: SearchParameters; snapshotOnly: true }): Promise<GalleryLoad | undefined>;
export async function loadGalleryAt(store: AfisStore, file: string, shard: ShardSelector, stopBits: StoredStopBits | undefined, options?: { params?: SearchParameters; snapshotOnly?: false }): Promise<GalleryLoad>;
export async function loadGalleryAt(store: AfisStore, file: string, shard: ShardSelector, stopBits: StoredStopBits | undefined, options: { params?: SearchParameters; snapshotOnly?: boolean } = {}): Promise<GalleryLoad | undefined> {
  const t0 = performance.now();
  const params = options.params ?? SEARCH_PARAMETERS;
  const same = (g: Gallery): boolean => (stopBits ? g.hasStopBits && stopBits.masks.every((m, i) => m === g.stopMasks[i]) : !g.hasStopBits);
  let gallery: Gallery | undefined;
  for (const f of [file, previousSnapshotFile(file)]) {
    if (gallery || !existsSync(f)) continue;
    try {
      const g = Gallery.loadSnapshot(f, params);
      if (same(g)) gallery = g;
    } catch {
      // damaged or of other parameters: the store is the truth
    }
  }
  if (!gallery && options.snapshotOnly) return undefined;
  const fromSnapshot = gallery !== undefined;
  gallery ??= new Gallery(params);
  const sync = await syncGalleryAtStopBits(store.subjects, gallery, stopBits, { batchSize: 2000, shard });
  return { gallery, fromSnapshot, ...sync, ms: Math.round(performance.now() - t0) };
}

/**
 * After a start from a snapshot of an earlier format (Gallery.coarseSubjects > 0), encodes the
 * converted subjects again from the store in the background (upgradeCoarseSubjects) while the
 * service searches the converted gallery, saving the snapshot (`save`) every `saveEvery`
 * subjects and when done, so a later crash does not repeat it. Stopped (shutdown) it leaves the
 * rest marked; killed, the snapshot on disk is the earlier one or the last saved, and the next
 * start goes on from there: nothing is lost, the store holds every template. Does nothing when
 * no subject is coarse.
 */
export function upgradeGalleryInBackground(
  galleries: RenewingGallery, store: SubjectStore, encode: RecordEncoder | undefined, save: () => void,
  report: { onDone?: (r: UpgradeReport) => void; onError?: (err: unknown) => void } = {},
  options: { saveEvery?: number; batchSize?: number } = {},
): { readonly running: Promise<void>; stop(): Promise<void> } {
  if (galleries.current.coarseSubjects === 0) return { running: Promise.resolve(), stop: async () => undefined };
  let stopped = false;
  const saveEvery = options.saveEvery ?? SCALE_OUT_PARAMETERS.galleryUpgradeSaveEvery;
  let nextSave = saveEvery;
  const onProgress = (done: number, left: number): void => {
    if (done < nextSave || left === 0 || stopped) return;
    nextSave = done + saveEvery;
    try {
      save();
    } catch (err) {
      report.onError?.(err);
    }
  };
  const running = upgradeCoarseSubjects(galleries, store, { ...(encode ? { encode } : {}), ...(options.batchSize ? { batchSize: options.batchSize } : {}), stopped: () => stopped, onProgress }).then((r) => {
    if (r.left > r.failed) return;
    // when stopping, the shutdown saves it
    if (!stopped) save();
    report.onDone?.(r);
  }, (err: unknown) => report.onError?.(err));
  return {
    running,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

/** What loading a gallery at start-up did. */
export interface GalleryLoad {
  readonly gallery: Gallery;
  readonly fromSnapshot: boolean;
  readonly encoded: number;
  readonly unchanged: number;
  readonly removed: number;
  readonly ms: number;
}

/** Writes the gallery snapshot atomically (a temporary file, then a rename): a crash mid-write leaves the previous one. */
export function saveGallerySnapshot(gallery: Gallery, file: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  // per process: two replicas of one shard on one machine save the same file at the same time
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    gallery.saveSnapshot(tmp);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** The store the configuration names, with its expiry and replication settings. */
export function openStoreOf(config: Config): AfisStore {
  const idempotencyTtlMs = config.idempotencyTtlHours * 3_600_000;
  return openStore(config.redisUrl
    ? { kind: 'redis', url: config.redisUrl, prefix: config.redisPrefix, idempotencyTtlMs, resultsRetentionMs: config.resultsRetentionDays * 86_400_000, waitReplicas: config.redisWaitReplicas, layout: config.redisLayout, cluster: config.redisCluster }
    : { kind: 'embedded', dir: config.dataDir, idempotencyTtlMs });
}

/**
 * Wires the concrete modules: opens the store (embedded LMDB, or Redis when a URL is
 * configured), loads the gallery from it, and builds the transaction service over capture
 * decoding, extraction, the matcher, the gallery and the Eurodac regime and routing policy.
 * Only this file, main.ts and app.ts know the concrete implementations.
 */
export async function buildRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  // refuse a Redis that keeps nothing on disk before anything is written to it
  // (a cluster: every node listed)
  if (config.redisUrl && !config.redisAllowVolatile) {
    for (const url of config.redisCluster ? config.redisUrl.split(',').map((u) => u.trim()) : [config.redisUrl]) await assertRedisDurable(url);
  }
  const store = openStoreOf(config);
  await store.ready();
  const threads = options.searchThreads ?? config.searchThreads;
  let started: SearchBackend | undefined;
  let extraction: ExtractionPool | undefined;
  // the gauges read the backend when scraped (it exists by then)
  const metrics = createServiceMetrics({
    gallerySubjects: () => started?.gallerySubjects() ?? {},
    stopBits: () => started?.stopBits() ?? {},
    galleryUpgradePending: () => started?.upgradePending() ?? {},
    searchQueueDepth: () => started?.queueDepth() ?? {},
    examinerQueue: () => examinerQueueOf(store),
  });
  try {
    started = config.shards > 0
      ? await shardedBackend(config, metrics)
      : await localBackend(store, config, threads, metrics, options);
    if (threads !== 'none') extraction = createExtractionPool(threads > 0 ? threads : undefined, { youngGenerationMb: config.extractionYoungMb });
  } catch (err) {
    await started?.close().catch(() => undefined);
    await store.close();
    throw err;
  }
  const backend = started;
  // extraction waits by priority too: a police probe's fingers go before those of desk captures in flight
  const extractionQueue = createPriorityQueue(Math.max(1, extraction?.threads ?? 1));
  // `smear`: the desk's slid read's estimate of this image (detectSlidFinger's `smear`), not made again
  const extract = (image: Parameters<typeof extractTemplate>[0], smear?: unknown): Promise<Template> => extractionQueue.run(currentSearchPriority(), async () => {
    const stop = metrics.extraction.startTimer();
    const estimate = smear as SmearEstimate | null | undefined;
    try {
      if (extraction) return await extraction.extract(image, estimate);
      return extractTemplate(image, estimate === undefined ? {} : { smearEstimate: estimate });
    } finally {
      stop();
    }
  });
  // the rest of a capture's per-image work (decoding, a slap's cut, the desk's reads) waits in the
  // same queue and runs on the same workers: none of it blocks the event loop (tens of ms a
  // finger, some hundreds for a ten-print in WSQ)
  const onWorkers = async <T>(work: (pool: ExtractionPool) => Promise<T>, here: () => T | Promise<T>): Promise<T> =>
    (extraction ? extractionQueue.run(currentSearchPriority(), () => work(extraction!)) : here());
  const decodeImage = (bytes: Uint8Array, options: DecodeCaptureOptions): Promise<GrayImage> =>
    onWorkers((pool) => pool.decode(bytes, options), () => decodeCapture(bytes, options));
  const messages = await loadMessages();
  const central = config.centralUrl
    ? createCentralClient({ url: config.centralUrl, memberState: config.memberState, ...(config.centralApiKey ? { apiKey: config.centralApiKey } : {}) })
    : undefined;
  const service = new TransactionService({
    ...(central ? { central } : {}),
    settings: { replyDeadlineMs: config.centralReplyDeadlineSeconds * 1000, centralMinFingerQuality: config.centralMinQuality, adviseRecaptureBelowQuality: config.recaptureAdviceBelowQuality },
    onEurodacAlert: (alert) => {
      metrics.eurodacAlerts.inc({ kind: alert.kind });
      options.onEurodacAlert?.(alert);
    },
    stores: { ...store, results: countedResults(store, metrics) },
    subjects: store.subjects,
    gallery: backend.port,
    // on worker threads when the runtime has them (fingers in parallel, the event loop free)
    decodeImage: (bytes, o) => decodeImage(bytes, {
      ...(o.format ? { format: o.format as never } : {}),
      ...(o.ppi ? { ppi: o.ppi } : {}),
      ...(o.width ? { width: o.width } : {}),
      ...(o.height ? { height: o.height } : {}),
    }),
    extractTemplate: extract,
    segmentSlap: (image, position, declaredMissing) => {
      const kind = slapKindOf(position);
      if (kind === undefined) throw new RangeError(`position ${position} is not a slap`);
      return onWorkers((pool) => pool.segmentSlap(image, kind, declaredMissing), () => segmentSlap(image, kind, { declaredMissing }));
    },
    detectAlteration: (image, template) => onWorkers((pool) => pool.detectAlteration(image, template), () => detectAlteration(image, template)),
    detectSlidFinger: (image) => onWorkers((pool) => pool.detectSlidFinger(image), () => detectSlidFinger(image)),
    // a flagged capture's residue divided out (TRANSACTION_PARAMETERS latentFlattenRadius; 0 = off)
    ...(TRANSACTION_PARAMETERS.latentFlattenRadius > 0 ? {
      flattenPlaten: (images: readonly GrayImage[]) => onWorkers((pool) => pool.flattenPlaten(images, TRANSACTION_PARAMETERS), () => flattenPlaten(images, TRANSACTION_PARAMETERS)),
    } : {}),
    // the residue under every image, a reason to wipe the platen (latentResidueAdviseShare; 0 = not read)
    ...(TRANSACTION_PARAMETERS.latentFlattenRadius > 0 && TRANSACTION_PARAMETERS.latentResidueAdviseShare > 0 ? {
      readPlatenResidue: (images: readonly GrayImage[]) => onWorkers((pool) => pool.platenResidueShare(images, TRANSACTION_PARAMETERS), () => platenResidueShare(images, TRANSACTION_PARAMETERS)),
    } : {}),
    matcher: {
      ...matcher,
      compareGrid: (probes, candidates) => onWorkers((pool) => pool.compareGrid(probes, candidates), () => compareTemplateGrid(probes, candidates)),
    },
    templates: { encode: encodeTemplate, decode: decodeTemplate },
    encodeResult: (result: SearchResultMessage) => encodeMessage(messages.SearchResult, result as unknown as Record<string, unknown>),
    regime: getRegime(config.regime),
    policy: DEFAULT_ROUTING_POLICY,
    memberState: config.memberState,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onBackgroundError ? { onBackgroundError: options.onBackgroundError } : {}),
  });
  // expired idempotency keys and acknowledged results: now, then every housekeepingIntervalMs
  const housekeep = (): void => {
    store.housekeep().then((r) => options.onHousekeeping?.(r), (err: unknown) => options.onHousekeeping?.(undefined, err));
  };
  housekeep();
  const housekeeping = setInterval(housekeep, STORE_PARAMETERS.housekeepingIntervalMs);
  housekeeping.unref();
  // the Eurodac outbox: a pass every tick while none runs
  let linkPass: Promise<void> | undefined;
  const linkTimer = central ? setInterval(() => {
    linkPass ??= service.deliverToCentral().then((state) => {
      metrics.eurodacOutbox.set({ state: 'waiting-transmission' }, state.waitingTransmission);
      metrics.eurodacOutbox.set({ state: 'awaiting-reply' }, state.awaitingReply);
      metrics.eurodacOutbox.set({ state: 'transmission-overdue' }, state.transmissionOverdue);
      metrics.eurodacOutbox.set({ state: 'reply-overdue' }, state.replyOverdue);
    }, (err: unknown) => options.onBackgroundError?.(err, 'eurodac-outbox')).finally(() => {
      linkPass = undefined;
    });
  }, EURODAC_LINK_PARAMETERS.tickMs) : undefined;
  linkTimer?.unref();
  let closed = false;
  return {
    store,
    get gallery() {
      return backend.gallery();
    },
    get searcher() {
      return backend.searcher();
    },
    renewStopBits: backend.renewStopBits,
    service,
    metrics,
    // Each finger image of the transaction becomes a lossless PNG at its own resolution, so the
    // workflow decodes (and later redisplays) it like any other capture.
    readAnsiNistFingers: async (bytes) => Promise.all(
      (await readAnsiNistFingers(bytes, {
        decodeImage: (b, format) => decodeImage(b, { format }),
        decodeWsq: (b) => onWorkers((pool) => pool.decodeWsq(b), () => decodeWsq(b).image),
      }))
        .filter((f) => f.position >= 1 && f.position <= 15)
        .map(async (f) => ({
          position: f.position,
          impression: f.impression === 'plain' ? 'plain' as const : 'rolled' as const,
          image: new Uint8Array(await sharp(f.image.data, { raw: { width: f.image.width, height: f.image.height, channels: 1 } })
            .withMetadata({ density: f.image.ppi }).png({ compressionLevel: 3 }).toBuffer()),
          format: 'png',
          ppi: Math.round(f.image.ppi),
        })),
    ),
    readiness: async () => {
      let storeOk = true;
      try {
        await store.ready();
      } catch {
        storeOk = false;
      }
      return { store: storeOk, ...backend.readiness() };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(housekeeping);
      if (linkTimer) clearInterval(linkTimer);
      await linkPass;
      await service.whenIdle();
      await extraction?.close();
      try {
        await backend.close();
      } finally {
        await store.close();
      }
    },
  };
}

/** The HTTP application's dependencies over a runtime: readiness and the workflow routes with their stores. */
export function appDepsOf(runtime: Runtime, config: Config, logger?: FastifyBaseLogger): AppDeps {
  return {
    config,
    ...(logger ? { logger } : {}),
    readiness: { check: () => runtime.readiness() },
    metrics: runtime.metrics,
    workflow: { service: prioritised(runtime.service), readAnsiNistFingers: runtime.readAnsiNistFingers, stores: runtime.store },
  };
}

/** False match rate a 1:1 verification accepts (0.001 %), whatever the number of fingers compared. */
const VERIFICATION_FMR = 1e-5;

/**
 * The matcher as the workflow sees it: templates in, calibrated scores out. Fingers are fused
 * as the 1:N gallery fuses them (evidence −ln FMR per finger, src/index), so a verification's
 * score and a search's scores mean the same thing; the verification threshold is the fused
 * score an impostor compared on k fingers reaches with probability VERIFICATION_FMR.
 */
const matcher: Matcher = {
  compare: (a: Template, b: Template) => compareTemplates(prepareTemplate(a), prepareTemplate(b)),
  compareDetailed: (a: Template, b: Template) => {
    const d = compareTemplatesDetailed(prepareTemplate(a), prepareTemplate(b));
    return { score: d.score, pairs: d.pairs.map((p) => ({ probe: p.probe, candidate: p.candidate })) };
  },
  fuse: (perFinger, minutiae) => perFinger.reduce<number>((sum, s, f) => {
    const m = minutiae?.[f] ?? undefined;
    return sum + (s === null ? 0 : fingerEvidenceOfPair(scoreToFmr(s), m, m, SEARCH_PARAMETERS));
  }, 0),
  verificationThreshold: (k) => fusedThresholdForFpir(VERIFICATION_FMR, Math.max(1, k), 1),
  scoreAtFmr: (fmr) => fmrToThreshold(fmr),
};

function metaOf(meta: GalleryMeta): SubjectMeta {
  return {
    category: meta.category,
    memberState: meta.memberState,
    flags: (meta.blocked ? SUBJECT_FLAGS.blocked : 0) | (meta.marked ? SUBJECT_FLAGS.marked : 0),
  };
}

/** Which priority each use case's searches and extractions get (see SEARCH_PRIORITIES). */
const PRIORITY_OF: Partial<Record<keyof TransactionService, SearchPriority>> = {
  identifyForPolice: 'police',
  verify: 'police',
  submitCapture: 'desk',
  importRecords: 'batch',
  sweepRetention: 'batch',
};

/** The service as the HTTP routes call it: each use case runs under its priority (background work included). */
export function prioritised(service: TransactionService): TransactionService {
  return new Proxy(service, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      const priority = PRIORITY_OF[name as keyof TransactionService];
      if (!priority || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => withSearchPriority(priority, () => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

/** Pending examinations (counted up to a cap) and the age of the oldest, for the metrics. */
async function examinerQueueOf(store: AfisStore): Promise<{ length: number; oldestAgeSeconds: number }> {
  const pending = await store.examinations.listPending({ limit: SCALE_OUT_PARAMETERS.examinerQueueCountCap });
  const oldest = pending[0]?.createdAt;
  return { length: pending.length, oldestAgeSeconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000) };
}

/** The results stream, counting what it appends. */
function countedResults(store: AfisStore, metrics: ServiceMetrics): AfisStore['results'] {
  return {
    publish: async (dedupId, payload) => {
      const r = await store.results.publish(dedupId, payload);
      if (!r.duplicate) metrics.resultsPublished.inc();
      return r;
    },
    readAfter: (after, limit) => store.results.readAfter(after, limit),
  };
}

/** Stored records encoded on the search threads (one task per batch: the other threads stay with the searches). */
export function encodeOnPool(pool: SearchPool): RecordEncoder {
  return async (records, params) => (await pool.run({ kind: 'encode', records, params })) as (EncodedFinger | null)[][];
}

/** Where searches run: the gallery of this process, or shard workers over NATS. */
interface SearchBackend {
  gallery(): Gallery | undefined;
  searcher(): GallerySearcher | undefined;
  readonly renewStopBits: (() => Promise<StopBitsCheck>) | undefined;
  readonly port: GalleryPort;
  gallerySubjects(): Record<string, number>;
  stopBits(): Record<string, { generation: number; renewing: boolean }>;
  /** Subjects waiting for the background upgrade of an earlier snapshot format, per shard label. */
  upgradePending(): Record<string, number>;
  queueDepth(): Record<string, number>;
  readiness(): Record<string, boolean>;
  close(): Promise<void>;
}

/** The workflow's filter as the gallery's (erased subjects never; blocked ones unless asked). */
function searchFilterOf(filter: GalleryFilter): SearchFilter {
  return {
    categories: filter.categories,
    ...(filter.memberStates ? { memberStates: filter.memberStates } : {}),
    excludeFlags: SUBJECT_FLAGS.erased | (filter.excludeBlocked ? SUBJECT_FLAGS.blocked : 0),
  };
}

/** Hits only, as the workflow takes them, each with what its score means (FPIR for the gallery's size). */
function hitsOf(
  candidates: readonly { id: string; score: number; hit: boolean; fpir: number; fingersCompared: number; fingerScores: readonly (number | null)[] }[],
  gallerySize: number, targetFpir: number,
): GalleryCandidate[] {
  return candidates.filter((c) => c.hit).map((c) => ({
    subjectId: c.id,
    score: c.score,
    fingerScores: c.fingerScores.flatMap((s, i) => (s === null ? [] : [{ position: i + 1, score: s }])),
    fpir: c.fpir, fingersCompared: c.fingersCompared, gallerySize, targetFpir,
  }));
}

/**
 * The gallery in this process (snapshot + store sync), searched on its worker threads; searches
 * wait in the priority queue. Its stop bits are renewed as it grows (renew-stop-bits.ts): each
 * search reads the gallery current when it starts, with that gallery's masks.
 */
async function localBackend(store: AfisStore, config: Config, threads: number | 'none', metrics: ServiceMetrics, options: RuntimeOptions): Promise<SearchBackend> {
  const snapshotFile = gallerySnapshotFile(config);
  const load = await loadGallery(store, snapshotFile);
  options.onGalleryLoaded?.({ fromSnapshot: load.fromSnapshot, encoded: load.encoded, unchanged: load.unchanged, removed: load.removed, ms: load.ms, coarse: load.gallery.coarseSubjects });
  const pool: SearchPool | undefined = threads === 'none' ? undefined : createSearchPool(threads > 0 ? { threads } : {});
  // a renewal's gallery is encoded on a search thread, so the main thread stays free
  const renewing = new RenewingGallery(load.gallery, { store: store.subjects, ...(pool ? { encode: encodeOnPool(pool) } : {}) });
  const searchers = new WeakMap<Gallery, GallerySearcher>();
  const searcherOf = (g: Gallery): GallerySearcher => {
    let s = searchers.get(g);
    if (!s) searchers.set(g, (s = new GallerySearcher(g, pool ? { pool } : {})));
    return s;
  };
  const queue = createPriorityQueue(SCALE_OUT_PARAMETERS.searchConcurrency);
  let closed = false;
  const renew = async (): Promise<StopBitsCheck> => {
    const r = await renewing.check();
    if (r.outcome !== 'kept') options.onStopBitsRenewed?.(r);
    return r;
  };
  const renewInBackground = (): void => {
    renew().catch((err: unknown) => {
      if (!closed) options.onBackgroundError?.(err, 'stop-bits');
    });
  };
  renewInBackground();
  const renewal = setInterval(renewInBackground, SCALE_OUT_PARAMETERS.stopBitsCheckIntervalMs);
  renewal.unref();
  const upgrade = upgradeGalleryInBackground(renewing, store.subjects, pool ? encodeOnPool(pool) : undefined, () => saveGallerySnapshot(renewing.current, snapshotFile), {
    onDone: (r) => options.onGalleryUpgraded?.(r),
    onError: (err) => {
      if (!closed) options.onBackgroundError?.(err, 'gallery-upgrade');
    },
  });
  return {
    gallery: () => renewing.current,
    searcher: () => searcherOf(renewing.current),
    renewStopBits: renew,
    port: {
      async search(probe: readonly ProbeFinger[], filter: GalleryFilter, o: { readonly maxCandidates: number }) {
        const priority = currentSearchPriority();
        // the gallery current when the search leaves the queue, for its whole length
        let gallery = renewing.current;
        const result = await queue.run(priority, () => {
          gallery = renewing.current;
          return searcherOf(gallery).search(probe, { filter: searchFilterOf(filter), maxCandidates: o.maxCandidates });
        }, (waited) => metrics.searchWait.observe({ priority }, waited / 1000));
        metrics.searchStage.observe({ stage: 'first', priority }, result.firstStageMs / 1000);
        metrics.searchStage.observe({ stage: 'rerank', priority }, result.secondStageMs / 1000);
        metrics.searchStage.observe({ stage: 'fusion', priority }, result.fusionMs / 1000);
        metrics.searchStage.observe({ stage: 'total', priority }, (result.firstStageMs + result.secondStageMs + result.fusionMs) / 1000);
        // the searcher fused for the whole gallery's size (fuseCandidate: max(1, gallery.size))
        return hitsOf(result.candidates, Math.max(1, result.gallerySize), result.targetFpir);
      },
      put: (id, fingers, meta) => renewing.mutate((g) => g.put(id, fingers, metaOf(meta))),
      setMeta: (id, meta) => {
        const known = renewing.current.has(id);
        renewing.mutate((g) => g.setMeta(id, metaOf(meta)));
        return known;
      },
      remove: (id) => {
        renewing.mutate((g) => {
          g.remove(id);
        });
      },
    },
    gallerySubjects: () => ({ all: renewing.current.size }),
    stopBits: () => ({ all: { generation: renewing.current.stopBitsGeneration.generation, renewing: renewing.renewing } }),
    upgradePending: () => ({ all: renewing.current.coarseSubjects }),
    queueDepth: () => queue.depth(),
    readiness: () => ({ gallery: true }),
    close: async () => {
      closed = true;
      clearInterval(renewal);
      // the snapshot keeps the subjects not upgraded yet marked: the next start goes on with them
      await upgrade.stop();
      await pool?.close();
      // the next start loads this and re-encodes only what changed in the store meanwhile
      saveGallerySnapshot(renewing.current, snapshotFile);
    },
  };
}

/**
 * The gallery held by `config.shards` shard workers (`afis worker --shard K/N`): searches are
 * scattered over NATS and re-fused here (the workers order them by the priority sent along);
 * enrolments, status changes and erasures go to the owning shard through the change feed.
 */
async function shardedBackend(config: Config, metrics: ServiceMetrics): Promise<SearchBackend> {
  // loaded only here: a single process never pays for the NATS client at start-up
  const { connectNats, ensureChangeStream, NatsShardedSearcher, ReplicaTracker, shardNamespace, shardSubjects, SubjectChangePublisher } = await import('./cluster/index.js');
  const nc = await connectNats(config.natsUrl!, 'afis-coordinator');
  try {
    const subjects = shardSubjects(shardNamespace(config.redisPrefix));
    await ensureChangeStream(await nc.jetstreamManager(), subjects);
    const count = config.shards;
    const tracker = new ReplicaTracker(nc, subjects, count);
    const searcher = new NatsShardedSearcher(nc, subjects, count, tracker, {
      onShardOutcome: (shard, outcome) => metrics.shardRequests.inc({ shard, outcome }),
    });
    const changes = new SubjectChangePublisher(nc, subjects, count);
    return {
      gallery: () => undefined,
      searcher: () => undefined,
      renewStopBits: undefined,
      port: {
        async search(probe: readonly ProbeFinger[], filter: GalleryFilter, o: { readonly maxCandidates: number }) {
          const priority = currentSearchPriority();
          const stop = metrics.searchStage.startTimer({ stage: 'total', priority });
          const result = await searcher.search(probe, { filter: searchFilterOf(filter), maxCandidates: o.maxCandidates }, priority);
          stop();
          return hitsOf(result.candidates, Math.max(1, result.subjects), result.targetFpir);
        },
        put: (id, _fingers, meta) => changes.publish({ op: 'put', id, meta: metaOf(meta) as Required<SubjectMeta> }),
        setMeta: async (id, meta) => {
          await changes.publish({ op: 'meta', id, meta: metaOf(meta) as Required<SubjectMeta> });
          return true;
        },
        remove: (id) => changes.publish({ op: 'remove', id }),
      },
      gallerySubjects: () => tracker.subjectsByShard(),
      // each shard worker reports its own generation
      stopBits: () => ({}),
      // each shard worker upgrades (and reports) its own part of the gallery
      upgradePending: () => ({}),
      // searches wait in the shard workers' queues (their /metrics), not here
      queueDepth: () => ({}),
      // /ready names each shard: `shard 1/2: false` while no replica of it answers
      readiness: () => Object.fromEntries(Array.from({ length: count }, (_, k) => [`shard ${k}/${count}`, tracker.live(k).length > 0])),
      close: async () => {
        searcher.close();
        tracker.close();
        await nc.drain();
      },
    };
  } catch (err) {
    await nc.close();
    throw err;
  }
}
