import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
