import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerBenchFuzz(bench: Command, _io: CliIo): void {
  bench.command('fuzz')
    .description('long fuzz run of every parser (random and mutated inputs)')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis bench fuzz'));
}
