import type { Command } from 'commander';
import { type CliIo, notAvailable } from '../context.js';

export function registerAudit(program: Command, _io: CliIo): void {
  const audit = program.command('audit').description('the tamper-evident audit log');
  audit.command('verify')
    .description('verify the hash chain of the audit log')
    .option('--data <dir>', 'embedded store directory', './data')
    .option('--redis <url>', 'Redis URL instead of the embedded store')
    .action(() => notAvailable('afis audit verify'));
}
