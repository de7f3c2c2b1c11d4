import { STORE_PARAMETERS } from '../config/parameters.js';
import { StoreError } from '../core/index.js';
import { connectRedis, pingRedis } from './redis-connection.js';
import { RedisAuditLog, RedisResultStream } from './redis-results-and-audit.js';
import { RedisSubjectStore } from './redis-subject-store.js';
import { RedisOutboxStore } from './redis-outbox-store.js';
import { RedisExaminationStore, RedisIdempotencyStore, RedisTransactionStore } from './redis-workflow-stores.js';
import type { AfisStore } from './store-types.js';

/**
 * Opens the Redis store (ioredis). Every key starts with `prefix` (default `afis:`); the key
 * layout and the server persistence settings production needs are in `src/store/README.md`.
 * Writes are acknowledged when Redis has applied them in memory (and, with AOF, appended them
 * to the log: `appendfsync always` makes that durable before the reply, `everysec` within a
 * second). Not for Redis Cluster: scripts touch keys of several subjects.
 */
export function openRedisStore(options: { url?: string; prefix?: string; idempotencyTtlMs?: number; resultsRetentionMs?: number; waitReplicas?: number } = {}): AfisStore {
  const url = options.url ?? 'redis://127.0.0.1:6379';
  const prefix = options.prefix ?? STORE_PARAMETERS.defaultRedisPrefix;
  if (typeof prefix !== 'string' || prefix.length > 64 || /\s/.test(prefix)) {
    throw new StoreError('AFIS_CONFIG_INVALID', 'the Redis key prefix must be at most 64 characters without spaces');
  }
  const waitReplicas = options.waitReplicas ?? 0;
  if (!Number.isInteger(waitReplicas) || waitReplicas < 0) throw new StoreError('AFIS_CONFIG_INVALID', 'waitReplicas must be a non-negative integer');
  const redis = connectRedis(url);
  const auditConnection = connectRedis(url);
  const results = new RedisResultStream(redis, prefix);
  const retention = options.resultsRetentionMs ?? STORE_PARAMETERS.resultsRetentionMs;
  let closing: Promise<void> | undefined;
  return {
    kind: 'redis',
    subjects: new RedisSubjectStore(redis, prefix, waitReplicas),
    transactions: new RedisTransactionStore(redis, prefix),
    outbox: new RedisOutboxStore(redis, prefix),
    examinations: new RedisExaminationStore(redis, prefix),
    idempotency: new RedisIdempotencyStore(redis, prefix, options.idempotencyTtlMs ?? STORE_PARAMETERS.idempotencyTtlMs),
    results,
    audit: new RedisAuditLog(redis, auditConnection, prefix),
    // idempotency keys carry their own expiry (PX)
    housekeep: async (now) => ({ idempotencyKeysRemoved: 0, resultsTrimmed: await results.trimAcknowledged(retention, now) }),
    ready: async () => {
      if (closing) throw new StoreError('AFIS_STORE_UNAVAILABLE', 'the Redis store is closed');
      await pingRedis(redis, url);
    },
    close: () => {
      closing ??= (async () => {
        await Promise.all([redis, auditConnection].map((c) => c.quit().catch(() => c.disconnect())));
      })();
      return closing;
    },
  };
}
