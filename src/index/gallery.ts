import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { StoreError } from '../core/index.js';
import { validateTemplate, type Template } from '../templates/index.js';
import { SEARCH_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import {
  FINGERS, MAX_POOL_CHUNKS, NO_FINGER, POOL_CHUNK_BITS, POOL_CHUNK_WORDS, SLOT_ALIVE, SLOT_EMPTY, SLOT_REMOVED,
  SUBJECTS_PER_CHUNK, SUBJECT_CHUNK_BITS, FINGER_INFO_QUALITY_NOT_REPORTED, createSubjectChunk, encodeMemberState, decodeMemberState, fingerEntry, fingerInfoCount,
  subjectChunkLayout, subjectChunkViews, type GalleryMemory, type SubjectChunkViews,
} from './gallery-layout.js';
import {
  compactFingerWords, convertCompactHeaderBeforeFormat5, convertCompactWordBeforeFormat4, flattenTemplate, reportsMinutiaQuality, storedCompactWords, writeCompactFinger, type FlatFinger,
} from './encode-compact-finger.js';
import { computeFingerCode } from './compute-finger-code.js';
import { packFingerCode, planCodePacking, repackFingerCode, type CodePacking } from './pack-finger-code.js';
import { subjectTieKey } from './subject-tie-key.js';

/** Small per-subject data a search can filter on (Eurodac comparison rules). */
export interface SubjectMeta {
  /** Category code 0–255 (Eurodac category digit). */
  readonly category?: number;
  /** ISO 3166 alpha-2 member state of origin. */
  readonly memberState?: string;
  /** Bit set of {@link SUBJECT_FLAGS} (8 bits). */
  readonly flags?: number;
}

/** Flags kept per subject; a search filter can exclude subjects carrying any of them. */
export const SUBJECT_FLAGS = Object.freeze({ blocked: 1, marked: 2, erased: 4 });

/** One finger to enrol: ANSI/NIST position 1–10 and its template. */
export interface GalleryFinger {
  readonly position: number;
  readonly template: Template;
}

/** Counts and memory of a gallery; `bytesPerFinger` = shared memory in use / fingers. */
export interface GalleryStats {
  readonly subjects: number;
  readonly fingers: number;
  /** Bytes of shared memory allocated (subject chunks + pool chunks). */
  readonly allocatedBytes: number;
  /** Bytes actually holding live data (slots in use + live pool words). */
  readonly usedBytes: number;
  readonly bytesPerFinger: number;
  /** Pool words of replaced or removed fingers, reclaimed by {@link Gallery.compact}. */
  readonly deadWords: number;
}

/**
 * Which stop-bit masks a gallery has: `generation` counts the deployment's mask sets (0: none
 * yet, 1 the first, 2 after the first renewal, ...), `subjects` is the gallery size they were
 * computed from (the whole gallery's, for a shard). A new generation is due once the gallery has
 * grown `stopBitsRenewalFactor` times past `subjects` (see renew-stop-bits.ts).
 */
export interface StopBitsGeneration {
  readonly generation: number;
  readonly subjects: number;
}

/** A finger ready to be stored: compact words (header, minutiae, and the orientation map when it has one) and its first-stage code. */
export interface EncodedFinger {
  readonly words: Uint32Array;
  readonly count: number;
  readonly quality: number;
  readonly code: Uint32Array;
  readonly popcount: number;
  /**
   * True when every stored minutia carries quality 0 ("not reported", as foreign ISO/INCITS
   * records write it): the second stage then reads them back with 0, not as the lowest of the
   * compact form's 4 levels (12). Absent = false.
   */
  readonly minutiaQualityNotReported?: boolean;
}

/**
 * Encodes one finger for the gallery: compact minutiae (best `maxStoredMinutiae`) and the
 * first-stage code. Pure; usable in any thread (the bulk builder runs it in workers).
 */
export function encodeFinger(f: FlatFinger, params: SearchParameters = SEARCH_PARAMETERS): EncodedFinger {
  const count = Math.min(f.count, params.maxStoredMinutiae);
  const words = new Uint32Array(compactFingerWords(f, count));
  writeCompactFinger(f, count, words, 0);
  const code = new Uint32Array(params.codeWords);
  const popcount = computeFingerCode(f, code, 0, params);
  return { words, count, quality: Math.max(0, Math.min(100, Math.round(f.quality))), code, popcount, minutiaQualityNotReported: count > 0 && !reportsMinutiaQuality(f, count) };
}

/**
 * The 1:N gallery: up to ten compact finger templates per subject in flat shared memory,
 * with first-stage codes and filterable metadata.
 *
 * Memory: one slot per subject (ten finger entries of 8 bytes, ten codes of `codeStride`·4
 * bytes, 5 bytes of metadata) plus 4 bytes per stored minutia and 4 per finger in the pool,
 * and for a finger with an orientation map 4 + 4·⌈cells / 8⌉ bytes more (304 for a 388 × 374
 * print in 16-px cells; encode-compact-finger.ts);
 * ids live in a JS array and map. See {@link stats}.
 *
 * Thread-safety: mutate from one thread only. Searches read a {@link memory} snapshot; a search
 * running during a mutation sees each finger either before or after it. Removal tombstones the
 * slot; {@link compact} and {@link applyStopBits} rewrite the memory into new buffers (searches
 * holding the old snapshot keep reading the old buffers safely).
 */
export class Gallery {
  readonly params: SearchParameters;
  readonly codeWords: number;
  private packing: CodePacking;
  private subjectChunks: WebAssembly.Memory[] = [];
  private views: SubjectChunkViews[] = [];
  private poolChunks: SharedArrayBuffer[] = [];
  private poolViews: Uint32Array[] = [];
  private poolOffset = POOL_CHUNK_WORDS; // forces a first chunk
  private slotIds: string[] = [];
  private idToSlot = new Map<string, number>();
  private slotCount = 0;
  private alive = 0;
  private fingerCount = 0;
  private liveWords = 0;
  private deadWords = 0;
  /** Per slot, a digest of the stored record the subject came from (0 = unknown); see syncGalleryWithStore. */
  private digests = new Uint32Array(1024);
  /**
   * Per slot, 1 while the subject's fingers are the ones loaded from a snapshot of an earlier
   * format (before afis-gallery-5: without orientation maps; before afis-gallery-4 also angles
   * in 128 steps): searchable, but less than encoding its template again gives;
   * upgradeCoarseSubjects re-encodes them in the background. Any put clears it.
   */
  private coarse = new Uint8Array(1024);
  private coarseLeft = 0;
  private masked = false;
  private generation: StopBitsGeneration = { generation: 0, subjects: 0 };

  constructor(params: SearchParameters = SEARCH_PARAMETERS) {
    this.params = params;
    this.codeWords = params.codeWords;
    this.packing = planCodePacking(params.codeWords);
  }

  /** True once {@link applyStopBits} ran (or a snapshot with stop bits was loaded). */
  get hasStopBits(): boolean {
    return this.masked;
  }

  /** The generation of the stop-bit masks in force ({generation: 0} before any). */
  get stopBitsGeneration(): StopBitsGeneration {
    return this.generation;
  }

  /** The stop-bit masks (10 × codeWords words, 1 = bit kept). */
  get stopMasks(): Uint32Array {
    return this.packing.masks;
  }

  /** How stored codes are packed; a probe is packed alike before the scan (see computeProbeCodes). */
  get codePacking(): CodePacking {
    return this.packing;
  }

  /**
   * Drops the most common code bits. Some pair features occur in most fingers (neighbouring
   * ridges run nearly parallel), so their bits say little and make "hub" fingers that resemble
   * everyone; like stop words in text retrieval, the `share` most frequent bits of each finger
   * position are cleared from every stored code (and from probes at search time). Measured on
   * 20 k synthetic subjects: dropping 25 % took the 90th percentile rank of mates from 19 to 2.
   * The kept bits are then packed (see pack-finger-code.ts): stored codes get shorter and the
   * scan reads that much less memory. Masks only grow (cleared bits cannot come back), so call
   * it once the gallery is representative (after loading); later enrolments are packed as they
   * come. Cost: two passes over every code (O(bits set)), into new subject chunks.
   */
  applyStopBits(share = this.params.stopBitShare): void {
    this.applyStopMasks(this.computeStopMasks(share), { generation: this.generation.generation + 1, subjects: this.alive });
  }

  /**
   * The masks {@link applyStopBits} would apply (10 × codeWords words, 1 = bit kept), from the
   * subjects held now, without applying them: several processes holding parts of one gallery
   * share one set (see syncGalleryWithStore), so their first-stage scores are the same.
   */
  computeStopMasks(share = this.params.stopBitShare): Uint32Array {
    const hist = this.newBitCounts();
    for (let c = 0; c < this.views.length; c++) this.countCodeBits(hist, c, 0, SUBJECTS_PER_CHUNK);
    return this.stopMasksFromCounts(hist, share);
  }

  /**
   * {@link computeStopMasks} `STEP_SLOTS` subjects at a time, awaiting `pause()` in between, so a
   * large gallery does not hold the event loop (renew-stop-bits.ts). Do not change the gallery
   * until it resolves.
   */
  async computeStopMasksInSteps(pause: () => Promise<void>, share = this.params.stopBitShare): Promise<Uint32Array> {
    const hist = this.newBitCounts();
    for (let c = 0; c < this.views.length; c++) {
      for (let s0 = 0; s0 < SUBJECTS_PER_CHUNK; s0 += STEP_SLOTS) {
        if (c * SUBJECTS_PER_CHUNK + s0 >= this.slotCount) break;
        this.countCodeBits(hist, c, s0, s0 + STEP_SLOTS);
        await pause();
      }
    }
    return this.stopMasksFromCounts(hist, share);
  }

  private newBitCounts(): Int32Array {
    return new Int32Array(FINGERS * this.packing.stride * 4 * 256);
  }

  /**
   * Adds the stored codes of chunk c's slots [s0, s1) to `hist`: how often each stored bit is
   * set, as a histogram of byte values per (finger, word, byte); per bit, the sum over the byte
   * values that have it is taken later (four counts per word, whatever its bits).
   */
  private countCodeBits(hist: Int32Array, c: number, s0: number, s1: number): void {
    const C = this.packing.stride;
    const v = this.views[c];
    const slots = Math.min(s1, SUBJECTS_PER_CHUNK, this.slotCount - c * SUBJECTS_PER_CHUNK);
    for (let f = 0; f < FINGERS; f++) {
      for (let s = s0; s < slots; s++) {
        const e = fingerEntry(s, f);
        if (v.status[s] !== SLOT_ALIVE || v.addr[e] === NO_FINGER) continue;
        for (let w = 0; w < C; w++) {
          const x = v.codes[e * C + w];
          if (x === 0) continue;
          const h = (f * C + w) * 1024;
          hist[h + (x & 0xff)]++;
          hist[h + 256 + ((x >>> 8) & 0xff)]++;
          hist[h + 512 + ((x >>> 16) & 0xff)]++;
          hist[h + 768 + (x >>> 24)]++;
        }
      }
    }
  }

  /** The masks dropping the `share` most frequent bits of each position, from {@link countCodeBits}' counts. */
  private stopMasksFromCounts(hist: Int32Array, share: number): Uint32Array {
    const P = this.packing;
    const W = this.codeWords;
    const C = P.stride;
    const bits = W * 32;
    const freq = new Float64Array(FINGERS * bits);
    for (let f = 0; f < FINGERS; f++) {
      for (let sb = 0; sb < C * 32; sb++) {
        const c = P.source[f * C * 32 + sb];
        if (c < 0) continue;
        const h = (f * C + (sb >>> 5)) * 1024 + ((sb >>> 3) & 3) * 256;
        const bit = 1 << (sb & 7);
        let n = 0;
        for (let value = 1; value < 256; value++) if (value & bit) n += hist[h + value];
        freq[f * bits + c] = n;
      }
    }
    const masks = Uint32Array.from(P.masks);
    const drop = Math.floor(share * bits);
    for (let f = 0; f < FINGERS; f++) {
      const order = Array.from({ length: bits }, (_, b) => b).sort((a, b) => freq[f * bits + b] - freq[f * bits + a] || a - b);
      for (let k = 0; k < drop; k++) {
        if (freq[f * bits + order[k]] === 0) break;
        masks[f * W + (order[k] >>> 5)] &= ~(1 << (order[k] & 31));
      }
    }
    return masks;
  }

  /**
   * Drops the code bits cleared in `masks` (from {@link computeStopMasks}, here or in another
   * process) from every stored code and from probes, and records their `generation` (default:
   * the first, computed from the subjects held now). AFIS_VALIDATION when the masks are not
   * 10 × codeWords words or the gallery already has other masks (cleared bits cannot come back:
   * a new generation goes into a gallery built again, see renew-stop-bits.ts); the same masks
   * again only update the generation record.
   */
  applyStopMasks(masks: Uint32Array, generation: StopBitsGeneration = { generation: 1, subjects: this.alive }): void {
    if (masks.length !== FINGERS * this.codeWords) throw new StoreError('AFIS_VALIDATION', `stop-bit masks of ${masks.length} words, expected ${FINGERS * this.codeWords}`);
    if (!Number.isInteger(generation.generation) || generation.generation < 1 || !(generation.subjects >= 0)) {
      throw new StoreError('AFIS_VALIDATION', `stop-bit generation ${generation.generation} (from ${generation.subjects} subjects) is not one`);
    }
    if (this.masked) {
      if (!masks.every((m, i) => m === this.packing.masks[i])) throw new StoreError('AFIS_VALIDATION', 'the gallery already has other stop-bit masks');
    } else {
      this.relayout(planCodePacking(this.codeWords, Uint32Array.from(masks)));
      this.masked = true;
    }
    this.generation = { generation: generation.generation, subjects: generation.subjects };
  }

  /**
   * {@link applyStopMasks} on a gallery without masks, `STEP_SLOTS` subjects at a time, awaiting
   * `pause()` between chunks (renew-stop-bits.ts, on a gallery not yet in service). Do not
   * search or change the gallery until it resolves.
   */
  async applyStopMasksInSteps(masks: Uint32Array, generation: StopBitsGeneration, pause: () => Promise<void>): Promise<void> {
    if (this.masked || masks.length !== FINGERS * this.codeWords) {
      this.applyStopMasks(masks, generation);
      return;
    }
    const next = planCodePacking(this.codeWords, Uint32Array.from(masks));
    const chunks: { mem: WebAssembly.Memory; views: SubjectChunkViews }[] = [];
    for (let c = 0; c < this.views.length; c++) {
      const to = this.newChunkLike(c, next);
      for (let s0 = 0; s0 < SUBJECTS_PER_CHUNK; s0 += STEP_SLOTS) {
        if (c * SUBJECTS_PER_CHUNK + s0 >= this.slotCount) break;
        this.repackSlots(c, to.views, next, s0, s0 + STEP_SLOTS);
        await pause();
      }
      chunks.push(to);
    }
    chunks.forEach((x, c) => {
      this.subjectChunks[c] = x.mem;
      this.views[c] = x.views;
    });
    this.packing = next;
    this.masked = true;
    this.applyStopMasks(masks, generation);
  }

  /** Rewrites every subject chunk for a new packing (new buffers; snapshots keep the old ones). */
  private relayout(next: CodePacking): void {
    for (let c = 0; c < this.views.length; c++) {
      const to = this.newChunkLike(c, next);
      this.repackSlots(c, to.views, next, 0, SUBJECTS_PER_CHUNK);
      this.subjectChunks[c] = to.mem;
      this.views[c] = to.views;
    }
    this.packing = next;
  }

  /** A new subject chunk for packing `next` with chunk c's entries and metadata (codes still to repack). */
  private newChunkLike(c: number, next: CodePacking): { mem: WebAssembly.Memory; views: SubjectChunkViews } {
    const ov = this.views[c];
    const mem = createSubjectChunk(next.stride);
    const nv = subjectChunkViews(mem.buffer, next.stride);
    nv.addr.set(ov.addr);
    nv.info.set(ov.info);
    nv.memberState.set(ov.memberState);
    nv.status.set(ov.status);
    nv.category.set(ov.category);
    nv.flags.set(ov.flags);
    nv.tieKeys.set(ov.tieKeys);
    return { mem, views: nv };
  }

  /** Repacks the codes of chunk c's slots [s0, s1) from the current packing into `nv` for packing `next`. */
  private repackSlots(c: number, nv: SubjectChunkViews, next: CodePacking, s0: number, s1: number): void {
    const from = this.packing;
    const ov = this.views[c];
    const slots = Math.min(s1, SUBJECTS_PER_CHUNK, this.slotCount - c * SUBJECTS_PER_CHUNK);
    for (let f = 0; f < FINGERS; f++) {
      for (let s = s0; s < slots; s++) {
        const e = fingerEntry(s, f);
        if (ov.addr[e] === NO_FINGER) continue;
        const pc = repackFingerCode(from, next, f, ov.codes, e * from.stride, nv.codes, e * next.stride);
        nv.info[e] = (ov.info[e] & 0xffff) | ((pc & 0xffff) << 16);
      }
    }
  }

  /** Number of subjects in the gallery. */
  get size(): number {
    return this.alive;
  }

  has(id: string): boolean {
    return this.idToSlot.has(id);
  }

  /**
   * Adds a subject or replaces the one with the same id. `fingers` holds positions 1–10 at
   * most once each; other positions (plain thumbs, slaps) are ignored by the gallery. Templates
   * at another resolution are rescaled to 500 ppi. Cost: O(minutiae²) for the codes.
   */
  put(id: string, fingers: readonly GalleryFinger[], meta: SubjectMeta = {}, digest = 0): void {
    const enc: (EncodedFinger | null)[] = new Array(FINGERS).fill(null);
    for (const f of fingers) {
      if (!Number.isInteger(f.position) || f.position < 1 || f.position > 15) {
        throw new StoreError('AFIS_VALIDATION', `subject ${id}: finger position ${f.position} is not 1–15`);
      }
      if (f.position > FINGERS) continue;
      if (enc[f.position - 1]) throw new StoreError('AFIS_VALIDATION', `subject ${id}: finger position ${f.position} given twice`);
      // a template from outside the store may be malformed: AFIS_TEMPLATE_INVALID, nothing stored
      enc[f.position - 1] = encodeFinger(flattenTemplate(validateTemplate(f.template)), this.params);
    }
    this.putEncoded(id, enc, meta, digest);
  }

  /**
   * Adds or replaces a subject from already encoded fingers (index 0..9 = positions 1..10; codes
   * as computed, `codeWords` words: they are masked and packed here).
   */
  putEncoded(id: string, fingers: readonly (EncodedFinger | null)[], meta: SubjectMeta = {}, digest = 0): void {
    const { v, s } = this.place(id, digest);
    const C = this.packing.stride;
    for (let fi = 0; fi < FINGERS; fi++) {
      const f = fingers[fi];
      const e = fingerEntry(s, fi);
      if (!f) {
        v.addr[e] = NO_FINGER;
        v.info[e] = 0;
        v.codes.fill(0, e * C, (e + 1) * C);
        continue;
      }
      const pc = packFingerCode(this.packing, fi, f.code, 0, v.codes, e * C);
      this.storeMinutiae(v, e, f.words, f.count, (f.quality & 0x7f) | (f.minutiaQualityNotReported ? FINGER_INFO_QUALITY_NOT_REPORTED >>> 8 : 0), pc);
    }
    this.setSlotMeta(v, s, meta);
  }

  /** A slot for `id` (its own when present, its fingers released; else a new one). */
  private place(id: string, digest: number): { v: SubjectChunkViews; s: number } {
    if (typeof id !== 'string' || id.length === 0) throw new StoreError('AFIS_VALIDATION', 'subject id must be a non-empty string');
    let slot = this.idToSlot.get(id);
    if (slot === undefined) {
      slot = this.newSlot();
      this.slotIds[slot] = id;
      setTieKey(this.views[slot >>> SUBJECT_CHUNK_BITS], slot & (SUBJECTS_PER_CHUNK - 1), id);
      this.idToSlot.set(id, slot);
      this.alive++;
    } else {
      this.releaseFingers(slot);
    }
    this.digests[slot] = digest >>> 0;
    this.clearCoarse(slot);
    return { v: this.views[slot >>> SUBJECT_CHUNK_BITS], s: slot & (SUBJECTS_PER_CHUNK - 1) };
  }

  /**
   * Copies a finger's compact words into the pool and sets its entry (its code is already in
   * place). `qualityByte`: bits 8–15 of the info word, the finger quality and the "not reported" flag.
   */
  private storeMinutiae(v: SubjectChunkViews, e: number, words: Uint32Array, count: number, qualityByte: number, popcount: number): void {
    const at = this.allocate(words.length);
    this.poolViews[at >>> POOL_CHUNK_BITS].set(words, at & (POOL_CHUNK_WORDS - 1));
    v.info[e] = (count & 0xff) | ((qualityByte & 0xff) << 8) | ((popcount & 0xffff) << 16);
    v.addr[e] = at;
    this.liveWords += words.length;
    this.fingerCount++;
  }

  private setSlotMeta(v: SubjectChunkViews, s: number, meta: SubjectMeta): void {
    v.category[s] = (meta.category ?? 0) & 0xff;
    v.memberState[s] = encodeMemberState(meta.memberState);
    v.flags[s] = (meta.flags ?? 0) & 0xff;
    v.status[s] = SLOT_ALIVE;
  }

  /** Subjects whose fingers are still the ones loaded from an earlier snapshot format (see upgradeCoarseSubjects). */
  get coarseSubjects(): number {
    return this.coarseLeft;
  }

  /** True while `id`'s fingers are the ones loaded from an earlier snapshot format (no put since the snapshot was loaded). */
  isCoarse(id: string): boolean {
    const slot = this.idToSlot.get(id);
    return slot !== undefined && this.coarse[slot] === 1;
  }

  /**
   * Up to `limit` ids of coarse subjects from slot `from` on, and the slot to continue from
   * (`end` when no slot is left after it; slots are renumbered by compact, so a caller starts
   * again from 0 at the end while some are left).
   */
  coarseIds(limit: number, from = 0): { ids: string[]; next: number; end: boolean } {
    const ids: string[] = [];
    let slot = Math.max(0, from);
    for (; slot < this.slotCount && ids.length < limit; slot++) if (this.coarse[slot] === 1) ids.push(this.slotIds[slot]);
    return { ids, next: slot, end: slot >= this.slotCount };
  }

  private clearCoarse(slot: number): void {
    if (this.coarse[slot] === 1) {
      this.coarse[slot] = 0;
      this.coarseLeft--;
    }
  }

  /** The digest recorded with a subject's last put (0 = none), or undefined when absent. */
  digestOf(id: string): number | undefined {
    const slot = this.idToSlot.get(id);
    return slot === undefined ? undefined : this.digests[slot];
  }

  /** Ids of every subject (a copy). */
  ids(): string[] {
    return [...this.idToSlot.keys()];
  }

  /** Changes a subject's metadata (e.g. blocking it) without touching its fingers. */
  setMeta(id: string, meta: SubjectMeta): boolean {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return false;
    const v = this.views[slot >>> SUBJECT_CHUNK_BITS];
    const s = slot & (SUBJECTS_PER_CHUNK - 1);
    if (meta.category !== undefined) v.category[s] = meta.category & 0xff;
    if (meta.memberState !== undefined) v.memberState[s] = encodeMemberState(meta.memberState);
    if (meta.flags !== undefined) v.flags[s] = meta.flags & 0xff;
    return true;
  }

  /** The metadata of a subject, or undefined. */
  getMeta(id: string): Required<SubjectMeta> | undefined {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return undefined;
    const v = this.views[slot >>> SUBJECT_CHUNK_BITS];
    const s = slot & (SUBJECTS_PER_CHUNK - 1);
    return { category: v.category[s], memberState: decodeMemberState(v.memberState[s]), flags: v.flags[s] };
  }

  /** Slots of the known ids among `ids`, as an unscored scan result (for searches restricted to them). */
  slotsOf(ids: readonly string[]): { slots: Int32Array; scores: Float64Array; eligible: number } {
    const slots = [...new Set(ids)].map((id) => this.idToSlot.get(id)).filter((s): s is number => s !== undefined);
    return { slots: Int32Array.from(slots), scores: new Float64Array(slots.length), eligible: slots.length };
  }

  /** Removes a subject (tombstone); false when it was not there. */
  remove(id: string): boolean {
    const slot = this.idToSlot.get(id);
    if (slot === undefined) return false;
    this.releaseFingers(slot);
    this.clearCoarse(slot);
    this.views[slot >>> SUBJECT_CHUNK_BITS].status[slot & (SUBJECTS_PER_CHUNK - 1)] = SLOT_REMOVED;
    this.idToSlot.delete(id);
    this.alive--;
    return true;
  }

  /**
   * The memory a search reads, the slot → id table and the code packing that go with it. The
   * returned arrays are never mutated in a way that changes an existing slot's id: compaction
   * makes new ones.
   */
  snapshot(): { memory: GalleryMemory; ids: readonly string[]; packing: CodePacking } {
    return {
      memory: { subjectChunks: this.subjectChunks.slice(), poolChunks: this.poolChunks.slice(), slotCount: this.slotCount, codeWords: this.codeWords, codeStride: this.packing.stride },
      ids: this.slotIds,
      packing: this.packing,
    };
  }

  /**
   * Counts and memory. Subject chunks count their data bytes: their scan lanes are address space
   * that takes memory only in the lanes threads have used (about 20 KB each).
   */
  stats(): GalleryStats {
    const chunkBytes = subjectChunkLayout(this.packing.stride).dataBytes;
    const allocatedBytes = this.subjectChunks.length * chunkBytes + this.poolChunks.length * POOL_CHUNK_WORDS * 4;
    const usedBytes = Math.round((this.slotCount / SUBJECTS_PER_CHUNK) * chunkBytes) + this.liveWords * 4;
    return {
      subjects: this.alive,
      fingers: this.fingerCount,
      allocatedBytes,
      usedBytes,
      bytesPerFinger: this.fingerCount ? usedBytes / this.fingerCount : 0,
      deadWords: this.deadWords,
    };
  }

  /**
   * Rewrites the gallery without removed subjects and dead pool words, into new buffers. Slots
   * are renumbered; snapshots taken before stay readable. Cost: O(live data).
   */
  compact(): void {
    const old = { views: this.views, pool: this.poolViews, ids: this.slotIds, slotCount: this.slotCount };
    const oldDigests = this.digests;
    const oldCoarse = this.coarse;
    this.digests = new Uint32Array(Math.max(1024, this.alive));
    this.coarse = new Uint8Array(this.digests.length);
    this.coarseLeft = 0;
    this.subjectChunks = [];
    this.views = [];
    this.poolChunks = [];
    this.poolViews = [];
    this.poolOffset = POOL_CHUNK_WORDS;
    this.slotIds = [];
    this.idToSlot = new Map();
    this.slotCount = 0;
    this.alive = 0;
    this.fingerCount = 0;
    this.liveWords = 0;
    this.deadWords = 0;
    const C = this.packing.stride;
    for (let slot = 0; slot < old.slotCount; slot++) {
      const ov = old.views[slot >>> SUBJECT_CHUNK_BITS];
      const os = slot & (SUBJECTS_PER_CHUNK - 1);
      if (ov.status[os] !== SLOT_ALIVE) continue;
      const { v, s } = this.place(old.ids[slot], oldDigests[slot]);
      if (oldCoarse[slot] === 1) {
        this.coarse[this.slotCount - 1] = 1;
        this.coarseLeft++;
      }
      for (let fi = 0; fi < FINGERS; fi++) {
        const oe = fingerEntry(os, fi);
        const e = fingerEntry(s, fi);
        const at = ov.addr[oe];
        if (at === NO_FINGER) {
          v.addr[e] = NO_FINGER;
          v.info[e] = 0;
          continue;
        }
        // stored codes are already packed: copied as they are
        v.codes.set(ov.codes.subarray(oe * C, (oe + 1) * C), e * C);
        const info = ov.info[oe];
        const count = info & 0xff;
        const off = at & (POOL_CHUNK_WORDS - 1);
        const pool = old.pool[at >>> POOL_CHUNK_BITS];
        this.storeMinutiae(v, e, pool.subarray(off, off + storedCompactWords(pool, off, count)), count, (info >>> 8) & 0xff, info >>> 16);
      }
      this.setSlotMeta(v, s, { category: ov.category[os], memberState: decodeMemberState(ov.memberState[os]), flags: ov.flags[os] });
    }
  }

  /**
   * Writes the whole gallery memory to `file` (a header line of JSON, then the raw chunks), so a
   * large gallery can be restored in seconds with {@link Gallery.loadSnapshot}. Synchronous:
   * call it when no mutation runs. Cost: one sequential write of the allocated memory.
   */
  saveSnapshot(file: string): void {
    const header = JSON.stringify({
      format: SNAPSHOT_FORMAT, codeWords: this.codeWords, codeStride: this.packing.stride, slotCount: this.slotCount, alive: this.alive, fingerCount: this.fingerCount,
      liveWords: this.liveWords, deadWords: this.deadWords, poolOffset: this.poolOffset,
      subjectChunks: this.subjectChunks.length, poolChunks: this.poolChunks.length, ids: this.slotIds,
      masked: this.masked, masks: Array.from(this.packing.masks), digests: true,
      ...(this.coarseLeft > 0 ? { coarse: true } : {}),
      stopBitsGeneration: this.generation.generation, stopBitsSubjects: this.generation.subjects,
    });
    const dataBytes = subjectChunkLayout(this.packing.stride).dataBytes;
    const fd = openSync(file, 'w');
    try {
      const head = Buffer.from(header + '\n');
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(head.length));
      writeSync(fd, len);
      writeSync(fd, head);
      const parts = [...this.subjectChunks.map((m) => new Uint8Array(m.buffer, 0, dataBytes)), ...this.poolChunks.map((b) => new Uint8Array(b))];
      for (const bytes of parts) {
        for (let off = 0; off < bytes.length; off += 1 << 26) writeSync(fd, bytes.subarray(off, Math.min(bytes.length, off + (1 << 26))));
      }
      writeSync(fd, new Uint8Array(this.digests.buffer, 0, this.slotCount * 4));
      // the subjects still to be re-encoded (a snapshot saved during an upgrade goes on from here)
      if (this.coarseLeft > 0) writeSync(fd, this.coarse.subarray(0, this.slotCount));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Restores a gallery written by {@link saveSnapshot} (or by the earlier format, whose chunks
   * held each subject's ten codes side by side: converted on the way in); throws
   * AFIS_STORE_CORRUPT when the file does not fit these parameters.
   */
  static loadSnapshot(file: string, params: SearchParameters = SEARCH_PARAMETERS): Gallery {
    const g = new Gallery(params);
    const fd = openSync(file, 'r');
    try {
      const len = Buffer.alloc(8);
      readSync(fd, len, 0, 8, 0);
      const headLen = Number(len.readBigUInt64LE());
      const head = Buffer.alloc(headLen);
      readSync(fd, head, 0, headLen, 8);
      const h = JSON.parse(head.toString('utf8')) as { format: string; codeWords: number; codeStride?: number; slotCount: number; alive: number; fingerCount: number; liveWords: number; deadWords: number; poolOffset: number; subjectChunks: number; poolChunks: number; ids: string[]; masked?: boolean; masks?: number[]; digests?: boolean; coarse?: boolean; stopBitsGeneration?: number; stopBitsSubjects?: number };
      const legacy = h.format === LEGACY_SNAPSHOT_FORMAT;
      const beforeAngleSteps = legacy || h.format === SNAPSHOT_FORMAT_2 || h.format === SNAPSHOT_FORMAT_3;
      const beforeMaps = beforeAngleSteps || h.format === SNAPSHOT_FORMAT_4;
      // format 5's fingers hold their maps' whole grids, which this format reads as they are
      if ((h.format !== SNAPSHOT_FORMAT && h.format !== SNAPSHOT_FORMAT_5 && !beforeMaps) || h.codeWords !== g.codeWords) throw new StoreError('AFIS_STORE_CORRUPT', `${file}: not a gallery snapshot for these parameters`);
      if (h.masked && h.masks?.length === FINGERS * g.codeWords) {
        g.packing = planCodePacking(g.codeWords, Uint32Array.from(h.masks));
        g.masked = true;
        // a snapshot written before generations: the first, from an unknown size (the threshold's)
        g.generation = { generation: h.stopBitsGeneration ?? 1, subjects: h.stopBitsSubjects ?? params.stopBitsMinSubjects };
      }
      if (!legacy && h.codeStride !== g.packing.stride) throw new StoreError('AFIS_STORE_CORRUPT', `${file}: stored codes of ${h.codeStride} words, expected ${g.packing.stride}`);
      let pos = 8 + headLen;
      const readInto = (bytes: Uint8Array): void => {
        for (let off = 0; off < bytes.length;) {
          const n = readSync(fd, bytes, off, Math.min(bytes.length - off, 1 << 26), pos);
          if (n <= 0) throw new StoreError('AFIS_STORE_CORRUPT', `${file}: truncated gallery snapshot`);
          off += n;
          pos += n;
        }
      };
      const layout = subjectChunkLayout(g.packing.stride);
      const legacyBytes = legacyChunkBytes(g.codeWords);
      for (let i = 0; i < h.subjectChunks; i++) {
        const mem = createSubjectChunk(g.packing.stride);
        const views = subjectChunkViews(mem.buffer, g.packing.stride);
        if (legacy) {
          const old = new ArrayBuffer(legacyBytes);
          readInto(new Uint8Array(old));
          convertLegacyChunk(old, views, g.packing, Math.min(SUBJECTS_PER_CHUNK, h.slotCount - i * SUBJECTS_PER_CHUNK));
        } else {
          readInto(new Uint8Array(mem.buffer, 0, layout.dataBytes));
        }
        g.subjectChunks.push(mem);
        g.views.push(views);
      }
      for (let i = 0; i < h.poolChunks; i++) {
        const buf = new SharedArrayBuffer(POOL_CHUNK_WORDS * 4);
        readInto(new Uint8Array(buf));
        g.poolChunks.push(buf);
        g.poolViews.push(new Uint32Array(buf));
      }
      g.digests = new Uint32Array(Math.max(1024, h.slotCount));
      if (h.digests && h.slotCount > 0) {
        const d = new ArrayBuffer(h.slotCount * 4);
        readInto(new Uint8Array(d));
        g.digests.set(new Uint32Array(d));
      }
      g.coarse = new Uint8Array(g.digests.length);
      if (h.coarse && h.slotCount > 0) readInto(g.coarse.subarray(0, h.slotCount));
      g.slotIds = h.ids;
      for (let slot = 0; slot < h.slotCount; slot++) {
        setTieKey(g.views[slot >>> SUBJECT_CHUNK_BITS], slot & (SUBJECTS_PER_CHUNK - 1), h.ids[slot]);
        if (g.views[slot >>> SUBJECT_CHUNK_BITS].status[slot & (SUBJECTS_PER_CHUNK - 1)] === SLOT_ALIVE) g.idToSlot.set(h.ids[slot], slot);
      }
      Object.assign(g, { slotCount: h.slotCount, alive: h.alive, fingerCount: h.fingerCount, liveWords: h.liveWords, deadWords: h.deadWords, poolOffset: h.poolOffset });
      if (beforeMaps) g.convertBeforeFormat5(beforeAngleSteps, h.digests === true);
      g.countCoarse();
      return g;
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError('AFIS_STORE_CORRUPT', `${file}: unreadable gallery snapshot (${(err as Error).message})`);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * After loading a snapshot written before format afis-gallery-5 (fingers without their
   * orientation map). Its header words are kept (convertCompactHeaderBeforeFormat5 changes only
   * a finger over 32,767 px tall, whose height's top bit is now the map flag), so every finger
   * reads back exactly as before: without a map, which the matcher's orientation agreement then
   * leaves out for that finger. With `minutiae` (formats 1–3: angles in 128 steps, quality in 4
   * levels; 1–2 also without the "not reported" flag) every stored minutia word is converted to
   * the current layout too (convertCompactWordBeforeFormat4: the same finger, searchable at once).
   * Each subject keeps its digest, so the start-up synchronisation with the store re-encodes
   * only the subjects changed since (in seconds, as with a current snapshot), and is marked
   * coarse: upgradeCoarseSubjects then encodes each again from its stored template (with its
   * orientation map when the template has one; for formats 1–3 also in 256 angle steps and with
   * the flag) in the background while the service runs (a full re-encoding at start-up kept the
   * service from listening for ≈ 26 min of one core per million subjects). A snapshot without
   * digests (the earliest) marks nothing: every subject is unknown and re-encoded by the
   * synchronisation. Cost O(stored minutiae).
   */
  private convertBeforeFormat5(minutiae: boolean, keepDigests: boolean): void {
    for (let slot = 0; slot < this.slotCount; slot++) {
      const v = this.views[slot >>> SUBJECT_CHUNK_BITS];
      const s = slot & (SUBJECTS_PER_CHUNK - 1);
      if (!keepDigests) this.digests[slot] = 0;
      if (v.status[s] === SLOT_EMPTY) continue;
      if (keepDigests && v.status[s] === SLOT_ALIVE) this.coarse[slot] = 1;
      for (let fi = 0; fi < FINGERS; fi++) {
        const e = fingerEntry(s, fi);
        const at = v.addr[e];
        if (at === NO_FINGER) continue;
        const pool = this.poolViews[at >>> POOL_CHUNK_BITS];
        const head = at & (POOL_CHUNK_WORDS - 1);
        pool[head] = convertCompactHeaderBeforeFormat5(pool[head]);
        if (!minutiae) continue;
        const count = fingerInfoCount(v.info[e]);
        for (let i = 0; i < count; i++) pool[head + 1 + i] = convertCompactWordBeforeFormat4(pool[head + 1 + i]);
      }
    }
  }

  /** Counts the coarse marks of live slots (after a load), dropping those of removed slots. */
  private countCoarse(): void {
    this.coarseLeft = 0;
    for (let slot = 0; slot < this.slotCount; slot++) {
      if (this.coarse[slot] !== 1) continue;
      if (this.views[slot >>> SUBJECT_CHUNK_BITS].status[slot & (SUBJECTS_PER_CHUNK - 1)] === SLOT_ALIVE) this.coarseLeft++;
      else this.coarse[slot] = 0;
    }
  }

  private newSlot(): number {
    const slot = this.slotCount;
    if (slot >= this.digests.length) {
      const grown = new Uint32Array(this.digests.length * 2);
      grown.set(this.digests);
      this.digests = grown;
    }
    if (slot >= this.coarse.length) {
      const grown = new Uint8Array(this.digests.length);
      grown.set(this.coarse);
      this.coarse = grown;
    }
    if ((slot >>> SUBJECT_CHUNK_BITS) >= this.views.length) {
      const mem = createSubjectChunk(this.packing.stride);
      this.subjectChunks.push(mem);
      this.views.push(subjectChunkViews(mem.buffer, this.packing.stride));
    }
    this.slotCount++;
    return slot;
  }

  private releaseFingers(slot: number): void {
    const v = this.views[slot >>> SUBJECT_CHUNK_BITS];
    const s = slot & (SUBJECTS_PER_CHUNK - 1);
    for (let fi = 0; fi < FINGERS; fi++) {
      const e = fingerEntry(s, fi);
      if (v.addr[e] === NO_FINGER || v.status[s] === SLOT_EMPTY) continue;
      const at = v.addr[e];
      const words = storedCompactWords(this.poolViews[at >>> POOL_CHUNK_BITS], at & (POOL_CHUNK_WORDS - 1), fingerInfoCount(v.info[e]));
      this.deadWords += words;
      this.liveWords -= words;
      this.fingerCount--;
      v.addr[e] = NO_FINGER;
      v.info[e] = 0; // the scan takes a zero popcount for "no finger"
    }
  }

  /** Pool address of `words` consecutive words; a block never spans two chunks. */
  private allocate(words: number): number {
    if (this.poolOffset + words > POOL_CHUNK_WORDS) {
      if (this.poolChunks.length >= MAX_POOL_CHUNKS) throw new StoreError('AFIS_STORE_UNAVAILABLE', 'gallery memory is full');
      const buf = new SharedArrayBuffer(POOL_CHUNK_WORDS * 4);
      this.poolChunks.push(buf);
      this.poolViews.push(new Uint32Array(buf));
      this.poolOffset = 0;
    }
    const at = ((this.poolChunks.length - 1) << POOL_CHUNK_BITS) + this.poolOffset;
    this.poolOffset += words;
    return at >>> 0;
  }
}

/** Subjects per step of the stepwise mask computation and repacking (≈ 20–50 ms of CPU each). */
const STEP_SLOTS = 1024;

/**
 * Snapshot format: chunks with codes per finger position, packed (see pack-finger-code.ts),
 * finger entries that may carry FINGER_INFO_QUALITY_NOT_REPORTED (gallery-layout.ts), minutia
 * words with angles in 256 steps and quality in 2 levels, and a finger's orientation map after
 * its minutiae when its header says so (encode-compact-finger.ts, COMPACT_MAP_FLAG), the map's
 * whole grid or only the box of its cells with print (COMPACT_MAP_BOXED).
 */
const SNAPSHOT_FORMAT = 'afis-gallery-6';
/** The same, before maps were boxed: every map a whole grid, which format 6 reads as it is (loaded as it is, nothing re-read). */
const SNAPSHOT_FORMAT_5 = 'afis-gallery-5';
/** The same, before fingers carried their orientation map: loaded as it is, every subject re-read (convertBeforeFormat5). */
const SNAPSHOT_FORMAT_4 = 'afis-gallery-4';
/** The same chunks with minutia words of angles in 128 steps and 4 quality levels: converted, every subject re-read (convertBeforeFormat5). */
const SNAPSHOT_FORMAT_3 = 'afis-gallery-3';
/** As format 3, before the "not reported" flag: converted and re-read alike. */
const SNAPSHOT_FORMAT_2 = 'afis-gallery-2';
/** The earlier format: each slot's ten entries and ten unpacked codes side by side. */
const LEGACY_SNAPSHOT_FORMAT = 'afis-gallery-1';

/** Bytes of a subject chunk of the earlier format. */
function legacyChunkBytes(codeWords: number): number {
  const s = SUBJECTS_PER_CHUNK;
  return s * FINGERS * 4 * (2 + codeWords) + s * 2 + s * 3;
}

/** Moves the first `slots` slots of an earlier-format chunk into a chunk of the current layout. */
function convertLegacyChunk(buf: ArrayBuffer, to: SubjectChunkViews, packing: CodePacking, slots: number): void {
  const S = SUBJECTS_PER_CHUNK;
  const W = packing.codeWords;
  const C = packing.stride;
  let off = 0;
  const addr = new Uint32Array(buf, off, S * FINGERS);
  off += S * FINGERS * 4;
  const info = new Uint32Array(buf, off, S * FINGERS);
  off += S * FINGERS * 4;
  const codes = new Uint32Array(buf, off, S * FINGERS * W);
  off += S * FINGERS * W * 4;
  to.memberState.set(new Uint16Array(buf, off, S));
  off += S * 2;
  to.status.set(new Uint8Array(buf, off, S));
  to.category.set(new Uint8Array(buf, off + S, S));
  to.flags.set(new Uint8Array(buf, off + 2 * S, S));
  for (let s = 0; s < Math.max(0, slots); s++) {
    for (let f = 0; f < FINGERS; f++) {
      const oe = s * FINGERS + f;
      const e = fingerEntry(s, f);
      to.addr[e] = addr[oe];
      to.info[e] = addr[oe] === NO_FINGER ? 0 : info[oe];
      if (addr[oe] === NO_FINGER) continue;
      const pc = packFingerCode(packing, f, codes, oe * W, to.codes, e * C);
      to.info[e] = (info[oe] & 0xffff) | ((pc & 0xffff) << 16);
    }
  }
}

/** Writes the tie key of `id` (subject-tie-key.ts) into chunk slot s. */
function setTieKey(v: SubjectChunkViews, s: number, id: string): void {
  const [hi, lo] = subjectTieKey(id);
  v.tieKeys[2 * s] = hi;
  v.tieKeys[2 * s + 1] = lo;
}
