import { defineConfig } from 'vitest/config';

// Tests share one Redis server and some spawn processes: run files one at a time per worker
// pool but allow two workers (the machine has 2 cores).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
  },
});
