import { STORE_PARAMETERS } from '../config/parameters.js';
import { StoreError } from '../core/index.js';
import type { Redis } from 'ioredis';
import { connectCluster, connectRedis, guarded, pingRedis } from './redis-connection.js';
import { RedisPartitionedSubjectStore } from './redis-partitioned-subject-store.js';
import { RedisAuditLog, RedisResultStream } from './redis-results-and-audit.js';
import { RedisSubjectStore } from './redis-subject-store.js';
import { RedisOutboxStore } from './redis-outbox-store.js';
import { RedisDeskResidueStore, RedisExaminationStore, RedisIdempotencyStore, RedisTransactionStore } from './redis-workflow-stores.js';
import type { AfisStore } from './store-types.js';

/**
 * Opens the Redis store (ioredis). Every key starts with `prefix` (default `afis:`); the key
 * layout and the server persistence settings production needs are in `src/store/README.md`.
 * Writes are acknowledged when Redis has applied them in memory (and, with AOF, appended them
 * to the log: `appendfsync always` makes that durable before the reply, `everysec` within a
 * second).
 *
 * Key layouts (docs/redis-cluster.md): layout 1 (the default) keeps global indexes that scripts
 * update together with a subject, so it needs one server (or a primary with replicas); layout
 * 2 gives the keys of every script one hash tag (subjects partitioned by id, reference claims
 * by reference, each workflow family under its own tag) and runs on Redis Cluster as on one
 * server. `cluster: true` connects with ioredis `Cluster` to the comma-separated nodes of `url`
 * and implies layout 2. A prefix written in the other layout is refused by `ready()`
 * (AFIS_CONFIG_INVALID); `migrateRedisLayout` (`afis redis migrate-layout`) copies layout 1 into 2.
 */
export function openRedisStore(options: { url?: string; prefix?: string; idempotencyTtlMs?: number; resultsRetentionMs?: number; waitReplicas?: number; layout?: 1 | 2; cluster?: boolean } = {}): AfisStore {
  const url = options.url ?? 'redis://127.0.0.1:6379';
  const prefix = options.prefix ?? STORE_PARAMETERS.defaultRedisPrefix;
  if (typeof prefix !== 'string' || prefix.length > 64 || /\s/.test(prefix)) {
    throw new StoreError('AFIS_CONFIG_INVALID', 'the Redis key prefix must be at most 64 characters without spaces');
  }
  const waitReplicas = options.waitReplicas ?? 0;
  if (!Number.isInteger(waitReplicas) || waitReplicas < 0) throw new StoreError('AFIS_CONFIG_INVALID', 'waitReplicas must be a non-negative integer');
  const layout = options.cluster ? 2 : options.layout ?? 1;
  if (layout === 2 && /[{}]/.test(prefix)) throw new StoreError('AFIS_CONFIG_INVALID', 'with Redis key layout 2 the key prefix must not contain { or } (they would become the hash tag)');
  const connect = (): Redis => (options.cluster ? connectCluster(url) : connectRedis(url));
  const redis = connect();
  const auditConnection = connect();
  // layout 2: every family under its own hash tag, so each script's keys share a slot
  const wf = layout === 2 ? `${prefix}{wf}` : prefix;
  const results = new RedisResultStream(redis, layout === 2 ? `${prefix}{results}` : prefix);
  const retention = options.resultsRetentionMs ?? STORE_PARAMETERS.resultsRetentionMs;
  let closing: Promise<void> | undefined;
  return {
    kind: 'redis',
    subjects: layout === 2 ? new RedisPartitionedSubjectStore(redis, prefix, waitReplicas) : new RedisSubjectStore(redis, prefix, waitReplicas),
    transactions: new RedisTransactionStore(redis, wf),
    outbox: new RedisOutboxStore(redis, wf),
    examinations: new RedisExaminationStore(redis, wf),
    idempotency: new RedisIdempotencyStore(redis, layout === 2 ? `${prefix}{idem}` : prefix, options.idempotencyTtlMs ?? STORE_PARAMETERS.idempotencyTtlMs),
    // single-key reads and writes: any slot will do
    residue: new RedisDeskResidueStore(redis, layout === 2 ? `${prefix}{residue}` : prefix),
    results,
    audit: new RedisAuditLog(redis, auditConnection, layout === 2 ? `${prefix}{audit}` : prefix),
    // idempotency keys carry their own expiry (PX)
    housekeep: async (now) => ({ idempotencyKeysRemoved: 0, resultsTrimmed: await results.trimAcknowledged(retention, now) }),
    ready: async () => {
      if (closing) throw new StoreError('AFIS_STORE_UNAVAILABLE', 'the Redis store is closed');
      await pingRedis(redis, url);
      await checkLayout(redis, prefix, layout);
    },
    close: () => {
      closing ??= (async () => {
        await Promise.all([redis, auditConnection].map((c) => c.quit().catch(() => c.disconnect())));
      })();
      return closing;
    },
  };
}

/** The key holding a prefix's layout number (written by the first layout-2 store; layout 1 predates it). */
export const layoutKey = (prefix: string): string => `${prefix}{meta}layout`;

/**
 * Refuses a prefix written in the other key layout (AFIS_CONFIG_INVALID, naming the setting):
 * layout 2 on a prefix with layout-1 subjects (`P subjects`), layout 1 on a prefix marked 2.
 * A layout-2 store marks its prefix.
 */
async function checkLayout(redis: Redis, prefix: string, layout: 1 | 2): Promise<void> {
  const marked = await guarded(redis.get(layoutKey(prefix)));
  if (layout === 1) {
    if (marked === '2') throw new StoreError('AFIS_CONFIG_INVALID', `Redis prefix "${prefix}" holds key layout 2 (partitioned, for Redis Cluster): open it with layout 2`);
    return;
  }
  if (marked === '2') return;
  if ((await guarded(redis.exists(`${prefix}subjects`))) === 1) {
    throw new StoreError('AFIS_CONFIG_INVALID', `Redis prefix "${prefix}" holds subjects in key layout 1 (${prefix}subjects); layout 2 cannot read them: keep layout 1, or copy it into a new prefix with afis redis migrate-layout`);
  }
  await guarded(redis.set(layoutKey(prefix), '2'));
}
