import type { NatsConnection, Subscription } from 'nats';
import { SCALE_OUT_PARAMETERS } from '../config/parameters.js';
import { StallClock } from '../core/index.js';
import type { ShardSubjects } from './shard-subjects.js';

/** A replica's heartbeat: who it is, how many subjects its shard holds, and the stop-bit generations it can search. */
export interface Heartbeat {
  readonly replica: string;
  readonly subjects: number;
  /** Generations of the galleries it holds ready (absent: a worker before generations). */
  readonly stopBits?: readonly number[];
}

interface Seen {
  at: number;
  /** this process's loop stalls so far (StallClock.stalledMs) when the heartbeat was read */
  stalledAt: number;
  subjects: number;
  stopBits: readonly number[] | undefined;
}

/**
 * Which replicas of each shard are alive, from their heartbeats (every
 * `heartbeatIntervalMs`); a replica silent for `replicaSilentAfterMs` is taken for dead.
 * Used for /ready, the per-shard gallery sizes, and to notice that the replica holding a
 * search died. Silence is counted in this process's responsive time: while its own event loop
 * is stalled (a search or gallery build in this thread, slower under CPU load) the heartbeats
 * wait unread in the socket, so that time is not the replica's silence (a wall-clock count made
 * every replica look dead for a moment after any stall longer than `replicaSilentAfterMs`: the
 * next searches then asked for no stop-bit generation and estimated the gallery as empty,
 * and were asked again).
 */
export class ReplicaTracker {
  private readonly seen = new Map<number, Map<string, Seen>>();
  private readonly sub: Subscription;
  /** When it started listening (Date.now()): heartbeats come every `heartbeatIntervalMs`, so after that long every live replica has been heard. */
  readonly startedAt = Date.now();
  private readonly clock: StallClock;

  constructor(nc: NatsConnection, subjects: ShardSubjects, readonly count: number, private readonly silentAfterMs: number = SCALE_OUT_PARAMETERS.replicaSilentAfterMs) {
    this.clock = new StallClock(Math.max(10, Math.min(100, silentAfterMs / 8)));
    this.sub = nc.subscribe(subjects.heartbeats(count), {
      callback: (err, m) => {
        if (err) return;
        const index = Number(m.subject.slice(m.subject.lastIndexOf('.') + 1));
        if (!Number.isInteger(index) || index < 0 || index >= count) return;
        try {
          const hb = m.json<Heartbeat>();
          let replicas = this.seen.get(index);
          if (!replicas) this.seen.set(index, (replicas = new Map()));
          const stopBits = Array.isArray(hb.stopBits) ? hb.stopBits.filter((g) => Number.isInteger(g) && g >= 0) : undefined;
          const at = Date.now();
          replicas.set(String(hb.replica), { at, stalledAt: this.clock.stalledMs(at), subjects: Number(hb.subjects) || 0, stopBits });
        } catch {
          // a malformed heartbeat says nothing
        }
      },
    });
  }

  /** Replicas of shard `index` heard from within the silence period. */
  live(index: number): string[] {
    const now = Date.now();
    return [...(this.seen.get(index) ?? new Map<string, Seen>()).entries()].filter(([, v]) => this.heard(v, now)).map(([r]) => r);
  }

  isAlive(index: number, replica: string): boolean {
    const v = this.seen.get(index)?.get(replica);
    return v !== undefined && this.heard(v, Date.now());
  }

  /** Heard within the silence period of this process's responsive time. */
  private heard(v: Seen, now: number): boolean {
    return this.clock.responsiveSince(v.at, v.stalledAt, now) < this.silentAfterMs;
  }

  /**
   * The stop-bit generation a search should ask every shard for: the newest one every live
   * replica of every shard holds, else the newest one some live replica of every shard holds
   * (a replica without it declines and another takes the search); undefined when a shard has
   * no live replica, a replica does not say (a worker before generations), or no generation is
   * held everywhere (the replicas then answer with their current one).
   */
  searchGeneration(): number | undefined {
    const all: Set<number>[] = [];
    const some: Set<number>[] = [];
    for (let k = 0; k < this.count; k++) {
      const live = this.live(k).map((r) => this.seen.get(k)!.get(r)!.stopBits);
      if (live.length === 0 || live.some((g) => g === undefined)) return undefined;
      const held = live as (readonly number[])[];
      all.push(new Set(held[0].filter((g) => held.every((h) => h.includes(g)))));
      some.push(new Set(held.flat()));
    }
    const newest = (sets: Set<number>[]): number | undefined => {
      const common = [...(sets[0] ?? [])].filter((g) => sets.every((s) => s.has(g)));
      return common.length > 0 ? Math.max(...common) : undefined;
    };
    return newest(all) ?? newest(some);
  }

  /** True when every live replica of every shard holds generation `generation` ready (and says so). */
  allHold(generation: number): boolean {
    for (let k = 0; k < this.count; k++) {
      const live = this.live(k);
      if (live.length === 0) return false;
      if (!live.every((r) => this.seen.get(k)!.get(r)!.stopBits?.includes(generation))) return false;
    }
    return true;
  }

  /**
   * The oldest stop-bit generation a live replica searches as its current one (the newest it
   * holds), over every shard: coordinators cannot ask for a newer one until that replica has
   * built it, so a replica starting now loads this one first (see stopBitsToJoin). Undefined
   * when no live replica says which it holds.
   */
  slowestGeneration(): number | undefined {
    let slowest: number | undefined;
    for (let k = 0; k < this.count; k++) {
      for (const r of this.live(k)) {
        const held = this.seen.get(k)!.get(r)!.stopBits;
        if (!held || held.length === 0) continue;
        const current = Math.max(...held);
        if (slowest === undefined || current < slowest) slowest = current;
      }
    }
    return slowest;
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
    this.clock.close();
    this.sub.unsubscribe();
  }
}
