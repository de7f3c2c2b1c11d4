import type { Redis } from 'ioredis';
import { StoreError } from '../core/index.js';
import { connectRedis, guarded, pingRedis, redactUrl } from './redis-connection.js';

/** What a Redis server keeps on disk, as its configuration says. */
export interface RedisPersistence {
  /** `appendonly` (the append-only file): `yes` or `no`. */
  readonly appendonly: string;
  /** `appendfsync` when known: `always`, `everysec` or `no`. */
  readonly appendfsync?: string;
  /** `save` (RDB snapshot rules), e.g. `3600 1 300 100`; empty = no snapshots. */
  readonly save?: string;
}

/** Reads the persistence settings: CONFIG GET, or INFO persistence where CONFIG is disabled (managed services). */
export async function readRedisPersistence(redis: Redis): Promise<RedisPersistence> {
  try {
    const pairs = await redis.call('CONFIG', 'GET', 'appendonly') as string[];
    const more = [...(await redis.call('CONFIG', 'GET', 'appendfsync') as string[]), ...(await redis.call('CONFIG', 'GET', 'save') as string[])];
    const value = (name: string, list: string[]): string | undefined => {
      const i = list.indexOf(name);
      return i >= 0 ? list[i + 1] : undefined;
    };
    const appendonly = value('appendonly', pairs);
    if (appendonly !== undefined) {
      const appendfsync = value('appendfsync', more);
      const save = value('save', more);
      return { appendonly, ...(appendfsync !== undefined ? { appendfsync } : {}), ...(save !== undefined ? { save } : {}) };
    }
  } catch {
    // CONFIG renamed or refused: fall back to INFO
  }
  const info = await guarded(redis.info('persistence'));
  const aof = /^aof_enabled:(\d)/m.exec(info)?.[1];
  if (aof === undefined) throw new StoreError('AFIS_STORE_NOT_DURABLE', 'cannot read the Redis persistence settings (neither CONFIG GET appendonly nor INFO persistence answered)');
  return { appendonly: aof === '1' ? 'yes' : 'no' };
}

/**
 * Refuses a Redis that would lose acknowledged writes on a crash: the system of record needs
 * the append-only file (`appendonly yes`; `appendfsync everysec` loses at most about a second
 * on a power cut, `always` nothing). RDB snapshots alone (`save`) lose everything since the
 * last snapshot, so they are refused too. Throws AFIS_STORE_NOT_DURABLE naming the setting.
 * Opens and closes its own connection.
 */
export async function assertRedisDurable(url: string): Promise<RedisPersistence> {
  const redis = connectRedis(url);
  try {
    await pingRedis(redis, url);
    const p = await readRedisPersistence(redis);
    if (p.appendonly !== 'yes') {
      const snapshots = p.save ? `RDB snapshots only (save "${p.save}"): writes since the last snapshot` : 'no snapshots either (save ""): every write';
      throw new StoreError('AFIS_STORE_NOT_DURABLE', `Redis at ${redactUrl(url)} has appendonly ${p.appendonly} and ${snapshots} would be lost on a crash. `
        + 'Set appendonly yes with appendfsync everysec or always (see the README\'s redis.conf), or AFIS_REDIS_ALLOW_VOLATILE=1 for a test instance.');
    }
    return p;
  } finally {
    redis.disconnect();
  }
}
