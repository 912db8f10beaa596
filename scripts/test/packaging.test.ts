// What partners get from npm: each tarball holds the built code, types, README and licence, and nothing else;
// the packages, installed from their tarballs into a project outside this workspace, load with require and with
// import, compile under strict TypeScript as ESM and as CommonJS, and make a call against the mock from each, and
// from jest in CommonJS with no flags, the way a partner's project would. And the workspace's own commands are
// linked by the install itself, from committed files, before anything is built.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockServer, startMock } from '@store-api/mock';
import { generateRsaKeyPair } from '@store-api/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PUBLISHED = [
  'spec',
  'packages/types',
  'packages/validator',
  'packages/signing',
  'packages/client',
  'packages/mock',
  'packages/cli',
];
// npm runs on the machine's own Node; so does a partner's project.
const hostNode = process.env.npm_node_execpath ?? process.execPath;
const npm = (args: string[], cwd: string) =>
  run('npm', args, {
    cwd,
    env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' },
    maxBuffer: 32 * 1024 * 1024,
  });

describe('tarballs', () => {
  it.each(PUBLISHED)('%s ships built code, types, README and licence only', async (dir) => {
    const { stdout } = await npm(['pack', '--dry-run', '--json'], join(ROOT, dir));
    const [manifest] = JSON.parse(stdout) as { files: { path: string }[] }[];
    const files = manifest?.files.map((f) => f.path) ?? [];
    expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'package.json']));
    const unexpected = files.filter(
      // The spec also ships the signing test vector: a PUBLIC TEST KEY, published on purpose.
      (f) =>
        !/^(dist\/.+\.(js|cjs|d\.ts|d\.cts|json|yaml)|bin\/[\w-]+\.js|README\.md|LICENSE|package\.json|ERRATA\.md|admin-openapi\.yaml|test-vector\/signature\.json)$/.test(
          f,
        ),
    );
    expect(unexpected).toEqual([]);
    expect(files.some((f) => /(^|\/)(test|src)\//.test(f) || /\.test\.|\.map$/.test(f))).toBe(false);
  });
});

