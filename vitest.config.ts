import { defineConfig } from 'vitest/config';
import { lambdaRuntime } from './infra/bundling.js';

// The tests run on Lambda's Node major, which `npm ci` installs (the `node` devDependency, whose
// install script package.json's `allowScripts` approves): never quietly on another one.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor !== lambdaRuntime.nodeMajor) {
  throw new Error(
    `Les tests tournent sur Node ${lambdaRuntime.nodeMajor}, celui de Lambda, et non sur Node ${process.versions.node} : ` +
      'lancez `npm ci` (il installe Node ' +
      `${lambdaRuntime.nodeMajor} dans node_modules), puis \`npm test\`.`,
  );
}

/**
 * One command runs every tier (`npm test`); `--project <name>` runs one. The tiers that use
 * DynamoDB Local (store, http, browser) share one, in memory, started for the run; the unit and
 * infra tiers never start Java. Each test file uses its own table.
 */
const withDynamoDb = ['test/support/dynamodb-global-setup.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The handlers log one line per request; thousands of test requests would bury the report.
    env: { LOG_LEVEL: 'warn' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'store', include: ['test/store/**/*.test.ts'], globalSetup: withDynamoDb } },
      { extends: true, test: { name: 'http', include: ['test/http/**/*.test.ts'], globalSetup: withDynamoDb } },
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, globalSetup: withDynamoDb },
      },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000 } },
    ],
  },
});
