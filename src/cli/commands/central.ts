import type { Command } from 'commander';
import type { CliIo } from '../context.js';
import { runServer } from '../../main.js';

/** `afis central`: the comparison side of Eurodac, built from the same engine, for tests and demonstrations. */
export function registerCentral(program: Command, io: CliIo): void {
  program
    .command('central')
    .description('run a central Eurodac system to test against: takes member states\' transactions, compares them with every state\'s data, replies')
    .option('--port <n>', 'TCP port (default 8080, env PORT)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1, env HOST)')
    .option('--data <dir>', 'embedded store directory (default ./data, env AFIS_DATA_DIR)')
    .option('--redis <url>', 'use Redis at URL instead of the embedded store (env AFIS_REDIS_URL)')
    .action(async (opts: { port?: string; host?: string; data?: string; redis?: string }) => {
      io.exitCode = await runServer({
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.data !== undefined ? { dataDir: opts.data } : {}),
        ...(opts.redis !== undefined ? { redisUrl: opts.redis } : {}),
      }, 'central');
    });
}