describe('the package check', () => {
  it('fails a crafted package whose exports point at files it does not ship', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-api-badpkg-'));
    try {
      mkdirSync(join(dir, 'dist'));
      writeFileSync(join(dir, 'dist/index.js'), 'export const x = 1;\n');
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({
          name: 'bad-pkg',
          version: '1.0.0',
          type: 'module',
          files: ['dist'],
          exports: { '.': { types: './dist/index.d.ts', default: './dist/missing.js' } },
        }),
      );
      const publint = join(ROOT, 'node_modules/publint/src/cli.js');
      await expect(run(hostNode, [publint, '--strict', dir])).rejects.toMatchObject({
        stdout: expect.stringMatching(/missing\.js|index\.d\.ts/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the workspace's commands", () => {
  const BINS = [
    { dir: 'packages/cli', name: 'store-api', built: 'dist/main.js' },
    { dir: 'packages/mock', name: 'store-api-mock', built: 'dist/bin.js' },
  ];
  it.each(BINS)('$name is linked by npm install, to a committed file', async ({ dir, name }) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const target = manifest.bin[name] ?? '';
    // npm links a bin only if its target exists when it installs: in a fresh clone, only committed files do.
    const { stdout } = await run('git', ['ls-files', '--error-unmatch', join(dir, target)], { cwd: ROOT });
    expect(stdout.trim()).toBe(join(dir, target));
    const link = join(ROOT, 'node_modules/.bin', name);
    expect(resolve(join(link, '..'), readlinkSync(link))).toBe(
      resolve(ROOT, 'node_modules/@store-api', dir.slice(9), target),
    );
    const { stdout: help } = await run(hostNode, [link, '--help']);
    expect(help).toMatch(new RegExp(`^usage:\n  ${name} `));
  });

  it.each(BINS)('$name, not built yet, says to run the build', async ({ dir, name, built }) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const copy = mkdtempSync(join(tmpdir(), 'store-api-unbuilt-'));
    try {
      const target = manifest.bin[name] ?? '';
      mkdirSync(join(copy, target, '..'), { recursive: true });
      copyFileSync(join(ROOT, dir, target), join(copy, target));
      await expect(run(hostNode, [join(copy, target), '--help'])).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(`no ${built}); run \`npm run build\``),
      });
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

// The packages a partner installs, and every entry point they export (each has a require and an import form).
const PARTNER = [
  'spec',
  'packages/types',
  'packages/validator',
  'packages/signing',
  'packages/client',
  'packages/mock',
];
const ENTRIES = PARTNER.slice(1).flatMap((dir) => {
  const { name, exports } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  return Object.keys(exports)
    .filter((key) => key !== './package.json')
    .map((key) => `${name}${key.slice(1)}`);
});
// One program, compiled as ESM (NodeNext), as CommonJS under node16 (a .cts file) and as CommonJS under node10
// resolution: every entry's types resolve and a signed call gets SUCCESS from the mock.
const CALL = `import { readFileSync } from 'node:fs';
import { createRequestId, createStoreClient } from '@store-api/client';
import { weeklySchedule } from '@store-api/client/rules';
import type { startMock } from '@store-api/mock';
import type { runCli } from '@store-api/mock/cli';
import type { MockProcess } from '@store-api/mock/testing';
import { formatTime } from '@store-api/signing';
import type { SyncStoreRequest } from '@store-api/types';
import { createValidator } from '@store-api/validator';
import type { OperationContract } from '@store-api/validator/contract';

export type Used = [typeof startMock, typeof runCli, MockProcess, OperationContract, typeof weeklySchedule];
async function main(): Promise<void> {
  const body: SyncStoreRequest = { requestId: createRequestId(), posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' } };
  const valid: boolean = createValidator().validateRequest('syncStore', body).valid;
  const client = createStoreClient({ baseUrl: process.argv[2] ?? '', clientId: 'TEST_5X00000000000000', privateKey: readFileSync('key.pem', 'utf8') });
  const outcome = await client.syncStore(body);
  console.log(JSON.stringify({ status: outcome.status, code: outcome.code, valid, time: typeof formatTime(new Date()) }));
}
void main();
`;
const JEST_TEST = `const { readFileSync } = require('node:fs');
const { createRequestId, createStoreClient } = require('@store-api/client');
const { weeklySchedule } = require('@store-api/client/rules');
const { MockAdmin } = require('@store-api/mock/testing');

test('the client signs a call and the mock journals it', async () => {
  const url = process.env.STORE_API_MOCK_URL;
  const privateKey = readFileSync(\`\${__dirname}/../key.pem\`, 'utf8');
  const client = createStoreClient({ baseUrl: url, clientId: 'TEST_5X00000000000000', privateKey });
  const requestId = createRequestId();
  const outcome = await client.syncStore({ requestId, posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' } });
  expect(outcome.code).toBe('SUCCESS');
  const sent = await new MockAdmin(\`\${url}/__admin\`).requests({ matchText: { requestId } });
  expect(sent.map((entry) => entry.body.requestId)).toEqual([requestId]);
  expect(typeof weeklySchedule).toBe('function');
});
`;

describe('a partner project installing the tarballs', () => {
  let scratch: string;
  let project: string;
  let mock: MockServer;
  // tsc writes its errors to stdout: a failure shows them.
  const tsc = (config: string) =>
    run(hostNode, [join(project, 'node_modules/typescript/bin/tsc'), '-p', config]).catch(
      (error: { message: string; stdout?: string }) => {
        throw new Error(`${error.message}\n${error.stdout ?? ''}`);
      },
    );
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'store-api-partner-'));
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    for (const dir of PARTNER) await npm(['pack', '--pack-destination', tarballs], join(ROOT, dir));
    project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'partner', private: true, type: 'module' }));
    const packed = readdirSync(tarballs).map((name) => join(tarballs, name));
    await npm(['install', '--no-save', ...packed, 'typescript@5.9.3', '@types/node@24.10.1', 'jest@30.5.2'], project);
    const { privateKey } = generateRsaKeyPair();
    writeFileSync(join(project, 'key.pem'), privateKey);
    const compilerOptions = { strict: true, target: 'ES2022', types: ['node'] };
    writeFileSync(join(project, 'call.ts'), CALL);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, module: 'NodeNext', moduleResolution: 'NodeNext', outDir: 'out' },
        files: ['call.ts'],
      }),
    );
    // A .cts file is CommonJS whatever the package's type: its imports resolve with the require condition.
    writeFileSync(join(project, 'call.cts'), CALL);
    writeFileSync(
      join(project, 'tsconfig.node16.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, module: 'node16', moduleResolution: 'node16', outDir: 'out-node16' },
        files: ['call.cts'],
      }),
    );
    // An old-style CommonJS project: no exports map read (main, types and typesVersions only).
    const cjs = join(project, 'cjs');
    mkdirSync(cjs);
    writeFileSync(join(cjs, 'package.json'), JSON.stringify({ name: 'partner-cjs', private: true, type: 'commonjs' }));
    writeFileSync(join(cjs, 'call.ts'), CALL);
    writeFileSync(
      join(cjs, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...compilerOptions, module: 'commonjs', moduleResolution: 'node10', outDir: 'out' },
        files: ['call.ts'],
      }),
    );
    const jest = join(project, 'jest');
    mkdirSync(jest);
    writeFileSync(
      join(jest, 'package.json'),
      JSON.stringify({ name: 'partner-jest', private: true, type: 'commonjs' }),
    );
    writeFileSync(join(jest, 'jest.config.js'), "module.exports = { testEnvironment: 'node' };\n");
    writeFileSync(join(jest, 'call.test.js'), JEST_TEST);
    mock = await startMock();
  }, 240_000);
  afterAll(async () => {
    await mock?.close();
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  it.each(ENTRIES)('%s loads with require and with import, with the same exports', async (entry) => {
    const load = async (script: string) => {
      const { stdout } = await run(hostNode, ['--input-type=commonjs', '-e', script], { cwd: project });
      return JSON.parse(stdout) as string[];
    };
    // Node >= 23 names a CommonJS module's whole exports 'module.exports' when it is imported.
    const names =
      "(m) => console.log(JSON.stringify(Object.keys(m).filter((k) => !['default', '__esModule', 'module.exports'].includes(k)).sort()))";
    const required = await load(`(${names})(require(${JSON.stringify(entry)}))`);
    const imported = await load(`import(${JSON.stringify(entry)}).then(${names})`);
    expect(required).toEqual(imported);
    // A CommonJS file, not the ESM one loaded by require(esm) (Node >= 20.19), which jest's own loader cannot do.
    const [file] = await load(`console.log(JSON.stringify([require.resolve(${JSON.stringify(entry)})]))`);
    expect(file).toMatch(/\.cjs$/);
    // The types package is types only (an empty module); jest's global setup and teardown are one function each.
    const [kind] = await load(`console.log(JSON.stringify([typeof require(${JSON.stringify(entry)})]))`);
    if (entry !== '@store-api/types' && kind !== 'function') expect(required.length).toBeGreaterThan(0);
  });

  const expected = { status: 'S', code: 'SUCCESS', valid: true, time: 'string' };
  it('compiles a call with strict TypeScript as ESM (NodeNext) and runs it against the mock', async () => {
    await tsc(project);
    const { stdout } = await run(hostNode, [join(project, 'out/call.js'), mock.url], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(expected);
  }, 60_000);

  it('compiles the same call as CommonJS under node16 resolution (.cts) and runs it', async () => {
    await tsc(join(project, 'tsconfig.node16.json'));
    const { stdout } = await run(hostNode, [join(project, 'out-node16/call.cjs'), mock.url], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(expected);
  }, 60_000);

  it('compiles the same call as CommonJS under node10 resolution (module commonjs) and runs it', async () => {
    await tsc(join(project, 'cjs'));
    const { stdout } = await run(hostNode, [join(project, 'cjs/out/call.js'), mock.url], { cwd: project });
    expect(JSON.parse(stdout)).toEqual(expected);
  }, 60_000);

  it('jest in CommonJS, with no flags, requires the client and the mock testing helpers', async () => {
    const { NODE_OPTIONS: _, ...env } = process.env;
    const { stderr } = await run(
      hostNode,
      [join(project, 'node_modules/jest/bin/jest.js'), '--rootDir', join(project, 'jest'), '--ci'],
      { cwd: project, env: { ...env, STORE_API_MOCK_URL: mock.url, NO_COLOR: '1' } },
    );
    expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  }, 120_000);
});
