import { Command, CommanderError } from 'commander';
import { AfisError } from '../core/errors.js';
import { type CliIo, processIo } from './context.js';
import { registerServe } from './commands/serve.js';
import { registerCentral } from './commands/central.js';
import { registerWorker } from './commands/worker.js';
import { registerExtract } from './commands/extract.js';
import { registerMatch } from './commands/match.js';
import { registerEval } from './commands/eval.js';
import { registerConvert } from './commands/convert.js';
import { registerInspect } from './commands/inspect.js';
import { registerBench } from './commands/bench.js';
import { registerAudit } from './commands/audit.js';
import { registerSynth } from './commands/synth.js';
import { registerSegment } from './commands/segment.js';

/** Builds the `afis` program; each subcommand lives in its own file under commands/. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('afis')
    .description('afis: fingerprint identification service (capture, templates, 1:N search, Eurodac routing)')
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();
  registerServe(program, io);
  registerCentral(program, io);
  registerWorker(program, io);
  registerExtract(program, io);
  registerMatch(program, io);
  registerEval(program, io);
  registerConvert(program, io);
  registerInspect(program, io);
  registerBench(program, io);
  registerAudit(program, io);
  registerSynth(program, io);
  registerSegment(program, io);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 2 for a user's mistake (bad argument,
 * unreadable file, unsupported input — one line on stderr ending with the error code in
 * parentheses, no stack trace), 1 for an unexpected failure.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return io.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version end here with code 0; usage mistakes were already printed by commander
      if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof AfisError) {
      io.stderr(`afis: ${err.message.replace(/\s*\n\s*/g, ' ')} (${err.code})\n`);
      return err.status >= 500 && err.code !== 'AFIS_NOT_IMPLEMENTED' && err.code !== 'AFIS_CONFIG_INVALID' ? 1 : 2;
    }
    io.stderr(`afis: unexpected error: ${(err as Error)?.message ?? String(err)}\n`);
    return 1;
  }
}
