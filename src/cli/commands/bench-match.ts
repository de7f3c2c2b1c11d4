import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerBenchMatch(bench: Command, _io: CliIo): void {
  bench.command('match')
    .description('1:1 comparison speed on one core')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis bench match'));
}
