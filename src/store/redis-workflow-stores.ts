import type { Redis } from 'ioredis';
import type {
  ClaimLease, CompareAndSetResult, DeskResidueStore, ExaminationDecision, ExaminationRecord, ExaminationStore, IdempotencyClaim, IdempotencyRecord,
  IdempotencyStore, NewExamination, NewTransaction, ResidueFinger, StoredResponse, TransactionPatch, TransactionRecord, TransactionStore,
} from '../transactions/ports.js';
import { StoreError } from '../core/index.js';
import {
  applyTransactionPatch, buildExamination, buildTransaction, completeIdempotency, mayRelease, planClaim, planRenewal, checkDecision, checkKey, checkLimit,
  checkStoredResponse, checkTransactionPatch, compareExaminations, conflict, decideExamination, examinationConflict,
  idempotencyNotFound, recentLimit, transactionNotFound, withProbe, type TransactionDoc,
} from './build-workflow-records.js';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { asBuffer, guarded, LuaScript, runScript } from './redis-connection.js';
import { buildOutboxEntry } from './build-outbox-records.js';
import { outboxKeys } from './redis-outbox-store.js';

/*
 * Keys (P = prefix):
 *   P tx:{id}              hash: v (version), doc (JSON without probe)
 *   P tx-probe:{id}        string: probe bytes
 *   P tx-unfinished        sorted set: id scored by createdAt, for transactions not decided
 *   P tx-by-time           sorted set: id scored by createdAt, every transaction (desk lists)
 *   P exam:{id}            hash: status, doc (JSON)
 *   P exam-pending         sorted set: id scored by createdAt (ties: id order)
 *   P exam-by-tx:{txId}    sorted set: examination ids of a transaction scored by createdAt
 *   P idem:{key}           string: the idempotency record (JSON)
 */

function parseJson<T>(text: string | null | undefined, what: string): T {
  try {
    return JSON.parse(text as string) as T;
  } catch {
    throw new StoreError('AFIS_STORE_CORRUPT', `stored ${what} is not valid JSON`);
  }
}

// KEYS: tx, probe, unfinished, byTime, outbox, outbox payload, outbox open.
// ARGV: doc, createdAt, id, probe, hasProbe, unfinished, hasOutbox, outbox doc, outbox payload.
const CREATE_TX = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', '1', 'doc', ARGV[1])
if ARGV[7] == '1' then
  redis.call('HSET', KEYS[5], 'v', '1', 'doc', ARGV[8])
  redis.call('SET', KEYS[6], ARGV[9])
  redis.call('ZADD', KEYS[7], ARGV[2], ARGV[3])
