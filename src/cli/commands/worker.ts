import type { Command } from 'commander';
import type { CliIo } from '../context.js';

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('hold gallery shard K of N and answer its searches over NATS (see `afis serve --shards N`)')
    .requiredOption('--shard <K/N>', 'which shard, e.g. 0/2 (subjects whose id hashes to K modulo N)')
    .option('--redis <url>', 'the shared Redis store (env AFIS_REDIS_URL)')
    .option('--data <dir>', 'embedded store directory instead (one machine only; env AFIS_DATA_DIR)')
    .option('--nats <url>', 'NATS server with JetStream (env AFIS_NATS_URL)')
    .option('--port <n>', 'also serve /health, /ready and /metrics on this port')
    .option('--host <addr>', 'address of that port (default 127.0.0.1, env HOST)')
    .action(async (opts: { shard: string; redis?: string; data?: string; nats?: string; port?: string; host?: string }) => {
      // loaded when used: every other command (`afis serve` too) starts without the NATS client
      const { parseShard } = await import('../../cluster/index.js');
      const { runShardWorker } = await import('../../shard-worker.js');
      io.exitCode = await runShardWorker(parseShard(opts.shard), {
        ...(opts.redis !== undefined ? { redisUrl: opts.redis } : {}),
        ...(opts.data !== undefined ? { dataDir: opts.data } : {}),
        ...(opts.nats !== undefined ? { natsUrl: opts.nats } : {}),
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.port !== undefined ? { port: opts.port, listen: true } : {}),
      });
    });
}
