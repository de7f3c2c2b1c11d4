/**
 * A sharded gallery answers exactly what one process answers: the same candidates (ids, order,
 * every score), not only the same hits. Two shard galleries and one whole gallery are loaded
 * from one Redis store (1,200 synthetic subjects, so the first-stage stop bits are in force and
 * must be shared through the store), searched in this process (the NATS path is covered by
 * shards.test.ts), and the shard answers merged as the coordinator merges them. Non-mated probes
 * (persons never enrolled) give candidate lists that are all below the hit threshold: the part
 * where each shard re-ranking its own shortlist used to differ from one process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Gallery, GallerySearcher, loadGalleryFromStore, mergeShardAnswers, shardsShortOf, shortlistKeep, readStopBits, syncGalleryWithStore, SUBJECT_FLAGS, type GalleryFinger, type SearchOptions, type ShardAnswer, type SubjectRecord,
} from '../../src/index/index.js';
import type { ScoreCalibration } from '../../src/matching/index.js';
import { openRedisStore, type AfisStore } from '../../src/store/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { loadGallery } from '../../src/runtime.js';
import { syntheticCalibration, tenPrint } from '../index/helpers.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../store/redis-test-helpers.js';

const SEED = 20261203;
const N = 1200;
const prefix = uniquePrefix('exact-merge');
const admin = new Redis(REDIS_URL);
let store: AfisStore;
let single: GallerySearcher;
let shards: GallerySearcher[];
let calibration: ScoreCalibration;

function record(s: number): SubjectRecord {
  return {
    id: `p-${s}`,
    referenceNumber: `NL9${String(s).padStart(7, '0')}`,
    memberState: ['BE', 'NL', 'FR'][s % 3],
    category: 1 + (s % 2),
    capturedAt: 1_700_000_000_000 + s,
    fingers: tenPrint(SEED, s, 0).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
    ...(s % 29 === 3 ? { blockedAt: 1_700_000_000_500 } : {}),
  };
}

/** The coordinator's side, in process: each shard keeps the whole gallery's shortlist length and returns its whole re-ranked shortlist. */
async function shardedSearch(probe: GalleryFinger[], options: SearchOptions): Promise<ReturnType<typeof mergeShardAnswers>> {
  const indexed = options.mode !== 'brute-force' && !options.subjects;
  const total = shards.reduce((a, s) => a + (s as unknown as { gallery: Gallery }).gallery.size, 0);
  const answers: ShardAnswer[] = [];
  for (const shard of shards) {
    const r = await shard.search(probe, { ...options, ...(indexed ? { shortlistSize: options.shortlistSize ?? shortlistKeep(total) } : {}), maxCandidates: Number.MAX_SAFE_INTEGER });
    answers.push({ subjects: r.gallerySize, eligible: r.eligible, shortlisted: r.shortlisted, candidates: r.candidates, ...(r.keep !== undefined ? { keep: r.keep } : {}) });
  }
  return mergeShardAnswers(answers, { calibration, ...(options.maxCandidates !== undefined ? { maxCandidates: options.maxCandidates } : {}), ...(options.shortlistSize !== undefined ? { shortlistSize: options.shortlistSize } : {}) });
}

beforeAll(async () => {
  store = openRedisStore({ url: REDIS_URL, prefix });
  await store.ready();
  for (let s = 0; s < N; s += 200) await store.subjects.putMany(Array.from({ length: 200 }, (_, i) => record(s + i)));
  calibration = syntheticCalibration(SEED, 12);
  // the shards load first: with 600 subjects each, only the store's count says the whole
  // gallery is large enough for stop bits; the first to finish stores its masks, the other
  // shard and the single process take them
  const parts = [new Gallery(), new Gallery()];
  await Promise.all(parts.map((g, index) => loadGalleryFromStore(store.subjects, g, { shard: { index, count: 2 } })));
  const whole = new Gallery();
  await loadGalleryFromStore(store.subjects, whole);
  expect(parts[0].size + parts[1].size).toBe(N);
  expect(whole.size).toBe(N);
  for (const g of [...parts, whole]) {
    expect(g.hasStopBits).toBe(true);
    expect(Array.from(g.stopMasks)).toEqual(Array.from(parts[0].stopMasks));
  }
  single = new GallerySearcher(whole, { calibration });
  shards = parts.map((g) => new GallerySearcher(g, { calibration }));
}, 600_000);

afterAll(async () => {
  await store?.close();
  await deletePrefix(admin, prefix);
  await admin.quit();
});

