import { Command, CommanderError } from 'commander';
import { AfisError } from '../core/errors.js';
import { type CliIo, processIo } from './context.js';

type Register = (program: Command, io: CliIo) => void;

/**
 * Each subcommand's module, loaded only when that command runs: a command pulls in only what it
 * needs (sharp for `extract`, not ioredis, NATS, LMDB and onnxruntime), so a user's mistake or
 * `afis match` answers without paying for every other command's libraries. `afis --help` and an
 * unknown command load them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./commands/serve.js')).registerServe,
  central: async () => (await import('./commands/central.js')).registerCentral,
  worker: async () => (await import('./commands/worker.js')).registerWorker,
  extract: async () => (await import('./commands/extract.js')).registerExtract,
  match: async () => (await import('./commands/match.js')).registerMatch,
  eval: async () => (await import('./commands/eval.js')).registerEval,
  convert: async () => (await import('./commands/convert.js')).registerConvert,
  inspect: async () => (await import('./commands/inspect.js')).registerInspect,
  bench: async () => (await import('./commands/bench.js')).registerBench,
  audit: async () => (await import('./commands/audit.js')).registerAudit,
  redis: async () => (await import('./commands/redis.js')).registerRedis,
  synth: async () => (await import('./commands/synth.js')).registerSynth,
  segment: async () => (await import('./commands/segment.js')).registerSegment,
};

/** The subcommand named by argv (its first word that is not an option), if it is one of ours. */
function commandNamed(argv: readonly string[]): string | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? first : undefined;
}

/** Builds the `afis` program; each subcommand lives in its own file under commands/. */
export async function buildProgram(io: CliIo, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('afis')
    .description('afis: fingerprint identification service (capture, templates, 1:N search, Eurodac routing)')
    .showHelpAfterError(false)
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();
  const named = commandNamed(argv);
  const names = named !== undefined ? [named] : Object.keys(COMMANDS);
  const registers = await Promise.all(names.map((n) => COMMANDS[n]!()));
  for (const register of registers) register(program, io);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 2 for a user's mistake (bad argument,
 * unreadable file, unsupported input — one line on stderr ending with the error code in
 * parentheses, no stack trace), 1 for an unexpected failure.
 */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const program = await buildProgram(io, argv);
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
