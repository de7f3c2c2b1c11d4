import { StoreError } from '../core/index.js';
import type { ShardSelector } from '../index/index.js';

/**
 * The NATS names of one deployment. `namespace` keeps deployments sharing a NATS server apart
 * (derived from the store's key prefix, so a coordinator and its workers agree without more
 * configuration):
 *   afis.NS.search.N.K      searches for shard K of N (queue group `shard-K-of-N`: one replica answers)
 *   afis.NS.heartbeat.N.K   each replica of shard K says it is alive
 *   afis.NS.changes.N.K     enrolments, status changes and erasures of subjects owned by shard K
 *   AFIS_NS_CHANGES         the JetStream stream holding the change subjects
 */
export interface ShardSubjects {
  readonly namespace: string;
  search(shard: ShardSelector): string;
  queueGroup(shard: ShardSelector): string;
  heartbeat(shard: ShardSelector): string;
  /** Every heartbeat of an N-shard deployment (wildcard). */
  heartbeats(count: number): string;
  changes(shard: ShardSelector): string;
  readonly changeStream: string;
  readonly changeSubjects: string;
}

/** NATS tokens and stream names allow letters, digits, `-` and `_`: everything else becomes `_`. */
export function shardNamespace(prefix: string): string {
  const ns = prefix.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return ns.length > 0 ? ns : 'afis';
}

export function shardSubjects(namespace: string): ShardSubjects {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(namespace)) throw new StoreError('AFIS_CONFIG_INVALID', `bad NATS namespace "${namespace}"`);
  const base = `afis.${namespace}`;
  return {
    namespace,
    search: (s) => `${base}.search.${s.count}.${s.index}`,
    queueGroup: (s) => `shard-${s.index}-of-${s.count}`,
    heartbeat: (s) => `${base}.heartbeat.${s.count}.${s.index}`,
    heartbeats: (count) => `${base}.heartbeat.${count}.*`,
    changes: (s) => `${base}.changes.${s.count}.${s.index}`,
    changeStream: `AFIS_${namespace.replace(/-/g, '_').toUpperCase()}_CHANGES`,
    changeSubjects: `${base}.changes.>`,
  };
}

/** Parses `K/N` (0 ≤ K < N): AFIS_CLI_USAGE otherwise. */
export function parseShard(text: string): ShardSelector {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new StoreError('AFIS_CLI_USAGE', `--shard must be K/N with 0 ≤ K < N (e.g. 0/2), got "${text}"`);
  return { index, count };
}

/** `K/N`, the label of a shard in metrics and readiness. */
export function shardLabel(s: ShardSelector): string {
  return `${s.index}/${s.count}`;
}
