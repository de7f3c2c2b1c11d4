import { resolve } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ConfigError } from '../core/errors.js';
import { TRANSACTION_PARAMETERS } from './parameters/eurodac.js';

/** Roles an API key can hold (contract.md, issue 6). */
export const ROLES = ['desk', 'examiner', 'dublin', 'police', 'admin', 'auditor', 'member-state'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKey {
  readonly role: Role;
  readonly key: string;
}

const ConfigSchema = Type.Object({
  host: Type.String({ minLength: 1 }),
  port: Type.Integer({ minimum: 0, maximum: 65535 }),
  dataDir: Type.String({ minLength: 1 }),
  redisUrl: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  redisPrefix: Type.String({ minLength: 1, maxLength: 64 }),
  logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
  regime: Type.Union([Type.Literal('603/2013'), Type.Literal('2024/1358')]),
  memberState: Type.String({ pattern: '^[A-Z]{2}$' }),
  shutdownTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000 }),
  bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024 }),
  rateLimitPerMinute: Type.Integer({ minimum: 1 }),
  searchThreads: Type.Integer({ minimum: 0, maximum: 256 }),
  extractionYoungMb: Type.Integer({ minimum: 0, maximum: 4096 }),
  redisAllowVolatile: Type.Boolean(),
  shards: Type.Integer({ minimum: 0, maximum: 1024 }),
  idempotencyTtlHours: Type.Integer({ minimum: 1, maximum: 24 * 365 }),
  resultsRetentionDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  redisWaitReplicas: Type.Integer({ minimum: 0, maximum: 16 }),
  redisLayout: Type.Union([Type.Literal(1), Type.Literal(2)]),
  redisCluster: Type.Boolean(),
  natsUrl: Type.Optional(Type.String({ pattern: '^(nats|tls)://' })),
  centralUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
  centralApiKey: Type.Optional(Type.String({ minLength: 8 })),
  centralReplyDeadlineSeconds: Type.Integer({ minimum: 1 }),
  centralMinQuality: Type.Integer({ minimum: 0, maximum: 100 }),
  recaptureAdviceBelowQuality: Type.Integer({ minimum: 0, maximum: 100 }),
});

/** The validated, frozen configuration of one process. */
export type Config = Readonly<Static<typeof ConfigSchema>> & { readonly apiKeys: readonly ApiKey[] };

/**
 * Every environment variable the service reads, with its default and meaning; the README's
 * configuration table is this list. Command-line flags of `afis serve` override them.
 */
