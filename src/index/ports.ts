/**
 * What the 1:N gallery needs from the outside world: a durable store of subject records.
 * The gallery declares this port; `src/store/` implements it (embedded LMDB or Redis) and only
 * `main.ts`/`app.ts` wire the two together. Nothing here imports a database client.
 *
 * Conventions used by every field below:
 * - times are UTC milliseconds since the Unix epoch (`Date.now()` scale);
 * - biometric templates are opaque bytes: the compact binary form written by
 *   `encodeTemplate` in `src/templates/` (the store never looks inside them);
 * - finger positions follow ANSI/NIST-ITL / ISO 19794: 1–10 fingers (1 right thumb … 10 left
 *   little), 11–15 plain thumbs and slaps.
 */

/** How a finger was captured. */
export type FingerImpression = 'rolled' | 'plain';

/** One stored finger of a subject. */
export interface StoredFinger {
  /** 1–10 fingers, 11–15 plain thumbs/slaps (ANSI/NIST-ITL finger position codes). */
  readonly position: number;
  readonly impression: FingerImpression;
  /** Finger quality 0–100 (100 best). */
  readonly quality: number;
  /** Opaque template bytes (`encodeTemplate` output); at most 65 535 bytes. */
  readonly template: Uint8Array;
  /**
   * Encoded capture bytes (e.g. WSQ or PNG) for the examiner's side-by-side view. Stored apart
   * from the record: only `get(id, { images: true })` returns them; `scan` never does.
   */
  readonly image?: Uint8Array;
  /** Format of `image` (`wsq`, `png`, ...), free text. */
  readonly imageFormat?: string;
}

/** A finger declared missing at capture (amputated, bandaged, ...). */
export interface MissingFinger {
  readonly position: number;
  readonly reason: string;
}

/**
 * A gallery record: one person's ten-print set and the Eurodac data that goes with it
 * (domain.md, "Records"). `id` is our internal key; `referenceNumber` is the member state's
 * Eurodac reference and is unique among stored subjects.
 */
export interface SubjectRecord {
  readonly id: string;
  readonly referenceNumber: string;
  /** ISO 3166 alpha-2 of the member state of origin, e.g. `BE`. */
  readonly memberState: string;
  /** Eurodac category digit of the regime in force (1, 2, 3, ...). */
  readonly category: number;
  readonly sex?: string;
  /** Operator who took the prints. */
  readonly operatorId?: string;
  /** Place of application or apprehension (free text). */
  readonly place?: string;
  /** Date of application or apprehension. */
  readonly applicationAt?: number;
  /** Date the prints were taken (retention runs from here). */
  readonly capturedAt: number;
  /** Date the record was sent to / received from the central system. */
  readonly sentAt?: number;
  /** End of the retention period; a sweep erases the record after it. */
  readonly retentionUntil?: number;
  /** Status dates (absent = not marked / blocked / erased). */
  readonly markedAt?: number;
  readonly blockedAt?: number;
  readonly erasedAt?: number;
  /** Up to 15 fingers, at most one per position. */
  readonly fingers: readonly StoredFinger[];
  readonly missingFingers?: readonly MissingFinger[];
  /**
   * Further JSON-serialisable data the regime adds (the recast's names, nationality, travel
   * document...). Stored as is; keep biometric data out of it.
   */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** One shard of the gallery: subjects whose {@link subjectShard} equals `index`. */
export interface ShardSelector {
  /** 0 ≤ index < count. */
  readonly index: number;
  /** Number of shards, ≥ 1. */
  readonly count: number;
}

export interface SubjectScanOptions {
  /** Records per yielded batch (default 1000). */
  readonly batchSize?: number;
  /** Only the subjects of this shard. */
  readonly shard?: ShardSelector;
}

/**
 * The gallery's durable record store.
 *
 * Atomicity: a `put` writes the record, its images and its reference-number entry together;
 * a killed process leaves either the old or the new subject, never part of one. A resolved
 * promise means the write is durable (see `src/store/README.md` for what "durable" means for
 * each implementation).
 *
 * Thread-safety: an instance may be used by many concurrent async callers in one process;
 * several processes may share one Redis (or, for LMDB, one data directory on one machine).
 */
export interface SubjectStore {
  /**
   * Inserts or replaces a subject (same id). Fails with AFIS_CONFLICT when another subject
   * already holds the reference number, AFIS_VALIDATION when the record is malformed.
   */
  put(subject: SubjectRecord): Promise<void>;
  /** Several puts in one atomic write (all or none); faster for bulk imports. */
  putMany(subjects: readonly SubjectRecord[]): Promise<void>;
  /** The subject, or undefined. Finger images are included only with `{ images: true }`. */
  get(id: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined>;
  /** The subject holding this Eurodac reference number, or undefined. */
  getByReference(referenceNumber: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined>;
  /** Removes a subject with its images and reference entry; false when it did not exist. */
  remove(id: string): Promise<boolean>;
  /** Number of stored subjects. */
  count(): Promise<number>;
  /**
   * Streams every subject (without images) in batches, in id order, for loading the gallery
   * at start-up. Templates in the yielded records may be views into a shared buffer: copy
   * them if you keep them beyond the batch (the gallery copies into its flat memory anyway).
   * Writes made during a scan may or may not be seen.
   */
  scan(options?: SubjectScanOptions): AsyncIterable<SubjectRecord[]>;
  /**
   * A gallery setting every process reading this store must share (the first-stage stop-bit
   * masks and their generation: shards and a single process score alike only with the same
   * ones): the bytes stored under `name`, or undefined. Optional: without it each process
   * keeps its own.
   */
  readSetting?(name: string): Promise<Uint8Array | undefined>;
  /**
   * Compare-and-set: stores `value` under `name` when the stored bytes equal `expected`
   * (undefined: when nothing is stored), atomically; returns the stored bytes afterwards (the
   * new value, or what another process stored first). With readSetting or not at all.
   */
  swapSetting?(name: string, expected: Uint8Array | undefined, value: Uint8Array): Promise<Uint8Array>;
}

/**
 * The shard a subject belongs to: FNV-1a (32-bit) of the UTF-8 id, modulo `count`. The store's
 * scan filter and the gallery's routing of new enrolments both use this function, so they
 * agree on who owns which subject. Cost: O(length of id).
 */
export function subjectShard(id: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    let c = id.charCodeAt(i);
    // hash UTF-8 bytes so the result does not depend on the JS string representation
    if (c < 0x80) {
      h = Math.imul(h ^ c, 0x01000193);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < id.length) {
      const d = id.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    const bytes = c < 0x800 ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
      : c < 0x10000 ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
        : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  }
  return (h >>> 0) % count;
}
