// Nothing left running: npm test marks its run in the environment, and afterwards names (and stops) any process
// that still carries the mark. The finder, against real processes.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leftRunning, RUN_MARK } from '../lib/left-running.ts';

describe.runIf(existsSync('/proc'))('leftRunning', () => {
  it('names a process carrying the run mark, with its command, and not one without it', async () => {
    const id = randomUUID();
    const marked = spawn('sleep', ['60'], { env: { ...process.env, [RUN_MARK]: id }, stdio: 'ignore' });
    const unmarked = spawn('sleep', ['61'], { env: { ...process.env, [RUN_MARK]: randomUUID() }, stdio: 'ignore' });
    const started = Promise.all(
      [marked, unmarked].map((child) => new Promise((resolve) => child.on('spawn', resolve))),
    );
    const exited = new Promise((resolve) => marked.on('exit', resolve));
    try {
      await started;
      expect(leftRunning(id, new Set())).toEqual([{ pid: marked.pid, command: 'sleep 60' }]);
      expect(leftRunning(id, new Set([marked.pid ?? 0]))).toEqual([]);
    } finally {
      marked.kill('SIGKILL');
      unmarked.kill('SIGKILL');
    }
    await exited;
    expect(leftRunning(id, new Set())).toEqual([]);
  });
});
