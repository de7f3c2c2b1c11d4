import { DeliverPolicy, type ConsumerMessages, type NatsConnection, type Subscription } from 'nats';
import { SCALE_OUT_PARAMETERS } from '../config/parameters.js';
import {
  galleryFingersOf, recordDigest, subjectMetaOf, type Gallery, type GallerySearcher, type PriorityQueue, type RenewingGallery, type ShardSelector, type SubjectStore,
} from '../index/index.js';
import { ReplicaTracker } from './track-shard-replicas.js';
import { decodeSearchRequest, decodeSubjectChange, encodeJson, errorReply, type ShardReply, type SubjectChange } from './shard-messages.js';
import type { ShardSubjects } from './shard-subjects.js';

export interface ShardWorkerDeps {
  readonly nc: NatsConnection;
  readonly subjects: ShardSubjects;
  readonly shard: ShardSelector;
  /** This replica's name (unique among the replicas of its shard). */
  readonly replica: string;
  /** The shard's gallery, of one stop-bit generation or (during a switch) two. */
  readonly galleries: RenewingGallery;
  /** The searcher of one of those galleries (made once per gallery). */
  readonly searcherOf: (gallery: Gallery) => GallerySearcher;
  /** Searches wait here by the priority the coordinator sends. */
  readonly queue: PriorityQueue;
  readonly store: SubjectStore;
  /** The change stream's sequence read before the gallery was loaded (see ensureChangeStream). */
  readonly changesAfter: number;
  readonly onSearch?: () => void;
  readonly onChange?: (op: SubjectChange['op']) => void;
  /** How long the previous stop-bit generation stays after the last search for it (default `stopBitsRetainPreviousMs`). */
  readonly retainPreviousMs?: number;
  /** Told of a `stop-bits` change: another process published a generation (check it). */
  readonly onStopBits?: (generation: number) => void;
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
 * over the record's own when given. Applied to every gallery the shard holds (both generations
 * during a stop-bit switch, and the one being built, see RenewingGallery.mutate).
 */
export async function applySubjectChange(store: SubjectStore, galleries: RenewingGallery, change: Exclude<SubjectChange, { op: 'stop-bits' }>): Promise<void> {
  const id = change.id;
  if (change.op === 'remove') {
    galleries.mutate((g) => {
      g.remove(id);
    });
    return;
  }
  if (change.op === 'meta' && galleries.current.has(id)) {
    const meta = change.meta;
    galleries.mutate((g) => {
      g.setMeta(id, meta);
    });
    return;
  }
  const r = await store.get(id);
  if (!r || r.erasedAt !== undefined) {
    galleries.mutate((g) => {
      g.remove(id);
    });
    return;
  }
  const meta = change.meta ?? subjectMetaOf(r);
  const digest = recordDigest(r);
  const fingers = galleryFingersOf(r);
  galleries.mutate((g) => {
    if (g.digestOf(r.id) === digest) g.setMeta(r.id, meta);
    else g.put(r.id, fingers, meta, digest);
  });
}

/**
 * One replica of gallery shard K of N on NATS: answers searches on the shard's subject in the
 * shard's queue group (so the replicas share the load and a dead one is simply not asked),
 * says it is alive every `heartbeatIntervalMs` (with the stop-bit generations it can search),
 * and applies the change feed of its shard from `changesAfter` on, in order. The gallery must
 * already hold the shard (snapshot + store sync). During a stop-bit switch it searches the
 * generation the coordinator asks for, and keeps the previous one until every live replica of
 * every shard holds the new one and no search asked for the old one for
 * `stopBitsRetainPreviousMs`.
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
        if (change.op === 'stop-bits') d.onStopBits?.(change.generation);
        else await applySubjectChange(d.store, d.galleries, change);
        applied++;
        d.onChange?.(change.op);
      } catch (err) {
        report(err, 'applying a change');
      }
    }
  })();

  // every shard's replicas, to tell when no coordinator can still ask for a previous generation
  const peers = new ReplicaTracker(d.nc, d.subjects, d.shard.count);
  let previousAskedAt = Date.now();
  const heartbeat = (): void => {
    try {
      const held = d.galleries.generations();
      const current = held[held.length - 1];
      if (held.length > 1 && peers.allHold(current) && Date.now() - previousAskedAt >= (d.retainPreviousMs ?? SCALE_OUT_PARAMETERS.stopBitsRetainPreviousMs)) d.galleries.releasePrevious();
      if (held.length === 1) previousAskedAt = Date.now();
      d.nc.publish(d.subjects.heartbeat(d.shard), encodeJson({ replica: d.replica, subjects: d.galleries.current.size, stopBits: d.galleries.generations() }));
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
          const held = d.galleries.generations();
          if (req.stopBitsGeneration !== undefined && req.stopBitsGeneration < held[held.length - 1]) previousAskedAt = Date.now();
          // the whole re-ranked shortlist: the coordinator picks the gallery's shortlist from the
          // union of the shards' (see mergeShardAnswers), so it needs every one of them; of the
          // generation asked for, looked up when the search leaves the queue
          const r = await d.queue.run(req.priority, async () => {
            const gallery = d.galleries.galleryOf(req.stopBitsGeneration);
            if (!gallery) return undefined;
            return { generation: gallery.stopBitsGeneration.generation, result: await d.searcherOf(gallery).search(req.fingers, { ...req.options, maxCandidates: Number.MAX_SAFE_INTEGER }) };
          });
          if (!r) {
            send({ kind: 'generation-missing', replica: d.replica, held: d.galleries.generations() });
            return;
          }
          d.onSearch?.();
          const a = r.result;
          send({ kind: 'answer', replica: d.replica, answer: { subjects: a.gallerySize, eligible: a.eligible, shortlisted: a.shortlisted, candidates: a.candidates, ...(a.keep !== undefined ? { keep: a.keep } : {}), stopBitsGeneration: r.generation } });
        } catch (e) {
          send(errorReply(d.replica, e));
        }
      })();
    },
  });

  // the server has the subscription before the caller says the replica is ready: a search sent
  // right after the ready line would otherwise find no responder
  await d.nc.flush();

  return {
    get changesApplied() {
      return applied;
    },
    async close() {
      clearInterval(timer);
      peers.close();
      await searches.drain().catch(() => undefined);
      feed.stop();
      await feedDone;
    },
  };
}
