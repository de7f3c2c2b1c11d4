import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerServe(program: Command, _io: CliIo): void {
  program
    .command('serve')
    .description('run the HTTP service')
    .option('--port <n>', 'TCP port (default 8080, env PORT)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1, env HOST)')
    .option('--data <dir>', 'embedded store directory (default ./data, env AFIS_DATA_DIR)')
    .option('--redis <url>', 'use Redis at URL instead of the embedded store (env AFIS_REDIS_URL)')
    .action(() => notAvailable('afis serve'));
}
