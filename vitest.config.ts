import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One scratch directory per run, removed at the end (see the file).
    globalSetup: ['test/global-setup.ts'],
    // fast-check's seed (see the file).
    setupFiles: ['test/fast-check-setup.ts'],
    // e2e tests spawn real processes and servers; give them room on a 2-core machine. Above the harness's
    // own wait on one spawned process (SPAWN_WAIT_MS, test/helpers/run-kt.ts), so that a hang fails with
    // the message naming the process and its stderr, not only "test timed out".
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
