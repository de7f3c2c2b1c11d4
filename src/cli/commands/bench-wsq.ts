import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerBenchWsq(bench: Command, _io: CliIo): void {
  bench.command('wsq')
    .description('WSQ decode and encode speed (megapixels per second) and compression figures')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis bench wsq'));
}
