/**
 * A gallery loaded from a snapshot written before afis-gallery-4: its subjects keep their
 * digests (the start-up sync re-encodes only what changed), are marked coarse, and
 * upgradeCoarseSubjects encodes them again from the store in the background.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeRecords, Gallery, GalleryReader, readCompactFinger, syncGalleryWithStore, upgradeCoarseSubjects, type SubjectRecord,
} from '../../src/index/index.js';
import {
  fingerEntry, fingerInfoCount, fingerInfoQuality, fingerInfoReportsQuality, NO_FINGER, POOL_CHUNK_BITS, POOL_CHUNK_WORDS, SUBJECTS_PER_CHUNK,
} from '../../src/index/gallery-layout.js';
import { openEmbeddedStore, type AfisStore } from '../../src/store/index.js';
import { encodeTemplate, type Template } from '../../src/templates/index.js';
import { tenPrint } from './helpers.js';
import { asGalleryFormat3 } from '../helpers/snapshot-format.js';

function record(n: number, impression = 0): SubjectRecord {
  return {
    id: `u${n}`, referenceNumber: `BE1UP${String(n).padStart(6, '0')}`, memberState: 'BE', category: 1, capturedAt: 1_700_000_000_000,
    fingers: tenPrint(41, n, impression).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
  };
}

/** Every finger of `id` as the gallery stores it. */
function stored(g: Gallery, id: string): Template[] {
  const reader = new GalleryReader(g.snapshot().memory);
  const slot = g.slotsOf([id]).slots[0];
  const v = reader.subjects[slot >>> 14];
  const out: Template[] = [];
  for (let fi = 0; fi < 10; fi++) {
    const e = fingerEntry(slot & (SUBJECTS_PER_CHUNK - 1), fi);
    const at = v.addr[e];
    if (at === NO_FINGER) continue;
    const info = v.info[e];
    out.push(readCompactFinger(reader.pool[at >>> POOL_CHUNK_BITS], at & (POOL_CHUNK_WORDS - 1), fingerInfoCount(info), fingerInfoQuality(info), fingerInfoReportsQuality(info)));
  }
  return out;
}

