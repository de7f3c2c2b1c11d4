import type { Redis } from 'ioredis';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { StoreError } from '../core/index.js';
import type { AuditEntry, AuditEvent, AuditLog, AuditVerification, PublishedResult, ResultPublisher } from '../transactions/ports.js';
import { badCursor, checkDedupId, checkLimit, checkPayload } from './build-workflow-records.js';
import { buildAuditEntry, verifyAuditEntries } from './hash-audit-entry.js';
import { asBuffer, guarded, LuaScript, runScript, storeFailure } from './redis-connection.js';

/*
 * Keys (P = prefix; with the default prefix the stream is `afis:results`):
 *   P results          stream: one entry per confirmed result, fields dedup, payload, at
 *   P results-dedup    hash: dedupId → stream entry id
 *   P audit:entries    hash: seq → entry (JSON)
 *   P audit:head       string: {"seq":N,"hash":"..."} of the last entry
 */

const STREAM_ID = /^[0-9]{1,20}-[0-9]{1,20}$/;

// KEYS: stream, dedup. ARGV: dedupId, payload, publishedAt.
const PUBLISH = new LuaScript(`
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing then return {existing, '1'} end
local id = redis.call('XADD', KEYS[1], '*', 'dedup', ARGV[1], 'payload', ARGV[2], 'at', ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], id)
return {id, '0'}
`);

/** A stream id `ms-seq` as numbers. */
function parseStreamId(id: string): [bigint, bigint] {
  const [ms, seq] = id.split('-');
  return [BigInt(ms ?? '0'), BigInt(seq ?? '0')];
}

function nextStreamId(id: [bigint, bigint]): [bigint, bigint] {
  return [id[0], id[1] + 1n];
}

function compareStreamIds(a: [bigint, bigint], b: [bigint, bigint]): number {
  return a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

/** Parses `[id, [field, value, ...]]` stream entries (Buffer replies) into results. */
export function parseStreamEntries(entries: unknown): PublishedResult[] {
  const out: PublishedResult[] = [];
  for (const entry of (entries ?? []) as [Buffer, Buffer[] | null][]) {
    const [id, fields] = entry;
    if (!fields) continue; // deleted from the stream while pending
    let dedupId = '';
    let payload: Uint8Array = new Uint8Array(0);
    let publishedAt = 0;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const name = fields[i].toString();
      if (name === 'dedup') dedupId = fields[i + 1].toString();
      else if (name === 'payload') payload = new Uint8Array(fields[i + 1]);
      else if (name === 'at') publishedAt = Number(fields[i + 1].toString());
    }
    out.push({ cursor: id.toString(), dedupId, payload, publishedAt });
  }
  return out;
}

/**
 * The results stream in Redis: XADD to `P results`, deduplicated by a hash inside the same
 * Lua script, so a resumed transaction never publishes twice. `readAfter` is XRANGE with an
 * exclusive start; the Dublin unit's consumer uses a consumer group (see RedisResultConsumer).
 */
export class RedisResultStream implements ResultPublisher {
  readonly streamKey: string;
  private readonly dedupKey: string;

  constructor(private readonly redis: Redis, prefix: string) {
    this.streamKey = `${prefix}results`;
    this.dedupKey = `${prefix}results-dedup`;
  }

  async publish(dedupId: string, payload: Uint8Array): Promise<{ cursor: string; duplicate: boolean }> {
    checkDedupId(dedupId);
    checkPayload(payload);
    const [cursor, dup] = await runScript(this.redis, PUBLISH, [this.streamKey, this.dedupKey], [dedupId, asBuffer(payload), Date.now()]) as string[];
    return { cursor, duplicate: dup === '1' };
  }

  /**
   * Trims the stream (and the dedup entries of what it trims) up to the first entry some
   * consumer group has not acknowledged (pending, or not yet delivered), and never past
   * `retentionMs` ago. Without any consumer group nothing is trimmed: readers then follow the
   * stream by cursor and nobody says what they have read. Returns the entries removed.
   * Cost: XINFO GROUPS, one XPENDING per group, then XRANGE + HDEL per 1000 entries and one XTRIM.
   */
  async trimAcknowledged(retentionMs: number, now = Date.now()): Promise<number> {
    const groups = await guarded(this.redis.call('XINFO', 'GROUPS', this.streamKey).catch((err: Error) => {
      if (/no such key/i.test(err.message)) return [];
      throw err;
    })) as unknown[][];
    if (groups.length === 0) return 0;
    let bound = [BigInt(Math.max(0, Math.floor(now - retentionMs))), 0n] as [bigint, bigint];
    for (const g of groups) {
      const fields = new Map<string, unknown>();
      for (let i = 0; i + 1 < g.length; i += 2) fields.set(String(g[i]), g[i + 1]);
      const name = String(fields.get('name'));
      const [count, smallest] = await guarded(this.redis.call('XPENDING', this.streamKey, name)) as [number, string | null];
      // entries before the first pending one, or after the last delivered one, are not acknowledged
      const groupBound = Number(count) > 0 && smallest ? parseStreamId(smallest) : nextStreamId(parseStreamId(String(fields.get('last-delivered-id'))));
      if (compareStreamIds(groupBound, bound) < 0) bound = groupBound;
    }
    const minId = `${bound[0]}-${bound[1]}`;
    let trimmed = 0;
    for (let from = '-'; ;) {
      const batch = await guarded(this.redis.call('XRANGE', this.streamKey, from, `(${minId}`, 'COUNT', 1000)) as [string, string[]][];
      if (batch.length === 0) break;
      const dedupIds = batch.flatMap(([, f]) => (f.indexOf('dedup') >= 0 ? [f[f.indexOf('dedup') + 1]!] : []));
      if (dedupIds.length > 0) await guarded(this.redis.hdel(this.dedupKey, ...dedupIds));
      trimmed += batch.length;
      from = `(${batch[batch.length - 1]![0]}`;
    }
    if (trimmed > 0) await guarded(this.redis.call('XTRIM', this.streamKey, 'MINID', minId));
    return trimmed;
  }

