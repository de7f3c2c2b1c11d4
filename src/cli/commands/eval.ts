import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerEval(program: Command, _io: CliIo): void {
  const ev = program.command('eval').description('accuracy evaluations');
  ev.command('fvc')
    .description('the FVC protocol on a folder of F_I.ext images (finger F, impression I)')
    .argument('<dir>', 'folder of images')
    .option('--json', 'print one JSON object')
    .action(() => notAvailable('afis eval fvc'));
}
