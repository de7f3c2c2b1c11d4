/**
 * The flat memory of the gallery, shared between the main thread and the search workers.
 *
 * Subjects live in fixed-size slots, grouped in subject chunks of {@link SUBJECTS_PER_CHUNK}
 * slots; each chunk is one shared WebAssembly memory (its buffer is a SharedArrayBuffer, and the
 * scan kernel can read it) holding, per finger position, the first-stage codes of every slot, then
 * the finger entries (address of the finger's minutiae in the pool, and an info word), then the
 * subjects' small metadata, then each slot's tie key (the shortlist's order among equal scores),
 * then the scan lanes. Minutiae live in pool chunks of
 * {@link POOL_CHUNK_WORDS} 32-bit words. Growing adds chunks, so existing views stay valid and
 * workers only need the new buffers.
 *
 * Why codes are stored per finger position (structure of arrays): the scan reads, for each
 * finger the probe has, one contiguous stream of codes; positions the probe lacks are not read
 * at all, and the stride of a code is exactly the words it holds (see `codeStride`), so the
 * memory read per search is the bytes of the codes compared and nothing else.
 *
 * Thread-safety: only the owning {@link Gallery} (one thread) writes the data; readers in workers
 * may see a finger replaced under them (old or new finger, both well-formed), never torn metadata
 * of a finger slot that was valid when the search began. Scan lanes are written by the thread
 * that holds them (see scan-gallery-codes.ts).
 */

/** Subject slots per subject chunk. */
export const SUBJECTS_PER_CHUNK = 16384;
/** log2 of {@link SUBJECTS_PER_CHUNK}. */
export const SUBJECT_CHUNK_BITS = 14;
/** log2 of the 32-bit words per pool chunk (16 MB per chunk). */
export const POOL_CHUNK_BITS = 22;
export const POOL_CHUNK_WORDS = 1 << POOL_CHUNK_BITS;
/** Most pool chunks (addresses are 32-bit: chunk index in the high bits). */
export const MAX_POOL_CHUNKS = 1023;
/** Finger address meaning "no finger at this position". */
export const NO_FINGER = 0xffffffff;
/** Fingers per subject: positions 1..10 at index 0..9. */
export const FINGERS = 10;
/**
 * Scan lanes per subject chunk: how many threads can scan one chunk at the same time with the
 * kernel (a lane holds one probe; a thread finding every lane taken scores in JavaScript). Lanes
 * never written take no physical memory.
 */
export const SCAN_LANES = 64;
/** Bytes of a lane's header before the probe codes (see scan-kernel.wat). */
export const LANE_HEADER_BYTES = 256;
/**
 * Subjects the kernel scores per block, one finger position at a time (see scan-kernel.wat):
 * 2,048–8,192 measured alike (bench/RESULTS.md, issue 15), 256 half as fast.
 */
export const SCAN_BLOCK = 4096;

/** Byte offsets, from the start of a lane, of its parts for a code stride (see scan-kernel.wat). */
export interface ScanLaneLayout {
  readonly probe: number;
  readonly mask: number;
  /** f64 per subject of the block. */
  readonly totals: number;
  /** i32 per subject of the block. */
  readonly list: number;
  /** One term table per present finger, {@link termTableEntries} (e, sqrt(e + 1)) f64 pairs each. */
  readonly tables: number;
  readonly bytes: number;
}

/** Entries of a term table: one per possible popcount g = 0 … stride·32 of a stored code. */
export const termTableEntries = (codeStride: number): number => codeStride * 32 + 1;

/** The parts of a scan lane: header, probe codes, eligibility mask, block totals and list, term tables. */
export function scanLaneLayout(codeStride: number): ScanLaneLayout {
  const probe = LANE_HEADER_BYTES;
  const mask = probe + FINGERS * codeStride * 4;
  const totals = align(mask + SUBJECTS_PER_CHUNK, 8);
  const list = totals + SCAN_BLOCK * 8;
  const tables = align(list + SCAN_BLOCK * 4, 8);
  const bytes = align(tables + FINGERS * termTableEntries(codeStride) * 16, 4096);
  return { probe, mask, totals, list, tables, bytes };
}

/**
 * Bit of a finger entry's info word: the finger's minutiae report no quality (all 0 in the
 * template, "not reported"; encode-compact-finger.ts, reportsMinutiaQuality). Set since snapshot
 * format afis-gallery-3. The finger quality below it is 0–100, so this bit was 0 in every entry
 * ever written: older snapshots read as "reported" (gallery.ts, loadSnapshot: every subject of a
 * snapshot before format afis-gallery-4 is re-read from the store).
 */
export const FINGER_INFO_QUALITY_NOT_REPORTED = 0x8000;
/** Minutiae stored for the finger of an info word. */
export const fingerInfoCount = (info: number): number => info & 0xff;
/** Finger quality 0–100 of an info word. */
export const fingerInfoQuality = (info: number): number => (info >>> 8) & 0x7f;
/** False when the finger's minutiae report no quality (see {@link FINGER_INFO_QUALITY_NOT_REPORTED}). */
export const fingerInfoReportsQuality = (info: number): boolean => (info & FINGER_INFO_QUALITY_NOT_REPORTED) === 0;

/** Slot status values. */
export const SLOT_EMPTY = 0;
export const SLOT_ALIVE = 1;
export const SLOT_REMOVED = 2;

/**
 * What a worker needs to read the gallery: plain data, shared memories and SharedArrayBuffers,
 * so it can be posted to a worker without copying the memory.
 */
