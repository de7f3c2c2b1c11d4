import { DeliverPolicy, type ConsumerMessages, type NatsConnection, type Subscription } from 'nats';
import { SCALE_OUT_PARAMETERS } from '../config/parameters.js';
import {
  galleryFingersOf, recordDigest, subjectMetaOf, type Gallery, type GallerySearcher, type PriorityQueue, type ShardSelector, type SubjectStore,
} from '../index/index.js';
import { decodeSearchRequest, decodeSubjectChange, encodeJson, errorReply, type ShardReply, type SubjectChange } from './shard-messages.js';
import type { ShardSubjects } from './shard-subjects.js';

export interface ShardWorkerDeps {
  readonly nc: NatsConnection;
  readonly subjects: ShardSubjects;
  readonly shard: ShardSelector;
  /** This replica's name (unique among the replicas of its shard). */
  readonly replica: string;
  readonly gallery: Gallery;
  readonly searcher: GallerySearcher;
  /** Searches wait here by the priority the coordinator sends. */
  readonly queue: PriorityQueue;
  readonly store: SubjectStore;
  /** The change stream's sequence read before the gallery was loaded (see ensureChangeStream). */
  readonly changesAfter: number;
  readonly onSearch?: () => void;
  readonly onChange?: (op: SubjectChange['op']) => void;
  readonly onError?: (err: unknown, what: string) => void;
}

/** A running shard replica. */
export interface ShardWorker {
  /** Changes applied from the feed since start. */
  readonly changesApplied: number;
  /** Stops answering searches and heartbeats, then stops reading the feed. */
  close(): Promise<void>;
}

/**
 * Brings one subject of the gallery in line with the store after a change: the record is read
 * again (so changes applied twice or late leave the same state), erased or absent subjects are
 * dropped, and the coordinator's metadata (blocked/marked as the regime decides today) wins
 * over the record's own when given.
 */
export async function applySubjectChange(store: SubjectStore, gallery: Gallery, change: SubjectChange): Promise<void> {
  if (change.op === 'remove') {
    gallery.remove(change.id);
    return;
  }
  if (change.op === 'meta' && gallery.has(change.id)) {
    gallery.setMeta(change.id, change.meta);
    return;
  }
  const r = await store.get(change.id);
  if (!r || r.erasedAt !== undefined) {
    gallery.remove(change.id);
    return;
  }
  const meta = change.meta ?? subjectMetaOf(r);
  const digest = recordDigest(r);
  if (gallery.digestOf(r.id) === digest) gallery.setMeta(r.id, meta);
  else gallery.put(r.id, galleryFingersOf(r), meta, digest);
}

/**
 * One replica of gallery shard K of N on NATS: answers searches on the shard's subject in the
 * shard's queue group (so the replicas share the load and a dead one is simply not asked),
 * says it is alive every `heartbeatIntervalMs`, and applies the change feed of its shard from
 * `changesAfter` on, in order. The gallery must already hold the shard (snapshot + store sync).
 */
export async function serveShardOverNats(d: ShardWorkerDeps): Promise<ShardWorker> {
  let applied = 0;
  const report = d.onError ?? (() => undefined);
  const js = d.nc.jetstream();
  const consumer = await js.consumers.get(d.subjects.changeStream, {
    // one subject as a string: a list needs nats-server 2.10 (Debian 12 ships 2.9)
    filterSubjects: d.subjects.changes(d.shard),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: d.changesAfter + 1,
  });
  const feed: ConsumerMessages = await consumer.consume();
  const feedDone = (async () => {
    for await (const m of feed) {
      try {
        const change = decodeSubjectChange(m.data);
        await applySubjectChange(d.store, d.gallery, change);
        applied++;
        d.onChange?.(change.op);
      } catch (err) {
        report(err, 'applying a change');
      }
    }
  })();

  const heartbeat = (): void => {
    try {
      d.nc.publish(d.subjects.heartbeat(d.shard), encodeJson({ replica: d.replica, subjects: d.gallery.size }));
    } catch (err) {
      report(err, 'heartbeat');
    }
  };
  heartbeat();
  const timer = setInterval(heartbeat, SCALE_OUT_PARAMETERS.heartbeatIntervalMs);

  const searches: Subscription = d.nc.subscribe(d.subjects.search(d.shard), {
    queue: d.subjects.queueGroup(d.shard),
    callback: (err, m) => {
      if (err) return;
      const send = (r: ShardReply): void => {
        m.respond(encodeJson(r));
      };
      send({ kind: 'accepted', replica: d.replica });
      void (async () => {
        try {
          const req = decodeSearchRequest(m.data);
          // the whole re-ranked shortlist: the coordinator picks the gallery's shortlist from the
          // union of the shards' (see mergeShardAnswers), so it needs every one of them
          const r = await d.queue.run(req.priority, () => d.searcher.search(req.fingers, { ...req.options, maxCandidates: Number.MAX_SAFE_INTEGER }));
          d.onSearch?.();
          send({ kind: 'answer', replica: d.replica, answer: { subjects: r.gallerySize, eligible: r.eligible, shortlisted: r.shortlisted, candidates: r.candidates, ...(r.keep !== undefined ? { keep: r.keep } : {}) } });
        } catch (e) {
          send(errorReply(d.replica, e));
        }
      })();
    },
  });

  return {
    get changesApplied() {
      return applied;
    },
    async close() {
      clearInterval(timer);
      await searches.drain().catch(() => undefined);
      feed.stop();
      await feedDone;
    },
  };
}
