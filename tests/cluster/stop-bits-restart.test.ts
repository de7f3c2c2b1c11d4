/**
 * A shard replica (re)started while a sharded gallery switches stop-bit generations, on the real
 * Redis and NATS: two shards with one replica each (in this process, started the way
 * `afis worker` starts: heartbeats heard, then loadShardGallery, then its running check; the
 * thresholds lowered to 60 subjects and ×2). Shard 0 has built generation 2, shard 1 not yet;
 * the only replica of shard 0 is then restarted, first after a SIGTERM (it saved both
 * generations' snapshots: back with both at once), then without snapshots (generation 1 read
 * from the store with the masks the store keeps of it, 2 built beside it). Every search before,
 * during and after the switch must succeed and find its mate. Before this, the restarted
 * replica loaded generation 2 only and every search failed with AFIS_SHARD_UNAVAILABLE at the
 * deadline until shard 1 had built 2.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureChangeStream, NatsShardedSearcher, ReplicaTracker, serveShardOverNats, shardNamespace, shardSubjects, stopBitsToJoin, SubjectChangePublisher, type ShardSubjects, type ShardWorker,
} from '../../src/cluster/index.js';
import {
  createPriorityQueue, Gallery, GallerySearcher, offerStopBits, readStopBits, RenewingGallery, stopMasksGenerationSetting, type SubjectRecord, type SubjectStore,
} from '../../src/index/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../../src/config/parameters.js';
import type { ScoreCalibration } from '../../src/matching/index.js';
import { previousSnapshotFile } from '../../src/runtime.js';
import { loadShardGallery, saveShardSnapshots } from '../../src/shard-worker.js';
import { openRedisStore, type AfisStore } from '../../src/store/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { syntheticCalibration, tenPrint } from '../index/helpers.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../store/redis-test-helpers.js';
import { waitUntil } from '../helpers/eventually.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SEED = 6061;
const P: SearchParameters = { ...SEARCH_PARAMETERS, stopBitsMinSubjects: 60, stopBitsRenewalFactor: 2 };
const prefix = uniquePrefix('stop-bits-restart');
const dataDir = mkdtempSync(join(tmpdir(), 'afis-stop-bits-restart-'));
const admin = new Redis(REDIS_URL);
let store: AfisStore;
let nc: NatsConnection;
let subjects: ShardSubjects;
let tracker: ReplicaTracker;
let sharded: NatsShardedSearcher;
let changes: SubjectChangePublisher;
let calibration: ScoreCalibration;
const checks: Promise<unknown>[] = [];

interface Replica {
  readonly galleries: RenewingGallery;
  readonly worker: ShardWorker;
  readonly load: Awaited<ReturnType<typeof loadShardGallery>>;
  readonly file: string;
}
const replicas: (Replica | undefined)[] = [];

function record(s: number): SubjectRecord {
  return {
    id: `q-${String(s).padStart(4, '0')}`,
    referenceNumber: `NL5${String(s).padStart(6, '0')}`,
    memberState: 'NL',
    category: 1,
    capturedAt: 1_700_000_000_000 + s,
    fingers: tenPrint(SEED, s, 0).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
  };
}

/** The store, its scans slowed (each batch waits `ms`), so searches certainly happen while a generation is built. */
function slow(subjectStore: SubjectStore, ms: number): SubjectStore {
  return new Proxy(subjectStore, {
    get: (t, k) => (k !== 'scan' ? Reflect.get(t, k) : (o: Parameters<typeof t.scan>[0]) => (async function* () {
      for await (const b of t.scan(o)) {
        await new Promise((r) => setTimeout(r, ms));
        yield b;
      }
    })()),
  });
}

