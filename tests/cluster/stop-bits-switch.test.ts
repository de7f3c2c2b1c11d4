/**
 * A sharded gallery switching to a new generation of stop bits, on the real Redis and NATS: two
 * shard replicas (in this process, with the thresholds lowered to 60 subjects and ×2 so the
 * gallery can grow past them quickly) and the coordinator's searcher. The gallery doubles
 * through the change feed; one shard computes generation 2 and publishes it, the other is told
 * over the change feed. While one shard holds generation 2 and the other does not yet, searches
 * stay on generation 1 everywhere; once both hold it they move to 2 together; the previous one
 * is released after. A search never merges first-stage scores of two generations, and the
 * mate is found before, during and after.
 */
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureChangeStream, NatsShardedSearcher, ReplicaTracker, serveShardOverNats, shardNamespace, shardSubjects, SubjectChangePublisher, type ShardSubjects, type ShardWorker,
} from '../../src/cluster/index.js';
import {
  createPriorityQueue, Gallery, GallerySearcher, loadGalleryFromStore, mergeShardAnswers, readStopBits, RenewingGallery, type SubjectRecord,
} from '../../src/index/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../../src/config/parameters.js';
import type { ScoreCalibration } from '../../src/matching/index.js';
import { openRedisStore, type AfisStore } from '../../src/store/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { syntheticCalibration, tenPrint } from '../index/helpers.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../store/redis-test-helpers.js';
import { waitUntil } from '../helpers/eventually.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const SEED = 5150;
const P: SearchParameters = { ...SEARCH_PARAMETERS, stopBitsMinSubjects: 60, stopBitsRenewalFactor: 2 };
const prefix = uniquePrefix('stop-bits-switch');
const admin = new Redis(REDIS_URL);
let store: AfisStore;
let nc: NatsConnection;
let subjects: ShardSubjects;
let tracker: ReplicaTracker;
let sharded: NatsShardedSearcher;
let changes: SubjectChangePublisher;
let calibration: ScoreCalibration;
const shards: RenewingGallery[] = [];
const workers: ShardWorker[] = [];
const checks: Promise<unknown>[] = [];

function record(s: number): SubjectRecord {
  return {
    id: `m-${String(s).padStart(4, '0')}`,
    referenceNumber: `FR4${String(s).padStart(6, '0')}`,
    memberState: 'FR',
    category: 1,
    capturedAt: 1_700_000_000_000 + s,
    fingers: tenPrint(SEED, s, 0).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
  };
}

