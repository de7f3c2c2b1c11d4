/**
 * The flat memory of the gallery, shared between the main thread and the search workers.
 *
 * Subjects live in fixed-size slots, grouped in subject chunks of {@link SUBJECTS_PER_CHUNK}
 * slots; each chunk is one SharedArrayBuffer holding, per slot, ten finger entries (address of
 * the finger's minutiae in the pool, and an info word), the ten first-stage codes, and the
 * subject's small metadata. Minutiae live in pool chunks of {@link POOL_CHUNK_WORDS} 32-bit words.
 * Growing adds chunks, so existing views stay valid and workers only need the new buffers.
 *
 * Thread-safety: only the owning {@link Gallery} (one thread) writes; readers in workers may
 * see a finger replaced under them (old or new finger, both well-formed), never torn metadata
 * of a finger slot that was valid when the search began.
 */

/** Subject slots per subject chunk. */
export const SUBJECTS_PER_CHUNK = 16384;
/** log2 of the 32-bit words per pool chunk (16 MB per chunk). */
export const POOL_CHUNK_BITS = 22;
export const POOL_CHUNK_WORDS = 1 << POOL_CHUNK_BITS;
/** Most pool chunks (addresses are 32-bit: chunk index in the high bits). */
export const MAX_POOL_CHUNKS = 1023;
/** Finger address meaning "no finger at this position". */
export const NO_FINGER = 0xffffffff;
/** Fingers per subject: positions 1..10 at index 0..9. */
export const FINGERS = 10;

/** Slot status values. */
export const SLOT_EMPTY = 0;
export const SLOT_ALIVE = 1;
export const SLOT_REMOVED = 2;

/**
 * What a worker needs to read the gallery: plain data and SharedArrayBuffers, so it can be
 * posted to a worker without copying the memory.
 */
export interface GalleryMemory {
  readonly subjectChunks: readonly SharedArrayBuffer[];
  readonly poolChunks: readonly SharedArrayBuffer[];
  /** Slots in use (alive or removed); slots ≥ this are empty. */
  readonly slotCount: number;
  /** 32-bit words per first-stage finger code. */
  readonly codeWords: number;
}

/** Typed views over one subject chunk. */
export interface SubjectChunkViews {
  /** [slot·10 + finger] pool address of the finger's block, or NO_FINGER. */
  readonly addr: Uint32Array;
  /** [slot·10 + finger] minutiae count (bits 0–7), finger quality (8–15), code popcount (16–31). */
  readonly info: Uint32Array;
  /** [(slot·10 + finger)·codeWords + w] first-stage code words. */
  readonly codes: Uint32Array;
  /** Member state code (see encodeMemberState), 0 none. */
  readonly memberState: Uint16Array;
  readonly status: Uint8Array;
  readonly category: Uint8Array;
  readonly flags: Uint8Array;
}

/** Bytes of one subject chunk for `codeWords` words per code. */
export function subjectChunkBytes(codeWords: number): number {
  const s = SUBJECTS_PER_CHUNK;
  return s * FINGERS * 4 * (2 + codeWords) + s * 2 + s * 3;
}

/** Views over a subject chunk buffer (cheap; cache them per buffer in hot paths). */
export function subjectChunkViews(buf: SharedArrayBuffer | ArrayBuffer, codeWords: number): SubjectChunkViews {
  const s = SUBJECTS_PER_CHUNK;
  let off = 0;
  const addr = new Uint32Array(buf, off, s * FINGERS);
  off += s * FINGERS * 4;
  const info = new Uint32Array(buf, off, s * FINGERS);
  off += s * FINGERS * 4;
  const codes = new Uint32Array(buf, off, s * FINGERS * codeWords);
  off += s * FINGERS * codeWords * 4;
  const memberState = new Uint16Array(buf, off, s);
  off += s * 2;
  const status = new Uint8Array(buf, off, s);
  off += s;
  const category = new Uint8Array(buf, off, s);
  off += s;
  const flags = new Uint8Array(buf, off, s);
  return { addr, info, codes, memberState, status, category, flags };
}

/** Reads a gallery's memory through cached typed views (used by both threads). */
export class GalleryReader {
  readonly subjects: SubjectChunkViews[];
  readonly pool: Uint32Array[];
  readonly slotCount: number;
  readonly codeWords: number;
  constructor(mem: GalleryMemory, cache?: WeakMap<object, unknown>) {
    this.slotCount = mem.slotCount;
    this.codeWords = mem.codeWords;
    this.subjects = mem.subjectChunks.map((b) => {
      const hit = cache?.get(b) as SubjectChunkViews | undefined;
      if (hit) return hit;
      const v = subjectChunkViews(b, mem.codeWords);
      cache?.set(b, v);
      return v;
    });
    this.pool = mem.poolChunks.map((b) => {
      const hit = cache?.get(b) as Uint32Array | undefined;
      if (hit) return hit;
      const v = new Uint32Array(b);
      cache?.set(b, v);
      return v;
    });
  }
}

/** Member state (ISO 3166 alpha-2, upper case A–Z) → 1..676; anything else → 0. */
export function encodeMemberState(ms: string | undefined): number {
  if (!ms || ms.length !== 2) return 0;
  const a = ms.charCodeAt(0) - 65;
  const b = ms.charCodeAt(1) - 65;
  if (a < 0 || a > 25 || b < 0 || b > 25) return 0;
  return a * 26 + b + 1;
}

export function decodeMemberState(code: number): string {
  if (code <= 0 || code > 676) return '';
  const v = code - 1;
  return String.fromCharCode(65 + Math.floor(v / 26), 65 + (v % 26));
}
