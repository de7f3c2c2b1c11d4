import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { subjectShard, type SubjectRecord, type SubjectScanOptions, type SubjectStore } from '../index/ports.js';
import { checkKey, checkLimit, checkShard, conflict } from './build-workflow-records.js';
import { decodeSubjectRecord, encodeFingerImage, encodeSubjectRecord } from './encode-subject-record.js';
import { asBuffer, guarded, LuaScript, runScript, swapSetting, waitForReplicas } from './redis-connection.js';
import { readSubjectRecord } from './redis-subject-store.js';
import { StoreError } from '../core/index.js';

/*
 * Subjects in Redis, key layout 2 (docs/redis-cluster.md): every script touches the keys of one
 * hash tag, so the store runs on Redis Cluster, and the subjects spread over its nodes.
 * Subject keys are partitioned by the id (p = subjectShard(id, 64), tag {sPP}), reference-number
 * claims by the reference (tag {rPP}):
 *   P{sPP}ids                 sorted set of the partition's ids, score 0 (lexical order)
 *   P{sPP}subject:ID          string: the encoded record without images
 *   P{sPP}subject-img:ID      hash: finger position → encoded image
 *   P{sPP}ref-of              hash: id → reference number the record holds
 *   P{sPP}ref-revoked         hash: id → "ref|nonce" of a claim taken from it (see put)
 *   P{rPP}refs                hash: reference number → "id|nonce" (the claim: who owns it)
 */

/** Partitions of the subject keys (a power of two: a shard count dividing it reads only its partitions). */
export const SUBJECT_PARTITIONS = 64;

const hex = (p: number): string => p.toString(16).padStart(2, '0');

// KEYS: refs. ARGV: ref, id, fresh nonce. → {'OK', nonce} | {'HELD', owner, nonce}
const CLAIM = new LuaScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
  return {'OK', ARGV[3]}
end
local bar = string.find(v, '|', 1, true)
local owner, nonce = string.sub(v, 1, bar - 1), string.sub(v, bar + 1)
if owner == ARGV[2] then return {'OK', nonce} end
return {'HELD', owner, nonce}
`);

// KEYS: refs. ARGV: ref, expected "id|nonce", new "id|nonce". Compare-and-set of a claim.
const SWAP_CLAIM = new LuaScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`);

// KEYS: refs. ARGV: ref, id. Drops the claim when `id` holds it (any nonce).
const RELEASE = new LuaScript(`
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.sub(v, 1, #ARGV[2] + 1) == ARGV[2] .. '|' then redis.call('HDEL', KEYS[1], ARGV[1]) return 1 end
return 0
`);

// KEYS: refOf, revoked. ARGV: id, ref, nonce. The claim's owner keeps it when its record holds
// the reference; else the claim (that nonce) is marked revoked, so a put of that id still in
// flight with that claim aborts instead of writing (both run in the owner's partition, in order).
const REVOKE = new LuaScript(`
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '|' .. ARGV[3])
return 1
`);

// KEYS: ids, refOf, revoked, then per subject: record key, images key.
// ARGV: n, then per subject: id, ref, nonce, record, imageCount, (position, image) × imageCount.
// → {'OK', id1, oldRef1, ...} (old references given up) | {'REVOKED', id, ref}
const WRITE = new LuaScript(`
local n = tonumber(ARGV[1])
local a = 2
for i = 1, n do
  local m = redis.call('HGET', KEYS[3], ARGV[a])
  if m and m == ARGV[a + 1] .. '|' .. ARGV[a + 2] then return {'REVOKED', ARGV[a], ARGV[a + 1]} end
  a = a + 5 + 2 * tonumber(ARGV[a + 4])
end
local out = {'OK'}
a = 2
for i = 1, n do
  local id, ref, ic = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 4])
  local rk, ik = KEYS[2 + 2 * i], KEYS[3 + 2 * i]
  local old = redis.call('HGET', KEYS[2], id)
  if old and old ~= ref then table.insert(out, id) table.insert(out, old) end
  redis.call('SET', rk, ARGV[a + 3])
  redis.call('HSET', KEYS[2], id, ref)
  redis.call('ZADD', KEYS[1], 0, id)
  redis.call('DEL', ik)
  for j = 1, ic do redis.call('HSET', ik, ARGV[a + 3 + 2 * j], ARGV[a + 4 + 2 * j]) end
  a = a + 5 + 2 * ic
end
return out
`);

