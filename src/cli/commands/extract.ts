import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerExtract(program: Command, _io: CliIo): void {
  program
    .command('extract')
    .description('extract a minutiae template from one finger image')
    .argument('<image>', 'finger image (PNG, JPEG, TIFF, BMP, WSQ, raw)')
    .option('--ppi <n>', 'resolution of the image when the file does not say')
    .option('--format <fmt>', 'output format: iso19794-2 | incits378 | json', 'json')
    .option('-o, --output <file>', 'write the template to FILE instead of stdout')
    .option('--debug <dir>', 'write every extraction stage as a PNG into DIR')
    .action(() => notAvailable('afis extract'));
}
