import { defineConfig } from 'vitest/config';

// Two workers (the machine has 2 cores). Redis tests use their own key prefixes, so files may
// run in parallel. A JSON report lets CI print a one-line summary.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    reporters: ['default'],
  },
});
