import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { pino } from 'pino';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import {
  connectNats, ReplicaTracker, serveShardOverNats, ensureChangeStream, shardLabel, shardNamespace, shardSubjects, stopBitsToJoin, SubjectChangePublisher, type StopBitsToJoin,
} from './cluster/index.js';
import { SCALE_OUT_PARAMETERS, SEARCH_PARAMETERS, type ConfigOverrides, type SearchParameters, loadConfig } from './config/index.js';
import { runUntilSignal } from './main.js';
import { AfisError } from './core/errors.js';
import { createPriorityQueue, createSearchPool, GallerySearcher, RenewingGallery, type Gallery, type ShardSelector } from './index/index.js';
import { createServiceMetrics } from './metrics/index.js';
import { encodeOnPool, gallerySnapshotFile, loadGallery, loadGalleryAt, openStoreOf, previousSnapshotFile, saveGallerySnapshot, upgradeGalleryInBackground, type GalleryLoad } from './runtime.js';
import { assertRedisDurable, type AfisStore } from './store/index.js';

/** A running shard replica. */
export interface RunningShardWorker {
  readonly replica: string;
  readonly log: Pick<FastifyBaseLogger, 'info' | 'error'>;
  readonly subjects: number;
  /** The /health, /ready and /metrics address when a port was given. */
  readonly address?: string;
  /** Stops answering, saves the gallery snapshot, closes NATS and the store. */
  stop(): Promise<void>;
}

/**
 * A shard replica's gallery at start-up (snapshot + store sync), of the stop-bit generation the
 * running replicas search ({@link stopBitsToJoin}, told by the heartbeats `peers` hears): the
 * store's newest as a rule, the previous one while the shards are still switching to the newest
 * (the replica's running check then builds the newest beside it, see renew-stop-bits.ts).
 */
export async function loadShardGallery(store: AfisStore, snapshotFile: string, shard: ShardSelector, peers: ReplicaTracker, options: { params?: SearchParameters; listenMs?: number } = {}): Promise<GalleryLoad & { join: StopBitsToJoin; newer?: GalleryLoad }> {
  const params = options.params ?? SEARCH_PARAMETERS;
  const join = await stopBitsToJoin(store.subjects, params, peers, options.listenMs !== undefined ? { listenMs: options.listenMs } : {});
  if (join.load === 'newest') return { ...await loadGallery(store, snapshotFile, shard, params), join };
  const older = await loadGalleryAt(store, snapshotFile, shard, join.stopBits, { params });
  // the newest too when a snapshot holds it (a replica stopped after it built it): the replica
  // then holds both at once, as it did when it stopped; else its running check builds it
  const newer = join.newestStopBits && join.newest > join.generation ? await loadGalleryAt(store, snapshotFile, shard, join.newestStopBits, { params, snapshotOnly: true }) : undefined;
  return { ...older, join, ...(newer ? { newer } : {}) };
}

/**
 * Saves a shard replica's snapshots at shutdown: the current generation's gallery, and during a
 * switch the previous one's too (previousSnapshotFile; removed when none is held), so a replica
 * started again before the switch is over loads both from disk.
 */
export function saveShardSnapshots(galleries: RenewingGallery, snapshotFile: string): void {
  const held = galleries.generations();
  saveGallerySnapshot(galleries.current, snapshotFile);
  const previous = held.length > 1 ? galleries.galleryOf(held[0]) : undefined;
  if (previous) saveGallerySnapshot(previous, previousSnapshotFile(snapshotFile));
  else rmSync(previousSnapshotFile(snapshotFile), { force: true });
}

/**
 * One replica of gallery shard K of N (`afis worker --shard K/N`): opens the store, notes the
 * change feed's position, loads its shard (snapshot + store sync, as `afis serve` does), then
 * answers searches on NATS and follows the change feed. With a port it also serves /health,
 * /ready and /metrics. Several replicas of one shard share its searches.
 */
