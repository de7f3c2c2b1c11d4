import { nanos, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { StoreError } from '../core/index.js';
import { subjectShard } from '../index/index.js';
import { encodeJson, type SubjectChange } from './shard-messages.js';
import type { ShardSubjects } from './shard-subjects.js';

/** How long the change stream keeps a change: a replica down longer catches up by a full store sync instead. */
const CHANGE_RETENTION_DAYS = 7;

/**
 * Creates the change stream when missing (file storage, kept 7 days) and returns its last
 * sequence number: a worker reads that before loading from the store and consumes the feed from
 * the next one, so no change made while it loads is missed (a change replayed twice is harmless).
 */
export async function ensureChangeStream(jsm: JetStreamManager, subjects: ShardSubjects): Promise<number> {
  try {
    return (await jsm.streams.info(subjects.changeStream)).state.last_seq;
  } catch (err) {
    if (!/stream not found/i.test((err as Error).message)) throw new StoreError('AFIS_STORE_UNAVAILABLE', `NATS JetStream: ${(err as Error).message}`, undefined, { cause: err });
  }
  try {
    const info = await jsm.streams.add({ name: subjects.changeStream, subjects: [subjects.changeSubjects], max_age: nanos(CHANGE_RETENTION_DAYS * 86_400_000) });
    return info.state.last_seq;
  } catch (err) {
    // another process created it meanwhile
    try {
      return (await jsm.streams.info(subjects.changeStream)).state.last_seq;
    } catch {
      throw new StoreError('AFIS_STORE_UNAVAILABLE', `NATS JetStream: cannot create the change stream ${subjects.changeStream}: ${(err as Error).message}`, undefined, { cause: err });
    }
  }
}

/**
 * The coordinator's side of the change feed: after the store holds an enrolment, a status
 * change or an erasure, the change goes to the JetStream subject of the shard that owns the
 * subject (`subjectShard(id, N)`), acknowledged by JetStream (stored) before it resolves.
 */
export class SubjectChangePublisher {
  private readonly js: JetStreamClient;

  constructor(nc: NatsConnection, private readonly subjects: ShardSubjects, private readonly count: number) {
    this.js = nc.jetstream();
  }

  async publish(change: Exclude<SubjectChange, { op: 'stop-bits' }>): Promise<void> {
    const shard = { index: subjectShard(change.id, this.count), count: this.count };
    try {
      await this.js.publish(this.subjects.changes(shard), encodeJson(change));
    } catch (err) {
      throw new StoreError('AFIS_STORE_UNAVAILABLE', `the change feed did not take the change of ${change.id}: ${(err as Error).message}`, undefined, { cause: err });
    }
  }

  /**
   * Tells every shard that stop-bit generation `generation` is in the store (the worker that
   * published it calls this), so each replica starts building it now rather than at its next
   * periodic check. Same feed as the subject changes: durable, and replayed to a replica that
   * was down.
   */
  async announceStopBits(generation: number): Promise<void> {
    for (let index = 0; index < this.count; index++) {
      try {
        await this.js.publish(this.subjects.changes({ index, count: this.count }), encodeJson({ op: 'stop-bits', generation } satisfies SubjectChange));
      } catch (err) {
        throw new StoreError('AFIS_STORE_UNAVAILABLE', `the change feed did not take stop-bit generation ${generation}: ${(err as Error).message}`, undefined, { cause: err });
      }
    }
  }
}
