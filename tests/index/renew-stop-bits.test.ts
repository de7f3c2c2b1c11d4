/**
 * Stop bits that follow the gallery's growth (src/index/renew-stop-bits.ts), on the real Redis:
 * a running gallery gets its first masks once it crosses stopBitsMinSubjects; once it has grown
 * stopBitsRenewalFactor times, a new generation is computed, published by compare-and-set (two
 * processes checking at once: one computes, the other adopts the same masks), and switched to
 * without losing what was enrolled, changed or erased during the build, while searches keep
 * finding the mate; an existing deployment's setting of masks alone (before generations) is
 * read as generation 1 and replaced. Small thresholds (60 subjects, ×2) keep it quick; the
 * code path is the one of the defaults.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSearchPool, decodeStopBits, encodeStopBits, Gallery, subjectChunkLayout, GallerySearcher, loadGalleryFromStore, readStopBits, readStopBitsGeneration, RenewingGallery, stopBitsDue, stopMasksSetting, syncGalleryAtStopBits,
  type GalleryFinger, type SubjectRecord, type SubjectStore,
} from '../../src/index/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../../src/config/parameters.js';
import type { ScoreCalibration } from '../../src/matching/index.js';
import { openRedisStore, type AfisStore } from '../../src/store/index.js';
import { encodeTemplate } from '../../src/templates/index.js';
import { syntheticCalibration, tenPrint } from './helpers.js';
import { encodeOnPool } from '../../src/runtime.js';
import { deletePrefix, REDIS_URL, uniquePrefix } from '../store/redis-test-helpers.js';

const SEED = 4711;
const P: SearchParameters = { ...SEARCH_PARAMETERS, stopBitsMinSubjects: 60, stopBitsRenewalFactor: 2 };
const admin = new Redis(REDIS_URL);
const prefixes: string[] = [];
const stores: AfisStore[] = [];
let calibration: ScoreCalibration;

function record(s: number): SubjectRecord {
  return {
    id: `s-${String(s).padStart(4, '0')}`,
    referenceNumber: `BE7${String(s).padStart(6, '0')}`,
    memberState: 'BE',
    category: 1,
    capturedAt: 1_700_000_000_000 + s,
    fingers: tenPrint(SEED, s, 0).map((f) => ({ position: f.position, impression: 'rolled' as const, quality: f.template.quality, template: encodeTemplate(f.template) })),
  };
}

async function openStore(what: string): Promise<AfisStore> {
  const prefix = uniquePrefix(what);
  prefixes.push(prefix);
  const store = openRedisStore({ url: REDIS_URL, prefix });
  await store.ready();
  stores.push(store);
  return store;
}

async function putRange(store: AfisStore, from: number, to: number): Promise<void> {
  for (let s = from; s < to; s += 50) await store.subjects.putMany(Array.from({ length: Math.min(50, to - s) }, (_, i) => record(s + i)));
}

/** The put a running process makes after the store has the record. */
function enrol(r: SubjectRecord): (g: Gallery) => void {
  const fingers: GalleryFinger[] = tenPrint(SEED, Number(r.id.slice(2)), 0);
  return (g) => g.put(r.id, fingers, { category: r.category, memberState: r.memberState });
}

/** The store, with a hook run before each batch the scan yields (to act while a new generation is being read). */
function withScanHook(store: SubjectStore, hook: () => Promise<void>): SubjectStore {
  return new Proxy(store, {
    get(t, k) {
      if (k !== 'scan') return Reflect.get(t, k);
      return (options?: Parameters<SubjectStore['scan']>[0]) => (async function* () {
        for await (const batch of t.scan(options)) {
          await hook();
          yield batch;
        }
      })();
    },
  });
}

async function topOf(g: Gallery, s: number): Promise<string | undefined> {
  const r = await new GallerySearcher(g, { calibration }).search(tenPrint(SEED, s, 1), { maxCandidates: 3 });
  return r.candidates[0]?.id;
}

