import type { Redis } from 'ioredis';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { subjectShard, type SubjectRecord, type SubjectScanOptions, type SubjectStore } from '../index/ports.js';
import { checkKey, checkLimit, checkShard, conflict } from './build-workflow-records.js';
import { attachFingerImages, decodeSubjectRecord, encodeFingerImage, encodeSubjectRecord } from './encode-subject-record.js';
import { asBuffer, guarded, LuaScript, runScript, swapSetting } from './redis-connection.js';
import { StoreError } from '../core/index.js';

/*
 * Keys (P = prefix):
 *   P subjects            sorted set of subject ids, all score 0 (lexical order; ZCARD = count)
 *   P subject:{id}        string: the encoded record without images
 *   P subject-img:{id}    hash: finger position → encoded image
 *   P subject-refs        hash: reference number → id
 *   P subject-ref-of      hash: id → reference number
 *   P setting:{name}      string: a gallery setting shared by every process (stop-bit masks)
 */

// KEYS: 1 ids, 2 refs, 3 refOf, then per subject: record key, images key.
// ARGV: n, then per subject: id, ref, record, imageCount, (position, image) × imageCount.
const PUT = new LuaScript(`
local n = tonumber(ARGV[1])
local a = 2
for i = 1, n do
  local owner = redis.call('HGET', KEYS[2], ARGV[a + 1])
  if owner and owner ~= ARGV[a] then return {'CONFLICT', ARGV[a + 1], owner} end
  a = a + 4 + 2 * tonumber(ARGV[a + 3])
end
a = 2
for i = 1, n do
  local id, ref, ic = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 3])
  local rk, ik = KEYS[2 + 2 * i], KEYS[3 + 2 * i]
  local old = redis.call('HGET', KEYS[3], id)
  if old and old ~= ref and redis.call('HGET', KEYS[2], old) == id then redis.call('HDEL', KEYS[2], old) end
  redis.call('SET', rk, ARGV[a + 2])
  redis.call('HSET', KEYS[2], ref, id)
  redis.call('HSET', KEYS[3], id, ref)
  redis.call('ZADD', KEYS[1], 0, id)
  redis.call('DEL', ik)
  for j = 1, ic do redis.call('HSET', ik, ARGV[a + 2 + 2 * j], ARGV[a + 3 + 2 * j]) end
  a = a + 4 + 2 * ic
end
return {'OK'}
`);

// KEYS: ids, refs, refOf, record key, images key. ARGV: id.
const REMOVE = new LuaScript(`
if redis.call('EXISTS', KEYS[4]) == 0 then return 0 end
local ref = redis.call('HGET', KEYS[3], ARGV[1])
if ref and redis.call('HGET', KEYS[2], ref) == ARGV[1] then redis.call('HDEL', KEYS[2], ref) end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
`);

/** Subjects in Redis; each put/putMany is one Lua script, so it is applied whole or not at all. */
export class RedisSubjectStore implements SubjectStore {
  private readonly ids: string;
  private readonly refs: string;
  private readonly refOf: string;

