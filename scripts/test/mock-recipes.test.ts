// The mock's recipes (packages/mock/recipes, shown in its README) run as a partner runs them: in a project outside
// the workspace that installs the packed tarballs (spec, types, validator, signing, client, mock) and jest and
// vitest from npm, on Node 20, 22 and 24 (each a binary from the `node` package on npm). jest runs a CommonJS and
// an ESM project with the mock out of process; vitest and node:test run it in process; all of them call it with
// the client (required under jest in CommonJS, imported by the others), script it, read its journal and stores,
// and meet its faults, through its methods and its admin HTTP API.
// It installs Node binaries: it runs under CI=true (or STORE_API_RECIPES=1) and says it was skipped otherwise.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const enabled = process.env.CI === 'true' || process.env.STORE_API_RECIPES === '1';
if (!enabled)
  console.log(
    'skipped: the mock recipes on Node 20, 22 and 24 install Node binaries and jest from npm; CI=true or STORE_API_RECIPES=1 runs them',
  );
const VERSIONS = ['20', '22', '24'] as const;
const npm = (args: string[], cwd: string) =>
  run('npm', args, {
    cwd,
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' },
    maxBuffer: 32 * 1024 * 1024,
  });

let scratch: string;
const nodes: Record<string, string> = {};
beforeAll(async () => {
  if (!enabled) return;
  scratch = mkdtempSync(join(tmpdir(), 'store-api-recipes-'));
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  const packages = [
    'spec',
    'packages/types',
    'packages/validator',
    'packages/signing',
    'packages/client',
    'packages/mock',
  ];
  for (const dir of packages) await npm(['pack', '--pack-destination', tarballs], join(ROOT, dir));
  const project = join(scratch, 'project');
  cpSync(join(ROOT, 'packages/mock/recipes'), project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'partner-tests', private: true }));
  const packed = readdirSync(tarballs).map((name) => join(tarballs, name));
  await npm(['install', '--no-save', ...packed, 'jest@30.5.2', '@jest/globals@30.5.2', 'vitest@5.1.1'], project);
  for (const version of VERSIONS) {
    const dir = join(scratch, `node${version}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `node${version}`, private: true }));
    await npm(['install', `node@${version}`], dir);
    nodes[version] = join(dir, 'node_modules/.bin/node');
  }
}, 600_000);
afterAll(() => {
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

/** Runs a recipe's command on one Node; resolves with its output, rejects with it when the tests fail. */
async function recipe(version: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const node = nodes[version] ?? '';
  const { stdout, stderr } = await run(node, [...args], {
    cwd,
    // The Node under test first on PATH: jest's workers and the mock's child process run on it too.
    env: {
      ...process.env,
      ...env,
      PATH: `${join(node, '..')}:${process.env.PATH}`,
      CI: 'true',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
    maxBuffer: 16 * 1024 * 1024,
    timeout: 120_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  return `${stdout}\n${stderr}`;
}

describe.skipIf(!enabled).each(VERSIONS)('on Node %s', (version) => {
  const project = () => join(scratch, 'project');
  const bin = (name: string) => join(project(), 'node_modules', name);

  it('runs that Node', async () => {
    expect(await recipe(version, ['--version'], project())).toMatch(new RegExp(`^v${version}\\.`));
  });

  it('jest, CommonJS project: the mock out of process, scripted and observed through the admin API', async () => {
    const out = await recipe(version, [bin('jest/bin/jest.js'), '--config', 'jest-cjs/jest.config.js'], project());
    expect(out).toMatch(/Tests:\s+3 passed, 3 total/);
  }, 180_000);

  it('jest, ESM project (--experimental-vm-modules): the same', async () => {
    const out = await recipe(version, [bin('jest/bin/jest.js'), '--config', 'jest-esm/jest.config.js'], project(), {
      NODE_OPTIONS: '--experimental-vm-modules --no-warnings',
    });
    expect(out).toMatch(/Tests:\s+3 passed, 3 total/);
  }, 180_000);

  it('vitest: the mock in process, through its methods and the admin API', async () => {
    const out = await recipe(version, [bin('vitest/vitest.mjs'), 'run', '--root', 'vitest'], project());
    expect(out).toMatch(/Tests\s+3 passed \(3\)/);
  }, 180_000);

  it('node:test: the same', async () => {
    const out = await recipe(version, ['--test', '--test-reporter=tap', 'node-test/store.test.mjs'], project());
    expect(out).toMatch(/# pass 3\n# fail 0/);
  }, 180_000);
});