beforeAll(() => {
  calibration = syntheticCalibration(SEED, 12);
});

afterAll(async () => {
  for (const s of stores) await s.close();
  for (const p of prefixes) await deletePrefix(admin, p);
  await admin.quit();
});

describe('the setting of the deployment\'s stop bits', () => {
  it('carries its generation and the size it was computed from; masks alone read as generation 1', () => {
    const masks = Uint32Array.from({ length: 10 * P.codeWords }, (_, i) => (i * 2654435761) >>> 0);
    const bytes = encodeStopBits({ generation: 3, subjects: 123_456 }, masks);
    const back = decodeStopBits(bytes, P);
    expect(back.generation).toBe(3);
    expect(back.subjects).toBe(123_456);
    expect(Array.from(back.masks)).toEqual(Array.from(masks));
    const legacy = decodeStopBits(new Uint8Array(masks.buffer.slice(0)), P);
    expect(legacy.generation).toBe(1);
    expect(legacy.subjects).toBe(P.stopBitsMinSubjects);
    expect(Array.from(legacy.masks)).toEqual(Array.from(masks));
    expect(() => decodeStopBits(bytes.subarray(0, bytes.length - 4), P)).toThrow(expect.objectContaining({ code: 'AFIS_STORE_CORRUPT' }));
    const wrongMagic = bytes.slice();
    wrongMagic[0] ^= 1;
    expect(() => decodeStopBits(wrongMagic, P)).toThrow(expect.objectContaining({ code: 'AFIS_STORE_CORRUPT' }));
  });

  it('is due at stopBitsMinSubjects without masks, then at the renewal factor times the size they came from', () => {
    expect(stopBitsDue(P, undefined, 59)).toBe(false);
    expect(stopBitsDue(P, undefined, 60)).toBe(true);
    expect(stopBitsDue(P, { generation: 1, subjects: 70 }, 139)).toBe(false);
    expect(stopBitsDue(P, { generation: 1, subjects: 70 }, 140)).toBe(true);
    expect(stopBitsDue(SEARCH_PARAMETERS, { generation: 2, subjects: 250_000 }, 999_999)).toBe(false);
    expect(stopBitsDue(SEARCH_PARAMETERS, { generation: 2, subjects: 250_000 }, 1_000_000)).toBe(true);
  });
});

