import type { NatsConnection, Subscription } from 'nats';
import { SCALE_OUT_PARAMETERS } from '../config/parameters.js';
import type { ShardSubjects } from './shard-subjects.js';

/** A replica's heartbeat: who it is and how many subjects its shard holds. */
export interface Heartbeat {
  readonly replica: string;
  readonly subjects: number;
}

/**
 * Which replicas of each shard are alive, from their heartbeats (every
 * `heartbeatIntervalMs`); a replica silent for `replicaSilentAfterMs` is taken for dead.
 * Used for /ready, the per-shard gallery sizes, and to notice that the replica holding a
 * search died.
 */
export class ReplicaTracker {
  private readonly seen = new Map<number, Map<string, { at: number; subjects: number }>>();
  private readonly sub: Subscription;

  constructor(nc: NatsConnection, subjects: ShardSubjects, readonly count: number, private readonly silentAfterMs = SCALE_OUT_PARAMETERS.replicaSilentAfterMs) {
    this.sub = nc.subscribe(subjects.heartbeats(count), {
      callback: (err, m) => {
        if (err) return;
        const index = Number(m.subject.slice(m.subject.lastIndexOf('.') + 1));
        if (!Number.isInteger(index) || index < 0 || index >= count) return;
        try {
          const hb = m.json<Heartbeat>();
          let replicas = this.seen.get(index);
          if (!replicas) this.seen.set(index, (replicas = new Map()));
          replicas.set(String(hb.replica), { at: Date.now(), subjects: Number(hb.subjects) || 0 });
        } catch {
          // a malformed heartbeat says nothing
        }
      },
    });
  }

  /** Replicas of shard `index` heard from within the silence period. */
  live(index: number): string[] {
    const now = Date.now();
    return [...(this.seen.get(index) ?? new Map<string, { at: number }>()).entries()].filter(([, v]) => now - v.at < this.silentAfterMs).map(([r]) => r);
  }

  isAlive(index: number, replica: string): boolean {
    const v = this.seen.get(index)?.get(replica);
    return v !== undefined && Date.now() - v.at < this.silentAfterMs;
  }

  /** Subjects per shard as its live replicas report them (the largest, while a replica catches up). */
  subjectsByShard(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let k = 0; k < this.count; k++) {
      const live = this.live(k);
      if (live.length > 0) out[`${k}/${this.count}`] = Math.max(...live.map((r) => this.seen.get(k)!.get(r)!.subjects));
    }
    return out;
  }

  close(): void {
    this.sub.unsubscribe();
  }
}
