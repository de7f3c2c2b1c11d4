import type { Redis } from 'ioredis';
import { StoreError } from '../core/index.js';
import { openRedisStore } from './open-redis-store.js';
import { connectCluster, connectRedis, guarded, pingRedis } from './redis-connection.js';

export interface LayoutMigrationOptions {
  /** The layout-1 server (one server: layout 1 does not run on a cluster). */
  readonly fromUrl: string;
  readonly fromPrefix: string;
  /** The target server, or comma-separated cluster nodes with `toCluster`. */
  readonly toUrl: string;
  readonly toPrefix: string;
  readonly toCluster?: boolean;
  /** Subjects per batch (default 200). */
  readonly batchSize?: number;
}

export interface LayoutMigrationReport {
  /** Subjects read from the source and found in the target. */
  readonly subjects: number;
  /** Other keys copied (DUMP/RESTORE), by tag: `wf`, `idem`, `results`, `audit`, `meta`. */
  readonly keys: Record<string, number>;
  /** Keys under the source prefix that belong to no family of the store (left alone). */
  readonly skipped: readonly string[];
}

/** The layout-2 tag of a layout-1 key suffix (the part after the prefix), or `subject` / undefined. */
function familyOf(suffix: string): string | undefined {
  if (/^subject(s|-refs|-ref-of|:|-img:)/.test(suffix)) return 'subject';
  if (/^(tx:|tx-probe:|tx-unfinished$|tx-by-time$|outbox:|outbox-payload:|outbox-open$|exam:|exam-pending$|exam-by-tx:)/.test(suffix)) return 'wf';
  if (suffix.startsWith('idem:')) return 'idem';
  if (suffix.startsWith('residue:') || suffix.startsWith('residue-of:')) return 'residue';
  if (suffix === 'results' || suffix === 'results-dedup') return 'results';
  if (suffix === 'audit:entries' || suffix === 'audit:head') return 'audit';
  if (suffix.startsWith('setting:')) return 'meta';
  return undefined;
}

/** Every key matching `pattern` on `redis` (each master of a cluster), by SCAN. */
async function scanKeys(redis: Redis, pattern: string, limit = Infinity): Promise<string[]> {
  const nodes = (redis as unknown as { isCluster?: boolean }).isCluster ? (redis as unknown as { nodes(role: string): Redis[] }).nodes('master') : [redis];
  const out: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await guarded(node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
      out.push(...keys);
      cursor = next;
    } while (cursor !== '0' && out.length < limit);
    if (out.length >= limit) break;
  }
  return out;
}

const globEscape = (s: string): string => s.replace(/[*?[\]\\]/g, '\\$&');

/** Size of a key as its type counts it (entries of a hash, stream, sorted set…; bytes of a string). */
async function sizeOf(redis: Redis, key: string): Promise<number> {
  const type = await guarded(redis.type(key));
  const cmd = { string: 'STRLEN', hash: 'HLEN', zset: 'ZCARD', set: 'SCARD', list: 'LLEN', stream: 'XLEN' }[type];
  if (!cmd) throw new StoreError('AFIS_STORE_UNAVAILABLE', `layout migration: ${key} has type ${type}`);
  return Number(await guarded(redis.call(cmd, key)));
}

/**
 * Copies a layout-1 prefix (docs/redis-cluster.md) into an empty layout-2 prefix, on the same
 * server, another one, or a Redis Cluster: subjects through the stores (a layout-2 put claims
 * each reference in its partition), every other key byte for byte (DUMP/RESTORE, keeping
 * stream ids, consumer groups and expiry) under its hash tag. Refuses a target prefix holding
 * any key (AFIS_CONFIG_INVALID). Then verifies: the target's subject count equals the source's,
 * and each copied key has the source's size. The source is read, never changed; nothing may
 * write to it meanwhile (stop the service first).
 */
export async function migrateRedisLayout(options: LayoutMigrationOptions): Promise<LayoutMigrationReport> {
  const { fromPrefix: from, toPrefix: to } = options;
  const source = connectRedis(options.fromUrl);
  const target = options.toCluster ? connectCluster(options.toUrl) : connectRedis(options.toUrl);
  const oldStore = openRedisStore({ url: options.fromUrl, prefix: from });
  const newStore = openRedisStore({ url: options.toUrl, prefix: to, layout: 2, cluster: options.toCluster });
  try {
    await pingRedis(source, options.fromUrl);
    await pingRedis(target, options.toUrl);
    const present = await scanKeys(target, `${globEscape(to)}*`, 1);
    if (present.length > 0) throw new StoreError('AFIS_CONFIG_INVALID', `the target prefix "${to}" is not empty (it holds ${present[0]}): migrate into an empty prefix`);
    await oldStore.ready();
    await newStore.ready();

    let subjects = 0;
    for await (const batch of oldStore.subjects.scan({ batchSize: options.batchSize ?? 200 })) {
      const whole = await Promise.all(batch.map((s) => oldStore.subjects.get(s.id, { images: true })));
      await newStore.subjects.putMany(whole.filter((s) => s !== undefined));
      subjects += batch.length;
    }

    const keys: Record<string, number> = {};
    const skipped: string[] = [];
    for (const key of await scanKeys(source, `${globEscape(from)}*`)) {
      const suffix = key.slice(from.length);
      const family = familyOf(suffix);
      if (family === 'subject') continue;
      if (family === undefined) {
        skipped.push(key);
        continue;
      }
      const [dump, ttl] = await Promise.all([guarded(source.dumpBuffer(key)), guarded(source.pttl(key))]);
      if (dump === null || ttl === -2) continue; // expired meanwhile
      const copy = `${to}{${family}}${suffix}`;
      await guarded(target.restore(copy, ttl > 0 ? ttl : 0, dump));
      if ((await sizeOf(source, key)) !== (await sizeOf(target, copy))) {
        throw new StoreError('AFIS_STORE_UNAVAILABLE', `layout migration: ${copy} differs from ${key} after the copy`);
      }
      keys[family] = (keys[family] ?? 0) + 1;
    }

    const [before, after] = await Promise.all([oldStore.subjects.count(), newStore.subjects.count()]);
    if (before !== subjects || after !== subjects) {
      throw new StoreError('AFIS_STORE_UNAVAILABLE', `layout migration: ${subjects} subjects copied, the source counts ${before}, the target ${after}`);
    }
    return { subjects, keys, skipped };
  } finally {
    await Promise.all([oldStore.close(), newStore.close(), source.quit().catch(() => source.disconnect()), target.quit().catch(() => target.disconnect())]);
  }
}