describe('a sharded gallery against one process', () => {
  // persons never enrolled (subjects N + k of the same generator), ten fingers and two (a partial probe ties more often)
  const probes: [string, GalleryFinger[]][] = [
    ...[0, 1, 2, 3, 4, 5].map((k): [string, GalleryFinger[]] => [`non-mated ${k}`, tenPrint(SEED, N + 100 + k, 1)]),
    ...[0, 1].map((k): [string, GalleryFinger[]] => [`non-mated ${k}, fingers 2 and 7`, tenPrint(SEED, N + 200 + k, 1, [2, 7])]),
    ['mated p-17', tenPrint(SEED, 17, 1)],
  ];

  it('gives the same candidates, in the same order, with the same scores (every one of the shortlist)', async () => {
    let differedBefore = 0;
    for (const [what, probe] of probes) {
      const a = await single.search(probe, { maxCandidates: 1000 });
      const b = await shardedSearch(probe, { maxCandidates: 1000 });
      expect(a.shortlisted, what).toBe(shortlistKeep(N));
      expect(b.candidates.length, what).toBe(a.candidates.length);
      expect(b.candidates, what).toEqual(a.candidates);
      expect(b.shortlisted, what).toBe(a.shortlisted);
      expect(b.eligible, what).toBe(a.eligible);
      if (what.startsWith('non-mated')) expect(a.candidates.filter((c) => c.hit), what).toEqual([]);
      // the former merge (each shard's own shortlist re-ranked, all of them fused) gives another list
      const old = await Promise.all(shards.map((s) => s.search(probe, { maxCandidates: Number.MAX_SAFE_INTEGER })));
      const before = mergeShardAnswers(old.map((r) => ({ subjects: r.gallerySize, eligible: r.eligible, shortlisted: r.shortlisted, candidates: r.candidates })), { calibration, maxCandidates: 1000 });
      if (JSON.stringify(before.candidates) !== JSON.stringify(a.candidates)) differedBefore++;
    }
    expect(differedBefore).toBeGreaterThan(0);
    // the mate comes first in both
    expect((await shardedSearch(probes[probes.length - 1][1], {})).candidates[0].id).toBe('p-17');
  }, 600_000);

  it('filters (Eurodac comparison rules) select alike: category, member state, blocked subjects', async () => {
    const filters: SearchOptions['filter'][] = [
      { categories: [1], excludeFlags: SUBJECT_FLAGS.blocked },
      { memberStates: ['FR', 'BE'] },
    ];
    for (const filter of filters) {
      for (const [what, probe] of probes.slice(0, 3)) {
        const a = await single.search(probe, { filter, maxCandidates: 1000 });
        const b = await shardedSearch(probe, { filter, maxCandidates: 1000 });
        expect(b.candidates, `${what} ${JSON.stringify(filter)}`).toEqual(a.candidates);
        expect(b.eligible).toBe(a.eligible);
      }
    }
  }, 600_000);

  it('a shortlist shorter than the parameters\' and a brute-force search agree too', async () => {
    const [, probe] = probes[0];
    const a = await single.search(probe, { shortlistSize: 7, maxCandidates: 1000 });
    const b = await shardedSearch(probe, { shortlistSize: 7, maxCandidates: 1000 });
    expect(a.candidates).toHaveLength(7);
    expect(b.candidates).toEqual(a.candidates);
    const c = await single.search(probe, { mode: 'brute-force', maxCandidates: 50 });
    const d = await shardedSearch(probe, { mode: 'brute-force', maxCandidates: 50 });
    expect(d.candidates).toEqual(c.candidates);
  }, 600_000);

  it('a snapshot with other stop bits than the deployment\'s is loaded from the store again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-stop-bits-'));
    try {
      // one process that chose its own stop bits from the whole gallery (not shard 0's, stored first)
      const own = new Gallery();
      await loadGalleryFromStore(new Proxy(store.subjects, { get: (t, k) => (k === 'readSetting' || k === 'swapSetting' ? undefined : Reflect.get(t, k)) }), own);
      const stored = (await readStopBits(store.subjects, own.params))!.masks;
      expect(Array.from(own.stopMasks)).not.toEqual(Array.from(stored));
      await expect(syncGalleryWithStore(store.subjects, own)).rejects.toMatchObject({ code: 'AFIS_STORE_CORRUPT', details: { reason: 'stop-bits' } });
      const file = join(dir, 'gallery.snapshot');
      own.saveSnapshot(file);
      const loaded = await loadGallery(store, file);
      expect(loaded.fromSnapshot).toBe(false);
      expect(Array.from(loaded.gallery.stopMasks)).toEqual(Array.from(stored));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('refuses to merge a shard answer whose shortlist is shorter than the gallery\'s', () => {
    const answers: ShardAnswer[] = [
      { subjects: 600, eligible: 600, shortlisted: 50, keep: 50, candidates: [] },
      { subjects: 600, eligible: 600, shortlisted: 100, keep: 100, candidates: [] },
    ];
    expect(() => mergeShardAnswers(answers)).toThrow(/kept fewer subjects/);
    // the coordinator asks shard 0 again with the gallery's shortlist length (max(100, 0.0003 · 1,200))
    expect(shardsShortOf(answers)).toEqual({ shards: [0], keep: 100 });
    // a shard that had no more eligible subjects than it kept is complete
    expect(shardsShortOf([{ ...answers[0], eligible: 50 }, answers[1]]).shards).toEqual([]);
  });
});