export interface GalleryMemory {
  /** One shared WebAssembly memory per subject chunk (layout: {@link subjectChunkLayout}). */
  readonly subjectChunks: readonly WebAssembly.Memory[];
  readonly poolChunks: readonly SharedArrayBuffer[];
  /** Slots in use (alive or removed); slots ≥ this are empty. */
  readonly slotCount: number;
  /** 32-bit words per first-stage finger code as computed (`codeWords` of the parameters). */
  readonly codeWords: number;
  /**
   * 32-bit words per stored code: `codeWords`, or fewer once the stop bits are packed out of
   * every code (see Gallery.applyStopBits); a multiple of 8 (the kernel reads 32-byte blocks).
   */
  readonly codeStride: number;
}

/** Byte offsets of the parts of a subject chunk for a code stride. */
export interface SubjectChunkLayout {
  readonly codes: number;
  readonly addr: number;
  readonly info: number;
  readonly memberState: number;
  readonly status: number;
  readonly category: number;
  readonly flags: number;
  /** Bytes holding gallery data (what a snapshot saves): everything before the tie keys. */
  readonly dataBytes: number;
  /** Two 32-bit words per slot: the subject's tie key (subject-tie-key.ts), recomputed on load. */
  readonly tieKeys: number;
  readonly lanes: number;
  readonly laneBytes: number;
  /** 64 KiB WebAssembly pages of the whole chunk. */
  readonly pages: number;
}

/** The byte layout of a subject chunk whose codes take `codeStride` words. */
export function subjectChunkLayout(codeStride: number): SubjectChunkLayout {
  const s = SUBJECTS_PER_CHUNK;
  const codes = 0;
  const addr = codes + s * FINGERS * codeStride * 4;
  const info = addr + s * FINGERS * 4;
  const memberState = info + s * FINGERS * 4;
  const status = memberState + s * 2;
  const category = status + s;
  const flags = category + s;
  const dataBytes = flags + s;
  const tieKeys = align(dataBytes, 8);
  const lanes = align(tieKeys + s * 8, 4096);
  // header, the probe's codes, an eligibility mask of one byte per slot, block totals, term tables
  const laneBytes = scanLaneLayout(codeStride).bytes;
  const pages = Math.ceil((lanes + SCAN_LANES * laneBytes) / 65536);
  return { codes, addr, info, memberState, status, category, flags, dataBytes, tieKeys, lanes, laneBytes, pages };
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/** A new zeroed subject chunk (a shared WebAssembly memory of fixed size). */
export function createSubjectChunk(codeStride: number): WebAssembly.Memory {
  const { pages } = subjectChunkLayout(codeStride);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** Typed views over one subject chunk. Entry e of slot s and finger index f is `f·SUBJECTS_PER_CHUNK + s` (see {@link fingerEntry}). */
export interface SubjectChunkViews {
  readonly buffer: SharedArrayBuffer | ArrayBuffer;
  /** [e] pool address of the finger's block, or NO_FINGER. */
  readonly addr: Uint32Array;
  /**
   * [e] minutiae count (bits 0–7), finger quality 0–100 (8–14), bit 15
   * {@link FINGER_INFO_QUALITY_NOT_REPORTED}, code popcount (16–31); read with the fingerInfo* functions.
   */
  readonly info: Uint32Array;
  /** [e·codeStride + w] first-stage code words. */
  readonly codes: Uint32Array;
  /** Member state code (see encodeMemberState), 0 none. */
  readonly memberState: Uint16Array;
  readonly status: Uint8Array;
  readonly category: Uint8Array;
  readonly flags: Uint8Array;
  /** [2s] high and [2s + 1] low word of slot s's tie key (see subject-tie-key.ts). */
  readonly tieKeys: Uint32Array;
}

/** The entry of finger index `f` (0..9) of chunk slot `s`. */
export function fingerEntry(s: number, f: number): number {
  return f * SUBJECTS_PER_CHUNK + s;
}

/** Views over a subject chunk buffer (cheap; cache them per buffer in hot paths). */
export function subjectChunkViews(buf: SharedArrayBuffer | ArrayBuffer, codeStride: number): SubjectChunkViews {
  const s = SUBJECTS_PER_CHUNK;
  const l = subjectChunkLayout(codeStride);
  return {
    buffer: buf,
    addr: new Uint32Array(buf, l.addr, s * FINGERS),
    info: new Uint32Array(buf, l.info, s * FINGERS),
    codes: new Uint32Array(buf, l.codes, s * FINGERS * codeStride),
    memberState: new Uint16Array(buf, l.memberState, s),
    status: new Uint8Array(buf, l.status, s),
    category: new Uint8Array(buf, l.category, s),
    flags: new Uint8Array(buf, l.flags, s),
    tieKeys: new Uint32Array(buf, l.tieKeys, s * 2),
  };
}

/** Reads a gallery's memory through typed views (used by both threads). */
export class GalleryReader {
  readonly chunks: readonly WebAssembly.Memory[];
  readonly subjects: SubjectChunkViews[];
  readonly pool: Uint32Array[];
  readonly slotCount: number;
  readonly codeWords: number;
  readonly codeStride: number;
  constructor(mem: GalleryMemory) {
    this.slotCount = mem.slotCount;
    this.codeWords = mem.codeWords;
    this.codeStride = mem.codeStride;
    this.chunks = mem.subjectChunks;
    this.subjects = mem.subjectChunks.map((m) => subjectChunkViews(m.buffer, mem.codeStride));
    this.pool = mem.poolChunks.map((b) => new Uint32Array(b));
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