end
if ARGV[5] == '1' then redis.call('SET', KEYS[2], ARGV[4]) end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3]) end
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[3])
return 1
`);

// KEYS: tx, probe, unfinished. ARGV: expected version, new version, doc, probe mode (keep|set|del),
// probe, unfinished (1 keep listed / 0 drop), createdAt, id.
const CAS_TX = new LuaScript(`
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {'NOT_FOUND'} end
if v ~= ARGV[1] then return {'STALE', redis.call('HGET', KEYS[1], 'doc')} end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'doc', ARGV[3])
if ARGV[4] == 'set' then redis.call('SET', KEYS[2], ARGV[5]) elseif ARGV[4] == 'del' then redis.call('DEL', KEYS[2]) end
if ARGV[6] == '1' then redis.call('ZADD', KEYS[3], ARGV[7], ARGV[8]) else redis.call('ZREM', KEYS[3], ARGV[8]) end
return {'OK'}
`);

/** Transactions in Redis; compare-and-set compares the version inside a Lua script. */
export class RedisTransactionStore implements TransactionStore {
  private readonly unfinished: string;
  private readonly byTime: string;

  constructor(private readonly redis: Redis, private readonly prefix: string) {
    this.unfinished = `${prefix}tx-unfinished`;
    this.byTime = `${prefix}tx-by-time`;
  }

  private keys(id: string): string[] {
    return [`${this.prefix}tx:${id}`, `${this.prefix}tx-probe:${id}`, this.unfinished];
  }

  async create(t: NewTransaction): Promise<TransactionRecord> {
    const { doc, probe } = buildTransaction(t);
    // the outbox entry is written by the same script: both exist, or neither
    const message = t.outbox ? buildOutboxEntry(doc.id, t.outbox, doc.createdAt) : undefined;
    const created = await runScript(this.redis, CREATE_TX, [...this.keys(doc.id), this.byTime, ...outboxKeys(this.prefix, doc.id)], [
      JSON.stringify(doc), doc.createdAt, doc.id, probe ? asBuffer(probe) : '', probe ? '1' : '0', doc.status !== 'decided' ? '1' : '0',
      message ? '1' : '0', message ? JSON.stringify(message.doc) : '', message ? asBuffer(message.payload) : '',
    ]);
    if (created !== 1) conflict(`transaction ${doc.id} exists already`);
    return withProbe(doc, probe);
  }

  async get(id: string, options?: { probe?: boolean }): Promise<TransactionRecord | undefined> {
    checkKey('transaction id', id);
    const [txKey, probeKey] = this.keys(id);
    if (!options?.probe) {
      const text = await guarded(this.redis.hget(txKey, 'doc'));
      return text === null ? undefined : parseJson<TransactionDoc>(text, `transaction ${id}`);
    }
    const replies = await guarded(this.redis.multi().hget(txKey, 'doc').getBuffer(probeKey).exec());
    const text = replies?.[0]?.[1] as string | null;
    if (text === null || text === undefined) return undefined;
    const probe = replies?.[1]?.[1] as Buffer | null;
    return withProbe(parseJson<TransactionDoc>(text, `transaction ${id}`), probe ?? undefined);
  }

  async compareAndSet(id: string, expectedVersion: number, patch: TransactionPatch): Promise<CompareAndSetResult> {
    checkKey('transaction id', id);
    checkTransactionPatch(patch);
    const current = await this.get(id);
    if (!current) transactionNotFound(id);
    if (current.version !== expectedVersion) return { ok: false, current };
    const next = applyTransactionPatch(current, patch);
    const probeMode = patch.probe === null ? 'del' : patch.probe ? 'set' : 'keep';
    const reply = await runScript(this.redis, CAS_TX, this.keys(id), [
      String(expectedVersion), String(next.version), JSON.stringify(next), probeMode, patch.probe ? asBuffer(patch.probe) : '',
      next.status === 'decided' ? '0' : '1', next.createdAt, id,
    ]) as string[];
    if (reply[0] === 'NOT_FOUND') transactionNotFound(id);
    if (reply[0] === 'STALE') return { ok: false, current: parseJson<TransactionDoc>(reply[1], `transaction ${id}`) };
    return { ok: true, record: next };
  }

  async listUnfinished(options?: { probe?: boolean }): Promise<TransactionRecord[]> {
    const ids = await guarded(this.redis.zrange(this.unfinished, '0', '-1'));
    const out: TransactionRecord[] = [];
    for (const id of ids) {
      const rec = await this.get(id, options);
      if (rec) out.push(rec);
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async listRecent(options: { since: number; limit?: number }): Promise<TransactionRecord[]> {
    const ids = await guarded(this.redis.zrevrangebyscore(this.byTime, '+inf', String(options.since), 'LIMIT', 0, recentLimit(options.limit)));
    if (ids.length === 0) return [];
    const texts = await guarded(this.redis.pipeline(ids.map((id) => ['hget', `${this.prefix}tx:${id}`, 'doc'])).exec());
    return (texts ?? []).flatMap(([, text], i) => (typeof text === 'string' ? [parseJson<TransactionDoc>(text, `transaction ${ids[i]}`)] : []));
  }
}

// KEYS: exam, pending, byTx. ARGV: doc, createdAt, id.
const CREATE_EXAM = new LuaScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'status', 'pending', 'doc', ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
return 1
`);

// KEYS: exam, pending. ARGV: doc, status, id.
const DECIDE_EXAM = new LuaScript(`
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return {'NOT_FOUND'} end
if s ~= 'pending' then return {'DECIDED'} end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'doc', ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[3])
return {'OK'}
`);

/** Examinations in Redis; `decide` checks the status and writes inside one Lua script. */
export class RedisExaminationStore implements ExaminationStore {
  private readonly pending: string;

  constructor(private readonly redis: Redis, private readonly prefix: string) {
    this.pending = `${prefix}exam-pending`;
  }

