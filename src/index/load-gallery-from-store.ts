import { decodeTemplate } from '../templates/index.js';
import { StoreError } from '../core/index.js';
import type { ShardSelector, SubjectRecord, SubjectStore } from './ports.js';
import { SUBJECT_FLAGS, type Gallery, type GalleryFinger, type SubjectMeta } from './gallery.js';

/** The gallery metadata of a stored record: category, member state, and status flags. */
export function subjectMetaOf(r: SubjectRecord): SubjectMeta {
  const flags = (r.blockedAt !== undefined ? SUBJECT_FLAGS.blocked : 0)
    | (r.markedAt !== undefined ? SUBJECT_FLAGS.marked : 0)
    | (r.erasedAt !== undefined ? SUBJECT_FLAGS.erased : 0);
  return { category: r.category, memberState: r.memberState, flags };
}

/**
 * The searchable fingers of a stored record: positions 1–10 (plain thumbs and slaps, 11–15, are
 * left out; when a position is stored twice the rolled impression wins). Templates are decoded
 * from their compact binary form; a corrupt one throws AFIS_STORE_CORRUPT naming the subject.
 */
export function galleryFingersOf(r: SubjectRecord): GalleryFinger[] {
  const byPosition = new Map<number, GalleryFinger & { rolled: boolean }>();
  for (const f of r.fingers) {
    if (f.position < 1 || f.position > 10) continue;
    const prev = byPosition.get(f.position);
    if (prev && (prev.rolled || f.impression !== 'rolled')) continue;
    let template;
    try {
      template = decodeTemplate(f.template);
    } catch (err) {
      throw new StoreError('AFIS_STORE_CORRUPT', `subject ${r.id}: finger ${f.position}: ${(err as Error).message}`, undefined, { cause: err });
    }
    byPosition.set(f.position, { position: f.position, template, rolled: f.impression === 'rolled' });
  }
  return [...byPosition.values()].map(({ position, template }) => ({ position, template }));
}

/**
 * A 32-bit digest (FNV-1a) of what the gallery keeps of a record: category, member state,
 * status flags and every finger's position and template bytes. Equal digests mean the gallery's
 * copy is current, so a start-up from a snapshot re-encodes only what changed.
 */
export function recordDigest(r: SubjectRecord): number {
  let h = 0x811c9dc5;
  const mix = (b: number): void => {
    h = Math.imul(h ^ (b & 0xff), 0x01000193);
  };
  const meta = subjectMetaOf(r);
  mix(meta.category ?? 0);
  for (const c of meta.memberState ?? '') mix(c.charCodeAt(0));
  mix(meta.flags ?? 0);
  for (const f of r.fingers) {
    if (f.position < 1 || f.position > 10) continue;
    mix(f.position);
    mix(f.impression === 'rolled' ? 1 : 0);
    const t = f.template;
    for (let i = 0; i < t.length; i++) h = Math.imul(h ^ t[i], 0x01000193);
  }
  return (h >>> 0) || 1;
}

/** What a synchronisation changed. */
export interface GallerySync {
  /** Subjects (re-)encoded because they were new or changed. */
  readonly encoded: number;
  /** Subjects already current (same digest). */
  readonly unchanged: number;
  /** Subjects removed because the store no longer holds them (or they are erased). */
  readonly removed: number;
}

/**
 * Makes `gallery` hold exactly the (non-erased) subjects of `store`, or of one shard of it:
 * new and changed records are encoded, current ones skipped by digest, vanished ones removed.
 * On an empty gallery this is the full load; after `Gallery.loadSnapshot` it is the fast
 * start-up (only what changed since the snapshot is re-encoded).
 * Cost: one store scan, a digest per record, and per encoded finger decoding plus its code.
 */
export async function syncGalleryWithStore(store: SubjectStore, gallery: Gallery, options: { shard?: ShardSelector; batchSize?: number; onProgress?: (seen: number) => void } = {}): Promise<GallerySync> {
  let encoded = 0;
  let unchanged = 0;
  let seenCount = 0;
  const seen = new Set<string>();
  for await (const batch of store.scan({ batchSize: options.batchSize ?? 1000, ...(options.shard ? { shard: options.shard } : {}) })) {
    for (const r of batch) {
      seenCount++;
      if (r.erasedAt !== undefined) continue;
      seen.add(r.id);
      const d = recordDigest(r);
      if (gallery.digestOf(r.id) === d) {
        unchanged++;
        continue;
      }
      gallery.put(r.id, galleryFingersOf(r), subjectMetaOf(r), d);
      encoded++;
    }
    options.onProgress?.(seenCount);
  }
  let removed = 0;
  for (const id of gallery.ids()) {
    if (!seen.has(id) && gallery.remove(id)) removed++;
  }
  if (!gallery.hasStopBits && gallery.size >= gallery.params.stopBitsMinSubjects) gallery.applyStopBits();
  return { encoded, unchanged, removed };
}

/**
 * Loads every subject of `store` (or of one shard of it) into an empty `gallery`. Erased
 * subjects are skipped. Returns the number of subjects loaded. See {@link syncGalleryWithStore}.
 */
export async function loadGalleryFromStore(store: SubjectStore, gallery: Gallery, options: { shard?: ShardSelector; batchSize?: number; onProgress?: (loaded: number) => void } = {}): Promise<number> {
  const r = await syncGalleryWithStore(store, gallery, options);
  return r.encoded + r.unchanged;
}