// KEYS: ids, refOf, revoked, record key, images key. ARGV: id. → the reference given up, '' when none, or 0 when absent.
const REMOVE = new LuaScript(`
if redis.call('EXISTS', KEYS[4]) == 0 then return 0 end
local ref = redis.call('HGET', KEYS[2], ARGV[1]) or ''
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[1], ARGV[1])
return ref
`);

interface Prepared {
  readonly s: SubjectRecord;
  readonly bytes: Uint8Array;
  nonce: string;
  /** The claim was made by this put (released again if the put fails before writing). */
  fresh: boolean;
  /** Partitions (a key of each) where this put's take-over of a stale claim wrote a revocation. */
  revokedIn?: string[];
}

/**
 * Subjects in Redis with key layout 2: the keys of every script share one hash tag, so this
 * runs on Redis Cluster (ioredis `Cluster`) as on one server (same code). A put claims each
 * reference number first (in the reference's partition), then writes the records (one script
 * per subject partition), then gives up references a record no longer holds. A claim left by
 * a put that died between the two steps is taken over by the next subject that needs the
 * reference, after a revocation in the old owner's partition that makes a late write of that
 * put abort (docs/redis-cluster.md). Atomic per subject partition: a batch over several
 * partitions is refused whole on a reference conflict, but a process killed in the middle can
 * leave part of it written (each subject whole or not at all).
 */
