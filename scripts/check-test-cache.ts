// `npm run check:test-cache`: after `npm test`, would a second `npm test` with nothing changed be served from
// turbo's cache for every package? Asks turbo (`--dry=json`, nothing runs) for each test task's cache status and
// fails naming any task that would run again (an input the tests themselves write, an undeclared variable).
// Writes to stderr only: in CI it runs after the tests, whose summary stays the last line of stdout.
import { execFileSync } from 'node:child_process';
import { TEST_TASK_ARGS } from './lib/test-tasks.ts';
import { toolEnv } from './lib/tools.ts';

interface DryTask {
  readonly taskId: string;
  readonly task: string;
  readonly command: string;
  readonly cache: { readonly status: string };
}

const dry = JSON.parse(
  execFileSync('npx', [...TEST_TASK_ARGS, '--dry=json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...toolEnv() },
  }),
) as { tasks: DryTask[] };
const tests = dry.tasks.filter((t) => t.task === 'test' || t.task === 'test:scripts');
// A package without the script (test-support has no build or test) has nothing to run, hence nothing cached.
const misses = dry.tasks.filter((t) => t.command !== '<NONEXISTENT>' && t.cache.status !== 'HIT');
if (tests.length === 0) {
  console.error('check:test-cache: turbo lists no test task');
  process.exit(1);
}
if (misses.length > 0) {
  console.error(
    `check:test-cache: a second npm test would run again: ${misses.map((t) => t.taskId).join(', ')} (an input changed since the last run, or a test writes into its own inputs)`,
  );
  process.exit(1);
}
console.error(
  `check:test-cache: all ${dry.tasks.length} tasks (${tests.length} test tasks) would be served from the cache`,
);
