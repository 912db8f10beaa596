// What a test run left running: every process whose environment carries the run's mark (npm test sets
// STORE_API_TEST_RUN to a fresh id; whatever the tests start inherits it unless they replace the environment).
// Read from /proc, so Linux only: elsewhere it finds nothing and says so.
import { readdirSync, readFileSync } from 'node:fs';

export const RUN_MARK = 'STORE_API_TEST_RUN';

export interface LeftProcess {
  readonly pid: number;
  readonly command: string;
}

/** The processes other than `except` whose environment holds `STORE_API_TEST_RUN=<id>`, or undefined without /proc. */
export function leftRunning(id: string, except: ReadonlySet<number>): LeftProcess[] | undefined {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return undefined;
  }
  const mark = `${RUN_MARK}=${id}`;
  const found: LeftProcess[] = [];
  for (const pid of pids) {
    if (except.has(pid)) continue;
    try {
      // environ is NUL-separated and bounded by the kernel (ARG_MAX); a process gone meanwhile throws.
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(mark)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 200);
      found.push({ pid, command });
    } catch {
      // Gone, or not ours to read: not left by this run.
    }
  }
  return found;
}
