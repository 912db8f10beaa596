// The code samples the docs show (x-codeSamples in the bundle) cannot rot: the TypeScript ones must compile
// under strict settings, and every sample, curl included, must succeed against a mock that verifies signatures.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockServer, startMock } from '@store-api/mock';
import { generateRsaKeyPair, toolsPresent } from '@store-api/test-support';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
// Inside the repo, so the samples' imports resolve to this workspace's packages.
const WORK = fileURLToPath(new URL('../.code-samples/', import.meta.url));
const bundle = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('@store-api/spec/openapi.json')), 'utf8')) as {
  paths: Record<string, { post: { operationId: string; 'x-codeSamples': { lang: string; source: string }[] } }>;
};
const everySample = Object.values(bundle.paths).flatMap(({ post }) =>
  post['x-codeSamples'].map((sample) => ({ operationId: post.operationId, ...sample })),
);
// Java, Python, Go and PHP have their own test (language-samples.test.ts): they need other toolchains.
// The curl samples need bash, curl and openssl: without them they are skipped and say so, unless CI=true.
const curlPresent = toolsPresent(['bash', 'curl', 'openssl'], 'the curl samples', 'apt-get install -y curl openssl');
const samples = everySample.filter((s) => (s.lang === 'curl' && curlPresent) || s.lang === 'TypeScript');
const typescript = samples.filter((s) => s.lang === 'TypeScript');
const file = (s: { operationId: string; lang: string }) =>
  `${WORK}${s.operationId}.${s.lang === 'TypeScript' ? 'mts' : 'sh'}`;

let mock: MockServer;
let compiled: { problems: string[]; emitted: boolean };
beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const keys = generateRsaKeyPair();
  mkdirSync(`${WORK}keys`);
  writeFileSync(`${WORK}keys/private.pem`, keys.privateKey);
  for (const sample of samples) writeFileSync(file(sample), sample.source);
  // Strict TypeScript, and the JavaScript a partner would run (<operation>.mjs beside each source).
  const program = ts.createProgram(typescript.map(file), {
    strict: true,
    noUncheckedIndexedAccess: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: ['node'],
    outDir: WORK,
    skipLibCheck: true,
  });
  compiled = {
    problems: ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    emitted: !program.emit().emitSkipped,
  };
  mock = await startMock({ clients: { TEST_5X00000000000000: keys.publicKey } });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  rmSync(WORK, { recursive: true, force: true });
});

describe('the docs’ code samples', () => {
  it('has a sample in each of the six languages for each operation', () => {
    const languages = ['curl', 'TypeScript', 'Java', 'Python', 'Go', 'PHP'];
    expect(everySample.map((s) => `${s.operationId}:${s.lang}`).sort()).toEqual(
      ['syncStore', 'updateStore'].flatMap((op) => languages.map((lang) => `${op}:${lang}`)).sort(),
    );
  });

  it('compiles the TypeScript samples with strict settings', () => {
    expect(compiled.problems).toEqual([]);
    expect(compiled.emitted).toBe(true);
  });

  it.each(samples.map((s) => [`${s.operationId} ${s.lang}`, s] as const))(
    'runs the %s sample against a mock that verifies its signature',
    async (_name, sample) => {
      // TypeScript runs as the JavaScript compiled above, on whatever Node runs the tests.
      const [command, script] =
        sample.lang === 'TypeScript'
          ? [process.execPath, file(sample).replace(/\.mts$/, '.mjs')]
          : ['bash', file(sample)];
      const { stdout } = await run(command, [script], { cwd: WORK, env: { ...process.env, BASE_URL: mock.url } });
      if (sample.lang === 'TypeScript')
        expect(stdout.trim()).toBe(sample.operationId === 'syncStore' ? 'synchronised' : 'updated');
      else
        expect(JSON.parse(stdout)).toEqual({
          result: { resultCode: 'SUCCESS', resultStatus: 'S', resultMessage: 'success' },
        });
    },
    20_000,
  );

  it.each(samples.filter((s) => s.lang === 'curl').map((s) => [s.operationId, s] as const))(
    'the %s curl sample stops, naming the file, when there is no key, and sends nothing',
    async (_name, sample) => {
      const before = mock.requests().length;
      const failed = await run('bash', [file(sample)], {
        cwd: WORK,
        env: { ...process.env, BASE_URL: mock.url, PRIVATE_KEY: `${WORK}keys/missing.pem` },
      }).catch((error: { code: number; stderr: string }) => error);
      expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('no private key at') });
      expect(mock.requests().length).toBe(before);
    },
    20_000,
  );

  it.each(samples.map((s) => [`${s.operationId} ${s.lang}`, s] as const))(
    'the %s sample exits 1 on an answer that is not S',
    async (_name, sample) => {
      mock.script(sample.operationId, ['PARAM_ILLEGAL']);
      const [command, script] =
        sample.lang === 'TypeScript'
          ? [process.execPath, file(sample).replace(/\.mts$/, '.mjs')]
          : ['bash', file(sample)];
      const failed = await run(command, [script], { cwd: WORK, env: { ...process.env, BASE_URL: mock.url } }).catch(
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failed).toMatchObject({ code: 1 });
      expect(`${(failed as { stdout: string }).stdout}${(failed as { stderr: string }).stderr}`).toContain(
        'PARAM_ILLEGAL',
      );
    },
    20_000,
  );
});