export async function startShardWorker(shard: ShardSelector, overrides: ConfigOverrides & { listen?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): Promise<RunningShardWorker> {
  const config = loadConfig(env, overrides);
  if (!config.natsUrl) throw new AfisError('AFIS_CONFIG_INVALID', 'afis worker needs --nats URL (or AFIS_NATS_URL)');
  const logger = pino({ level: config.logLevel, base: { service: 'afis-worker', shard: shardLabel(shard) } });
  const replica = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  if (config.redisUrl && !config.redisAllowVolatile) await assertRedisDurable(config.redisUrl);
  if (!config.redisUrl) mkdirSync(config.dataDir, { recursive: true });
  const store = openStoreOf(config);
  await store.ready();
  const nc = await connectNats(config.natsUrl, `afis-worker-${shardLabel(shard)}-${replica}`).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const subjects = shardSubjects(shardNamespace(config.redisPrefix));
  const snapshotFile = gallerySnapshotFile(config, shard);
  const threads = config.searchThreads;
  const pool = createSearchPool(threads > 0 ? { threads } : {});
  // the running replicas' heartbeats, heard while the feed's position is read: which stop-bit
  // generation they search (a replica started during a switch loads theirs)
  const peers = new ReplicaTracker(nc, subjects, shard.count);
  try {
    // the feed's position first: whatever changes while the store is read is replayed after
    const changesAfter = await ensureChangeStream(await nc.jetstreamManager(), subjects);
    const load = await loadShardGallery(store, snapshotFile, shard, peers).finally(() => peers.close());
    logger.info({ fromSnapshot: load.fromSnapshot, encoded: load.encoded, unchanged: load.unchanged, removed: load.removed, ms: load.ms, subjects: load.gallery.size, coarse: load.gallery.coarseSubjects, stopBits: load.gallery.stopBitsGeneration.generation }, 'shard loaded');
    if (load.join.load === 'older') {
      logger.info({ generation: load.join.generation, newest: load.join.newest, fromSnapshot: load.fromSnapshot, newestFromSnapshot: load.newer !== undefined, ms: load.newer?.ms }, load.newer ? 'stop bits: the shards are still switching; loaded the generation they search and the newest' : 'stop bits: the shards are still switching; loaded the generation they search, the newest follows');
    } else if (load.join.missing !== undefined) {
      logger.error({ generation: load.join.missing }, 'stop bits: the shards still search a generation whose masks the store no longer holds; loaded the newest (searches wait until every shard holds it)');
    }
    // the shard's galleries: renewed with the deployment's stop bits (renew-stop-bits.ts), the
    // previous generation kept while coordinators may still ask for it
    const galleries = new RenewingGallery(load.newer ? [load.gallery, load.newer.gallery] : load.gallery, { store: store.subjects, shard, retainPrevious: true, encode: encodeOnPool(pool) });
    const searchers = new WeakMap<Gallery, GallerySearcher>();
    const searcherOf = (g: Gallery): GallerySearcher => {
      let s = searchers.get(g);
      if (!s) searchers.set(g, (s = new GallerySearcher(g, { pool })));
      return s;
    };
    const queue = createPriorityQueue(SCALE_OUT_PARAMETERS.searchConcurrency);
    const label = shardLabel(shard);
    const metrics = createServiceMetrics({
      gallerySubjects: () => ({ [label]: galleries.current.size }),
      stopBits: () => ({ [label]: { generation: galleries.current.stopBitsGeneration.generation, renewing: galleries.renewing } }),
      galleryUpgradePending: () => ({ [label]: galleries.current.coarseSubjects }),
      searchQueueDepth: () => queue.depth(),
    });
    const announce = new SubjectChangePublisher(nc, subjects, shard.count);
    let stopped = false;
    const renew = (): void => {
      galleries.check().then(async (r) => {
        if (r.outcome === 'kept') return;
        logger.info({ outcome: r.outcome, generation: r.generation.generation, fromSubjects: r.generation.subjects, ms: r.ms, subjects: galleries.current.size }, 'stop bits renewed');
        // the other shards start building it now instead of at their next check
        if (r.outcome === 'renewed') await announce.announceStopBits(r.generation.generation);
      }).catch((err: unknown) => {
        if (!stopped) logger.error({ err }, 'stop-bit renewal');
      });
    };
    const worker = await serveShardOverNats({
      nc, subjects, shard, replica, galleries, searcherOf, queue, store: store.subjects, changesAfter,
      onSearch: () => metrics.shardSearches.inc({ shard: label }),
      onChange: (op) => metrics.changesApplied.inc({ op }),
      onStopBits: renew,
      onError: (err, what) => logger.error({ err }, what),
    });
    renew();
    const renewal = setInterval(renew, SCALE_OUT_PARAMETERS.stopBitsCheckIntervalMs);
    renewal.unref();
    // a gallery from an earlier snapshot format: its subjects encoded again while the shard serves
    const upgrade = upgradeGalleryInBackground(galleries, store.subjects, encodeOnPool(pool), () => saveShardSnapshots(galleries, snapshotFile), {
      onDone: (r) => logger.info({ ...r, subjects: galleries.current.size }, 'gallery upgraded to the current format'),
      onError: (err) => {
        if (!stopped) logger.error({ err }, 'gallery upgrade');
      },
    });
    let app: FastifyInstance | undefined;
    let address: string | undefined;
    if (overrides.listen) {
      app = await buildApp({ config, logger, metrics, readiness: { check: async () => ({ store: await store.ready().then(() => true, () => false), nats: !nc.isClosed(), gallery: true }) } });
      address = await app.listen({ host: config.host, port: config.port });
    }
    logger.info({ replica, subjects: galleries.current.size, address }, 'shard worker serving');
    let stopping: Promise<void> | undefined;
    return {
      replica,
      log: logger,
      subjects: galleries.current.size,
      ...(address ? { address } : {}),
      stop: () => (stopping ??= (async () => {
        stopped = true;
        clearInterval(renewal);
        await app?.close();
        await worker.close();
        await nc.drain().catch(() => undefined);
        await upgrade.stop();
        await pool.close();
        try {
          saveShardSnapshots(galleries, snapshotFile);
        } finally {
          await store.close();
        }
        logger.info('shard worker stopped');
        logger.flush();
      })()),
    };
  } catch (err) {
    await nc.close().catch(() => undefined);
    await pool.close();
    await store.close();
    throw err;
  }
}

/** Runs a shard worker until SIGTERM or SIGINT; returns the exit code. */
export function runShardWorker(shard: ShardSelector, overrides: ConfigOverrides & { listen?: boolean } = {}): Promise<number> {
  return runUntilSignal(overrides, () => startShardWorker(shard, overrides), (worker) => {
    // one line on stdout when ready, for scripts that start replicas and wait for them
    process.stdout.write(`${JSON.stringify({ ready: true, shard: shardLabel(shard), replica: worker.replica, subjects: worker.subjects, ...(worker.address ? { address: worker.address } : {}) })}\n`);
  });
}