describe('a running gallery whose stop bits follow its growth', () => {
  let store: AfisStore;
  let a: RenewingGallery;

  beforeAll(async () => {
    store = await openStore('renew');
    await putRange(store, 0, 40);
    const g = new Gallery(P);
    await loadGalleryFromStore(store.subjects, g);
    expect(g.hasStopBits).toBe(false);
    a = new RenewingGallery(g, { store: store.subjects, batchSize: 20 });
  }, 120_000);

  it('gets its first masks once it crosses stopBitsMinSubjects, without a restart', async () => {
    expect((await a.check()).outcome).toBe('kept');
    expect(a.current.hasStopBits).toBe(false);
    const before = a.current;
    for (let s = 40; s < 70; s++) {
      const r = record(s);
      await store.subjects.put(r);
      a.mutate(enrol(r));
    }
    expect(await topOf(a.current, 7)).toBe('s-0007');
    const r = await a.check();
    expect(r.outcome).toBe('renewed');
    expect(r.generation).toEqual({ generation: 1, subjects: 70 });
    expect(a.current).not.toBe(before);
    expect(a.current.hasStopBits).toBe(true);
    expect(a.current.size).toBe(70);
    const stored = (await readStopBits(store.subjects, P))!;
    expect(stored.generation).toBe(1);
    expect(stored.subjects).toBe(70);
    expect(Array.from(stored.masks)).toEqual(Array.from(a.current.stopMasks));
    // the switched gallery searches exactly like one a new process loads from the store
    const fresh = new Gallery(P);
    await loadGalleryFromStore(store.subjects, fresh);
    expect(fresh.stopBitsGeneration).toEqual({ generation: 1, subjects: 70 });
    for (const s of [7, 55]) {
      const x = await new GallerySearcher(a.current, { calibration }).search(tenPrint(SEED, s, 1), { maxCandidates: 10, shortlistSize: 20 });
      const y = await new GallerySearcher(fresh, { calibration }).search(tenPrint(SEED, s, 1), { maxCandidates: 10, shortlistSize: 20 });
      expect(x.candidates).toEqual(y.candidates);
      expect(x.candidates[0].id).toBe(`s-${String(s).padStart(4, '0')}`);
    }
    expect((await a.check()).outcome).toBe('kept');
  }, 120_000);

  it('renews them when the gallery has grown by the factor: one generation for both processes, nothing changed during the build is lost, the mate is found before, during and after', async () => {
    // a second process on the same store, with generation 1
    const g = new Gallery(P);
    await loadGalleryFromStore(store.subjects, g);
    expect(g.stopBitsGeneration.generation).toBe(1);
    const gen1Masks = Array.from(g.stopMasks);
    for (let s = 70; s < 140; s++) {
      const r = record(s);
      await store.subjects.put(r);
      a.mutate(enrol(r));
      g.put(r.id, tenPrint(SEED, s, 0), { category: 1, memberState: 'BE' });
    }
    // while process A reads the store for the new generation: searches (each of one gallery),
    // an enrolment, an erasure and a status change
    const during: (string | undefined)[] = [];
    let batches = 0;
    const late = record(140);
    const hook = async (): Promise<void> => {
      batches++;
      during.push(await topOf(a.current, 100 + batches));
      if (batches === 2) {
        await store.subjects.put(late);
        a.mutate(enrol(late));
        await store.subjects.remove('s-0003');
        a.mutate((x) => {
          x.remove('s-0003');
        });
        a.mutate((x) => {
          x.setMeta('s-0009', { flags: 1 });
        });
      }
    };
    a = new RenewingGallery(a.current, { store: withScanHook(store.subjects, hook), batchSize: 20 });
    const b = new RenewingGallery(g, { store: store.subjects, batchSize: 20 });
    expect(await topOf(a.current, 120)).toBe('s-0120');
    const [ra, rb] = await Promise.all([a.check(), b.check()]);
    // one generation 2 by compare-and-set (not a 2 and a 3), whoever computed it: both hold it
    expect(ra.outcome).not.toBe('kept');
    expect(rb.outcome).not.toBe('kept');
    expect(ra.generation.generation).toBe(2);
    expect(rb.generation).toEqual(ra.generation);
    expect(ra.generation.subjects).toBeGreaterThanOrEqual(140);
    expect(Array.from(a.current.stopMasks)).toEqual(Array.from(b.current.stopMasks));
    const stored = (await readStopBits(store.subjects, P))!;
    expect(stored.generation).toBe(2);
    expect(Array.from(stored.masks)).toEqual(Array.from(a.current.stopMasks));
    expect(batches).toBeGreaterThan(2);
    expect(during.every((id, i) => id === `s-0${101 + i}`)).toBe(true);
    // what changed during the build is in the new gallery
    expect(a.current.has('s-0140')).toBe(true);
    expect(await topOf(a.current, 140)).toBe('s-0140');
    expect(a.current.has('s-0003')).toBe(false);
    expect(a.current.getMeta('s-0009')!.flags).toBe(1);
    expect(a.current.size).toBe(140);
    for (const s of [0, 64, 139]) expect(await topOf(a.current, s)).toBe(`s-${String(s).padStart(4, '0')}`);
    // masks computed from 140 subjects are not those from 70 (which bits are common moved)
    expect(Array.from(a.current.stopMasks)).not.toEqual(gen1Masks);
    // generation 1 stays readable (shards may still search it; a replica started now loads it)
    const kept = (await readStopBitsGeneration(store.subjects, P, 1))!;
    expect(kept).toMatchObject({ generation: 1 });
    expect(Array.from(kept.masks)).toEqual(gen1Masks);
    expect((await readStopBitsGeneration(store.subjects, P, 2))!.bytes).toEqual(stored.bytes);
    expect(await readStopBitsGeneration(store.subjects, P, 3)).toBeUndefined();
    // a gallery of generation 1 read from the store now searches like the one that held it
    const again = new Gallery(P);
    await syncGalleryAtStopBits(store.subjects, again, kept);
    expect(again.stopBitsGeneration.generation).toBe(1);
    expect(again.size).toBe(140);
    expect(await topOf(again, 77)).toBe('s-0077');
    expect(Array.from(again.stopMasks)).toEqual(gen1Masks);
    expect(again.codePacking.stride).toBe(g.codePacking.stride);
  }, 300_000);

  it('does nothing without a store or growth reason, and only one renewal runs at a time', async () => {
    const [x, y] = await Promise.all([a.check(), a.check()]);
    expect(x).toBe(y);
    expect(x.outcome).toBe('kept');
  });
});

