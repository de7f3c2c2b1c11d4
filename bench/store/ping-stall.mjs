// pingRedis (default timeout, STORE_PARAMETERS.redisConnectTimeoutMs) while this process runs a
// fixed synchronous CPU job in its own thread (what a search or a gallery build does), twice.
// Run it at nice 19 beside CPU load to see whether a stall of our own loop reads as Redis's silence.
//   nice -n 19 node bench/store/ping-stall.mjs [DIST=dist] [WORK=4e8] [REDIS_URL]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.argv[2] ?? 'dist');
const work = Number(process.argv[3] ?? 4e8);
const url = process.argv[4] ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const { connectRedis, pingRedis } = await import(pathToFileURL(`${dist}/store/redis-connection.js`).href);
const redis = connectRedis(url);
await redis.ping();
for (let round = 0; round < 2; round++) {
  const t0 = Date.now();
  const p = pingRedis(redis, url).then(() => 'answered', (e) => `FAILED: ${e.message}`);
  let x = 0;
  for (let i = 0; i < work; i++) x = (x + i * 7) % 1000003;
  const jobMs = Date.now() - t0;
  console.log(JSON.stringify({ dist, round, jobMs, ping: await p, x }));
}
redis.disconnect();
