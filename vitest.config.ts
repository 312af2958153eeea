import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    forbidOnly: Boolean(process.env.CI),
    // Tests share one PostgreSQL server and spawn CLI processes: keep the 2-core machine responsive.
    maxWorkers: 2,
    env: { TZ: 'UTC' },
  },
});