describe('an existing deployment with a setting of masks alone (before generations)', () => {
  it('reads it as generation 1 from stopBitsMinSubjects subjects; a process loading the grown gallery replaces it by generation 2; one holding generation 1 adopts it', async () => {
    const store = await openStore('renew-legacy');
    await putRange(store, 0, 60);
    // the old release: masks of the first 60 subjects, stored as they are with SET NX
    const old = new Gallery(P);
    await loadGalleryFromStore(new Proxy(store.subjects, { get: (t, k) => (k === 'readSetting' || k === 'swapSetting' ? undefined : Reflect.get(t, k)) }), old);
    expect(old.hasStopBits).toBe(true);
    const legacy = new Uint8Array(old.stopMasks.buffer.slice(old.stopMasks.byteOffset, old.stopMasks.byteOffset + old.stopMasks.byteLength));
    await admin.set(`${prefixes[prefixes.length - 1]}setting:${stopMasksSetting(P)}`, Buffer.from(legacy));
    const read = (await readStopBits(store.subjects, P))!;
    expect(read).toMatchObject({ generation: 1, subjects: 60 });
    // a process of the new release on the same, still small gallery keeps the old masks
    const same = new Gallery(P);
    await loadGalleryFromStore(store.subjects, same);
    expect(Array.from(same.stopMasks)).toEqual(Array.from(old.stopMasks));
    const running = new RenewingGallery(same, { store: store.subjects });
    await putRange(store, 60, 120);
    for (let s = 60; s < 120; s++) running.mutate(enrol(record(s)));
    // the gallery doubled: a process loading it whole computes generation 2 on the way
    const fresh = new Gallery(P);
    await loadGalleryFromStore(store.subjects, fresh);
    expect(fresh.stopBitsGeneration).toEqual({ generation: 2, subjects: 120 });
    const now = (await readStopBits(store.subjects, P))!;
    expect(now.generation).toBe(2);
    expect(now.bytes.byteLength).toBe(16 + legacy.byteLength);
    // the masks it replaced are kept, read as generation 1
    const kept = (await readStopBitsGeneration(store.subjects, P, 1))!;
    expect(kept).toMatchObject({ generation: 1, subjects: 60 });
    expect(Array.from(kept.masks)).toEqual(Array.from(old.stopMasks));
    expect(Array.from(now.masks)).not.toEqual(Array.from(old.stopMasks));
    // the running one switches to it at its next check
    const r = await running.check();
    expect(r.outcome).toBe('adopted');
    expect(Array.from(running.current.stopMasks)).toEqual(Array.from(fresh.stopMasks));
    expect(await topOf(running.current, 90)).toBe('s-0090');
  }, 300_000);
});

