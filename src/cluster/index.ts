/**
 * A sharded gallery over NATS: shard workers (`afis worker --shard K/N`) answer searches in a
 * queue group per shard and follow a JetStream change feed; the coordinator (`afis serve
 * --shards N --nats URL`) scatters, gathers and re-fuses, and publishes enrolments and erasures.
 */
export { connectNats } from './connect-nats.js';
export { shardSubjects, shardNamespace, parseShard, shardLabel, type ShardSubjects } from './shard-subjects.js';
export { type SubjectChange, type ShardSearchRequest, type ShardReply } from './shard-messages.js';
export { ReplicaTracker, type Heartbeat } from './track-shard-replicas.js';
export { NatsShardedSearcher, type NatsShardedSearcherOptions } from './search-shards-over-nats.js';
export { ensureChangeStream, SubjectChangePublisher } from './publish-subject-changes.js';
export { serveShardOverNats, applySubjectChange, type ShardWorker, type ShardWorkerDeps } from './serve-shard-over-nats.js';
export { stopBitsToJoin, type StopBitsToJoin } from './join-stop-bits-switch.js';
