import type { Database } from 'lmdb';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { subjectShard, type SubjectRecord, type SubjectScanOptions, type SubjectStore } from '../index/ports.js';
import { checkKey, checkLimit, checkShard, conflict } from './build-workflow-records.js';
import { attachFingerImages, decodeSubjectRecord, encodeFingerImage, encodeSubjectRecord } from './encode-subject-record.js';
import type { LmdbWriteQueue } from './lmdb-write-queue.js';

export interface EmbeddedSubjectDbs {
  /** id → encoded record (images excluded) */
  readonly subjects: Database<Uint8Array, string>;
  /** [id, position] → encoded finger image */
  readonly images: Database<Uint8Array, [string, number]>;
  /** referenceNumber → id */
  readonly refs: Database<string, string>;
}

interface Prepared {
  readonly record: SubjectRecord;
  readonly bytes: Uint8Array;
  readonly images: [number, Uint8Array][];
}

function prepare(s: SubjectRecord): Prepared {
  const bytes = encodeSubjectRecord(s);
  const images: [number, Uint8Array][] = [];
  for (const f of s.fingers) if (f.image) images.push([f.position, encodeFingerImage(f.imageFormat, f.image)]);
  return { record: s, bytes, images };
}

/**
 * Subjects in LMDB. A put writes record, images and reference entry in one transaction.
 * Reads are synchronous memory-mapped lookups wrapped in promises.
 */
export class EmbeddedSubjectStore implements SubjectStore {
  constructor(private readonly db: EmbeddedSubjectDbs, private readonly writes: LmdbWriteQueue) {}

  put(subject: SubjectRecord): Promise<void> {
    return this.putMany([subject]);
  }

  async putMany(subjects: readonly SubjectRecord[]): Promise<void> {
    const prepared = subjects.map(prepare);
    const refsInBatch = new Map<string, string>();
    for (const p of prepared) {
      const other = refsInBatch.get(p.record.referenceNumber);
      if (other !== undefined && other !== p.record.id) conflict(`reference number ${p.record.referenceNumber} is given to both ${other} and ${p.record.id}`);
      refsInBatch.set(p.record.referenceNumber, p.record.id);
    }
    await this.writes.run(() => {
      for (const p of prepared) this.writeOne(p);
    });
  }

  /** Runs inside a write transaction; throwing rolls the whole operation back. */
  private writeOne({ record, bytes, images }: Prepared): void {
    const { subjects, refs } = this.db;
    const owner = refs.get(record.referenceNumber);
    if (owner !== undefined && owner !== record.id) conflict(`reference number ${record.referenceNumber} belongs to subject ${owner}`);
    const old = subjects.get(record.id);
    if (old) {
      const oldRef = decodeSubjectRecord(old).referenceNumber;
      if (oldRef !== record.referenceNumber) refs.removeSync(oldRef);
    }
    this.removeImages(record.id);
    subjects.putSync(record.id, bytes);
    refs.putSync(record.referenceNumber, record.id);
    for (const [position, img] of images) this.db.images.putSync([record.id, position], img);
  }

  private removeImages(id: string): void {
    for (const key of this.db.images.getKeys({ start: [id, 0], end: [id, 256] })) this.db.images.removeSync(key);
  }

  async get(id: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined> {
    checkKey('subject id', id);
    const bytes = this.db.subjects.get(id);
    if (!bytes) return undefined;
    const record = decodeSubjectRecord(bytes);
    if (!options?.images) return record;
    const images = new Map<number, Uint8Array>();
    for (const { key, value } of this.db.images.getRange({ start: [id, 0], end: [id, 256] })) images.set(key[1], value);
    return attachFingerImages(record, images);
  }

  async getByReference(referenceNumber: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined> {
    checkKey('reference number', referenceNumber);
    const id = this.db.refs.get(referenceNumber);
    return id === undefined ? undefined : this.get(id, options);
  }

  async remove(id: string): Promise<boolean> {
    checkKey('subject id', id);
    return this.writes.run(() => {
      const old = this.db.subjects.get(id);
      if (!old) return false;
      const ref = decodeSubjectRecord(old).referenceNumber;
      if (this.db.refs.get(ref) === id) this.db.refs.removeSync(ref);
      this.removeImages(id);
      this.db.subjects.removeSync(id);
      return true;
    });
  }

  /** O(1): LMDB's own entry count (getCount would walk every key: ~60 ms per 300k). */
  async count(): Promise<number> {
    return (this.db.subjects.getStats() as { entryCount: number }).entryCount;
  }

  /**
   * Id order, one short read transaction per batch (a long-lived one would keep LMDB from
   * reusing freed pages while the gallery loads). Cost: one decode per subject of the shard;
   * the other shards' subjects are skipped by id before decoding.
   */
  async *scan(options?: SubjectScanOptions): AsyncIterable<SubjectRecord[]> {
    const batchSize = checkLimit(options?.batchSize, STORE_PARAMETERS.scanBatchSize);
    const shard = checkShard(options?.shard);
    let after: string | undefined;
    const subjects = this.db.subjects;
    for (;;) {
      const batch: SubjectRecord[] = [];
      let last: string | undefined;
      const range = after === undefined ? {} : { start: after, exclusiveStart: true };
      if (!shard) {
        for (const { key, value } of subjects.getRange({ ...range, limit: batchSize })) {
          last = key;
          batch.push(decodeSubjectRecord(value));
        }
      } else {
        // keys only, then the values of this shard's subjects: the others are never copied out
        for (const key of subjects.getKeys({ ...range, limit: batchSize * shard.count })) {
          last = key;
          if (subjectShard(key, shard.count) !== shard.index) continue;
          const value = subjects.get(key);
          if (value) batch.push(decodeSubjectRecord(value));
        }
      }
      if (batch.length > 0) yield batch;
      if (last === undefined) return;
      after = last;
    }
  }
}
