import { decodeTemplate } from '../templates/index.js';
import { StoreError } from '../core/index.js';
import type { ShardSelector, SubjectRecord, SubjectStore } from './ports.js';
import { SUBJECT_FLAGS, type EncodedFinger, type Gallery, type GalleryFinger, type StopBitsGeneration, type SubjectMeta } from './gallery.js';
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

/** Encodes stored records' gallery fingers (encodeRecords, e.g. on a search thread). */
export type RecordEncoder = (records: SubjectRecord[], params: SearchParameters) => Promise<readonly (readonly (EncodedFinger | null)[])[]>;

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
  const sync = await syncGalleryRecords(store, gallery, options);
  await settleStopBits(store, gallery, options.shard !== undefined);
  return sync;
}

/** The records part of {@link syncGalleryWithStore}, leaving the stop bits as they are (renew-stop-bits.ts builds galleries with it). */
export async function syncGalleryRecords(store: SubjectStore, gallery: Gallery, options: { shard?: ShardSelector; batchSize?: number; onProgress?: (seen: number) => void; encode?: RecordEncoder } = {}): Promise<GallerySync> {
  let encoded = 0;
  let unchanged = 0;
  let seenCount = 0;
  const seen = new Set<string>();
  for await (const batch of store.scan({ batchSize: options.batchSize ?? 1000, ...(options.shard ? { shard: options.shard } : {}) })) {
    const changed: { r: SubjectRecord; d: number }[] = [];
    for (const r of batch) {
      seenCount++;
      if (r.erasedAt !== undefined) continue;
      seen.add(r.id);
      const d = recordDigest(r);
      if (gallery.digestOf(r.id) === d) {
        unchanged++;
        continue;
      }
      if (options.encode) changed.push({ r, d });
      else gallery.put(r.id, galleryFingersOf(r), subjectMetaOf(r), d);
      encoded++;
    }
    if (changed.length > 0) {
      // encoded elsewhere (a search thread), stored here: the same codes as put computes
      const fingers = await options.encode!(changed.map((c) => c.r), gallery.params);
      changed.forEach(({ r, d }, i) => gallery.putEncoded(r.id, fingers[i], subjectMetaOf(r), d));
    }
    options.onProgress?.(seenCount);
  }
  let removed = 0;
  for (const id of gallery.ids()) {
    if (!seen.has(id) && gallery.remove(id)) removed++;
  }
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

/** A generation of stop-bit masks as the store holds it (`bytes`: the stored value, for a compare-and-set). */
export interface StoredStopBits extends StopBitsGeneration {
  readonly masks: Uint32Array;
  readonly bytes: Uint8Array;
}

/**
 * The setting's value: the magic `AFSB`, u32 generation, f64 subjects the masks were computed
 * from, then the 10 × codeWords mask words, all little-endian. A value of the masks alone (the
 * layout before generations) reads as generation 1 computed from `stopBitsMinSubjects`
 * subjects, so its first renewal is due at `stopBitsRenewalFactor` times that.
 */
const STOP_BITS_MAGIC = 0x42534641; // 'AFSB' read as a little-endian u32
const STOP_BITS_HEADER = 16;

/** Encodes a generation of masks as the store's setting value. */
export function encodeStopBits(generation: StopBitsGeneration, masks: Uint32Array): Uint8Array {
  const out = new Uint8Array(STOP_BITS_HEADER + masks.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, STOP_BITS_MAGIC, true);
  view.setUint32(4, generation.generation, true);
  view.setFloat64(8, generation.subjects, true);
  for (let i = 0; i < masks.length; i++) view.setUint32(STOP_BITS_HEADER + 4 * i, masks[i], true);
  return out;
}

/** Decodes the setting's value (either layout); AFIS_STORE_CORRUPT when it fits neither. */
export function decodeStopBits(bytes: Uint8Array, params: SearchParameters): StoredStopBits {
  const words = FINGERS * params.codeWords;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const copy = new Uint8Array(bytes);
  if (bytes.byteLength === words * 4) {
    return { generation: 1, subjects: params.stopBitsMinSubjects, masks: readWords(view, 0, words), bytes: copy };
  }
  if (bytes.byteLength !== STOP_BITS_HEADER + words * 4 || view.getUint32(0, true) !== STOP_BITS_MAGIC) {
    throw new StoreError('AFIS_STORE_CORRUPT', `stored stop-bit masks of ${bytes.byteLength} bytes, expected ${STOP_BITS_HEADER + words * 4} (or ${words * 4} before generations)`);
  }
  const generation = view.getUint32(4, true);
  const subjects = view.getFloat64(8, true);
  if (generation < 1 || !Number.isSafeInteger(subjects) || subjects < 0) throw new StoreError('AFIS_STORE_CORRUPT', `stored stop-bit generation ${generation} from ${subjects} subjects`);
  return { generation, subjects, masks: readWords(view, STOP_BITS_HEADER, words), bytes: copy };
}

function readWords(view: DataView, at: number, words: number): Uint32Array {
  const out = new Uint32Array(words);
  for (let i = 0; i < words; i++) out[i] = view.getUint32(at + 4 * i, true);
  return out;
}

/** The deployment's stop bits for these parameters, or undefined (none yet, or a store without settings). */
export async function readStopBits(store: SubjectStore, params: SearchParameters): Promise<StoredStopBits | undefined> {
  const bytes = await store.readSetting?.(stopMasksSetting(params));
  return bytes ? decodeStopBits(bytes, params) : undefined;
}

/**
 * The store's setting name under which generation `generation` of these parameters' masks is
 * kept once a newer generation replaces it (`stop-bits:W:share:G`): a shard replica started
 * while the shards are still switching from G loads G from it (readStopBitsGeneration).
 */
export function stopMasksGenerationSetting(params: SearchParameters, generation: number): string {
  return `${stopMasksSetting(params)}:${generation}`;
}

/**
 * Generation `generation` of the deployment's masks: the setting in force when it holds that
 * generation, else the copy kept when a newer one replaced it (see offerStopBits); undefined
 * when neither has it (a generation replaced before this release kept copies, or a store
 * without settings).
 */
export async function readStopBitsGeneration(store: SubjectStore, params: SearchParameters, generation: number): Promise<StoredStopBits | undefined> {
  const newest = await readStopBits(store, params);
  if (newest?.generation === generation) return newest;
  const bytes = await store.readSetting?.(stopMasksGenerationSetting(params, generation));
  if (!bytes) return undefined;
  const kept = decodeStopBits(bytes, params);
  return kept.generation === generation ? kept : undefined;
}

/**
 * Offers a generation of masks to the store: it is stored when the setting still holds
 * `expected` (the generation it replaces; undefined: none), by compare-and-set, so of processes
 * offering at once exactly one wins. Returns the generation in force afterwards (this one, or
 * the winner's); a store without settings keeps nothing and this one is in force.
 *
 * `expected` is first copied to its own setting (stopMasksGenerationSetting), before the swap
 * can replace it: the shards keep searching it until every one holds the new generation, and
 * a replica started meanwhile must be able to load it (a few hundred bytes per generation,
 * kept; compare-and-set too, so a copy left by a store reset is replaced, never a current one).
 */
export async function offerStopBits(store: SubjectStore, params: SearchParameters, expected: StoredStopBits | undefined, generation: StopBitsGeneration, masks: Uint32Array): Promise<StoredStopBits> {
  const bytes = encodeStopBits(generation, masks);
  if (!store.swapSetting) return decodeStopBits(bytes, params);
  if (expected) await keepStopBitsGeneration(store as Required<Pick<SubjectStore, 'swapSetting'>>, params, expected);
  return decodeStopBits(await store.swapSetting(stopMasksSetting(params), expected?.bytes, bytes), params);
}

async function keepStopBitsGeneration(store: Required<Pick<SubjectStore, 'swapSetting'>>, params: SearchParameters, kept: StoredStopBits): Promise<void> {
  const name = stopMasksGenerationSetting(params, kept.generation);
  let held: Uint8Array | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = await store.swapSetting(name, held, kept.bytes);
    if (sameBytes(now, kept.bytes)) return;
    held = now;
  }
  throw new StoreError('AFIS_STORE_UNAVAILABLE', `the copy of stop-bit generation ${kept.generation} keeps changing`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}

/**
 * Makes `gallery` hold the subjects of `store` (or one shard) searched with generation
 * `stopBits` of the masks (undefined: generation 0, no masks), whatever generation the store
 * holds in force now: a shard replica started during a switch loads the generation the other
 * shards still search (renew-stop-bits.ts then builds the newer one beside it). The gallery
 * must be empty or hold exactly these masks (a snapshot of that generation, AFIS_VALIDATION
 * otherwise; unmasked when `stopBits` is undefined).
 */
export async function syncGalleryAtStopBits(store: SubjectStore, gallery: Gallery, stopBits: StoredStopBits | undefined, options: { shard?: ShardSelector; batchSize?: number; onProgress?: (seen: number) => void; encode?: RecordEncoder } = {}): Promise<GallerySync> {
  if (stopBits) gallery.applyStopMasks(stopBits.masks, stopBits);
  else if (gallery.hasStopBits) throw new StoreError('AFIS_VALIDATION', 'a gallery of generation 0 (no stop bits) was asked for, this one has masks');
  return syncGalleryRecords(store, gallery, options);
}

/** True when masks computed from `from` subjects are due for a new generation in a gallery of `size`. */
export function stopBitsDue(params: SearchParameters, from: StopBitsGeneration | undefined, size: number): boolean {
  if (!from || from.generation === 0) return size >= params.stopBitsMinSubjects;
  return size >= params.stopBitsMinSubjects && size >= params.stopBitsRenewalFactor * Math.max(1, from.subjects);
}

/**
 * Gives the gallery the deployment's stop-bit masks: the generation the store holds, else
 * (once the gallery, or for a shard the whole store, holds `stopBitsMinSubjects`) its own,
 * offered to the store, where the first process to offer wins and everyone applies the winner.
 * A whole gallery read from the store (no masks yet) while the stored generation is due for
 * renewal (the gallery grew `stopBitsRenewalFactor` times) computes the next generation on the
 * way, at no extra cost; a shard does not (the other shards would still search the old one: its
 * running check renews with them, see renew-stop-bits.ts), nor does a running gallery. Every process of a
 * sharded deployment and a single process on the same store so drop the same bits and score
 * the first stage alike. A gallery whose masks (from a snapshot) differ from the stored ones
 * cannot be corrected (cleared bits are gone): AFIS_STORE_CORRUPT with `details.reason`
 * `stop-bits` (runtime.loadGallery then loads from the store again).
 */
async function settleStopBits(store: SubjectStore, gallery: Gallery, sharded: boolean): Promise<void> {
  const params = gallery.params;
  let stored = await readStopBits(store, params);
  if (!gallery.hasStopBits) {
    // a shard counts the whole gallery: one process holding it would have masks from this size on
    const size = sharded ? await store.count() : gallery.size;
    const from = stored ?? (store.readSetting ? undefined : gallery.stopBitsGeneration);
    // a shard takes the generation in force and leaves a renewal to its running check
    // (renew-stop-bits.ts), which keeps the old one until every shard holds the new one
    if (stopBitsDue(params, from, size) && !(sharded && stored)) {
      stored = await offerStopBits(store, params, stored, { generation: (from?.generation ?? 0) + 1, subjects: size }, gallery.computeStopMasks());
    }
  } else if (!stored) {
    if (!store.readSetting) return;
    const own = gallery.stopBitsGeneration;
    stored = await offerStopBits(store, params, undefined, own, gallery.stopMasks);
  }
  if (!stored) return;
  if (gallery.hasStopBits && !stored.masks.every((m, i) => m === gallery.stopMasks[i])) {
    throw new StoreError('AFIS_STORE_CORRUPT', 'the gallery (from its snapshot) has other stop bits than the ones stored for the deployment: load it from the store again', { reason: 'stop-bits' });
  }
  gallery.applyStopMasks(stored.masks, stored);
}
