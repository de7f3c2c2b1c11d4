import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerBenchHttp(bench: Command, _io: CliIo): void {
  bench.command('http')
    .description('HTTP load (autocannon) on desk captures and police identifications')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis bench http'));
}
