import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Bounds for a hang, not timings: tests that spawn processes or drive Chromium wait on events, and on a loaded
    // 2-core machine vitest's 5 s default failed them for no fault of theirs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: [
      'spec/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'scripts/test/**/*.test.ts',
    ],
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    typecheck: {
      enabled: true,
      include: ['packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
  },
});
