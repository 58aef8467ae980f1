import { defineConfig } from 'vitest/config';

/**
 * One command runs every tier (`npm test`); `--project <name>` runs one.
 * DynamoDB Local is started once for the run (in memory) and shared; each test file uses its own table.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/support/dynamodb-global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'store', include: ['test/store/**/*.test.ts'] } },
      { extends: true, test: { name: 'http', include: ['test/http/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000 } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000 } },
    ],
  },
});
