import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerBench(program: Command, _io: CliIo): void {
  const bench = program.command('bench').description('benchmarks (speed and accuracy figures; see bench/RESULTS.md)');
  bench.command('match')
    .description('1:1 comparison speed on one core')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis bench match'));
  bench.command('search')
    .description('1:N ten-print search at scale on a synthetic gallery')
    .option('--subjects <n>', 'gallery size in ten-print subjects', '10000')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis bench search'));
}
