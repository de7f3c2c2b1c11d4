import { SCALE_OUT_PARAMETERS, type SearchParameters } from '../config/parameters.js';
import { readStopBits, readStopBitsGeneration, type StoredStopBits, type SubjectStore } from '../index/index.js';
import type { ReplicaTracker } from './track-shard-replicas.js';

/** Which stop-bit generation a shard replica starting now loads (see {@link stopBitsToJoin}). */
export type StopBitsToJoin =
  /** The store's newest, as `afis serve` loads it (no replica running, or all hold it already; `missing`: an older one was needed but its masks are not in the store). */
  | { readonly load: 'newest'; readonly missing?: number }
  /**
   * An older generation the running replicas still search (`stopBits` undefined: generation 0,
   * no masks); `newest` is the store's (0: none, `newestStopBits` its masks), which the replica
   * loads beside it from a snapshot if it has one, else its running check builds it from the
   * store, as a running replica does.
   */
  | { readonly load: 'older'; readonly generation: number; readonly stopBits: StoredStopBits | undefined; readonly newest: number; readonly newestStopBits: StoredStopBits | undefined };

/**
 * The stop-bit generation a shard replica starting now should load first. Coordinators ask
 * every shard for one generation, the newest all replicas hold; while the shards switch to a
 * new one, the slowest replica (it has not built the new one yet) still searches the previous
 * one. A replica that loaded only the store's newest would then be of no use to any search (and
 * the only replica of its shard would fail them all with AFIS_SHARD_UNAVAILABLE until the
 * slowest had built the new one), so it loads the generation the slowest live replica searches
 * (its masks kept in the store by offerStopBits), and its running check builds the newest
 * beside it, keeping both until every replica holds the newest and no search asked for the
 * older one for `stopBitsRetainPreviousMs` (serve-shard-over-nats.ts): the rule of a running
 * replica. When the replicas run without masks and the store has none yet, it loads without
 * masks too and leaves the first masks to its running check (a replica computing them at load
 * would be alone with them).
 *
 * Listens to the heartbeats (`tracker`, created before the call, ideally before the change
 * feed's position is read) for `listenMs` since the tracker started, so every live replica has
 * said what it holds. A store without settings (the embedded one) has nothing to share: newest.
 */
export async function stopBitsToJoin(store: SubjectStore, params: SearchParameters, tracker: ReplicaTracker, options: { listenMs?: number } = {}): Promise<StopBitsToJoin> {
  if (!store.readSetting) return { load: 'newest' };
  const listenMs = options.listenMs ?? SCALE_OUT_PARAMETERS.replicaSilentAfterMs;
  const left = tracker.startedAt + listenMs - Date.now();
  if (left > 0) await new Promise((r) => setTimeout(r, left));
  const slowest = tracker.slowestGeneration();
  const stored = await readStopBits(store, params);
  const newest = stored?.generation ?? 0;
  // nobody searching, everyone on the newest already, or a store reset under the running replicas
  if (slowest === undefined || slowest > newest || (slowest === newest && newest > 0)) return { load: 'newest' };
  if (slowest === 0) return { load: 'older', generation: 0, stopBits: undefined, newest, newestStopBits: stored };
  const older = await readStopBitsGeneration(store, params, slowest);
  return older ? { load: 'older', generation: slowest, stopBits: older, newest, newestStopBits: stored } : { load: 'newest', missing: slowest };
}
