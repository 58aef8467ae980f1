import { defineConfig } from 'vitest/config';

/**
 * `npm run screenshots`: the PNGs of the README (docs/screenshots/), taken through the real local
 * runtime with the browser tests' helpers. Not part of `npm test`: a run rewrites the images.
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['scripts/screenshots/take.shots.ts'],
    globalSetup: ['test/support/dynamodb-global-setup.ts'],
    env: { LOG_LEVEL: 'warn' },
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
