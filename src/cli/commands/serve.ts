import type { Command } from 'commander';
import type { CliIo } from '../context.js';
import { runServer } from '../../main.js';

export function registerServe(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('run the HTTP service (what `npm start` runs)')
    .option('--port <n>', 'TCP port (default 8080, env PORT)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1, env HOST)')
    .option('--data <dir>', 'embedded store directory (default ./data, env AFIS_DATA_DIR)')
    .option('--redis <url>', 'use Redis at URL instead of the embedded store (env AFIS_REDIS_URL)')
    .option('--shards <n>', 'the gallery is held by N `afis worker` shards, searched over NATS (env AFIS_SHARDS)')
    .option('--nats <url>', 'NATS server of the shard workers (env AFIS_NATS_URL)')
    .option('--central <url>', 'send every capture to this central Eurodac system and take its replies (env AFIS_CENTRAL_URL)')
    .action(async (opts: { port?: string; host?: string; data?: string; redis?: string; shards?: string; nats?: string; central?: string }) => {
      io.exitCode = await runServer({
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.data !== undefined ? { dataDir: opts.data } : {}),
        ...(opts.redis !== undefined ? { redisUrl: opts.redis } : {}),
        ...(opts.shards !== undefined ? { shards: opts.shards } : {}),
        ...(opts.nats !== undefined ? { natsUrl: opts.nats } : {}),
        ...(opts.central !== undefined ? { centralUrl: opts.central } : {}),
      });
    });
}
