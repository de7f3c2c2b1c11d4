import type { Redis } from 'ioredis';
import { StoreError } from '../core/index.js';
import type { OutboxEntry, OutboxPatch, OutboxStore } from '../transactions/ports.js';
import { applyOutboxPatch, outboxNotFound, type OutboxDoc } from './build-outbox-records.js';
import { checkKey } from './build-workflow-records.js';
import { guarded, LuaScript, runScript } from './redis-connection.js';

/*
 * Keys (P = prefix):
 *   P outbox:{id}          hash: v (version), doc (JSON without payload)
 *   P outbox-payload:{id}  string: the message bytes
 *   P outbox-open          sorted set: ids of entries not closed, scored by createdAt
 * Entries are created by the transaction's create script (redis-workflow-stores.ts).
 */

/** The keys of entry `id`: entry, payload, open set. */
export function outboxKeys(prefix: string, id: string): [string, string, string] {
  return [`${prefix}outbox:${id}`, `${prefix}outbox-payload:${id}`, `${prefix}outbox-open`];
}

// KEYS: entry, open. ARGV: expected version, new version, doc, closed (1/0), id.
const UPDATE_OUTBOX = new LuaScript(`
local v = redis.call('HGET', KEYS[1], 'v')
if not v then return {'NOT_FOUND'} end
if v ~= ARGV[1] then return {'STALE', redis.call('HGET', KEYS[1], 'doc')} end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'doc', ARGV[3])
if ARGV[4] == '1' then redis.call('ZREM', KEYS[2], ARGV[5]) end
return {'OK'}
`);

function parseDoc(text: string | null | undefined, id: string): OutboxDoc {
  try {
    return JSON.parse(text as string) as OutboxDoc;
  } catch {
    throw new StoreError('AFIS_STORE_CORRUPT', `stored outbox entry ${id} is not valid JSON`);
  }
}

/** The outbox in Redis; an update compares the version inside a Lua script. */
export class RedisOutboxStore implements OutboxStore {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async listOpen(): Promise<OutboxEntry[]> {
    const ids = await guarded(this.redis.zrange(`${this.prefix}outbox-open`, '0', '-1'));
    if (ids.length === 0) return [];
    const texts = await guarded(this.redis.pipeline(ids.map((id) => ['hget', outboxKeys(this.prefix, id)[0], 'doc'])).exec());
    return (texts ?? []).flatMap(([, text], i) => (typeof text === 'string' ? [parseDoc(text, ids[i]!)] : []))
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  async get(id: string, options?: { payload?: boolean }): Promise<OutboxEntry | undefined> {
    checkKey('outbox id', id);
    const [entryKey, payloadKey] = outboxKeys(this.prefix, id);
    const text = await guarded(this.redis.hget(entryKey, 'doc'));
    if (text === null) return undefined;
    const doc = parseDoc(text, id);
    if (!options?.payload) return doc;
    const payload = await guarded(this.redis.getBuffer(payloadKey));
    return payload ? { ...doc, payload: new Uint8Array(payload) } : doc;
  }

  async update(id: string, expectedVersion: number, patch: OutboxPatch): Promise<{ ok: boolean; entry: OutboxEntry }> {
    const current = await this.get(id);
    if (!current) outboxNotFound(id);
    if (current.version !== expectedVersion) return { ok: false, entry: current };
    const next = applyOutboxPatch(current, patch);
    const [entryKey, , openKey] = outboxKeys(this.prefix, id);
    const reply = await runScript(this.redis, UPDATE_OUTBOX, [entryKey, openKey], [
      String(expectedVersion), String(next.version), JSON.stringify(next), next.closedAt !== undefined ? '1' : '0', id,
    ]) as string[];
    if (reply[0] === 'NOT_FOUND') outboxNotFound(id);
    if (reply[0] === 'STALE') return { ok: false, entry: parseDoc(reply[1], id) };
    return { ok: true, entry: next };
  }
}