const eventually = (check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => waitUntil(check, ms);

async function mateOf(s: number): Promise<{ id: string | undefined; subjects: number }> {
  const r = await sharded.search(tenPrint(SEED, s, 1), { maxCandidates: 3 });
  return { id: r.candidates[0]?.id, subjects: r.subjects };
}

beforeAll(async () => {
  calibration = syntheticCalibration(SEED, 12);
  store = openRedisStore({ url: REDIS_URL, prefix });
  await store.ready();
  for (let s = 0; s < 70; s += 35) await store.subjects.putMany(Array.from({ length: 35 }, (_, i) => record(s + i)));
  nc = await connect({ servers: NATS_URL });
  subjects = shardSubjects(shardNamespace(prefix));
  const changesAfter = await ensureChangeStream(await nc.jetstreamManager(), subjects);
  for (let index = 0; index < 2; index++) {
    const g = new Gallery(P);
    await loadGalleryFromStore(store.subjects, g, { shard: { index, count: 2 } });
    expect(g.stopBitsGeneration.generation).toBe(1);
    // a build that takes a while (each batch of 10 records waits 60 ms), so searches and an
    // enrolment certainly happen during it
    const slow = new Proxy(store.subjects, {
      get: (t, k) => (k !== 'scan' ? Reflect.get(t, k) : (o: Parameters<typeof t.scan>[0]) => (async function* () {
        for await (const b of t.scan(o)) {
          await new Promise((r) => setTimeout(r, 60));
          yield b;
        }
      })()),
    });
    const galleries = new RenewingGallery(g, { store: slow, shard: { index, count: 2 }, retainPrevious: true, batchSize: 10 });
    shards.push(galleries);
    const searchers = new WeakMap<Gallery, GallerySearcher>();
    workers.push(await serveShardOverNats({
      nc, subjects, shard: { index, count: 2 }, replica: `r${index}`, galleries, store: store.subjects, changesAfter,
      searcherOf: (x) => searchers.get(x) ?? searchers.set(x, new GallerySearcher(x, { calibration })).get(x)!,
      queue: createPriorityQueue(2),
      retainPreviousMs: 300,
      // told over the change feed that another shard published a generation
      onStopBits: () => {
        checks.push(galleries.check());
      },
    }));
  }
  tracker = new ReplicaTracker(nc, subjects, 2);
  sharded = new NatsShardedSearcher(nc, subjects, 2, tracker, { calibration });
  changes = new SubjectChangePublisher(nc, subjects, 2);
  await eventually(() => tracker.live(0).length === 1 && tracker.live(1).length === 1 && tracker.searchGeneration() === 1);
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(checks);
  for (const w of workers) await w.close();
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
});

describe('a sharded gallery switching stop-bit generations', () => {
  it('grows past the renewal point, switches every shard together, and finds the mate before, during and after', async () => {
    expect(await mateOf(12)).toEqual({ id: 'm-0012', subjects: 70 });
    // the gallery doubles: enrolments reach their shards through the change feed
    for (let s = 70; s < 140; s++) {
      await store.subjects.put(record(s));
      await changes.publish({ op: 'put', id: record(s).id });
    }
    await eventually(async () => (await mateOf(133)).subjects === 140);
    expect((await mateOf(133)).id).toBe('m-0133');

    // shard 0 computes generation 2 (from the store's count: the whole gallery doubled)
    const r0 = await shards[0].check();
    expect(r0.outcome).toBe('renewed');
    expect(r0.generation).toEqual({ generation: 2, subjects: 140 });
    expect((await readStopBits(store.subjects, P))!.generation).toBe(2);
    expect(shards[0].generations()).toEqual([1, 2]);
    expect(shards[1].generations()).toEqual([1]);
    // until shard 1 holds it, searches stay on generation 1 everywhere (shard 0 kept it)
    await eventually(() => tracker.searchGeneration() === 1 && tracker.allHold(1) && !tracker.allHold(2));
    const during = await Promise.all([5, 77, 120].map(mateOf));
    expect(during.map((m) => m.id)).toEqual(['m-0005', 'm-0077', 'm-0120']);

    // shard 0 tells the others over the change feed; shard 1 builds generation 2 meanwhile
    // searches keep coming (none fails, each finds its mate) and an enrolment arrives
    await changes.announceStopBits(2);
    const burst: Promise<{ id: string | undefined }>[] = [];
    const probes = [3, 44, 71, 99, 138];
    const late = record(140);
    await store.subjects.put(late);
    await changes.publish({ op: 'put', id: late.id });
    for (let i = 0; i < 20 && shards[1].generations().length < 2; i++) {
      burst.push(mateOf(probes[i % probes.length]));
      await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(() => shards[1].generations().includes(2));
    expect(burst.length).toBeGreaterThan(3);
    const results = await Promise.all(burst);
    results.forEach((m, i) => expect(m.id).toBe(record(probes[i % probes.length]).id));
    expect(Array.from(shards[1].current.stopMasks)).toEqual(Array.from(shards[0].current.stopMasks));

    // both hold 2: searches move to it together, then the previous generation is released
    await eventually(() => tracker.searchGeneration() === 2);
    expect(await mateOf(140)).toEqual({ id: 'm-0140', subjects: 141 });
    await eventually(() => shards.every((s) => s.generations().length === 1 && s.generations()[0] === 2));
    for (const s of [0, 64, 140]) expect((await mateOf(s)).id).toBe(record(s).id);
  }, 300_000);

  it('a coordinator never merges first-stage scores of two generations', () => {
    const answer = (stopBitsGeneration: number) => ({ subjects: 10, eligible: 10, shortlisted: 1, keep: 100, candidates: [], stopBitsGeneration });
    expect(() => mergeShardAnswers([answer(1), answer(2)], { calibration })).toThrow(expect.objectContaining({ code: 'AFIS_INTERNAL' }));
    expect(mergeShardAnswers([answer(2), answer(2)], { calibration }).subjects).toBe(20);
  });

  it('searches the newest generation every live replica holds, else one some replica of each shard holds', async () => {
    // heartbeats of a made-up deployment on its own NATS names
    const own = shardSubjects(shardNamespace(`${prefix}hb`));
    const t = new ReplicaTracker(nc, own, 2);
    try {
      const beat = (k: number, replica: string, stopBits?: number[]): void => nc.publish(own.heartbeat({ index: k, count: 2 }), new TextEncoder().encode(JSON.stringify({ replica, subjects: 1, ...(stopBits ? { stopBits } : {}) })));
      beat(0, 'a', [1, 2]);
      beat(1, 'b', [1]);
      await eventually(() => t.live(1).length === 1 && t.live(0).length === 1);
      expect(t.searchGeneration()).toBe(1);
      beat(1, 'b', [1, 2]);
      await eventually(() => t.searchGeneration() === 2);
      // a replica started meanwhile holds 2 only, its sibling 1 only: 2 is held by some replica of each
      beat(0, 'c', [2]);
      beat(0, 'a', [1]);
      await eventually(() => t.live(0).length === 2);
      await new Promise((r) => setTimeout(r, 100));
      expect(t.searchGeneration()).toBe(2);
      expect(t.allHold(2)).toBe(false);
      // a replica of a release before generations says nothing: no generation is asked for
      beat(1, 'd');
      await eventually(() => t.live(1).length === 2);
      await new Promise((r) => setTimeout(r, 100));
      expect(t.searchGeneration()).toBeUndefined();
    } finally {
      t.close();
    }
  });
});
