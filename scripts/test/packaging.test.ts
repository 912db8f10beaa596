// What partners get from npm: each tarball holds the built code, types, README and licence, and nothing else;
// and the client and types, installed from their tarballs into a project outside this workspace, compile and
// make a call against the mock, the way a partner's project would.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
        !/^(dist\/.+\.(js|cjs|d\.ts|d\.cts|json|yaml)|README\.md|LICENSE|package\.json|ERRATA\.md|admin-openapi\.yaml|test-vector\/signature\.json)$/.test(
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

describe('a partner project installing the tarballs', () => {
  let scratch: string;
  let mock: MockServer;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'store-api-partner-'));
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs);
    for (const dir of ['spec', 'packages/types', 'packages/validator', 'packages/signing', 'packages/client']) {
      await npm(['pack', '--pack-destination', tarballs], join(ROOT, dir));
    }
    const project = join(scratch, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'partner', private: true, type: 'module' }));
    const packed = readdirSync(tarballs).map((name) => join(tarballs, name));
    await npm(['install', '--no-save', ...packed, 'typescript@5.9.3', '@types/node@24.10.1'], project);
    const { privateKey } = generateRsaKeyPair();
    writeFileSync(join(project, 'key.pem'), privateKey);
    writeFileSync(
      join(project, 'call.ts'),
      `import { readFileSync } from 'node:fs';
import { createRequestId, createStoreClient } from '@store-api/client';
import type { SyncStoreRequest } from '@store-api/types';

const body: SyncStoreRequest = { requestId: createRequestId(), posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' } };
const client = createStoreClient({ baseUrl: process.argv[2] ?? '', clientId: 'TEST_5X00000000000000', privateKey: readFileSync('key.pem', 'utf8') });
const outcome = await client.syncStore(body);
console.log(JSON.stringify({ status: outcome.status, code: outcome.code }));
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          types: ['node'],
          outDir: 'out',
        },
        files: ['call.ts'],
      }),
    );
    mock = await startMock();
  }, 180_000);
  afterAll(async () => {
    await mock?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('compiles a call with strict TypeScript and runs it against the mock', async () => {
    const project = join(scratch, 'project');
    await run(hostNode, [join(project, 'node_modules/typescript/bin/tsc'), '-p', project]);
    const { stdout } = await run(hostNode, [join(project, 'out/call.js'), mock.url], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ status: 'S', code: 'SUCCESS' });
  }, 60_000);
});
