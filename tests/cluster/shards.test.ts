/**
 * A sharded gallery on NATS, as deployed: Redis holds the records, four `afis worker`
 * processes hold two shards with two replicas each, and this process coordinates (the
 * searcher of `afis serve --shards 2`). Covers: the same candidates as one process; an
 * enrolment reaching its shard through the change feed; kill -9 of one replica during a burst
 * of searches (none fails); both replicas of a shard killed (fast AFIS_SHARD_UNAVAILABLE,
 * /ready 503 naming the shard); a replica started again catching up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsShardedSearcher, ReplicaTracker, shardNamespace, shardSubjects, SubjectChangePublisher } from '../../src/cluster/index.js';
import { Gallery, GallerySearcher, loadGalleryFromStore, subjectShard, type SubjectRecord } from '../../src/index/index.js';
import type { ScoreCalibration } from '../../src/matching/index.js';
import { openEmbeddedStore, openRedisStore, type AfisStore } from '../../src/store/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { syntheticCalibration, tenPrint } from '../index/helpers.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../store/redis-test-helpers.js';
import { waitUntil } from '../helpers/eventually.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const AFIS = fileURLToPath(new URL('../../bin/afis.js', import.meta.url));
const SEED = 13;
const N = 24;
const prefix = uniquePrefix('shards');
const dataDir = mkdtempSync(join(tmpdir(), 'afis-shards-'));
const admin = new Redis(REDIS_URL);
let store: AfisStore;
let nc: NatsConnection;
let tracker: ReplicaTracker;
let sharded: NatsShardedSearcher;
let changes: SubjectChangePublisher;
let single: Gallery;
let calibration: ScoreCalibration;
const replicas = new Map<string, ChildProcess>();

function record(s: number): SubjectRecord {
  return {
    id: `subject-${s}`,
    referenceNumber: `BE1${String(s).padStart(6, '0')}`,
    memberState: s % 2 ? 'BE' : 'NL',
    category: 1 + (s % 3),
    capturedAt: 1_700_000_000_000 + s,
    fingers: tenPrint(SEED, s, 0).map((f) => ({ position: f.position, impression: 'plain' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
    ...(s === 5 ? { blockedAt: 1_700_000_000_500 } : {}),
  };
}

/** Starts `afis worker --shard K/2` and waits for its ready line. */
function startReplica(name: string, index: number): Promise<{ subjects: number }> {
  const child = spawn(process.execPath, [AFIS, 'worker', '--shard', `${index}/2`, '--redis', REDIS_URL, '--nats', NATS_URL], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AFIS_REDIS_PREFIX: prefix, AFIS_DATA_DIR: dataDir, AFIS_SEARCH_THREADS: '2', LOG_LEVEL: 'warn', AFIS_REDIS_ALLOW_VOLATILE: '1' },
  });
  replicas.set(name, child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`replica ${name} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as { subjects: number }));
  });
}

function kill9(name: string): Promise<void> {
  const child = replicas.get(name)!;
  replicas.delete(name);
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Waits until `check` holds (polling), or fails after `ms`. */
const eventually = (check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> => waitUntil(check, ms);

beforeAll(async () => {
  store = openRedisStore({ url: REDIS_URL, prefix });
  await store.ready();
  await store.subjects.putMany(Array.from({ length: N }, (_, s) => record(s)));
  single = new Gallery();
  await loadGalleryFromStore(store.subjects, single);
  calibration = syntheticCalibration(SEED, 12);
  const ready = await Promise.all([startReplica('a0', 0), startReplica('b0', 0), startReplica('a1', 1), startReplica('b1', 1)]);
  const owned = (k: number) => Array.from({ length: N }, (_, s) => subjectShard(`subject-${s}`, 2)).filter((x) => x === k).length;
  expect(ready.map((r) => r.subjects)).toEqual([owned(0), owned(0), owned(1), owned(1)]);
  nc = await connect({ servers: NATS_URL });
  const subjects = shardSubjects(shardNamespace(prefix));
  tracker = new ReplicaTracker(nc, subjects, 2);
  sharded = new NatsShardedSearcher(nc, subjects, 2, tracker, { calibration });
  changes = new SubjectChangePublisher(nc, subjects, 2);
  await eventually(() => tracker.live(0).length === 2 && tracker.live(1).length === 2);
});

afterAll(async () => {
  await Promise.all([...replicas.keys()].map(kill9));
  sharded?.close();
  tracker?.close();
  try {
    await nc?.jetstreamManager().then((jsm) => jsm.streams.delete(shardSubjects(shardNamespace(prefix)).changeStream));
  } catch {
    // already gone
  }
  await nc?.close();
  await store?.close();
  await deletePrefix(admin, prefix);
  await admin.quit();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a gallery sharded over NATS', () => {
  it('two shards give the same candidates as one process', async () => {
    const one = new GallerySearcher(single, { calibration });
    for (const s of [2, 11]) {
      const probe = tenPrint(SEED, s, 1);
      const a = await one.search(probe, { mode: 'brute-force', maxCandidates: 8 });
      const b = await sharded.search(probe, { mode: 'brute-force', maxCandidates: 8 });
      expect(b.candidates).toEqual(a.candidates);
      expect(b.subjects).toBe(N);
      expect(b.candidates[0].id).toBe(`subject-${s}`);
      const ai = await one.search(probe, { maxCandidates: 3 });
      const bi = await sharded.search(probe, { maxCandidates: 3 });
      expect(bi.candidates).toEqual(ai.candidates);
      // a shortlist shorter than a shard (12 subjects each): the coordinator keeps the gallery's
      // first 5 by first-stage score out of the shards' first 5 each, as one process does
      const as = await one.search(probe, { shortlistSize: 5, maxCandidates: N });
      const bs = await sharded.search(probe, { shortlistSize: 5, maxCandidates: N });
      expect(as.candidates).toHaveLength(5);
      expect(bs.candidates).toEqual(as.candidates);
      expect(bs.shortlisted).toBe(5);
    }
    // the filter travels to the shards
    const blocked = await sharded.search(tenPrint(SEED, 5, 1), { filter: { excludeFlags: 1 }, mode: 'brute-force' });
    expect(blocked.candidates.map((c) => c.id)).not.toContain('subject-5');
  });

  it('a gallery loaded from the embedded store gives the same candidates as one loaded from Redis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-index-lmdb-'));
    try {
      const embeddedStore = openEmbeddedStore({ dir });
      await embeddedStore.ready();
      await embeddedStore.subjects.putMany(Array.from({ length: N }, (_, s) => record(s)));
      const embedded = new Gallery();
      await loadGalleryFromStore(embeddedStore.subjects, embedded);
      await embeddedStore.close();
      const probe = tenPrint(SEED, 7, 1);
      const a = await new GallerySearcher(single, { calibration }).search(probe, { mode: 'brute-force', maxCandidates: 5 });
      const b = await new GallerySearcher(embedded, { calibration }).search(probe, { mode: 'brute-force', maxCandidates: 5 });
      expect(b.candidates).toEqual(a.candidates);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an enrolment and an erasure reach the owning shard through the change feed, without a restart', async () => {
    await store.subjects.put(record(N));
    await changes.publish({ op: 'put', id: `subject-${N}` });
    const probe = tenPrint(SEED, N, 1);
    await eventually(async () => (await sharded.search(probe, { mode: 'brute-force', maxCandidates: 1 })).candidates[0]?.id === `subject-${N}`);
    expect((await sharded.search(probe, { mode: 'brute-force' })).subjects).toBe(N + 1);
    await store.subjects.remove(`subject-${N}`);
    await changes.publish({ op: 'remove', id: `subject-${N}` });
    await eventually(async () => (await sharded.search(probe, { mode: 'brute-force' })).subjects === N);
  });

  it('kill -9 of one replica during a burst of searches fails none of them', async () => {
    const probe = tenPrint(SEED, 3, 1);
    const burst = Array.from({ length: 16 }, (_, i) => new Promise((r) => setTimeout(r, i * 40)).then(() => sharded.search(probe, { maxCandidates: 3 })));
    await new Promise((r) => setTimeout(r, 120));
    await kill9('a0');
    const results = await Promise.allSettled(burst);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const r of results) if (r.status === 'fulfilled') expect(r.value.candidates[0].id).toBe('subject-3');
    await eventually(() => tracker.live(0).length === 1);
  });

  describe('both replicas of shard 1 killed', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ AFIS_REDIS_URL: REDIS_URL, AFIS_REDIS_PREFIX: prefix, AFIS_SHARDS: '2', AFIS_NATS_URL: NATS_URL });
      await eventually(async () => (await app.app.inject({ method: 'GET', url: '/ready' })).statusCode === 200);
      await Promise.all([kill9('a1'), kill9('b1')]);
    });
    afterAll(async () => app?.close());

    it('searches fail fast with AFIS_SHARD_UNAVAILABLE naming the shard, and /ready is 503 naming it', async () => {
      await eventually(() => sharded.missingShards().includes('1/2'));
      const t0 = Date.now();
      await expect(sharded.search(tenPrint(SEED, 2, 1))).rejects.toMatchObject({ code: 'AFIS_SHARD_UNAVAILABLE', details: { shard: '1/2' } });
      expect(Date.now() - t0).toBeLessThan(500);
      await eventually(async () => (await app.app.inject({ method: 'GET', url: '/ready' })).statusCode === 503);
      const ready = await app.app.inject({ method: 'GET', url: '/ready' });
      expect(ready.json()).toMatchObject({ ready: false, checks: { store: true, 'shard 0/2': true, 'shard 1/2': false } });
    });

    it('a replica started again catches up with what was enrolled meanwhile, and /ready is 200 again', async () => {
      // a subject of shard 1, enrolled while shard 1 has no replica: the feed keeps the change
      let s = N + 1;
      while (subjectShard(`subject-${s}`, 2) !== 1) s++;
      await store.subjects.put(record(s));
      await changes.publish({ op: 'put', id: `subject-${s}` });
      await startReplica('c1', 1);
      await eventually(() => tracker.live(1).length === 1);
      const found = await sharded.search(tenPrint(SEED, s, 1), { mode: 'brute-force', maxCandidates: 1 });
      expect(found.candidates[0].id).toBe(`subject-${s}`);
      await eventually(async () => (await app.app.inject({ method: 'GET', url: '/ready' })).statusCode === 200);
    });
  });
});
