import type { Reporter, TestModule } from 'vitest/node';

// Prints, after vitest's own summary, one short block per failed test (its file, its name and
// the first lines of its error), per failed hook, and per file that failed without either. CI keeps only the tail of a long run's output, where the default
// reporter's "Failed Tests" section may already be cut off; this block is the last thing printed,
// so a failure (a rare one above all) can be told from that tail alone.
const MAX_ERROR_LINES = 6;

export default class FailureTail implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<{ message?: string }>): void {
    const lines: string[] = [];
    for (const module of testModules) {
      const before = lines.length;
      for (const error of module.errors()) {
        lines.push(`FAILED ${module.relativeModuleId}: ${firstLines(error.message)}`);
      }
      // a hook's error (beforeAll, afterAll) belongs to its suite, not to a test
      for (const suite of module.children.allSuites()) {
        for (const error of suite.errors()) lines.push(`FAILED ${module.relativeModuleId} > ${suite.fullName} (a hook): ${firstLines(error.message)}`);
      }
      for (const test of module.children.allTests('failed')) {
        const result = test.result();
        const message = result.state === 'failed' ? result.errors.map((e) => e.message).join(' | ') : '';
        lines.push(`FAILED ${module.relativeModuleId} > ${test.fullName} (${durationOf(test)})`);
        lines.push(`  ${firstLines(message)}`);
      }
      // a file failed with every test passed and no error reported (seen in CI on 7 December 2026:
      // tests/store/redis-durability.test.ts): name it at least, with how long it took
      if (module.state() === 'failed' && lines.length === before) {
        const d = module.diagnostic();
        lines.push(`FAILED ${module.relativeModuleId}: the file failed with no failed test and no error reported (${Math.round(d.duration)} ms)`);
      }
    }
    for (const error of unhandledErrors) lines.push(`UNHANDLED ${firstLines(error.message)}`);
    if (lines.length === 0) return;
    process.stdout.write(`\nfailure tail (${lines.length} lines):\n${lines.join('\n')}\n`);
  }
}

function firstLines(text: string | undefined): string {
  return (text ?? '').split('\n').slice(0, MAX_ERROR_LINES).join('\n  ');
}

function durationOf(test: { diagnostic(): { duration: number } | undefined }): string {
  const diagnostic = test.diagnostic();
  return diagnostic ? `${Math.round(diagnostic.duration)} ms` : 'no timing';
}
