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
  /**
   * How often a process holding a gallery (or a shard) checks whether the stop bits are due for
   * a new generation or another process published one, ms (shards are also told at once over
   * the change feed).
   */
  stopBitsCheckIntervalMs: 60_000,
  /**
   * A shard replica keeps the previous generation's gallery after switching until every live
   * replica of every shard holds the new one and no search asked for the old one for this long,
   * ms (coordinators search one generation on all shards, see search-shards-over-nats.ts).
   */
  stopBitsRetainPreviousMs: 30_000,
  /**
   * While a gallery loaded from an earlier snapshot format is upgraded in the background
   * (runtime.ts upgradeGalleryInBackground), its snapshot is saved after every this many subjects,
   * so a killed process goes on from there instead of from the start (≈ 4 min of one search
   * thread per 100 k subjects at load 7; a save of 1 M subjects writes ≈ 0.4 GB at once).
   */
  galleryUpgradeSaveEvery: 100_000,
  /** The examiner-queue gauge counts pending examinations up to this many. */
  examinerQueueCountCap: 1000,
});
export type ScaleOutParameters = typeof SCALE_OUT_PARAMETERS;