  async readAfter(after: string | undefined, limit?: number): Promise<PublishedResult[]> {
    const n = checkLimit(limit);
    if (after !== undefined && !STREAM_ID.test(after)) badCursor(after);
    const reply = await guarded(this.redis.callBuffer('XRANGE', this.streamKey, after === undefined ? '-' : `(${after}`, '+', 'COUNT', n));
    return parseStreamEntries(reply);
  }
}

/**
 * The hash-chained audit log in Redis. Appends are serialised: in this process by a promise
 * chain, across processes by WATCH on the head key (a concurrent append from another process
 * aborts our EXEC and we retry with the new head). The append connection is dedicated, since
 * WATCH state belongs to a connection and the shared one pipelines other callers' commands.
 */
export class RedisAuditLog implements AuditLog {
  private readonly entriesKey: string;
  private readonly headKey: string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly redis: Redis, private readonly appendConnection: Redis, prefix: string) {
    this.entriesKey = `${prefix}audit:entries`;
    this.headKey = `${prefix}audit:head`;
  }

  append(event: AuditEvent): Promise<AuditEntry> {
    try {
      buildAuditEntry(event, undefined); // validate now, not after the queue
    } catch (err) {
      return Promise.reject(err);
    }
    const run = this.tail.then(() => this.appendNow(event));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async appendNow(event: AuditEvent): Promise<AuditEntry> {
    const c = this.appendConnection;
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await c.watch(this.headKey);
        const headText = await c.get(this.headKey);
        const head = headText ? JSON.parse(headText) as { seq: number; hash: string } : undefined;
        const entry = buildAuditEntry(event, head);
        const done = await c.multi()
          .hset(this.entriesKey, String(entry.seq), JSON.stringify(entry))
          .set(this.headKey, JSON.stringify({ seq: entry.seq, hash: entry.hash }))
          .exec();
        if (done) return entry;
      } catch (err) {
        await c.unwatch().catch(() => undefined);
        throw storeFailure(err);
      }
    }
    throw new StoreError('AFIS_STORE_UNAVAILABLE', 'the audit log is too busy: 100 appends in a row lost the race');
  }

  private async head(): Promise<{ seq: number; hash: string } | undefined> {
    const text = await guarded(this.redis.get(this.headKey));
    if (text === null) return undefined;
    try {
      return JSON.parse(text) as { seq: number; hash: string };
    } catch {
      throw new StoreError('AFIS_STORE_CORRUPT', 'the audit log head is not valid JSON');
    }
  }

  private async fetch(from: number, to: number): Promise<(AuditEntry | undefined)[]> {
    if (to < from) return [];
    const fields: string[] = [];
    for (let s = from; s <= to; s++) fields.push(String(s));
    const texts = await guarded(this.redis.hmget(this.entriesKey, ...fields));
    return texts.map((t) => {
      if (t === null) return undefined;
      try {
        return JSON.parse(t) as AuditEntry;
      } catch {
        return { seq: -1 } as AuditEntry; // unreadable: verification reports it as altered/out of place
      }
    });
  }

  async read(options?: { fromSeq?: number; limit?: number }): Promise<AuditEntry[]> {
    const limit = checkLimit(options?.limit, 1000);
    const from = options?.fromSeq ?? 1;
    if (!Number.isInteger(from) || from < 1) throw new StoreError('AFIS_VALIDATION', 'fromSeq must be a positive integer');
    const head = await this.head();
    const entries = await this.fetch(from, Math.min(head?.seq ?? 0, from + limit - 1));
    return entries.filter((e): e is AuditEntry => e !== undefined);
  }

  async verifyChain(): Promise<AuditVerification> {
    const head = await this.head();
    const stored = await guarded(this.redis.hlen(this.entriesKey));
    const last = head?.seq ?? 0;
    const self = this;
    async function* all(): AsyncIterable<AuditEntry | undefined> {
      for (let from = 1; from <= last; from += STORE_PARAMETERS.auditVerifyBatch) {
        const batch = await self.fetch(from, Math.min(last, from + STORE_PARAMETERS.auditVerifyBatch - 1));
        for (let i = 0; i < batch.length; i++) {
          const e = batch[i];
          // the field name is what orders the log: an entry claiming another seq is out of place
          yield e === undefined || e.seq === from + i ? e : { ...e, seq: from + i };
        }
      }
      // fields beyond the head (an inserted tail, or a head rolled back to hide entries)
      if (stored > last) {
        const [extra] = await self.fetch(last + 1, last + 1);
        yield extra ?? ({ seq: last + 1 } as AuditEntry);
      }
    }
    return verifyAuditEntries(all(), head);
  }
}