export class RedisPartitionedSubjectStore implements SubjectStore {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly waitReplicas = 0) {}

  private tag(kind: 's' | 'r', p: number): string {
    return `${this.prefix}{${kind}${hex(p)}}`;
  }
  private subjectKeys(id: string): { ids: string; refOf: string; revoked: string; record: string; images: string } {
    const t = this.tag('s', subjectShard(id, SUBJECT_PARTITIONS));
    return { ids: `${t}ids`, refOf: `${t}ref-of`, revoked: `${t}ref-revoked`, record: `${t}subject:${id}`, images: `${t}subject-img:${id}` };
  }
  private refsKey(ref: string): string {
    return `${this.tag('r', subjectShard(ref, SUBJECT_PARTITIONS))}refs`;
  }
  private settingKey(name: string): string {
    return `${this.prefix}{meta}setting:${name}`;
  }

  put(subject: SubjectRecord): Promise<void> {
    return this.putMany([subject]);
  }

  async putMany(subjects: readonly SubjectRecord[]): Promise<void> {
    const prepared: Prepared[] = subjects.map((s) => ({ s, bytes: encodeSubjectRecord(s), nonce: '', fresh: false }));
    const refsInBatch = new Map<string, string>();
    for (const { s } of prepared) {
      const other = refsInBatch.get(s.referenceNumber);
      if (other !== undefined && other !== s.id) conflict(`reference number ${s.referenceNumber} is given to both ${other} and ${s.id}`);
      refsInBatch.set(s.referenceNumber, s.id);
    }
    // 1. claim every reference; on a conflict give back what this put claimed and write nothing
    const claimed = await Promise.allSettled(prepared.map((p) => this.claim(p)));
    const failed = claimed.find((c): c is PromiseRejectedResult => c.status === 'rejected');
    if (failed) {
      await Promise.all(prepared.filter((p) => p.fresh).map((p) => this.release(p.s.referenceNumber, p.s.id).catch(() => undefined)));
      throw failed.reason;
    }
    // 2. write the records, one script per subject partition
    const groups = new Map<number, Prepared[]>();
    for (const p of prepared) {
      const k = subjectShard(p.s.id, SUBJECT_PARTITIONS);
      const g = groups.get(k);
      if (g) g.push(p);
      else groups.set(k, [p]);
    }
    const given: [string, string][] = [];
    await Promise.all([...groups.values()].map(async (group) => {
      const first = this.subjectKeys(group[0].s.id);
      const keys = [first.ids, first.refOf, first.revoked];
      const args: (string | Buffer | number)[] = [group.length];
      for (const { s, bytes, nonce } of group) {
        const k = this.subjectKeys(s.id);
        keys.push(k.record, k.images);
        const images = s.fingers.filter((f) => f.image);
        args.push(s.id, s.referenceNumber, nonce, asBuffer(bytes), images.length);
        for (const f of images) args.push(f.position, asBuffer(encodeFingerImage(f.imageFormat, f.image as Uint8Array)));
      }
      const reply = await runScript(this.redis, WRITE, keys, args) as string[];
      if (reply[0] === 'REVOKED') conflict(`reference number ${reply[2]} was taken by another subject while ${reply[1]} was being written`);
      for (let i = 1; i + 1 < reply.length; i += 2) given.push([reply[i], reply[i + 1]]);
    }));
    // 3. give up the references the records no longer hold (a failure here leaves a claim the next taker revokes)
    await Promise.all(given.map(([id, ref]) => this.release(ref, id)));
    if (this.waitReplicas > 0) {
      // on a cluster, WAIT on every master this put wrote to: the record's partitions, the
      // reference claims, and the previous owner's partition of a claim taken over (the
      // revocation that makes its dead put abort must survive a fail-over too)
      const written = prepared.flatMap((p) => [this.subjectKeys(p.s.id).ids, this.refsKey(p.s.referenceNumber), ...(p.revokedIn ?? [])]).concat(given.map(([, ref]) => this.refsKey(ref)));
      const acked = await waitForReplicas(this.redis, written, this.waitReplicas, STORE_PARAMETERS.waitReplicasTimeoutMs);
      if (acked < this.waitReplicas) {
        throw new StoreError('AFIS_STORE_UNAVAILABLE', `the enrolment is on the Redis primary but only ${acked} of ${this.waitReplicas} replicas acknowledged it within ${STORE_PARAMETERS.waitReplicasTimeoutMs} ms`);
      }
    }
  }

  /** Claims p's reference for its subject (taking over a claim whose owner does not hold it); AFIS_CONFLICT when another subject holds it. */
  private async claim(p: Prepared): Promise<void> {
    const { id, referenceNumber: ref } = p.s;
    const refs = this.refsKey(ref);
    for (let attempt = 0; attempt < 10; attempt++) {
      const fresh = randomBytes(8).toString('hex');
      const r = await runScript(this.redis, CLAIM, [refs], [ref, id, fresh]) as string[];
      if (r[0] === 'OK') {
        p.nonce = r[1];
        p.fresh = r[1] === fresh;
        return;
      }
      const [, owner, nonce] = r;
      const o = this.subjectKeys(owner);
      if (Number(await runScript(this.redis, REVOKE, [o.refOf, o.revoked], [owner, ref, nonce])) === 0) conflict(`reference number ${ref} belongs to subject ${owner}`);
      (p.revokedIn ??= []).push(o.revoked);
      if (Number(await runScript(this.redis, SWAP_CLAIM, [refs], [ref, `${owner}|${nonce}`, `${id}|${fresh}`])) === 1) {
        p.nonce = fresh;
        p.fresh = true;
        return;
      }
    }
    throw new StoreError('AFIS_STORE_UNAVAILABLE', `reference number ${ref}: the claim kept changing under 10 attempts`);
  }

  private async release(ref: string, id: string): Promise<void> {
    await runScript(this.redis, RELEASE, [this.refsKey(ref)], [ref, id]);
  }

  async get(id: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined> {
    checkKey('subject id', id);
    const k = this.subjectKeys(id);
    return readSubjectRecord(this.redis, k.record, k.images, options?.images === true);
  }


  async getByReference(referenceNumber: string, options?: { images?: boolean }): Promise<SubjectRecord | undefined> {
    checkKey('reference number', referenceNumber);
    const v = await guarded(this.redis.hget(this.refsKey(referenceNumber), referenceNumber));
    if (v === null) return undefined;
    const rec = await this.get(v.slice(0, v.lastIndexOf('|')), options);
    // a claim whose put has not written yet (or died) names a subject that does not hold it
    return rec?.referenceNumber === referenceNumber ? rec : undefined;
  }

  async remove(id: string): Promise<boolean> {
    checkKey('subject id', id);
    const k = this.subjectKeys(id);
    const ref = await runScript(this.redis, REMOVE, [k.ids, k.refOf, k.revoked, k.record, k.images], [id]);
    if (ref === 0 || ref === null) return false;
    if (typeof ref === 'string' && ref !== '') await this.release(ref, id);
    return true;
  }

  async count(): Promise<number> {
    const n = await Promise.all(Array.from({ length: SUBJECT_PARTITIONS }, (_, p) => guarded(this.redis.zcard(`${this.tag('s', p)}ids`))));
    return n.reduce((a, b) => a + b, 0);
  }

  async readSetting(name: string): Promise<Uint8Array | undefined> {
    checkKey('setting name', name);
    return (await guarded(this.redis.getBuffer(this.settingKey(name)))) ?? undefined;
  }

  async swapSetting(name: string, expected: Uint8Array | undefined, value: Uint8Array): Promise<Uint8Array> {
    checkKey('setting name', name);
    return swapSetting(this.redis, this.settingKey(name), name, expected, value);
  }


  /**
   * Every partition's ids in lexical order (ZRANGEBYLEX pages), merged into one id order; the
   * records of a batch are read with one MGET per partition. A shard count dividing
   * {@link SUBJECT_PARTITIONS} reads only its own partitions; any other filters the ids.
   */
  async *scan(options?: SubjectScanOptions): AsyncIterable<SubjectRecord[]> {
    const batchSize = checkLimit(options?.batchSize, STORE_PARAMETERS.scanBatchSize);
    const shard = checkShard(options?.shard);
    const own = shard && SUBJECT_PARTITIONS % shard.count === 0;
    const parts = Array.from({ length: SUBJECT_PARTITIONS }, (_, p) => p).filter((p) => !own || p % shard!.count === shard!.index);
    const page = Math.max(64, Math.ceil((2 * batchSize) / parts.length));
    const cursors = parts.map((p) => ({ p, ids: [] as string[], at: 0, after: '-', done: false }));
    const refill = async (c: (typeof cursors)[number]): Promise<void> => {
      const ids = await guarded(this.redis.zrangebylex(`${this.tag('s', c.p)}ids`, c.after, '+', 'LIMIT', 0, page));
      c.ids = ids;
      c.at = 0;
      if (ids.length < page) c.done = true;
      if (ids.length > 0) c.after = `(${ids[ids.length - 1]}`;
    };
    await Promise.all(cursors.map(refill));
    for (;;) {
      const batch: string[] = [];
      while (batch.length < batchSize) {
        // the cursor with the smallest next id (a linear pass: at most 64 cursors)
        let best: (typeof cursors)[number] | undefined;
        for (const c of cursors) if (c.at < c.ids.length && (!best || c.ids[c.at] < best.ids[best.at])) best = c;
        if (!best) break;
        const id = best.ids[best.at++];
        if (!shard || own || subjectShard(id, shard.count) === shard.index) batch.push(id);
        if (best.at === best.ids.length && !best.done) await refill(best);
      }
      if (batch.length === 0) return;
      const byPartition = new Map<number, string[]>();
      for (const id of batch) {
        const p = subjectShard(id, SUBJECT_PARTITIONS);
        const g = byPartition.get(p);
        if (g) g.push(id);
        else byPartition.set(p, [id]);
      }
      const values = new Map<string, Buffer | null>();
      await Promise.all([...byPartition.values()].map(async (ids) => {
        const got = await guarded(this.redis.mgetBuffer(...ids.map((id) => this.subjectKeys(id).record)));
        ids.forEach((id, i) => values.set(id, got[i]));
      }));
      const out: SubjectRecord[] = [];
      for (const id of batch) {
        const v = values.get(id);
        if (v) out.push(decodeSubjectRecord(v));
      }
      if (out.length > 0) yield out;
    }
  }
}
