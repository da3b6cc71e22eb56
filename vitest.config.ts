import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Tests start real servers and child processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Browser tests need the built client; see tests/support/build-client.ts.
    globalSetup: ['tests/support/build-client.ts'],
  },
});
