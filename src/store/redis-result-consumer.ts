import type { Redis } from 'ioredis';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { StoreError } from '../core/index.js';
import type { PublishedResult } from '../transactions/ports.js';
import { checkKey } from './build-workflow-records.js';
import { connectCluster, connectRedis, guarded, pingRedis } from './redis-connection.js';
import { parseStreamEntries } from './redis-results-and-audit.js';

export interface ResultConsumerOptions {
  /** Default `redis://127.0.0.1:6379`; with `cluster`, comma-separated node URLs (`redis://h1:p1,redis://h2:p2,…`). */
  readonly url?: string;
  /** Key prefix of the store; the stream is `${prefix}results` (layout 2: `${prefix}{results}results`). Default `afis:`. */
  readonly prefix?: string;
  /** The store's key layout (docs/redis-cluster.md); default 1. */
  readonly layout?: 1 | 2;
  /** Connect to a Redis Cluster (ioredis `Cluster`); implies layout 2. The stream's slot is its hash tag `{results}`. */
  readonly cluster?: boolean;
  /** Consumer group, e.g. `dublin-unit`. Created (from the first entry) if missing. */
  readonly group: string;
  /** This consumer's name within the group; reuse it after a restart to get your own unacknowledged results first. */
  readonly consumer: string;
  /** An entry another consumer has held unacknowledged this long is taken over (XAUTOCLAIM), ms. */
  readonly redeliverAfterMs?: number;
}

/**
 * The Dublin unit's side of the results stream: a consumer in a Redis consumer group.
 * Delivery is at least once: a result is delivered until some consumer acknowledges it.
 * `read` returns, in this order,
 *  1. (first call only) results delivered earlier to this consumer name and never acknowledged
 *     (the consumer crashed and restarted under the same name);
 *  2. results another consumer has held unacknowledged for `redeliverAfterMs` (it crashed);
 *  3. new results (XREADGROUP `>`), waiting up to `blockMs` for one.
 * Process each result, then `ack` its cursor, within `redeliverAfterMs`: a result held longer
 * (by any consumer, this one included) is taken over by the next `read`. The consumer has its own connection (a blocking
 * read would stall other callers); on a Redis Cluster, every command goes to the master of the
 * stream's slot (`P{results}results`), and after a fail-over or a slot move the client follows
 * the MOVED reply to the new master. Not safe for concurrent `read` calls on one instance.
 */
export class RedisResultConsumer {
  private recovered = false;

  private constructor(
    private readonly redis: Redis,
    private readonly stream: string,
    private readonly group: string,
    private readonly consumer: string,
    private readonly redeliverAfterMs: number,
  ) {}

  static async open(options: ResultConsumerOptions): Promise<RedisResultConsumer> {
    const url = options.url ?? 'redis://127.0.0.1:6379';
    checkKey('group', options.group);
    checkKey('consumer', options.consumer);
    const layout = options.cluster ? 2 : options.layout ?? 1;
    const prefix = options.prefix ?? STORE_PARAMETERS.defaultRedisPrefix;
    if (layout === 2 && /[{}]/.test(prefix)) throw new StoreError('AFIS_CONFIG_INVALID', 'with Redis key layout 2 the key prefix must not contain { or }');
    const redis = options.cluster ? connectCluster(url) : connectRedis(url);
    try {
      await pingRedis(redis, url);
      const stream = `${prefix}${layout === 2 ? '{results}' : ''}results`;
      try {
        await redis.xgroup('CREATE', stream, options.group, '0', 'MKSTREAM');
      } catch (err) {
        if (!/BUSYGROUP/.test((err as Error).message)) throw err;
      }
      return new RedisResultConsumer(redis, stream, options.group, options.consumer, options.redeliverAfterMs ?? STORE_PARAMETERS.resultsRedeliverAfterMs);
    } catch (err) {
      redis.disconnect();
      throw err instanceof StoreError ? err : new StoreError('AFIS_STORE_UNAVAILABLE', `cannot open the results consumer: ${(err as Error).message}`);
    }
  }

  /** Up to `count` results (default 10); waits up to `blockMs` (default 0 = do not wait) for new ones. */
  async read(options: { count?: number; blockMs?: number } = {}): Promise<PublishedResult[]> {
    const count = options.count ?? 10;
    if (!this.recovered) {
      this.recovered = true;
      const own = await guarded(this.redis.callBuffer('XREADGROUP', 'GROUP', this.group, this.consumer, 'COUNT', count, 'STREAMS', this.stream, '0'));
      const entries = parseStreamEntries((own as [Buffer, unknown][] | null)?.[0]?.[1]);
      if (entries.length > 0) return entries;
    }
    const claimed = await guarded(this.redis.callBuffer('XAUTOCLAIM', this.stream, this.group, this.consumer, this.redeliverAfterMs, '0-0', 'COUNT', count));
    const taken = parseStreamEntries((claimed as unknown[])[1]);
    if (taken.length > 0) return taken;
    const args: (string | number)[] = ['GROUP', this.group, this.consumer, 'COUNT', count];
    if (options.blockMs) args.push('BLOCK', options.blockMs);
    const fresh = await guarded(this.redis.callBuffer('XREADGROUP', ...args, 'STREAMS', this.stream, '>'));
    return parseStreamEntries((fresh as [Buffer, unknown][] | null)?.[0]?.[1]);
  }

  /** Acknowledges processed results; returns how many were pending. */
  async ack(cursors: readonly string[]): Promise<number> {
    if (cursors.length === 0) return 0;
    return guarded(this.redis.xack(this.stream, this.group, ...cursors));
  }

  /** Number of results delivered to the group and not yet acknowledged. */
  async pendingCount(): Promise<number> {
    const summary = await guarded(this.redis.call('XPENDING', this.stream, this.group)) as [number, ...unknown[]];
    return Number(summary[0]);
  }

  /** Closes the connection; unacknowledged results stay pending for redelivery. */
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Drops the connection without a goodbye (what a crash looks like to the server); for tests. */
  disconnect(): void {
    this.redis.disconnect();
  }
}
