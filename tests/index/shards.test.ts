import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore, openRedisStore } from '../../src/store/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import type { ScoreCalibration } from '../../src/matching/index.js';
import { Gallery, GallerySearcher, ShardedSearcher, loadGalleryFromStore, subjectShard, type SubjectRecord } from '../../src/index/index.js';
import { syntheticCalibration, tenPrint } from './helpers.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `afis-test-shards-${process.pid}-${Date.now()}:`;
const SEED = 13;
const N = 16;
const admin = new Redis(REDIS_URL);
const children: ChildProcess[] = [];
let urls: string[] = [];
let single: Gallery;
let calibration: ScoreCalibration;

async function deletePrefix(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
    if (keys.length) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

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

function startShard(index: number, count: number): Promise<{ port: number; subjects: number }> {
  const script = fileURLToPath(new URL('./fixtures/shard-process.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, REDIS_URL, PREFIX, String(index), String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`shard ${index} exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line)));
  });
}

beforeAll(async () => {
  await deletePrefix();
  const store = openRedisStore({ url: REDIS_URL, prefix: PREFIX });
  await store.ready();
  await store.subjects.putMany(Array.from({ length: N }, (_, s) => record(s)));
  single = new Gallery();
  await loadGalleryFromStore(store.subjects, single);
  await store.close();
  calibration = syntheticCalibration(SEED, 12);
  const shards = await Promise.all([startShard(0, 2), startShard(1, 2)]);
  urls = shards.map((s) => `http://127.0.0.1:${s.port}`);
  expect(shards[0].subjects + shards[1].subjects).toBe(N);
  expect(shards[0].subjects).toBe(Array.from({ length: N }, (_, s) => subjectShard(`subject-${s}`, 2)).filter((k) => k === 0).length);
});

afterAll(async () => {
  for (const c of children) c.kill('SIGTERM');
  await deletePrefix();
  await admin.quit();
});

describe('gallery shards over one Redis', () => {
  it('the gallery loaded from the store holds every subject with its metadata', () => {
    expect(single.size).toBe(N);
    expect(single.getMeta('subject-5')).toEqual({ category: 3, memberState: 'BE', flags: 1 });
    expect(single.stats().fingers).toBe(N * 10);
  });

  it('two shard processes give the same candidates as one process', async () => {
    const one = new GallerySearcher(single, { calibration });
    const sharded = new ShardedSearcher(urls, { calibration });
    for (const s of [2, 11]) {
      const probe = tenPrint(SEED, s, 1);
      const a = await one.search(probe, { mode: 'brute-force', maxCandidates: 8 });
      const b = await sharded.search(probe, { mode: 'brute-force', maxCandidates: 8 });
      expect(b.candidates).toEqual(a.candidates);
      expect(b.subjects).toBe(N);
      expect(b.candidates[0].id).toBe(`subject-${s}`);
      const ai = await one.search(probe, { maxCandidates: 3 });
      const bi = await sharded.search(probe, { maxCandidates: 3 });
      expect(bi.candidates[0]).toEqual(ai.candidates[0]);
    }
    // the filter travels to the shards
    const blocked = await sharded.search(tenPrint(SEED, 5, 1), { filter: { excludeFlags: 1 }, mode: 'brute-force' });
    expect(blocked.candidates.map((c) => c.id)).not.toContain('subject-5');
  });

  it('a gallery loaded from the embedded store gives the same candidates as one loaded from Redis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afis-index-lmdb-'));
    try {
      const store = openEmbeddedStore({ dir });
      await store.ready();
      await store.subjects.putMany(Array.from({ length: N }, (_, s) => record(s)));
      const embedded = new Gallery();
      await loadGalleryFromStore(store.subjects, embedded);
      await store.close();
      const probe = tenPrint(SEED, 7, 1);
      const a = await new GallerySearcher(single, { calibration }).search(probe, { mode: 'brute-force', maxCandidates: 5 });
      const b = await new GallerySearcher(embedded, { calibration }).search(probe, { mode: 'brute-force', maxCandidates: 5 });
      expect(b.candidates).toEqual(a.candidates);
      expect(a.candidates[0].id).toBe('subject-7');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a shard that does not answer fails the search with a typed error', async () => {
    const broken = new ShardedSearcher([...urls, 'http://127.0.0.1:9'], { calibration, timeoutMs: 2000 });
    await expect(broken.search(tenPrint(SEED, 2, 1))).rejects.toMatchObject({ code: 'AFIS_STORE_UNAVAILABLE' });
  });
});
