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
 * Loads every subject of `store` (or of one shard of it) into `gallery`, batch by batch.
 * Erased subjects are skipped. Returns the number of subjects loaded.
 * Cost: one store scan plus, per finger, decoding and computing its first-stage code (O(n²)).
 */
export async function loadGalleryFromStore(store: SubjectStore, gallery: Gallery, options: { shard?: ShardSelector; batchSize?: number; onProgress?: (loaded: number) => void } = {}): Promise<number> {
  let loaded = 0;
  for await (const batch of store.scan({ batchSize: options.batchSize ?? 1000, ...(options.shard ? { shard: options.shard } : {}) })) {
    for (const r of batch) {
      if (r.erasedAt !== undefined) continue;
      gallery.put(r.id, galleryFingersOf(r), subjectMetaOf(r));
      loaded++;
    }
    options.onProgress?.(loaded);
  }
  if (!gallery.hasStopBits && gallery.size >= gallery.params.stopBitsMinSubjects) gallery.applyStopBits();
  return loaded;
}
