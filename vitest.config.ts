import { defineConfig } from 'vitest/config';

// Two workers (the machine has 2 cores). Redis tests use their own key prefixes, so files may
// run in parallel. The global setup says (once) whether the real-print tests run.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default', './tests/setup/failure-tail.ts'],
    // the test Redis keeps nothing on disk; processes the tests start inherit this
    env: { AFIS_REDIS_ALLOW_VOLATILE: '1' },
  },
});
