import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerConvert(program: Command, _io: CliIo): void {
  program
    .command('convert')
    .description('convert a capture by file extension: any readable capture to .png, .wsq or .raw')
    .argument('<in>', 'input capture')
    .argument('<out>', 'output file (.png, .wsq, .raw)')
    .option('--ppi <n>', 'resolution of the input when the file does not say')
    .action(() => notAvailable('afis convert'));
}