/** One replica of shard `index`, started as startShardWorker starts one (heartbeats heard first, its running check at once). */
async function startReplica(index: number, name: string, buildDelayMs: number): Promise<Replica> {
  const shard = { index, count: 2 };
  const peers = new ReplicaTracker(nc, subjects, 2);
  const changesAfter = await ensureChangeStream(await nc.jetstreamManager(), subjects);
  const file = join(dataDir, `shard-${index}.snapshot`);
  const load = await loadShardGallery(store, file, shard, peers, { params: P }).finally(() => peers.close());
  const galleries = new RenewingGallery(load.newer ? [load.gallery, load.newer.gallery] : load.gallery, { store: slow(store.subjects, buildDelayMs), shard, retainPrevious: true, batchSize: 10 });
  const searchers = new WeakMap<Gallery, GallerySearcher>();
  const worker = await serveShardOverNats({
    nc, subjects, shard, replica: name, galleries, store: store.subjects, changesAfter,
    searcherOf: (x) => searchers.get(x) ?? searchers.set(x, new GallerySearcher(x, { calibration })).get(x)!,
    queue: createPriorityQueue(2),
    retainPreviousMs: 300,
    onStopBits: () => {
      checks.push(galleries.check());
    },
  });
  checks.push(galleries.check());
  const r = { galleries, worker, load, file };
  replicas[index] = r;
  return r;
}

/** Stops a replica as `afis worker` stops on SIGTERM (its snapshots saved), or as after a kill -9 on a new machine (none). */
async function stopReplica(index: number, how: 'graceful' | 'no-snapshot'): Promise<void> {
  const r = replicas[index]!;
  replicas[index] = undefined;
  await r.worker.close();
  if (how === 'graceful') saveShardSnapshots(r.galleries, r.file);
  else for (const f of [r.file, previousSnapshotFile(r.file)]) rmSync(f, { force: true });
}

