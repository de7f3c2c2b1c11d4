import { createHash } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { STORE_PARAMETERS } from '../config/parameters.js';
import { AfisError, StoreError, setResponsiveTimeout } from '../core/index.js';

/** A Lua script sent by EVALSHA (EVAL once when the server does not know it yet). */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/** Turns a client failure into AFIS_STORE_UNAVAILABLE; AfisErrors pass through. */
export function storeFailure(err: unknown): AfisError {
  if (err instanceof AfisError) return err;
  return new StoreError('AFIS_STORE_UNAVAILABLE', `Redis store failure: ${(err as Error)?.message ?? String(err)}`, undefined, { cause: err });
}

/** Awaits a Redis call, mapping failures with {@link storeFailure}. */
export async function guarded<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw storeFailure(err);
  }
}

/**
 * Runs a script; `buffers` returns bulk replies as Buffers (for binary results). Scripts
 * run atomically on the server: no other command runs between their reads and writes.
 */
export async function runScript(redis: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | Buffer | Uint8Array | number)[], buffers = false): Promise<unknown> {
  const argv = args.map((a) => (a instanceof Uint8Array && !Buffer.isBuffer(a) ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : a)) as (string | Buffer | number)[];
  const call = (cmd: string, first: string): Promise<unknown> => (buffers
    ? redis.callBuffer(cmd, first, keys.length, ...keys, ...argv)
    : redis.call(cmd, first, keys.length, ...keys, ...argv));
  try {
    return await call('EVALSHA', script.sha);
  } catch (err) {
    if (!/NOSCRIPT/.test((err as Error)?.message ?? '')) throw storeFailure(err);
  }
  return guarded(call('EVAL', script.source));
}

/** A Buffer view of bytes without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Opens a connection (RESP2 so replies have one shape). Auto-pipelining stays off: in ioredis 6
 * it drops the command name of `call`/`callBuffer` (commands are still pipelined on the socket).
 */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    protocol: 2,
    maxRetriesPerRequest: 3,
    connectTimeout: STORE_PARAMETERS.redisConnectTimeoutMs,
    lazyConnect: false,
  });
  // errors are reported through the failing calls; without a listener ioredis logs each one
  redis.on('error', () => {});
  return redis;
}

/**
 * A Redis Cluster client from comma-separated node URLs (`redis://host:port,…`), typed as a
 * Redis: the stores use only the commands both clients share (the keys of each script,
 * MULTI or MGET in one slot, docs/redis-cluster.md).
 */
export function connectCluster(url: string): Redis {
  const nodes = url.split(',').map((u) => {
    const x = new URL(u.trim());
    return { host: x.hostname, port: Number(x.port || 6379) };
  });
  const cluster = new Cluster(nodes, { redisOptions: { protocol: 2, maxRetriesPerRequest: 3, connectTimeout: STORE_PARAMETERS.redisConnectTimeoutMs } as never });
  cluster.on('error', () => {});
  return cluster as unknown as Redis;
}

/** CRC16-CCITT (XMODEM: polynomial 0x1021, initial 0), the checksum Redis Cluster hashes keys with. */
function crc16(bytes: Buffer): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** A key's Redis Cluster slot: CRC16 mod 16384 of its hash tag (between the first `{` and the next `}`, when not empty), else of the whole key. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  return crc16(Buffer.from(hashed, 'utf8')) & 16383;
}

/**
 * Redis WAIT after a write: how many replicas acknowledged everything this client wrote
 * before it (at least `replicas`, or fewer after `timeoutMs`). WAIT counts the replicas of the
 * server it is sent to, for the writes sent on that connection; so on Redis Cluster it is sent
 * to the master of each of `keys`' slots (the connection ioredis wrote those keys on) and the
 * answer is the smallest count. On one server `keys` is not needed.
 */
export async function waitForReplicas(redis: Redis, keys: readonly string[], replicas: number, timeoutMs: number): Promise<number> {
  if (!(redis as unknown as { isCluster?: boolean }).isCluster) return Number(await guarded(redis.call('WAIT', replicas, timeoutMs)));
  const cluster = redis as unknown as Cluster;
  const byNode = new Map(cluster.nodes('master').map((n) => [`${n.options.host}:${n.options.port}`, n]));
  const targets = new Set<Redis>();
  for (const key of keys) {
    const owner = cluster.slots[keySlot(key)]?.[0];
    const node = owner === undefined ? undefined : byNode.get(owner);
    if (!node) throw new StoreError('AFIS_STORE_UNAVAILABLE', `Redis Cluster: no connected master for the slot of ${key}`);
    targets.add(node);
  }
  const counts = await Promise.all([...targets].map(async (node) => Number(await guarded(node.call('WAIT', replicas, timeoutMs)))));
  return counts.length === 0 ? replicas : Math.min(...counts);
}

/**
 * Resolves when PING answers, or AFIS_STORE_UNAVAILABLE after `timeoutMs` of responsive time
 * (see setResponsiveTimeout: a stall of this process's own event loop, with the PONG waiting
 * unread in the socket, is not Redis's silence; a wall-clock timer made /ready and the
 * start-up report Redis unavailable after any such stall longer than the timeout).
 */
export async function pingRedis(redis: Redis, url: string, timeoutMs: number = STORE_PARAMETERS.redisConnectTimeoutMs): Promise<void> {
  let cancel: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    cancel = setResponsiveTimeout(() => reject(new StoreError('AFIS_STORE_UNAVAILABLE', `Redis at ${redactUrl(url)} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([guarded(redis.ping()), timeout]);
  } finally {
    cancel?.();
  }
}

/** The URL without a password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}

// KEYS: the setting. ARGV: 1 when a value is expected (else absence is), the expected value, the new value.
const SWAP_SETTING = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
if (ARGV[1] == '1' and cur == ARGV[2]) or (ARGV[1] == '0' and not cur) then
  redis.call('SET', KEYS[1], ARGV[3])
  return ARGV[3]
end
return cur
`);

/**
 * Compare-and-set of a gallery setting (one key, so one slot on Redis Cluster too): `value` is
 * stored when the key holds exactly `expected` (undefined: when it is absent); returns what the
 * key holds afterwards (the new value, or the one another process stored first).
 */
export async function swapSetting(redis: Redis, key: string, name: string, expected: Uint8Array | undefined, value: Uint8Array): Promise<Uint8Array> {
  const stored = await runScript(redis, SWAP_SETTING, [key], [expected ? '1' : '0', expected ?? '', value], true) as Buffer | null;
  if (!stored) throw new StoreError('AFIS_STORE_UNAVAILABLE', `setting ${name} vanished while it was being replaced`);
  return new Uint8Array(stored);
}
