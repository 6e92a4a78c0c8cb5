import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fixtures/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 600_000,
    // Two cores: real installs, cargo and databases share them.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
