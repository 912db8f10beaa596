// The mock's Java, Python, Go and PHP recipes (packages/mock/recipes/<language>, shown in its README) run with each
// language's own toolchain, by the command the README gives, in the recipe's folder. Each starts the mock as a
// partner does, through npx (here `npx --offline`, which finds the workspace's @store-api/mock and runs its built
// bin), scripts U then S, sends a signed syncStore twice, reads the journal, verifies the signed answer with the key
// from /__admin/platform-key, resets, and stops the mock: its port must refuse connections once the recipe exits.
// Each runs twice: over plain HTTP, and over HTTPS (`--tls` added to the command), where the recipe trusts the
// certificate the mock serves at /__admin/tls-certificate and nothing else (Java: a truststore).
// A missing toolchain skips its language with a note, unless CI=true, where it fails: .ci/run installs them.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECIPES = join(ROOT, 'packages/mock/recipes');
const BIN = join(ROOT, 'packages/mock/dist/bin.js');

const works = (command: string, args: readonly string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
};
// `python3` may be a pyenv shim without Debian's cryptography; /usr/bin/python3 has it.
const python = ['python3', '/usr/bin/python3'].find((p) => works(p, ['-c', 'import cryptography'])) ?? 'python3';

interface Recipe {
  readonly language: string;
  readonly dir: string;
  readonly command: readonly [string, ...string[]];
  readonly present: () => boolean;
  readonly install: string;
  /** How many tests passed and failed, read from the runner's own report. */
  readonly tally: (out: string) => { passed: number; failed: number };
}
const count = (out: string, pattern: RegExp) => out.match(pattern)?.length ?? 0;
const summary = (out: string) => {
  const found = /^(\d+) passed, (\d+) failed$/m.exec(out);
  return { passed: Number(found?.[1] ?? 0), failed: Number(found?.[2] ?? -1) };
};
const RECIPES_BY_LANGUAGE: readonly Recipe[] = [
  {
    language: 'Java',
    dir: 'java',
    command: ['java', 'StoreMockTest.java'],
    present: () => works('java', ['-version']),
    install: 'apt-get install -y openjdk-17-jdk-headless',
    tally: summary,
  },
  {
    language: 'Python',
    dir: 'python',
    command: [python, '-m', 'unittest', '-v', 'test_store_mock'],
    present: () => works(python, ['-c', 'import cryptography']),
    install: 'apt-get install -y python3-cryptography',
    tally: (out) => ({
      passed: /^OK$/m.test(out) ? Number(/^Ran (\d+) tests? /m.exec(out)?.[1] ?? 0) : 0,
      failed: count(out, /^(FAIL|ERROR): /gm),
    }),
  },
  {
    language: 'Go',
    dir: 'go',
    command: ['go', 'test', '-v'],
    present: () => works('go', ['version']),
    install: 'apt-get install -y golang-go',
    tally: (out) => ({ passed: count(out, /^--- PASS: /gm), failed: count(out, /^--- FAIL: /gm) }),
  },
  {
    language: 'PHP',
    dir: 'php',
    command: ['php', 'store_mock_test.php'],
    present: () =>
      works('php', ['-r', 'exit(function_exists("openssl_sign") && function_exists("posix_kill") ? 0 : 1);']) &&
      works('sh', ['-c', 'command -v setsid']),
    install: 'apt-get install -y php-cli',
    tally: summary,
  },
];

/**
 * Kills what is left of a run: every process whose environment carries its mark (the mock a broken recipe left
 * behind is in a process group of its own). Linux's /proc; elsewhere nothing is found.
 */
function killMarked(mark: string): number[] {
  const found: number[] = [];
  for (const pid of existsSync('/proc') ? readdirSync('/proc').filter((name) => /^\d+$/.test(name)) : []) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`STORE_API_RECIPE_RUN=${mark}`))
        continue;
      process.kill(Number(pid), 'SIGKILL');
      found.push(Number(pid));
    } catch {} // gone already, or not ours to read
  }
  return found;
}

/** Runs a recipe in its own process group, killed whole if it outlives the bound. */
function runRecipe(recipe: Recipe, mark: string, tls: boolean) {
  const [command, ...args] = recipe.command;
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(command, args, {
      cwd: join(RECIPES, recipe.dir),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        STORE_API_MOCK_COMMAND: `npx --offline store-api-mock --port 0${tls ? ' --tls' : ''}`,
        STORE_API_RECIPE_RUN: mark,
        // The bin's `#!/usr/bin/env node` runs on the Node running this test.
        PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
        PYTHONDONTWRITEBYTECODE: '1',
        GOPROXY: 'off',
        GOFLAGS: '-mod=mod',
        GOTOOLCHAIN: 'local',
        GOWORK: 'off',
        NO_COLOR: '1',
      },
    });
    let out = '';
    const keep = (chunk: Buffer) => {
      if (out.length < 1024 * 1024) out += chunk.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      out += '\n(killed: still running after 50 s)';
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, 50_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, out: `${out}\n${error.message}` });
    });
    const done = (code: number | null) => {
      clearTimeout(timer);
      resolve({ code, out });
    };
    child.on('close', done);
    // A mock the recipe left running holds its output open: its port check below names it.
    child.on('exit', (code) => setTimeout(() => done(code), 2_000).unref());
  });
}

/** Whether something still accepts connections at this URL. */
const listening = (url: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

for (const recipe of RECIPES_BY_LANGUAGE) {
  const present = recipe.present();
  const required = process.env.CI === 'true';
  if (!present && !required)
    console.log(
      `skipped: the mock's ${recipe.language} recipe needs ${recipe.command[0]} (${recipe.install}); CI=true makes this a failure`,
    );
  describe.skipIf(!present && !required)(`the mock's ${recipe.language} recipe`, () => {
    it.each([
      ['HTTP', false],
      ['HTTPS (--tls, trusting only the certificate the mock serves)', true],
    ] as const)(
      `passes its 4 tests (${recipe.command.join(' ')}) over %s and stops the mock it started`,
      async (_over, tls) => {
        expect(present, `${recipe.command[0]} is not installed: ${recipe.install}`).toBe(true);
        expect(existsSync(BIN), `${BIN} is missing: npm run build`).toBe(true);
        const mark = randomUUID();
        const { code, out } = await runRecipe(recipe, mark, tls);
        const left = killMarked(mark);
        expect(recipe.tally(out), out).toEqual({ passed: 4, failed: 0 });
        expect(code, out).toBe(0);
        const url = new RegExp(`^mock at (${tls ? 'https' : 'http'}://127\\.0\\.0\\.1:\\d+)$`, 'm').exec(out)?.[1];
        expect(url, out).toBeDefined();
        expect(left, `processes left running after the recipe exited (killed now); the mock was at ${url}`).toEqual([]);
        expect(await listening(url ?? ''), `the mock at ${url} still listens after the recipe exited`).toBe(false);
      },
      60_000,
    );
  });
}