export const ENVIRONMENT = [
  { name: 'HOST', flag: '--host', default: '127.0.0.1', meaning: 'address to listen on' },
  { name: 'PORT', flag: '--port', default: '8080', meaning: 'TCP port (0 picks a free one)' },
  { name: 'AFIS_DATA_DIR', flag: '--data', default: './data', meaning: 'directory of the embedded store (LMDB)' },
  { name: 'AFIS_REDIS_URL', flag: '--redis', default: '(unset: embedded store)', meaning: 'use Redis at this URL instead of the embedded store' },
  { name: 'AFIS_REDIS_PREFIX', flag: '', default: 'afis:', meaning: 'prefix of every Redis key' },
  { name: 'AFIS_REDIS_ALLOW_VOLATILE', flag: '', default: '0', meaning: '1 lets afis run on a Redis without the append-only file (tests only: a crash loses records)' },
  { name: 'AFIS_SHARDS', flag: '--shards', default: '0 (the gallery in this process)', meaning: 'number of gallery shards held by `afis worker` processes; needs AFIS_NATS_URL' },
  { name: 'AFIS_NATS_URL', flag: '--nats', default: '(unset)', meaning: 'NATS server (with JetStream) of the shard workers, e.g. nats://127.0.0.1:4222' },
  { name: 'AFIS_CENTRAL_URL', flag: '--central', default: '(unset: no transmission)', meaning: 'the central Eurodac system (e.g. an `afis central`): every desk capture is sent there through the outbox, the national search looks at our own records only, and hits come in its replies (docs/eurodac-link.md)' },
  { name: 'AFIS_CENTRAL_API_KEY', flag: '', default: '(none)', meaning: 'our API key at the central system (a `member-state` key there)' },
  { name: 'AFIS_CENTRAL_REPLY_DEADLINE_SECONDS', flag: '', default: '86400', meaning: 'a transmitted capture without a reply after this long raises an alert (audit, log, metric, transaction view)' },
  { name: 'AFIS_CENTRAL_MIN_QUALITY', flag: '', default: '20', meaning: '`afis central` only: finger quality (0–100) below which it refuses a transaction (a quality rejection)' },
  { name: 'AFIS_RECAPTURE_ADVICE_BELOW_QUALITY', flag: '', default: '70', meaning: 'the desk advises a recapture of an accepted finger whose quality (0–100) is below this (reason `low-quality`; below 20 it refuses). 70 suits the sensors measured; where dry, faint fingers meet a small, framed sensor, pairs of quality 70–80 fail far more often (8.5 % at FMR 0.1 % with half the captures so, against 1.2 % from 90; 2.1 % and 0.4 % on clean captures), so such a site may set 80 ("Finger quality" below)' },
  { name: 'AFIS_IDEMPOTENCY_TTL_HOURS', flag: '', default: '48', meaning: 'an Idempotency-Key is forgotten this many hours after its first use' },
  { name: 'AFIS_RESULTS_RETENTION_DAYS', flag: '', default: '30', meaning: 'Redis results-stream entries older than this, and acknowledged by every consumer group, are trimmed (hourly)' },
  { name: 'AFIS_REDIS_LAYOUT', flag: '', default: '1', meaning: 'Redis key layout: 1 (one server, or a primary with replicas), 2 (every script\'s keys under one hash tag, runs on Redis Cluster too; docs/redis-cluster.md). A prefix written in the other layout is refused at start-up' },
  { name: 'AFIS_REDIS_CLUSTER', flag: '', default: '0', meaning: '1: `AFIS_REDIS_URL` lists Redis Cluster nodes (`redis://h1:p1,redis://h2:p2`); implies layout 2; the persistence check runs on each listed node' },
  { name: 'AFIS_REDIS_WAIT_REPLICAS', flag: '', default: '0', meaning: 'an enrolment waits (Redis WAIT, 1 s) until this many Redis replicas have it, else fails with AFIS_STORE_UNAVAILABLE' },
  { name: 'AFIS_API_KEYS', flag: '', default: '(none: every route but /health, /ready, /metrics, /docs and the /ui pages refuses)', meaning: 'API keys as role:KEY pairs separated by commas, e.g. desk:K1,examiner:K2' },
  { name: 'AFIS_REGIME', flag: '', default: '603/2013', meaning: 'Eurodac regime: 603/2013 or 2024/1358 (the recast)' },
  { name: 'AFIS_MEMBER_STATE', flag: '', default: 'BE', meaning: 'our member state (ISO 3166 alpha-2)' },
  { name: 'LOG_LEVEL', flag: '', default: 'info', meaning: 'pino log level: fatal, error, warn, info, debug, trace, silent' },
  { name: 'AFIS_SHUTDOWN_TIMEOUT_MS', flag: '', default: '10000', meaning: 'longest wait for requests in flight on SIGTERM/SIGINT before the process exits' },
  { name: 'AFIS_BODY_LIMIT_MB', flag: '', default: '50', meaning: 'largest request body on capture routes, MB (larger: 413)' },
  { name: 'AFIS_RATE_LIMIT_PER_MINUTE', flag: '', default: '600', meaning: 'requests per minute per API key' },
  { name: 'AFIS_SEARCH_THREADS', flag: '', default: '0 (one per core)', meaning: "worker threads of the 1:N search, and as many for a capture's per-image work (decoding, extraction, a slap's cut, the desk's reads)" },
  { name: 'AFIS_EXTRACTION_YOUNG_MB', flag: '', default: '96', meaning: 'young generation of each extraction worker thread, MB (0: V8\'s own, 48): 96 takes 10–20 % off the CPU per print against V8\'s own (fewer full garbage collections) for ≈ 48 MB more per worker; the templates are the same' },
] as const;

