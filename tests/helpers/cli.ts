import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/context.js';

/** Runs `afis ARGS` in-process and returns what it printed and its exit code. */
export async function afis(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), exitCode: 0 };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
