import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerBenchSearch(bench: Command, _io: CliIo): void {
  bench.command('search')
    .description('1:N ten-print search at scale on a synthetic gallery')
    .option('--subjects <n>', 'gallery size in ten-print subjects', '10000')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis bench search'));
}
