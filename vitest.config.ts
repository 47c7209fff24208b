import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One scratch directory per run, removed at the end (see the file).
    globalSetup: ['test/global-setup.ts'],
    // fast-check's seed (see the file).
    setupFiles: ['test/fast-check-setup.ts'],
    // e2e tests spawn real processes and servers; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
