// `npm test`: every package's tests and the scripts' own, as turbo tasks (cached: a second run with nothing
// changed replays each package's output instead of running it), two tasks at a time (the scripts' tests, which
// mostly wait on npm and child processes, beside the packages' own; within a task vitest runs one file at a time on
// 2 cores, but the scripts' and the docs' two each; no test measures the wall clock: the hostile suite counts CPU time), every package even after one fails,
// with the whole environment (npm inside the tests needs HOME and its registry settings; the variables that change
// what the tests do, CI among them, are declared in turbo.json and part of the cache key). Ends with one line summing every
// package's: `Tests: N passed, N failed`. Arguments pass to turbo: `npm test -- --force` runs everything again.
// Afterwards, a process the tests started and left running fails the run, named, and is stopped.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { stripVTControlCharacters } from 'node:util';
import { leftRunning, RUN_MARK } from './lib/left-running.ts';
import { TEST_TASK_ARGS } from './lib/test-tasks.ts';
import { toolEnv } from './lib/tools.ts';

const run = randomUUID();

const child = spawn('npx', [...TEST_TASK_ARGS, '--output-logs=full', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...toolEnv(), [RUN_MARK]: run },
});
let passed = 0;
let failed = 0;
let skipped = 0;
let runs = 0;
let pending = '';
// Each package's summary line, as vitest-summary-reporter.ts writes it (turbo prefixes it with the task's name).
const SUMMARY = /Tests: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/;
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  pending += chunk.toString();
  const lines = pending.split('\n');
  // A line still unfinished is kept to be read whole, but only its end past 64 KiB: a summary line is short.
  pending = (lines.pop() ?? '').slice(-65_536);
  for (const line of lines) {
    const found = SUMMARY.exec(stripVTControlCharacters(line));
    if (found === null) continue;
    runs += 1;
    passed += Number(found[1]);
    failed += Number(found[2]);
    skipped += Number(found[3] ?? 0);
  }
});
child.on('close', (turboCode) => {
  let code = turboCode;
  // A package whose run died before its summary (a crash, a failed build) counts as one failure.
  if (code !== 0 && failed === 0) failed = 1;
  const left = leftRunning(run, new Set([process.pid]));
  if (left === undefined) console.error('test: no /proc here, so processes left running are not looked for');
  for (const { pid, command } of left ?? []) {
    console.error(`test: left running by the tests: pid ${pid}: ${command} (stopped now)`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (left !== undefined && left.length > 0) {
    failed += 1;
    code = code === 0 ? 1 : code;
  }
  process.stdout.write(
    `\n${runs} test runs\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
  process.exit(code ?? 1);
});