describe('a shard loading a gallery whose stop bits are due', () => {
  it('takes the generation in force and leaves the renewal to its running check, which keeps the old one beside the new', async () => {
    const store = await openStore('renew-shard');
    await putRange(store, 0, 60);
    const whole = new Gallery(P);
    await loadGalleryFromStore(store.subjects, whole);
    expect(whole.stopBitsGeneration).toEqual({ generation: 1, subjects: 60 });
    await putRange(store, 60, 130);
    // a replica (re)started now: the other shards still search generation 1
    const shard = { index: 0, count: 2 };
    const g = new Gallery(P);
    await loadGalleryFromStore(store.subjects, g, { shard });
    expect(g.stopBitsGeneration).toEqual({ generation: 1, subjects: 60 });
    expect((await readStopBits(store.subjects, P))!.generation).toBe(1);
    const running = new RenewingGallery(g, { store: store.subjects, shard, retainPrevious: true });
    const r = await running.check();
    expect(r).toMatchObject({ outcome: 'renewed', generation: { generation: 2, subjects: 130 } });
    expect(running.generations()).toEqual([1, 2]);
    expect(running.galleryOf(1)).toBe(g);
    expect(running.galleryOf(3)).toBeUndefined();
    running.releasePrevious();
    expect(running.generations()).toEqual([2]);
  }, 300_000);
});

describe('a renewal encoding on a search thread', () => {
  it('builds the same gallery as one encoding on the main thread', async () => {
    const store = await openStore('renew-pool');
    await putRange(store, 0, 70);
    const pool = createSearchPool({ threads: 1 });
    try {
      const empty = (): Gallery => new Gallery(P);
      // one shard of one: its size for the renewal rule is the store's count (the galleries start empty)
      const shard = { index: 0, count: 1 };
      const onPool = new RenewingGallery(empty(), { store: store.subjects, shard, encode: encodeOnPool(pool) });
      const onMain = new RenewingGallery(empty(), { store: store.subjects, shard });
      // the first computes and publishes generation 1 (unmasked, then repacked), the second adopts it (masked as it is read)
      expect((await onPool.check()).outcome).toBe('renewed');
      expect((await onMain.check()).outcome).toBe('adopted');
      const a = onPool.current.snapshot().memory;
      const b = onMain.current.snapshot().memory;
      expect(a.codeStride).toBe(b.codeStride);
      const bytes = (m: typeof a): Buffer => Buffer.concat([
        ...m.subjectChunks.map((c) => Buffer.from(new Uint8Array(c.buffer, 0, subjectChunkLayout(m.codeStride).dataBytes))),
        ...m.poolChunks.map((c) => Buffer.from(new Uint8Array(c))),
      ]);
      expect(bytes(a).equals(bytes(b))).toBe(true);
      expect(await topOf(onPool.current, 33)).toBe('s-0033');
    } finally {
      await pool.close();
    }
  }, 300_000);
});

describe('a shard replica started with two generations', () => {
  it('holds them oldest first, and refuses them in any other order', () => {
    const of = (generation: number): Gallery => {
      const g = new Gallery(P);
      g.applyStopMasks(new Uint32Array(10 * P.codeWords).fill(0xffffffff), { generation, subjects: 60 * generation });
      return g;
    };
    const [g1, g2] = [of(1), of(2)];
    const both = new RenewingGallery([g1, g2], { store: {} as SubjectStore, retainPrevious: true });
    expect(both.generations()).toEqual([1, 2]);
    expect(both.current).toBe(g2);
    expect(both.galleryOf(1)).toBe(g1);
    both.releasePrevious();
    expect(both.generations()).toEqual([2]);
    expect(() => new RenewingGallery([g2, g1], { store: {} as SubjectStore })).toThrow(expect.objectContaining({ code: 'AFIS_VALIDATION' }));
    expect(() => new RenewingGallery([g1, of(1)], { store: {} as SubjectStore })).toThrow(expect.objectContaining({ code: 'AFIS_VALIDATION' }));
  });
});
