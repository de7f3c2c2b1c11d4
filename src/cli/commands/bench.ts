import type { Command } from 'commander';
import type { CliIo } from '../context.js';
import { registerBenchMatch } from './bench-match.js';
import { registerBenchSearch } from './bench-search.js';
import { registerBenchScan } from './bench-scan.js';
import { registerBenchWsq } from './bench-wsq.js';
import { registerBenchFuzz } from './bench-fuzz.js';
import { registerBenchHttp } from './bench-http.js';

/** `afis bench …`: each benchmark registers itself from its own file (bench-*.ts). */
export function registerBench(program: Command, io: CliIo): void {
  const bench = program.command('bench').description('benchmarks (speed and accuracy figures; see bench/RESULTS.md)');
  registerBenchMatch(bench, io);
  registerBenchSearch(bench, io);
  registerBenchScan(bench, io);
  registerBenchWsq(bench, io);
  registerBenchFuzz(bench, io);
  registerBenchHttp(bench, io);
}
