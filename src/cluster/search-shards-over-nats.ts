import { createInbox, type NatsConnection, type Subscription } from 'nats';
import { SCALE_OUT_PARAMETERS } from '../config/parameters.js';
import { AfisError, StoreError } from '../core/index.js';
import { mergeShardAnswers, shardsShortOf, shortlistKeep, type GalleryFinger, type MergeOptions, type SearchPriority, type ShardAnswer, type ShardedSearchResult } from '../index/index.js';
import type { ScoreCalibration } from '../matching/index.js';
import { decodeShardReply, encodeSearchRequest, replyError, type ShardReply, type ShardSearchOptions } from './shard-messages.js';
import { shardLabel, type ShardSubjects } from './shard-subjects.js';
import type { ReplicaTracker } from './track-shard-replicas.js';

export interface NatsShardedSearcherOptions {
  readonly calibration?: ScoreCalibration;
  /** Longest wait for all shards, ms. */
  readonly deadlineMs?: number;
  /** A search no replica takes within this time is sent again (or fails when no replica is alive), ms. */
  readonly acceptTimeoutMs?: number;
  /** Told the outcome of each shard request: `ok`, `retried`, `unavailable`, `error`. */
  readonly onShardOutcome?: (shard: string, outcome: 'ok' | 'retried' | 'unavailable' | 'error') => void;
}

type Attempt = { kind: 'answer'; answer: ShardAnswer } | { kind: 'retry'; why: string };

function unavailable(shard: string, why: string): AfisError {
  return new StoreError('AFIS_SHARD_UNAVAILABLE', `gallery shard ${shard} ${why}; the search was not done (a partial answer could miss the mate)`, { shard });
}

/**
 * The coordinator's side of a sharded gallery: scatters each search to the N shards over NATS
 * request/reply (one replica of each shard's queue group takes it), gathers and re-fuses the
 * answers for the whole gallery ({@link mergeShardAnswers}). Never a partial answer: a shard
 * with no replica subscribed fails the search at once with AFIS_SHARD_UNAVAILABLE; a replica that
 * dies while holding a search (its heartbeats stop) or never takes it is replaced by another
 * replica of the same shard, within the deadline.
 * Thread-safety: any number of concurrent searches.
 */
export class NatsShardedSearcher {
  private readonly inbox: string;
  private readonly sub: Subscription;
  private readonly waiting = new Map<string, (reply: ShardReply | 'no-responders') => void>();
  private seq = 0;
  private readonly deadlineMs: number;
  private readonly acceptTimeoutMs: number;

  constructor(private readonly nc: NatsConnection, private readonly subjects: ShardSubjects, readonly count: number, private readonly tracker: ReplicaTracker, private readonly options: NatsShardedSearcherOptions = {}) {
    this.deadlineMs = options.deadlineMs ?? SCALE_OUT_PARAMETERS.shardDeadlineMs;
    this.acceptTimeoutMs = options.acceptTimeoutMs ?? SCALE_OUT_PARAMETERS.shardAcceptTimeoutMs;
    this.inbox = createInbox();
    this.sub = nc.subscribe(`${this.inbox}.*`, {
      callback: (err, m) => {
        if (err) return;
        const handler = this.waiting.get(m.subject);
        if (!handler) return;
        // the server answers 503 at once when no replica subscribes to the shard's subject
        if (m.headers?.code === 503) return handler('no-responders');
        try {
          handler(decodeShardReply(m.data));
        } catch {
          // an unreadable reply is ignored; the deadline or a retry deals with it
        }
      },
    });
  }

  /** Shards with no live replica (`K/N` labels), for /ready. */
  missingShards(): string[] {
    return Array.from({ length: this.count }, (_, k) => k).filter((k) => this.tracker.live(k).length === 0).map((k) => shardLabel({ index: k, count: this.count }));
  }

  async search(fingers: readonly GalleryFinger[], options: ShardSearchOptions = {}, priority: SearchPriority = 'desk'): Promise<ShardedSearchResult> {
    const calibration = options.calibration ?? this.options.calibration;
    const merge: MergeOptions = {
      ...(options.targetFpir !== undefined ? { targetFpir: options.targetFpir } : {}),
      ...(options.maxCandidates !== undefined ? { maxCandidates: options.maxCandidates } : {}),
      ...(options.shortlistSize !== undefined ? { shortlistSize: options.shortlistSize } : {}),
      ...(calibration ? { calibration } : {}),
    };
    // every shard keeps the shortlist length of the whole gallery (its size as the heartbeats
    // last said); a shard that kept fewer than the answers' total size calls for is asked again
    const indexed = options.mode !== 'brute-force' && !options.subjects;
    const estimate = Object.values(this.tracker.subjectsByShard()).reduce((a, n) => a + n, 0);
    // one stop-bit generation on every shard (first-stage scores of different masks do not
    // compare): the newest the replicas' heartbeats say every shard can search
    let generation = this.tracker.searchGeneration();
    const request = (shortlistSize: number | undefined): Uint8Array => encodeSearchRequest({
      fingers,
      options: { ...options, ...(indexed && shortlistSize !== undefined ? { shortlistSize } : {}), ...(calibration ? { calibration } : {}) },
      priority,
      ...(generation !== undefined ? { stopBitsGeneration: generation } : {}),
    });
    const deadline = Date.now() + this.deadlineMs;
    let shortlist = options.shortlistSize ?? shortlistKeep(estimate);
    const answers = await Promise.all(Array.from({ length: this.count }, (_, k) => this.ask(k, request(shortlist), deadline)));
    for (let round = 0; round < 3; round++) {
      // answers of another generation than the oldest (no generation was asked for, or a
      // heartbeat was late): those shards are asked again for the oldest, which they keep
      const held = answers.flatMap((a) => (a.stopBitsGeneration === undefined ? [] : [a.stopBitsGeneration]));
      const oldest = held.length > 0 ? Math.min(...held) : undefined;
      const mixed = answers.flatMap((a, k) => (a.stopBitsGeneration !== undefined && a.stopBitsGeneration !== oldest ? [k] : []));
      if (mixed.length > 0) {
        generation = oldest;
        const more = await Promise.all(mixed.map((k) => this.ask(k, request(shortlist), deadline)));
        mixed.forEach((k, i) => (answers[k] = more[i]));
        continue;
      }
      const short = shardsShortOf(answers, merge);
      if (short.shards.length === 0) break;
      shortlist = short.keep;
      const more = await Promise.all(short.shards.map((k) => this.ask(k, request(shortlist), deadline)));
      short.shards.forEach((k, i) => (answers[k] = more[i]));
    }
    return mergeShardAnswers(answers, merge);
  }

