// Skips that heal: each tool's presence (scripts/lib/tools.ts) is part of the cache key of exactly the test tasks
// that need it, so installing it re-runs those tests, and only those, instead of replaying a cached "skipped".
// Asked of turbo itself (--dry=json: nothing runs), with one tool's variable flipped at a time.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_TASK_ARGS } from '../lib/test-tasks.ts';
import { TOOLS, toolEnv } from '../lib/tools.ts';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = '@store-api/docs#test';
const SCRIPTS = '//#test:scripts';
// Which tests each tool enables: the docs' Chromium tests and samples, the mock's browser attack, the signing
// package's openssl cross-checks, the scripts' language recipes and Get started (curl).
const NEEDED_BY: Record<keyof typeof TOOLS, readonly string[]> = {
  CHROMIUM: [DOCS, '@store-api/mock#test'],
  CURL: [DOCS, SCRIPTS],
  OPENSSL: [DOCS, '@store-api/signing#test'],
  JAVA: [DOCS, SCRIPTS],
  GO: [DOCS, SCRIPTS],
  PHP: [DOCS, SCRIPTS],
  PYTHON_CRYPTOGRAPHY: [DOCS, SCRIPTS],
};

async function hashes(env: Record<string, string>): Promise<Map<string, string>> {
  const { stdout } = await exec('npx', [...TEST_TASK_ARGS, '--dry=json'], {
    cwd: ROOT,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const { tasks } = JSON.parse(stdout) as { tasks: { taskId: string; task: string; hash: string }[] };
  return new Map(tasks.filter((t) => t.task === 'test' || t.task === 'test:scripts').map((t) => [t.taskId, t.hash]));
}

let baseline: Map<string, string>;
const here = toolEnv();
beforeAll(async () => {
  baseline = await hashes(here);
}, 120_000);

describe("a tool's presence in the test tasks' cache keys", () => {
  it('lists every tool npm test passes', () => {
    expect(Object.keys(NEEDED_BY).sort()).toEqual(Object.keys(TOOLS).sort());
    expect(baseline.size).toBeGreaterThan(5);
  });

  it.each(Object.entries(NEEDED_BY))(
    'installing %s re-runs exactly the tests it enables',
    async (tool, needing) => {
      const name = `STORE_API_TOOL_${tool}`;
      const flipped = await hashes({ ...here, [name]: here[name] === 'present' ? 'absent' : 'present' });
      const changed = [...flipped].filter(([task, hash]) => baseline.get(task) !== hash).map(([task]) => task);
      expect(changed.sort()).toEqual([...needing].sort());
    },
    120_000,
  );
});