  private key(id: string): string {
    return `${this.prefix}exam:${id}`;
  }

  async create(e: NewExamination): Promise<ExaminationRecord> {
    const rec = buildExamination(e);
    const created = await runScript(this.redis, CREATE_EXAM, [this.key(rec.id), this.pending, `${this.prefix}exam-by-tx:${rec.transactionId}`], [
      JSON.stringify(rec), rec.createdAt, rec.id,
    ]);
    if (created !== 1) examinationConflict(rec.id);
    return rec;
  }

  async get(id: string): Promise<ExaminationRecord | undefined> {
    checkKey('examination id', id);
    const text = await guarded(this.redis.hget(this.key(id), 'doc'));
    return text === null ? undefined : parseJson<ExaminationRecord>(text, `examination ${id}`);
  }

  private async getMany(ids: readonly string[]): Promise<ExaminationRecord[]> {
    const texts = await Promise.all(ids.map((id) => guarded(this.redis.hget(this.key(id), 'doc'))));
    return texts.flatMap((t, i) => (t === null ? [] : [parseJson<ExaminationRecord>(t, `examination ${ids[i]}`)]));
  }

  async listPending(options?: { limit?: number }): Promise<ExaminationRecord[]> {
    const limit = checkLimit(options?.limit);
    return this.getMany(await guarded(this.redis.zrange(this.pending, '0', String(limit - 1))));
  }

  async listByTransaction(transactionId: string): Promise<ExaminationRecord[]> {
    checkKey('transaction id', transactionId);
    const recs = await this.getMany(await guarded(this.redis.zrange(`${this.prefix}exam-by-tx:${transactionId}`, '0', '-1')));
    return recs.sort(compareExaminations);
  }

  async decide(id: string, decision: ExaminationDecision): Promise<ExaminationRecord> {
    checkKey('examination id', id);
    checkDecision(decision);
    const next = decideExamination(await this.get(id), id, decision);
    const reply = await runScript(this.redis, DECIDE_EXAM, [this.key(id), this.pending], [JSON.stringify(next), next.status, id]) as string[];
    // another examiner may have decided between our read and the script: the first decision stays
    if (reply[0] !== 'OK') decideExamination(await this.get(id), id, decision);
    return next;
  }
}

// KEYS: key. ARGV: the value read before, the value to write ('' deletes). Compare-and-set on the text.
// KEYS: the key. ARGV: expected text, new text ('' = delete). The key keeps its expiry (KEEPTTL).
const SWAP_IF_UNCHANGED = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
return 1
`);

/**
 * Idempotency keys in Redis: SET NX makes the first writer win; a take-over, renewal or
 * release is a compare-and-set on the record's text (a Lua script), retried when it changed.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  /** `ttlMs`: a key expires this long after its first use (set when it is created; later writes keep it). */
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly ttlMs = STORE_PARAMETERS.idempotencyTtlMs) {}

  private key(key: string): string {
    return `${this.prefix}idem:${key}`;
  }

  /** Reads the record, lets `plan` choose the next text (undefined: no change), writes it if unchanged meanwhile. */
  private async update<T>(key: string, plan: (existing: IdempotencyRecord | undefined) => { next?: string; value: T; nx?: boolean }): Promise<T> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const text = await guarded(this.redis.get(this.key(key)));
      const step = plan(text === null ? undefined : parseJson<IdempotencyRecord>(text, `idempotency key ${key}`));
      if (step.next === undefined) return step.value;
      const ok = text === null
        ? (await guarded(this.redis.set(this.key(key), step.next, 'PX', this.ttlMs, 'NX'))) === 'OK'
        : Number(await runScript(this.redis, SWAP_IF_UNCHANGED, [this.key(key)], [text, step.next])) === 1;
      if (ok) return step.value;
      // changed between the read and the write: read again
    }
    throw new StoreError('AFIS_CONFLICT', `idempotency key ${key} is being claimed and released concurrently`);
  }

  async claim(key: string, requestHash: string, lease: ClaimLease): Promise<IdempotencyClaim> {
    planClaim(undefined, key, requestHash, lease); // validates
    return this.update(key, (existing) => {
      const plan = planClaim(existing, key, requestHash, lease);
      return { value: plan.claim, ...(plan.write ? { next: JSON.stringify(plan.write) } : {}) };
    });
  }

  async renew(key: string, instance: string, leaseUntil: number): Promise<boolean> {
    checkKey('idempotency key', key);
    return this.update(key, (existing) => {
      const next = planRenewal(existing, instance, leaseUntil);
      return next ? { value: true, next: JSON.stringify(next) } : { value: false };
    });
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    checkKey('idempotency key', key);
    checkStoredResponse(response);
    await this.update(key, (existing) => {
      if (!existing) idempotencyNotFound(key);
      return { value: undefined, next: JSON.stringify(completeIdempotency(existing, response)) };
    });
  }

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    checkKey('idempotency key', key);
    const text = await guarded(this.redis.get(this.key(key)));
    return text === null ? undefined : parseJson<IdempotencyRecord>(text, `idempotency key ${key}`);
  }

  async release(key: string, instance?: string): Promise<void> {
    checkKey('idempotency key', key);
    await this.update(key, (existing) => (mayRelease(existing, instance) ? { value: undefined, next: '' } : { value: undefined }));
  }
}

/**
 * Deletes a desk's fingers (KEYS[1]) only while one of them is still of record ARGV[1]: a later
 * capture at the desk has replaced them with another person's, which the erasure must not touch.
 */
const FORGET_RESIDUE = new LuaScript(`
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local ok, fingers = pcall(cjson.decode, v)
if not ok or type(fingers) ~= 'table' then return 0 end
for _, f in ipairs(fingers) do
  if type(f) == 'table' and f.source == ARGV[1] then
    redis.call('DEL', KEYS[1])
    return 1
  end