  private async ask(index: number, request: Uint8Array, deadline: number): Promise<ShardAnswer> {
    const label = shardLabel({ index, count: this.count });
    const report = this.options.onShardOutcome ?? (() => undefined);
    // No look at the heartbeats before sending: NATS itself answers "no responders" at once when
    // no replica subscribes (a killed process's connection closes with it), and a late
    // heartbeat of a busy replica must not fail a search.
    for (;;) {
      let result: Attempt;
      try {
        result = await this.attempt(index, label, request, deadline);
      } catch (err) {
        report(label, (err as AfisError).code === 'AFIS_SHARD_UNAVAILABLE' ? 'unavailable' : 'error');
        throw err;
      }
      if (result.kind === 'answer') {
        report(label, 'ok');
        return result.answer;
      }
      report(label, 'retried');
      if (Date.now() >= deadline) {
        report(label, 'unavailable');
        throw unavailable(label, `${result.why}, and the deadline of ${this.deadlineMs} ms has passed`);
      }
      // a replica that declined at once (another stop-bit generation) is not asked again in a tight loop
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** One try: publish, then wait for `accepted` and the answer while watching the accepting replica's heartbeats. */
  private attempt(index: number, label: string, request: Uint8Array, deadline: number): Promise<Attempt> {
    const reply = `${this.inbox}.${++this.seq}`;
    return new Promise<Attempt>((resolve, reject) => {
      let holder: string | undefined;
      const started = Date.now();
      const finish = (fn: () => void): void => {
        clearInterval(watch);
        this.waiting.delete(reply);
        fn();
      };
      // The watch judges the replicas by what this process has heard of them, so it judges after
      // the messages that arrived meanwhile are read (setImmediate runs after the poll phase; a
      // timer late from a blocked event loop fires before it), and a stall of this process's own
      // event loop does not count as the replica's silence: under CPU load an `accepted` or a
      // heartbeat waiting unread in the socket otherwise made every search in flight be sent
      // again, which doubled the replicas' work just when they were slowest.
      const tick = Math.max(20, Math.min(100, this.acceptTimeoutMs / 4));
      let acceptBy = started + this.acceptTimeoutMs;
      let lastTick = started;
      let judging = false;
      const judge = (): void => {
        judging = false;
        if (!this.waiting.has(reply)) return;
        const now = Date.now();
        const stalled = now - lastTick > 2 * tick;
        if (stalled) acceptBy += now - lastTick - tick;
        lastTick = now;
        if (now >= deadline) finish(() => reject(unavailable(label, `did not answer within ${this.deadlineMs} ms`)));
        else if (holder === undefined && now >= acceptBy) finish(() => resolve({ kind: 'retry', why: `was not taken by any replica within ${this.acceptTimeoutMs} ms` }));
        else if (holder !== undefined && !stalled && !this.tracker.isAlive(index, holder)) finish(() => resolve({ kind: 'retry', why: `lost replica ${holder}` }));
      };
      const watch = setInterval(() => {
        if (judging) return;
        judging = true;
        setImmediate(judge);
      }, tick);
      this.waiting.set(reply, (r) => {
        if (r === 'no-responders') return finish(() => reject(unavailable(label, 'has no live replica')));
        if (r.kind === 'accepted') {
          holder = r.replica;
          return undefined;
        }
        if (r.kind === 'answer') return finish(() => resolve({ kind: 'answer', answer: r.answer }));
        // this replica lacks the generation asked for (still building it): another may hold it
        if (r.kind === 'generation-missing') return finish(() => resolve({ kind: 'retry', why: `replica ${r.replica} holds stop-bit generations ${r.held.join(', ')} only` }));
        return finish(() => reject(replyError(label, r)));
      });
      try {
        this.nc.publish(this.subjects.search({ index, count: this.count }), request, { reply });
      } catch (err) {
        finish(() => reject(new StoreError('AFIS_SHARD_UNAVAILABLE', `cannot reach NATS: ${(err as Error).message}`, { shard: label })));
      }
    });
  }

  close(): void {
    this.sub.unsubscribe();
  }
}
