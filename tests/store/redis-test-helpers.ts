import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test file (or parallel run) uses. */
export function uniquePrefix(what: string): string {
  return `afis-test:${what}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes this prefix's keys only (never FLUSHALL: other test files share the server). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
