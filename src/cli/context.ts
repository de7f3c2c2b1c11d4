import { readFile } from 'node:fs/promises';
import { AfisError, ConfigError } from '../core/errors.js';

/**
 * What a subcommand needs from the process, so tests can run commands in-process and read
 * what they printed. `exitCode` is set by a command that wants a non-zero exit without an error.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  exitCode: number;
}

export const processIo = (): CliIo => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  exitCode: 0,
});

/** Reads a file named by the user; a missing or unreadable file is the user's mistake (exit 2). */
export async function readUserFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new ConfigError('AFIS_FILE_NOT_FOUND', `${path}: ${why}`);
  }
}

/** Parses a positive integer option value or throws a usage error naming the option. */
export function parsePositiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError('AFIS_CLI_USAGE', `${name} must be a positive integer, got "${value}"`);
  return n;
}

/** Prefixes an error's message with the file it concerns, keeping its code. */
export function withFile(path: string, err: unknown): unknown {
  if (err instanceof AfisError && !err.message.startsWith(path)) {
    return new AfisError(err.code, `${path}: ${err.message}`, err.details, { cause: err });
  }
  return err;
}

/** A command that a later piece of work fills in: says so plainly and exits 2. */
export function notAvailable(what: string): never {
  throw new AfisError('AFIS_NOT_IMPLEMENTED', `${what} is not available in this build yet`);
}
