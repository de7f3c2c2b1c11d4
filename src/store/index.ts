/**
 * Durable stores behind the ports declared by `index/ports.ts` (SubjectStore) and
 * `transactions/ports.ts` (transactions, examinations, idempotency, results, audit): an
 * embedded LMDB default and Redis. See README.md for key layouts and durability.
 */
export type { AfisStore, OpenStoreOptions, HousekeepingReport } from './store-types.js';
export { openStore } from './open-store.js';
export { openEmbeddedStore, EMBEDDED_DB_FILE } from './open-embedded-store.js';
export { openRedisStore } from './open-redis-store.js';
export { RedisResultConsumer, type ResultConsumerOptions } from './redis-result-consumer.js';
export { encodeSubjectRecord, decodeSubjectRecord, validateSubjectRecord } from './encode-subject-record.js';
export { AUDIT_GENESIS_HASH, canonicalJson, hashAuditEntry, verifyAuditEntries } from './hash-audit-entry.js';
export { assertRedisDurable, readRedisPersistence, type RedisPersistence } from './check-redis-durability.js';
export { migrateRedisLayout, type LayoutMigrationOptions, type LayoutMigrationReport } from './migrate-redis-layout.js';
