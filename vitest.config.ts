import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/_setup/poisonTemporaries.ts'],
    globalSetup: ['tests/_setup/build.ts', 'tests/_setup/postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
