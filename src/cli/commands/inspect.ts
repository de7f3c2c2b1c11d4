import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerInspect(program: Command, _io: CliIo): void {
  program
    .command('inspect')
    .description('describe any supported file as JSON (image, ANSI/NIST records, template views)')
    .argument('<file>', 'file to describe')
    .action(() => notAvailable('afis inspect'));
}
