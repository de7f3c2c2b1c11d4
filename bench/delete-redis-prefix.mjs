// The benches' clean-up after a run on a real Redis (store, sharded search, stop-bit renewal):
// every key under the run's own prefix unlinked, by SCAN (never KEYS, which blocks the server).

/** Unlinks every key whose name starts with `prefix` (glob characters in it are escaped). */
export async function deleteRedisPrefix(redis, prefix, count = 1000) {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', count);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}
