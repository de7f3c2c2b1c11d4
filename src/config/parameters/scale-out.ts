/** Settings of production operation: search queue, shard workers over NATS, metrics. */
export const SCALE_OUT_PARAMETERS = Object.freeze({
  /**
   * Searches running at once in one process; the others wait in the priority queue. Each search
   * already splits its stages over every search thread, so two (one on the threads while the
   * other fuses or encodes its probe on the main thread) keep the workers busy.
   */
  searchConcurrency: 2,
  /** Longest a coordinator waits for every shard's answer to one search, ms. */
  shardDeadlineMs: 30_000,
  /** A shard search not taken by any replica within this time counts as refused (the replica died or hangs), ms. */
  shardAcceptTimeoutMs: 2_000,
  /** How often a shard worker says it is alive, ms. */
  heartbeatIntervalMs: 500,
  /** A replica silent this long is taken for dead: its searches go to another replica, ms. */
  replicaSilentAfterMs: 1_600,
  /** The examiner-queue gauge counts pending examinations up to this many. */
  examinerQueueCountCap: 1000,
});
export type ScaleOutParameters = typeof SCALE_OUT_PARAMETERS;
