import type { Command } from 'commander';
import { migrateRedisLayout } from '../../store/index.js';
import type { CliIo } from '../context.js';

interface MigrateOptions {
  from: string;
  fromPrefix: string;
  to?: string;
  toPrefix: string;
  toCluster?: boolean;
}

/**
 * `afis redis migrate-layout`: copies a key-layout-1 prefix into an empty layout-2 prefix (same
 * server, another, or a Redis Cluster) and verifies the counts (docs/redis-cluster.md). Prints
 * the report as JSON; a non-empty target is refused (AFIS_CONFIG_INVALID, exit 2).
 */
export function registerRedis(program: Command, io: CliIo): void {
  const redis = program.command('redis').description('Redis store administration');
  redis.command('migrate-layout')
    .description('copy a key-layout-1 prefix into an empty key-layout-2 prefix (Redis Cluster) and verify the counts; stop the service first')
    .requiredOption('--from <url>', 'the layout-1 Redis server')
    .requiredOption('--from-prefix <prefix>', 'its key prefix (e.g. afis:)')
    .option('--to <url>', 'the target Redis, or comma-separated cluster nodes with --to-cluster (default: --from)')
    .requiredOption('--to-prefix <prefix>', 'the target key prefix; must hold no key')
    .option('--to-cluster', 'the target is a Redis Cluster')
    .action(async (opts: MigrateOptions) => {
      const report = await migrateRedisLayout({ fromUrl: opts.from, fromPrefix: opts.fromPrefix, toUrl: opts.to ?? opts.from, toPrefix: opts.toPrefix, toCluster: opts.toCluster === true });
      io.stdout(`${JSON.stringify({ subjects: report.subjects, keys: report.keys, skipped: report.skipped.length, skippedKeys: report.skipped.slice(0, 20) })}\n`);
    });
}
