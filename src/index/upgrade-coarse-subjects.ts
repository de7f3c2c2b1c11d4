import type { EncodedFinger, Gallery } from './gallery.js';
import { subjectMetaOf, recordDigest, type RecordEncoder } from './load-gallery-from-store.js';
import type { SubjectRecord, SubjectStore } from './ports.js';
import { encodeRecords } from './encode-records.js';

/** Where the upgrade writes: the gallery searched now, and a change applied to every gallery held (RenewingGallery fits). */
export interface UpgradeTarget {
  readonly current: Gallery;
  mutate(change: (g: Gallery) => void): void;
}

export interface UpgradeOptions {
  /** Subjects read and encoded per step (between two pauses of the event loop); default 50. */
  readonly batchSize?: number;
  /** Encodes elsewhere (a search thread, encodeRecords); default here, in this thread. */
  readonly encode?: RecordEncoder;
  /** Stops between steps when it returns true (shutdown: the snapshot saved then keeps the marks left). */
  readonly stopped?: () => boolean;
  readonly onProgress?: (done: number, left: number) => void;
}

/** What an upgrade did. */
export interface UpgradeReport {
  /** Subjects encoded again from their stored templates. */
  readonly upgraded: number;
  /** Coarse subjects left (not zero when stopped, or for those that failed). */
  readonly left: number;
  /** Subjects whose stored template did not encode (left as converted). */
  readonly failed: number;
  readonly ms: number;
}

/**
 * Encodes again, from the store, every subject of the gallery whose fingers were loaded from a
 * snapshot written before afis-gallery-5 (Gallery.coarseSubjects: fingers without their
 * orientation maps; before afis-gallery-4 also minutiae converted from 128 angle steps), so 1:N
 * scores as 1:1 does again, a step of `batchSize` at a
 * time with a pause of the event loop after each, so the service searches (the converted gallery,
 * at the old angle precision) and enrols while it runs. A subject put meanwhile (an enrolment, a
 * change from the feed, a renewal's new gallery) is no longer coarse and is left as it is; one
 * gone from the store or erased is left to the synchronisation that removes it. Safe to stop at
 * any point: nothing is lost (the store holds the templates), what is left stays marked.
 * Cost: one store read and one encoding per coarse subject (≈ 1.6 ms of one core each).
 */
export async function upgradeCoarseSubjects(target: UpgradeTarget, store: SubjectStore, options: UpgradeOptions = {}): Promise<UpgradeReport> {
  const t0 = performance.now();
  const batch = options.batchSize ?? 50;
  const encode: RecordEncoder = options.encode ?? (async (records, params) => encodeRecords(records, params));
  let upgraded = 0;
  let cursor = 0;
  let emptyPasses = 0;
  // subjects whose stored template does not encode: left as converted (searchable), not tried again
  const failed = new Set<string>();
  while (target.current.coarseSubjects > failed.size && !options.stopped?.()) {
    const g = target.current;
    const found = g.coarseIds(batch, cursor);
    cursor = found.next;
    const ids = found.ids.filter((id) => !failed.has(id));
    if (ids.length === 0) {
      if (!found.end) continue;
      // at the end (compaction renumbers slots): once more from the start, then give up
      if (++emptyPasses > 2) break;
      cursor = 0;
      continue;
    }
    emptyPasses = 0;
    const records = (await Promise.all(ids.map((id) => store.get(id)))).filter((r): r is SubjectRecord => r !== undefined && r.erasedAt === undefined);
    let fingers: readonly (readonly (EncodedFinger | null)[] | undefined)[];
    try {
      fingers = await encode(records, g.params);
    } catch {
      // one bad template fails its batch: each alone, the bad ones left out
      fingers = await Promise.all(records.map((r) => encode([r], g.params).then((f) => f[0], () => {
        failed.add(r.id);
        return undefined;
      })));
    }
    if (options.stopped?.()) break;
    records.forEach((r, i) => {
      const f = fingers[i];
      if (!f) return;
      const d = recordDigest(r);
      target.mutate((x) => {
        if (x.isCoarse(r.id)) x.putEncoded(r.id, f, subjectMetaOf(r), d);
      });
      upgraded++;
    });
    options.onProgress?.(upgraded, target.current.coarseSubjects);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { upgraded, left: target.current.coarseSubjects, failed: failed.size, ms: Math.round(performance.now() - t0) };
}
