import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerMatch(program: Command, _io: CliIo): void {
  program
    .command('match')
    .description('compare two fingers (images or template files) and print the similarity score')
    .argument('<a>', 'image or template file')
    .argument('<b>', 'image or template file')
    .option('--ppi <n>', 'resolution of raw images')
    .action(() => notAvailable('afis match'));
}