const eventually = (check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> => waitUntil(check, ms);

async function mateOf(s: number): Promise<{ id: string | undefined; subjects: number }> {
  const r = await sharded.search(tenPrint(SEED, s, 1), { maxCandidates: 3 });
  return { id: r.candidates[0]?.id, subjects: r.subjects };
}

/** Searches every 20 ms while `busy` holds (15 s at most); each must succeed and find its mate. */
async function searchWhile(busy: () => boolean, probes: readonly number[]): Promise<number> {
  const burst: Promise<{ id: string | undefined }>[] = [];
  const end = Date.now() + 15_000;
  for (let i = 0; busy() && Date.now() < end; i++) {
    burst.push(mateOf(probes[i % probes.length]));
    await new Promise((r) => setTimeout(r, 20));
  }
  const results = await Promise.allSettled(burst);
  const found = results.map((r) => (r.status === 'fulfilled' ? r.value.id : `failed: ${(r.reason as Error).message}`));
  expect(found).toEqual(results.map((_, i) => record(probes[i % probes.length]).id));
  return results.length;
}

beforeAll(async () => {
  calibration = syntheticCalibration(SEED, 12);
  store = openRedisStore({ url: REDIS_URL, prefix });
  await store.ready();
  for (let s = 0; s < 70; s += 35) await store.subjects.putMany(Array.from({ length: 35 }, (_, i) => record(s + i)));
  nc = await connect({ servers: NATS_URL });
  subjects = shardSubjects(shardNamespace(prefix));
  for (let index = 0; index < 2; index++) {
    const r = await startReplica(index, `r${index}`, 60);
    expect(r.load.join).toEqual({ load: 'newest' });
    expect(r.galleries.generations()).toEqual([1]);
  }
  tracker = new ReplicaTracker(nc, subjects, 2);
  // the product's deadline (30 s): both shards' replicas, the coordinator and the searches share
  // this one thread (no search pool), where a shard search takes 0.3–1.9 s at load 8 on 2 cores,
  // so six searches at once (twelve shard searches) can take ~10 s without anything wrong; a
  // search the shards cannot answer (a restarted replica without the generation the other shard
  // searches) still fails at this deadline, however long, as nothing else tells shard 1 to switch
  sharded = new NatsShardedSearcher(nc, subjects, 2, tracker, { calibration, deadlineMs: 30_000 });
  changes = new SubjectChangePublisher(nc, subjects, 2);
  await eventually(() => tracker.live(0).length === 1 && tracker.live(1).length === 1 && tracker.searchGeneration() === 1);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(checks);
  for (const r of replicas) await r?.worker.close();
  sharded?.close();
  tracker?.close();
  try {
    await nc?.jetstreamManager().then((jsm) => jsm.streams.delete(subjects.changeStream));
  } catch {
    // already gone
  }
  await nc?.close();
  await store?.close();
  await deletePrefix(admin, prefix);
  await admin.quit();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a shard replica restarted during a stop-bit switch', () => {
  it('loads the generation the other shard still searches and the new one (from its snapshots, else built after), and no search fails or loses its mate', async () => {
    expect(await mateOf(12)).toEqual({ id: 'q-0012', subjects: 70 });
    for (let s = 70; s < 140; s++) {
      await store.subjects.put(record(s));
      await changes.publish({ op: 'put', id: record(s).id });
    }
    await eventually(async () => (await mateOf(133)).subjects === 140);

    // shard 0 computes generation 2; shard 1 is not told yet (it builds at its next check)
    const r0 = await replicas[0]!.galleries.check();
    expect(r0).toMatchObject({ outcome: 'renewed', generation: { generation: 2, subjects: 140 } });
    expect(replicas[0]!.galleries.generations()).toEqual([1, 2]);
    expect(replicas[1]!.galleries.generations()).toEqual([1]);
    await eventually(() => tracker.searchGeneration() === 1 && !tracker.allHold(2));

    // the only replica of shard 0 restarts: stopped with SIGTERM, it saved both generations'
    // snapshots, and is back with both at once
    const shard0Size = replicas[0]!.galleries.current.size;
    await stopReplica(0, 'graceful');
    expect(existsSync(previousSnapshotFile(join(dataDir, 'shard-0.snapshot')))).toBe(true);
    const quick = await startReplica(0, 'r0-quick', 150);
    await eventually(() => tracker.live(0).includes('r0-quick'));
    const quickProbes = [6, 45, 78, 101, 130, 139];
    const quickFound = await Promise.allSettled(quickProbes.map(mateOf));
    expect(quickFound.map((r) => (r.status === 'fulfilled' ? r.value.id : `failed: ${(r.reason as Error).message}`))).toEqual(quickProbes.map((x) => record(x).id));
    expect(quick.load.join).toMatchObject({ load: 'older', generation: 1, newest: 2 });
    expect(quick.load.fromSnapshot).toBe(true);
    expect(quick.load.newer?.fromSnapshot).toBe(true);
    expect(quick.galleries.generations()).toEqual([1, 2]);

    // restarted again without snapshots (a kill -9 on a new machine): generation 1 from the store
    await stopReplica(0, 'no-snapshot');
    const restarted = await startReplica(0, 'r0-again', 150);

    // while it builds generation 2 beside 1: searches (on generation 1 everywhere) and an enrolment
    await eventually(() => tracker.live(0).includes('r0-again'));
    const late = record(140);
    await store.subjects.put(late);
    await changes.publish({ op: 'put', id: late.id });
    const during = await searchWhile(() => restarted.galleries.generations().length < 2, [5, 44, 77, 120, 139]);
    expect(during).toBeGreaterThan(3);
    // it had loaded generation 1 from the store, with shard 1's masks, and built 2 after
    expect(restarted.load.join).toMatchObject({ load: 'older', generation: 1, newest: 2 });
    expect(restarted.load.fromSnapshot).toBe(false);
    expect(restarted.load.newer).toBeUndefined();
    expect(restarted.load.gallery.stopBitsGeneration.generation).toBe(1);
    expect(Array.from(restarted.load.gallery.stopMasks)).toEqual(Array.from(replicas[1]!.galleries.current.stopMasks));
    expect(restarted.load.encoded + restarted.load.unchanged).toBe(shard0Size);
    await eventually(() => restarted.galleries.generations().join() === '1,2');
    expect(tracker.searchGeneration()).toBe(1);
    expect(await mateOf(140)).toEqual({ id: 'q-0140', subjects: 141 });

    // shard 1 is told and builds generation 2; searches keep finding their mates meanwhile
    await changes.announceStopBits(2);
    const switching = await searchWhile(() => !replicas[1]!.galleries.generations().includes(2), [3, 71, 99, 138, 140]);
    expect(switching).toBeGreaterThan(3);
    expect(Array.from(replicas[1]!.galleries.current.stopMasks)).toEqual(Array.from(restarted.galleries.current.stopMasks));

    // every shard holds 2: searches move to it together; generation 1 is released after
    await eventually(() => tracker.searchGeneration() === 2);
    expect(await mateOf(140)).toEqual({ id: 'q-0140', subjects: 141 });
    await eventually(() => replicas.every((r) => r!.galleries.generations().join() === '2'));
    for (const s of [0, 64, 139]) expect((await mateOf(s)).id).toBe(record(s).id);
  }, 300_000);

  it('joins what the slowest live replica searches: the older generation from its kept copy, the newest once all hold it', async () => {
    const own = uniquePrefix('stop-bits-join');
    const s = openRedisStore({ url: REDIS_URL, prefix: own });
    await s.ready();
    const names = shardSubjects(shardNamespace(own));
    const beat = (k: number, replica: string, stopBits?: number[]): void => nc.publish(names.heartbeat({ index: k, count: 2 }), new TextEncoder().encode(JSON.stringify({ replica, subjects: 1, ...(stopBits ? { stopBits } : {}) })));
    const join = async (): Promise<unknown> => {
      const t = new ReplicaTracker(nc, names, 2);
      try {
        return await stopBitsToJoin(s.subjects, P, t, { listenMs: 0 });
      } finally {
        t.close();
      }
    };
    const heard = async (beats: () => void): Promise<unknown> => {
      const t = new ReplicaTracker(nc, names, 2);
      try {
        beats();
        await eventually(() => t.live(0).length > 0 && t.live(1).length > 0, 5000);
        return await stopBitsToJoin(s.subjects, P, t, { listenMs: 0 });
      } finally {
        t.close();
      }
    };
    try {
      // no replica running, no masks: the newest (a load computes the first masks when due)
      expect(await join()).toEqual({ load: 'newest' });
      // replicas running without masks and none stored: none either (their running check computes them)
      expect(await heard(() => {
        beat(0, 'a', [0]);
        beat(1, 'b', [0]);
      })).toEqual({ load: 'older', generation: 0, stopBits: undefined, newest: 0 });
      const masks = (k: number): Uint32Array => Uint32Array.from({ length: 10 * P.codeWords }, (_, i) => (i * 2654435761 + k) >>> 0);
      const g1 = await offerStopBits(s.subjects, P, undefined, { generation: 1, subjects: 60 }, masks(1));
      // generation 1 stored, the replicas still without masks: the 0 → 1 switch is under way
      expect(await heard(() => {
        beat(0, 'a', [0, 1]);
        beat(1, 'b', [0]);
      })).toEqual({ load: 'older', generation: 0, stopBits: undefined, newest: 1, newestStopBits: g1 });
      await offerStopBits(s.subjects, P, g1, { generation: 2, subjects: 120 }, masks(2));
      expect((await readStopBits(s.subjects, P))!.generation).toBe(2);
      const older = await heard(() => {
        beat(0, 'a', [1, 2]);
        beat(1, 'b', [1]);
      }) as { load: string; generation: number; stopBits: { masks: Uint32Array } };
      expect(older).toMatchObject({ load: 'older', generation: 1, newest: 2, newestStopBits: { generation: 2 } });
      expect(Array.from(older.stopBits.masks)).toEqual(Array.from(masks(1)));
      expect(await heard(() => {
        beat(0, 'a', [1, 2]);
        beat(1, 'b', [1, 2]);
      })).toEqual({ load: 'newest' });
      // a generation replaced before its masks were kept (an earlier release): the newest, said
      await admin.del(`${own}setting:${stopMasksGenerationSetting(P, 1)}`);
      expect(await heard(() => {
        beat(0, 'a', [1, 2]);
        beat(1, 'b', [1]);
      })).toEqual({ load: 'newest', missing: 1 });
    } finally {
      await s.close();
      await deletePrefix(admin, own);
    }
  }, 60_000);
});
