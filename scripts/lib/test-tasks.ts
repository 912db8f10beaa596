// The turbo command behind `npm test`, in one place: scripts/test.ts runs it, scripts/check-test-cache.ts asks turbo
// (with --dry) whether running it again would be served from the cache. Both must pass the same flags, or their
// task hashes differ.
export const TEST_TASK_ARGS = [
  'turbo',
  'run',
  'test',
  'test:scripts',
  // Stryker on @store-api/signing, incremental from the committed baseline (scripts/mutation.ts).
  'test:mutation',
  '--concurrency=2',
  '--continue',
  '--env-mode=loose',
] as const;
