// The tools outside Node that some tests need, and whether this machine has each. `npm test` passes each as a
// variable (STORE_API_TOOL_<NAME>=present|absent) that the tasks using it declare in their turbo `env`, so a
// tool's presence is part of exactly those tasks' cache keys: installing one re-runs the tests it enables, and
// only those, instead of replaying their cached "skipped".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const runs = (command: string, args: readonly string[]) =>
  spawnSync(command, args, { stdio: 'ignore', timeout: 30_000 }).status === 0;
const onPath = (command: string) => runs('sh', ['-c', `command -v ${command}`]);

export const TOOLS = {
  CHROMIUM: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  CURL: () => onPath('curl'),
  OPENSSL: () => onPath('openssl'),
  JAVA: () => onPath('java'),
  GO: () => onPath('go'),
  PHP: () => onPath('php'),
  // python3 may be a pyenv shim without Debian's cryptography; /usr/bin/python3 may have it.
  PYTHON_CRYPTOGRAPHY: () =>
    ['python3', '/usr/bin/python3'].some((python) => runs(python, ['-c', 'import cryptography'])),
} as const satisfies Record<string, () => boolean>;

/** STORE_API_TOOL_<NAME>: present or absent, for every tool. */
export function toolEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(TOOLS).map(([name, present]) => [`STORE_API_TOOL_${name}`, present() ? 'present' : 'absent']),
  );
}
