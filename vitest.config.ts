import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Timings run alone afterwards (vitest.timing.config.ts).
    exclude: ['test/**/*.timing.test.ts', 'node_modules/**'],
    // DuckDB files and child processes: keep parallelism to the machine's 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
