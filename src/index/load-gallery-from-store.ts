import { decodeTemplate } from '../templates/index.js';
import { StoreError } from '../core/index.js';
import type { ShardSelector, SubjectRecord, SubjectStore } from './ports.js';
import { SUBJECT_FLAGS, type Gallery, type GalleryFinger, type SubjectMeta } from './gallery.js';
import { FINGERS } from './gallery-layout.js';
import type { SearchParameters } from '../config/parameters.js';

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
  await settleStopBits(store, gallery, options.shard !== undefined);
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

/** The store's setting name for the stop-bit masks of these parameters (other parameters, other masks). */
export function stopMasksSetting(params: SearchParameters): string {
  return `stop-bits:${params.codeWords}:${params.stopBitShare}`;
}

/** The stop-bit masks stored for these parameters, or undefined (none yet, or a store without settings). */
export async function storedStopMasks(store: SubjectStore, params: SearchParameters): Promise<Uint32Array | undefined> {
  const bytes = await store.readSetting?.(stopMasksSetting(params));
  return bytes ? masksFromBytes(bytes, params) : undefined;
}

/**
 * Gives the gallery the deployment's stop-bit masks: the ones the store holds, else (once the
 * gallery, or for a shard the whole store, holds `stopBitsMinSubjects`) its own, offered to the store, where the first process
 * to offer wins and everyone applies the winner. Every process of a sharded deployment and a
 * single process on the same store so drop the same bits and score the first stage alike. A
 * gallery whose masks (from a snapshot) differ from the stored ones cannot be corrected
 * (cleared bits are gone): AFIS_STORE_CORRUPT with `details.reason` `stop-bits`
 * (runtime.loadGallery then loads from the store again).
 */
async function settleStopBits(store: SubjectStore, gallery: Gallery, sharded: boolean): Promise<void> {
  const params = gallery.params;
  if (!store.readSetting || !store.claimSetting) {
    if (!gallery.hasStopBits && gallery.size >= params.stopBitsMinSubjects) gallery.applyStopBits();
    return;
  }
  let masks = await storedStopMasks(store, params);
  if (!masks) {
    // a shard counts the whole gallery: one process holding it would have masks from this size on
    const size = sharded ? await store.count() : gallery.size;
    const own = gallery.hasStopBits ? gallery.stopMasks : size >= params.stopBitsMinSubjects ? gallery.computeStopMasks() : undefined;
    if (!own) return;
    masks = masksFromBytes(await store.claimSetting(stopMasksSetting(params), new Uint8Array(own.buffer, own.byteOffset, own.byteLength)), params);
  }
  if (gallery.hasStopBits && !masks.every((m, i) => m === gallery.stopMasks[i])) {
    throw new StoreError('AFIS_STORE_CORRUPT', 'the gallery (from its snapshot) has other stop bits than the ones stored for the deployment: load it from the store again', { reason: 'stop-bits' });
  }
  gallery.applyStopMasks(masks);
}

function masksFromBytes(bytes: Uint8Array, params: SearchParameters): Uint32Array {
  const words = FINGERS * params.codeWords;
  if (bytes.byteLength !== words * 4) throw new StoreError('AFIS_STORE_CORRUPT', `stored stop-bit masks of ${bytes.byteLength} bytes, expected ${words * 4}`);
  const copy = new Uint8Array(bytes);
  return new Uint32Array(copy.buffer, 0, words);
}