describe('upgrading a gallery from an earlier snapshot format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'afis-upgrade-'));
  let store: AfisStore;
  let fresh: Gallery;
  let old: string;
  const N = 12;
  beforeAll(async () => {
    store = openEmbeddedStore({ dir: join(dir, 'store') });
    await store.ready();
    await store.subjects.putMany(Array.from({ length: N }, (_, n) => record(n)));
    fresh = new Gallery();
    await syncGalleryWithStore(store.subjects, fresh);
    fresh.saveSnapshot(join(dir, 'g4.snapshot'));
    old = asGalleryFormat3(join(dir, 'g4.snapshot'), join(dir, 'g3.snapshot'));
  }, 60_000);
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the digests, so the start-up sync re-encodes only what changed, and marks every subject coarse', async () => {
    const g = Gallery.loadSnapshot(old);
    expect(g.coarseSubjects).toBe(N);
    expect(g.isCoarse('u0')).toBe(true);
    // one subject changed in the store since the snapshot
    await store.subjects.put(record(3, 1));
    try {
      expect(await syncGalleryWithStore(store.subjects, g)).toEqual({ encoded: 1, unchanged: N - 1, removed: 0 });
      expect(g.isCoarse('u3')).toBe(false);
      expect(g.coarseSubjects).toBe(N - 1);
    } finally {
      await store.subjects.put(record(3));
    }
  });

  it('encodes every coarse subject again, a batch at a time, and ends equal to a fresh load', async () => {
    const g = Gallery.loadSnapshot(old);
    await syncGalleryWithStore(store.subjects, g);
    expect(stored(g, 'u5')).not.toEqual(stored(fresh, 'u5'));
    const progress: number[] = [];
    const r = await upgradeCoarseSubjects({ current: g, mutate: (c) => c(g) }, store.subjects, { batchSize: 5, onProgress: (done) => progress.push(done) });
    expect(r).toMatchObject({ upgraded: N, left: 0, failed: 0 });
    expect(progress).toEqual([5, 10, 12]);
    expect(g.coarseSubjects).toBe(0);
    for (let n = 0; n < N; n++) {
      expect(stored(g, `u${n}`)).toEqual(stored(fresh, `u${n}`));
      expect(g.digestOf(`u${n}`)).toBe(fresh.digestOf(`u${n}`));
    }
    // what the upgrade leaves is a current snapshot: no marks, nothing to re-encode next time
    g.saveSnapshot(join(dir, 'after.snapshot'));
    const h = Gallery.loadSnapshot(join(dir, 'after.snapshot'));
    expect(h.coarseSubjects).toBe(0);
    expect(await syncGalleryWithStore(store.subjects, h)).toEqual({ encoded: 0, unchanged: N, removed: 0 });
  });

  it('leaves a subject enrolled meanwhile as enrolled, and one removed meanwhile removed', async () => {
    const g = Gallery.loadSnapshot(old);
    const newer = tenPrint(41, 7, 2);
    let step = 0;
    // the enrolment and the removal land while the first batch is being encoded
    const encode = async (records: SubjectRecord[]) => {
      if (step++ === 0) {
        g.put('u7', newer, { category: 1, memberState: 'BE' });
        g.remove('u8');
      }
      return encodeRecords(records);
    };
    const r = await upgradeCoarseSubjects({ current: g, mutate: (c) => c(g) }, store.subjects, { batchSize: N, encode });
    expect(r.left).toBe(0);
    const own = new Gallery();
    own.put('u7', newer, { category: 1, memberState: 'BE' });
    expect(stored(g, 'u7')).toEqual(stored(own, 'u7'));
    expect(g.has('u8')).toBe(false);
    expect(stored(g, 'u6')).toEqual(stored(fresh, 'u6'));
  });

  it('stops when told, keeps the rest marked through compaction and a snapshot, and goes on from there', async () => {
    const g = Gallery.loadSnapshot(old);
    let batches = 0;
    const first = await upgradeCoarseSubjects({ current: g, mutate: (c) => c(g) }, store.subjects, { batchSize: 4, stopped: () => batches >= 1, onProgress: () => batches++ });
    expect(first).toMatchObject({ upgraded: 4, left: N - 4 });
    // the store scans in id order (u0, u1, u10, u11, u2, …): the first batch took u0, u1, u10, u11
    expect(['u0', 'u1', 'u10', 'u11'].some((id) => g.isCoarse(id))).toBe(false);
    g.remove('u9');
    g.compact();
    expect(g.coarseSubjects).toBe(N - 5);
    g.saveSnapshot(join(dir, 'partial.snapshot'));
    const h = Gallery.loadSnapshot(join(dir, 'partial.snapshot'));
    expect(h.coarseSubjects).toBe(N - 5);
    expect(h.isCoarse('u0')).toBe(false);
    expect(h.isCoarse('u8')).toBe(true);
    const rest = await upgradeCoarseSubjects({ current: h, mutate: (c) => c(h) }, store.subjects, { batchSize: 4 });
    expect(rest).toMatchObject({ upgraded: N - 5, left: 0 });
    expect(stored(h, 'u8')).toEqual(stored(fresh, 'u8'));
  });

  it('leaves a subject whose stored template does not decode as converted, and upgrades the others', async () => {
    const g = Gallery.loadSnapshot(old);
    const good = record(2);
    const bad: SubjectRecord = { ...good, fingers: good.fingers.map((f, k) => (k === 0 ? { ...f, template: new Uint8Array([1, 2, 3]) } : f)) };
    await store.subjects.put(bad);
    try {
      const r = await upgradeCoarseSubjects({ current: g, mutate: (c) => c(g) }, store.subjects, { batchSize: 5 });
      expect(r).toMatchObject({ upgraded: N - 1, failed: 1, left: 1 });
      expect(g.isCoarse('u2')).toBe(true);
      expect(stored(g, 'u3')).toEqual(stored(fresh, 'u3'));
    } finally {
      await store.subjects.put(record(2));
    }
  });
});
