import { defineConfig } from 'vitest/config';

// Timings printed by tests (`*.timing.test.ts`) run alone, after the rest of the suite, one file at
// a time: measured beside other test files they report the machine's load, not the code.
export default defineConfig({
  test: {
    include: ['test/**/*.timing.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