end
return 0
`);

/**
 * The desks' last fingers: one key per desk (`residue:<desk id>`), JSON of the fingers' minutiae
 * places and directions and the record each was captured for, and per record the desk holding one
 * of its fingers (`residue-of:<reference>`), all expiring with Redis PX: nothing outlives its
 * window, and an erased record's fingers are found and deleted before it ends.
 */
export class RedisDeskResidueStore implements DeskResidueStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(deskId: string): string {
    return `${this.prefix}residue:${deskId}`;
  }

  private sourceKey(source: string): string {
    return `${this.prefix}residue-of:${source}`;
  }

  async get(deskId: string): Promise<readonly ResidueFinger[] | undefined> {
    const text = await guarded(this.redis.get(this.key(deskId)));
    if (text === null) return undefined;
    const fingers = parseJson<unknown>(text, `residue of desk ${deskId}`);
    if (!isResidue(fingers)) throw new StoreError('AFIS_STORE_CORRUPT', `stored residue of desk ${deskId} is not a list of fingers`);
    return fingers;
  }

  async put(deskId: string, fingers: readonly ResidueFinger[], ttlMs: number): Promise<void> {
    if (fingers.length === 0 || !(ttlMs > 0)) {
      await guarded(this.redis.del(this.key(deskId)));
      return;
    }
    const px = Math.ceil(ttlMs);
    const write = this.redis.multi().set(this.key(deskId), JSON.stringify(fingers), 'PX', px);
    for (const source of new Set(fingers.flatMap((f) => (f.source === undefined ? [] : [f.source])))) write.set(this.sourceKey(source), deskId, 'PX', px);
    await guarded(write.exec());
  }

  async forget(source: string): Promise<void> {
    const deskId = await guarded(this.redis.get(this.sourceKey(source)));
    if (deskId === null) return;
    await runScript(this.redis, FORGET_RESIDUE, [this.key(deskId)], [source]);
    await guarded(this.redis.del(this.sourceKey(source)));
  }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Whether a stored value has the shape of the desks' residue (a list of fingers with numeric minutiae). */
function isResidue(v: unknown): v is ResidueFinger[] {
  return Array.isArray(v) && v.every((f: Record<string, unknown>) => f !== null && typeof f === 'object'
    && isNumber(f.position) && isNumber(f.width) && isNumber(f.height) && isNumber(f.ppi)
    && Array.isArray(f.minutiae) && (f.minutiae as unknown[]).every((m) => Array.isArray(m) && m.length === 3 && m.every(isNumber))
    && (f.source === undefined || typeof f.source === 'string'));
}