export interface ConfigOverrides {
  host?: string;
  port?: string | number;
  dataDir?: string;
  redisUrl?: string;
  shards?: string | number;
  natsUrl?: string;
  centralUrl?: string;
}

/**
 * Builds the configuration from environment variables and flag overrides, validates it once
 * and freezes it. A bad value throws `ConfigError('AFIS_CONFIG_INVALID')` naming the variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const int = (name: string, raw: string | number | undefined, fallback: number): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isInteger(n)) throw new ConfigError('AFIS_CONFIG_INVALID', `${name} must be an integer, got "${raw}"`);
    return n;
  };
  const flag = (name: string, raw: string | undefined): boolean => {
    if (raw === undefined || raw === '' || raw === '0') return false;
    if (raw === '1') return true;
    throw new ConfigError('AFIS_CONFIG_INVALID', `${name} must be 0 or 1, got "${raw}"`);
  };
  const candidate = {
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port: int(overrides.port !== undefined ? '--port' : 'PORT', overrides.port ?? env.PORT, 8080),
    dataDir: resolve(overrides.dataDir ?? env.AFIS_DATA_DIR ?? './data'),
    ...(overrides.redisUrl ?? env.AFIS_REDIS_URL ? { redisUrl: overrides.redisUrl ?? env.AFIS_REDIS_URL } : {}),
    redisPrefix: env.AFIS_REDIS_PREFIX ?? 'afis:',
    logLevel: env.LOG_LEVEL ?? 'info',
    regime: env.AFIS_REGIME ?? '603/2013',
    memberState: env.AFIS_MEMBER_STATE ?? 'BE',
    shutdownTimeoutMs: int('AFIS_SHUTDOWN_TIMEOUT_MS', env.AFIS_SHUTDOWN_TIMEOUT_MS, 10_000),
    bodyLimitBytes: int('AFIS_BODY_LIMIT_MB', env.AFIS_BODY_LIMIT_MB, 50) * 1024 * 1024,
    rateLimitPerMinute: int('AFIS_RATE_LIMIT_PER_MINUTE', env.AFIS_RATE_LIMIT_PER_MINUTE, 600),
    searchThreads: int('AFIS_SEARCH_THREADS', env.AFIS_SEARCH_THREADS, 0),
    extractionYoungMb: int('AFIS_EXTRACTION_YOUNG_MB', env.AFIS_EXTRACTION_YOUNG_MB, 96),
    redisAllowVolatile: flag('AFIS_REDIS_ALLOW_VOLATILE', env.AFIS_REDIS_ALLOW_VOLATILE),
    idempotencyTtlHours: int('AFIS_IDEMPOTENCY_TTL_HOURS', env.AFIS_IDEMPOTENCY_TTL_HOURS, 48),
    resultsRetentionDays: int('AFIS_RESULTS_RETENTION_DAYS', env.AFIS_RESULTS_RETENTION_DAYS, 30),
    redisWaitReplicas: int('AFIS_REDIS_WAIT_REPLICAS', env.AFIS_REDIS_WAIT_REPLICAS, 0),
    redisLayout: flag('AFIS_REDIS_CLUSTER', env.AFIS_REDIS_CLUSTER) ? 2 : int('AFIS_REDIS_LAYOUT', env.AFIS_REDIS_LAYOUT, 1),
    redisCluster: flag('AFIS_REDIS_CLUSTER', env.AFIS_REDIS_CLUSTER),
    shards: int(overrides.shards !== undefined ? '--shards' : 'AFIS_SHARDS', overrides.shards ?? env.AFIS_SHARDS, 0),
    ...(overrides.natsUrl ?? env.AFIS_NATS_URL ? { natsUrl: overrides.natsUrl ?? env.AFIS_NATS_URL } : {}),
    ...(overrides.centralUrl ?? env.AFIS_CENTRAL_URL ? { centralUrl: overrides.centralUrl ?? env.AFIS_CENTRAL_URL } : {}),
    ...(env.AFIS_CENTRAL_API_KEY ? { centralApiKey: env.AFIS_CENTRAL_API_KEY } : {}),
    centralReplyDeadlineSeconds: int('AFIS_CENTRAL_REPLY_DEADLINE_SECONDS', env.AFIS_CENTRAL_REPLY_DEADLINE_SECONDS, 86_400),
    centralMinQuality: int('AFIS_CENTRAL_MIN_QUALITY', env.AFIS_CENTRAL_MIN_QUALITY, 20),
    recaptureAdviceBelowQuality: int('AFIS_RECAPTURE_ADVICE_BELOW_QUALITY', env.AFIS_RECAPTURE_ADVICE_BELOW_QUALITY, TRANSACTION_PARAMETERS.adviseRecaptureBelowQuality),
  };
  const names: Record<string, string> = {
    host: 'HOST', port: 'PORT', dataDir: 'AFIS_DATA_DIR', redisUrl: 'AFIS_REDIS_URL', redisPrefix: 'AFIS_REDIS_PREFIX',
    logLevel: 'LOG_LEVEL', regime: 'AFIS_REGIME', memberState: 'AFIS_MEMBER_STATE', shutdownTimeoutMs: 'AFIS_SHUTDOWN_TIMEOUT_MS',
    bodyLimitBytes: 'AFIS_BODY_LIMIT_MB', rateLimitPerMinute: 'AFIS_RATE_LIMIT_PER_MINUTE', searchThreads: 'AFIS_SEARCH_THREADS',
    extractionYoungMb: 'AFIS_EXTRACTION_YOUNG_MB',
    redisAllowVolatile: 'AFIS_REDIS_ALLOW_VOLATILE', shards: 'AFIS_SHARDS', natsUrl: 'AFIS_NATS_URL',
    centralUrl: 'AFIS_CENTRAL_URL', centralApiKey: 'AFIS_CENTRAL_API_KEY', centralReplyDeadlineSeconds: 'AFIS_CENTRAL_REPLY_DEADLINE_SECONDS', centralMinQuality: 'AFIS_CENTRAL_MIN_QUALITY',
    recaptureAdviceBelowQuality: 'AFIS_RECAPTURE_ADVICE_BELOW_QUALITY',
    idempotencyTtlHours: 'AFIS_IDEMPOTENCY_TTL_HOURS', resultsRetentionDays: 'AFIS_RESULTS_RETENTION_DAYS', redisWaitReplicas: 'AFIS_REDIS_WAIT_REPLICAS',
    redisLayout: 'AFIS_REDIS_LAYOUT', redisCluster: 'AFIS_REDIS_CLUSTER',
  };
  const first = Value.Errors(ConfigSchema, candidate).First();
  if (first) {
    const key = first.path.split('/')[1] ?? '';
    const value = (candidate as Record<string, unknown>)[key];
    throw new ConfigError('AFIS_CONFIG_INVALID', `${names[key] ?? key}: invalid value ${JSON.stringify(value)} (${first.message})`);
  }
  if (candidate.shards > 0 && !candidate.natsUrl) throw new ConfigError('AFIS_CONFIG_INVALID', 'AFIS_SHARDS (--shards) needs AFIS_NATS_URL (--nats): the shard workers are reached over NATS');
  const apiKeys = parseApiKeys(env.AFIS_API_KEYS ?? '');
  return Object.freeze({ ...(candidate as Static<typeof ConfigSchema>), apiKeys: Object.freeze(apiKeys) });
}

/** Parses `role:KEY,role:KEY`; a key must be at least 8 characters and unique. */
export function parseApiKeys(text: string): ApiKey[] {
  const keys: ApiKey[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    const role = part.slice(0, colon) as Role;
    const key = part.slice(colon + 1);
    if (colon <= 0 || !ROLES.includes(role)) {
      throw new ConfigError('AFIS_CONFIG_INVALID', `AFIS_API_KEYS: "${part.slice(0, Math.max(colon, 0)) || part.slice(0, 12)}" is not one of the roles ${ROLES.join(', ')}`);
    }
    if (key.length < 8) throw new ConfigError('AFIS_CONFIG_INVALID', `AFIS_API_KEYS: the ${role} key is shorter than 8 characters`);
    if (keys.some((k) => k.key === key)) throw new ConfigError('AFIS_CONFIG_INVALID', `AFIS_API_KEYS: a key is given twice`);
    keys.push(Object.freeze({ role, key }));
  }
  return keys;
}