  /** `waitReplicas` > 0: each put waits (Redis WAIT) until that many replicas have it, else AFIS_STORE_UNAVAILABLE. */
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly waitReplicas = 0) {
    this.ids = `${prefix}subjects`;
    this.refs = `${prefix}subject-refs`;
    this.refOf = `${prefix}subject-ref-of`;
  }

  private recordKey(id: string): string {
    return `${this.prefix}subject:${id}`;
  }

  private imagesKey(id: string): string {
    return `${this.prefix}subject-img:${id}`;
  }

  put(subject: SubjectRecord): Promise<void> {
    return this.putMany([subject]);
  }

  async putMany(subjects: readonly SubjectRecord[]): Promise<void> {
    const encoded = subjects.map((s) => ({ s, bytes: encodeSubjectRecord(s) }));
    const refsInBatch = new Map<string, string>();
    for (const { s } of encoded) {
      const other = refsInBatch.get(s.referenceNumber);
      if (other !== undefined && other !== s.id) conflict(`reference number ${s.referenceNumber} is given to both ${other} and ${s.id}`);
      refsInBatch.set(s.referenceNumber, s.id);
    }
    // one script call: the whole batch is applied atomically (the server runs nothing else
    // meanwhile, so callers should keep batches to a few hundred subjects)
    const keys = [this.ids, this.refs, this.refOf];
    const args: (string | Buffer | number)[] = [encoded.length];
    for (const { s, bytes } of encoded) {
      keys.push(this.recordKey(s.id), this.imagesKey(s.id));
      const images = s.fingers.filter((f) => f.image);
      args.push(s.id, s.referenceNumber, asBuffer(bytes), images.length);
      for (const f of images) args.push(f.position, asBuffer(encodeFingerImage(f.imageFormat, f.image as Uint8Array)));
    }
    const reply = await runScript(this.redis, PUT, keys, args) as string[];
    if (reply[0] === 'CONFLICT') conflict(`reference number ${reply[1]} belongs to subject ${reply[2]}`);
    if (this.waitReplicas > 0) {
      // WAIT covers every write sent before it on this connection, this script included
      const acked = Number(await guarded(this.redis.call('WAIT', this.waitReplicas, STORE_PARAMETERS.waitReplicasTimeoutMs)));
      if (acked < this.waitReplicas) {
        throw new StoreError('AFIS_STORE_UNAVAILABLE', `the enrolment is on the Redis primary but only ${acked} of ${this.waitReplicas} replicas acknowledged it within ${STORE_PARAMETERS.waitReplicasTimeoutMs} ms`);
      }
    }
  }

  async get(id: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined> {
    checkKey('subject id', id);
    return readSubjectRecord(this.redis, this.recordKey(id), this.imagesKey(id), options?.images === true);
  }


  async getByReference(referenceNumber: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined> {
    checkKey('reference number', referenceNumber);
    const id = await guarded(this.redis.hget(this.refs, referenceNumber));
    if (id === null) return undefined;
    const rec = await this.get(id, options);
    // a concurrent re-put may have moved the reference in between
    return rec?.referenceNumber === referenceNumber ? rec : undefined;
  }

  async remove(id: string): Promise<boolean> {
    checkKey('subject id', id);
    const n = await runScript(this.redis, REMOVE, [this.ids, this.refs, this.refOf, this.recordKey(id), this.imagesKey(id)], [id]);
    return n === 1;
  }

  async readSetting(name: string): Promise<Uint8Array | undefined> {
    checkKey('setting name', name);
    return (await guarded(this.redis.getBuffer(`${this.prefix}setting:${name}`))) ?? undefined;
  }

  async swapSetting(name: string, expected: Uint8Array | undefined, value: Uint8Array): Promise<Uint8Array> {
    checkKey('setting name', name);
    return swapSetting(this.redis, `${this.prefix}setting:${name}`, name, expected, value);
  }


  async count(): Promise<number> {
    return guarded(this.redis.zcard(this.ids));
  }

  /**
   * Id pages from the sorted set (ZRANGEBYLEX), then one MGET per batch. The shard filter is
   * applied to the ids, so other shards' records are never transferred. The next page is
   * fetched while the caller works on the current one (Redis and this process overlap).
   */
  async *scan(options?: SubjectScanOptions): AsyncIterable<SubjectRecord[]> {
    const batchSize = checkLimit(options?.batchSize, STORE_PARAMETERS.scanBatchSize);
    const shard = checkShard(options?.shard);
    const fetchPage = async (after: string): Promise<{ next: string; values: (Buffer | null)[] } | undefined> => {
      const ids = await guarded(this.redis.zrangebylex(this.ids, after, '+', 'LIMIT', 0, batchSize * (shard?.count ?? 1)));
      if (ids.length === 0) return undefined;
      const mine = shard ? ids.filter((id) => subjectShard(id, shard.count) === shard.index) : ids;
      const values = mine.length === 0 ? [] : await guarded(this.redis.mgetBuffer(...mine.map((id) => this.recordKey(id))));
      return { next: `(${ids[ids.length - 1]}`, values };
    };
    let pending = fetchPage('-');
    try {
      for (;;) {
        const page = await pending;
        if (!page) return;
        pending = fetchPage(page.next);
        const batch: SubjectRecord[] = [];
        for (const v of page.values) if (v) batch.push(decodeSubjectRecord(v));
        if (batch.length > 0) yield batch;
      }
    } finally {
      // a caller that stops early must not leave the prefetch's failure unhandled
      pending.catch(() => undefined);
    }
  }
}

/**
 * One subject's record, and with `images` its finger images, read in one MULTI so record and
 * images come from the same moment (both key layouts; in layout 2 the two keys share a slot).
 */
export async function readSubjectRecord(redis: Redis, recordKey: string, imagesKey: string, images: boolean): Promise<SubjectRecord | undefined> {
  if (!images) {
    const bytes = await guarded(redis.getBuffer(recordKey));
    return bytes ? decodeSubjectRecord(bytes) : undefined;
  }
  const replies = await guarded(redis.multi().getBuffer(recordKey).callBuffer('HGETALL', imagesKey).exec());
  const bytes = replies?.[0]?.[1] as Buffer | null;
  if (!bytes) return undefined;
  const flat = (replies?.[1]?.[1] ?? []) as Buffer[];
  const byPosition = new Map<number, Uint8Array>();
  for (let i = 0; i + 1 < flat.length; i += 2) byPosition.set(Number(flat[i].toString()), flat[i + 1]);
  return attachFingerImages(decodeSubjectRecord(bytes), byPosition);
}
