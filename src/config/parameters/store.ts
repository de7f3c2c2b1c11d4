/** Settings of the durable stores (`src/store/`). Defaults are what production uses. */
export const STORE_PARAMETERS = Object.freeze({
  /** Default embedded data directory (relative to the working directory). */
  defaultDataDir: './data',
  /** Default prefix of every Redis key; the results stream is `${prefix}results` (`afis:results`). */
  defaultRedisPrefix: 'afis:',
  /**
   * Embedded durability: `flushed` acknowledges a write only after LMDB has synced it to disk
   * (survives a killed process AND an OS crash / power loss); `committed` acknowledges at
   * commit (survives a killed process, not a power loss) and is several times faster on slow disks.
   */
  embeddedDurability: 'flushed' as 'flushed' | 'committed',
  /** Initial LMDB map size, bytes; LMDB grows it as needed (a hint, not a limit). */
  lmdbMapSize: 1024 * 1024 * 1024,
  /** Subjects per batch yielded by `SubjectStore.scan` (one Redis MGET / one LMDB cursor run). */
  scanBatchSize: 1000,
  /** Default page size of list/read calls. */
  defaultListLimit: 100,
  /** Largest page a caller may ask for. */
  maxListLimit: 10_000,
  /** Audit entries per read while verifying the chain. */
  auditVerifyBatch: 2000,
  /** How long a ready() check waits for Redis before AFIS_STORE_UNAVAILABLE, ms. */
  redisConnectTimeoutMs: 5000,
  /** A results-stream entry delivered to a consumer that has not acknowledged it for this long is redelivered to another, ms. */
  resultsRedeliverAfterMs: 30_000,
  /**
   * An idempotency key is forgotten this long after its first use (a client retries within
   * minutes; two days covers a weekend's outage). Redis expires the key itself; the embedded
   * store drops expired keys in its housekeeping and ignores them until then. Ms.
   */
  idempotencyTtlMs: 48 * 3_600_000,
  /**
   * Results-stream entries older than this, and acknowledged by every consumer group, are
   * trimmed by the housekeeping (Redis). Ms.
   */
  resultsRetentionMs: 30 * 86_400_000,
  /** How often the service runs the store's housekeeping, ms. */
  housekeepingIntervalMs: 3_600_000,
  /** With `waitReplicas` > 0, how long an enrolment waits for the replicas' acknowledgement (Redis WAIT), ms. */
  waitReplicasTimeoutMs: 1_000,
  /** Longest id, reference number or key accepted by the stores, characters. */
  maxIdLength: 256,
  /** Most bytes of one finger template. */
  maxTemplateBytes: 65_535,
});
export type StoreParameters = typeof STORE_PARAMETERS;
