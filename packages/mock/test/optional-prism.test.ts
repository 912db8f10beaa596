// Prism is an optional peer dependency: the default mode (gateway validation, static answers, signing) runs without
// it, and a mode that needs it, asked for where it is not installed, says which mode and the command that installs
// it. The built CLI and CommonJS entry run here with Prism hidden (fixtures/hide-prism.mjs), as a partner's project
// that never installed it, and once with Prism, as one that did.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrismEngine, PrismNotInstalledError } from '../src/prism.js';
import { PATHS } from './support/http.js';

const exec = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const HIDE_PRISM = fileURLToPath(new URL('fixtures/hide-prism.mjs', import.meta.url));
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
  devDependencies: Record<string, string>;
};
// The versions the repository tests with: the command must install exactly these.
const tested = Object.entries(manifest.devDependencies).filter(([name]) => name.startsWith('@stoplight/prism-'));
const COMMAND = `npm install --save-dev ${tested.map(([name, version]) => `${name}@${version}`).join(' ')}`;
const PRISM_MODE = "--validation prism (validation: 'prism', formerly --strict) needs Prism";
const DYNAMIC = 'Prefer: dynamic=true (or any Prefer part but example= and code=200';

describe('the package manifest', () => {
  it('lists Prism as optional peers at the versions the repository tests with, never as a dependency', () => {
    expect(tested.map(([name]) => name)).toEqual([
      '@stoplight/prism-core',
      '@stoplight/prism-http',
      '@stoplight/prism-http-server',
    ]);
    expect(manifest.peerDependencies).toEqual(Object.fromEntries(tested));
    for (const [name] of tested) {
      expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(Object.keys(manifest.dependencies)).not.toContain(name);
    }
  });
});

describe('createPrismEngine where Prism is missing', () => {
  // Node's own not-found errors, as import() (ERR_MODULE_NOT_FOUND) and require() (MODULE_NOT_FOUND, from inside a
  // Prism whose own dependency is missing) raise them.
  const NOT_INSTALLED = ['@stoplight', 'prism-not-installed'].join('/');
  const imported = () => import(NOT_INSTALLED);
  const required = async () => createRequire(import.meta.url)(NOT_INSTALLED);

  it.each([
    ['import()', true, imported, PRISM_MODE, "Cannot find package '@stoplight/prism-not-installed'"],
    ['import()', false, imported, DYNAMIC, "Cannot find package '@stoplight/prism-not-installed'"],
    ['require()', true, required, PRISM_MODE, "Cannot find module '@stoplight/prism-not-installed'"],
  ])(
    '%s, validateRequest %s: names the mode and ends with the install command',
    async (_, validateRequest, load, mode, cause) => {
      const error = await createPrismEngine({ validateRequest }, load).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PrismNotInstalledError);
      const { message, command } = error as PrismNotInstalledError;
      expect(message.startsWith(mode)).toBe(true);
      expect(message).toContain(cause);
      expect(message.endsWith(`; install it with: ${COMMAND}`)).toBe(true);
      expect(command).toBe(COMMAND);
    },
  );

  it('passes any other failure on as it is: only a missing module means Prism is not installed', async () => {
    const broken = new SyntaxError('Unexpected token');
    await expect(createPrismEngine({ validateRequest: true }, () => Promise.reject(broken))).rejects.toBe(broken);
  });
});

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

/** The built `store-api-mock`, Prism hidden; resolves with its URL once its banner names it. */
function startHidden(args: string[]): Promise<string> {
  child = spawn(process.execPath, ['--import', HIDE_PRISM, BIN, '--port', '0', ...args], {
    cwd: PACKAGE,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url !== undefined) resolve(url);
    });
    child?.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child?.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

/** Runs the built CLI to its end, Prism hidden: its exit code and what it wrote to stderr. */
async function runHidden(args: string[]): Promise<{ code: number; stderr: string }> {
  return exec(process.execPath, ['--import', HIDE_PRISM, BIN, '--port', '0', ...args], { cwd: PACKAGE }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
}

// The three signature headers, present (the default mode checks them, and verifies none without --client).
const HEADERS = {
  'content-type': 'application/json',
  'client-id': 'X',
  'request-time': '2023-08-28T22:16:07+08:00',
  signature: 'algorithm=RSA256,signature=abc',
};
const updateStore = (url: string, prefer: string, body = '{"storeId":"1"}') =>
  fetch(`${url}${PATHS.updateStore}`, { method: 'POST', headers: { ...HEADERS, prefer }, body });

describe('store-api-mock without Prism installed', () => {
  it('the default mode starts, validates, answers from the examples and signs', async () => {
    const url = await startHidden([]);
    const answer = await updateStore(url, 'example=SYSTEM_ERROR');
    expect(await answer.json()).toMatchObject({ result: { resultCode: 'SYSTEM_ERROR', resultStatus: 'U' } });
    expect(answer.headers.get('signature')).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    const refused = await updateStore(url, 'example=SUCCESS', '{}');
    expect(await refused.json()).toMatchObject({ result: { resultCode: 'PARAM_ILLEGAL' } });
  });

  it('answers Prefer: dynamic=true with a 500 naming the mode and the install command, and keeps serving', async () => {
    const url = await startHidden([]);
    const dynamic = await updateStore(url, 'dynamic=true');
    expect(dynamic.status).toBe(500);
    const { detail } = (await dynamic.json()) as { detail: string };
    expect(detail.startsWith(DYNAMIC)).toBe(true);
    expect(detail.endsWith(`install it with: ${COMMAND}`)).toBe(true);
    const after = await updateStore(url, 'example=SUCCESS');
    expect(await after.json()).toMatchObject({ result: { resultCode: 'SUCCESS' } });
  });

  it.each([[['--validation', 'prism']], [['--strict']]])(
    '%j refuses to start, naming the mode and the install command',
    async (args) => {
      const { code, stderr } = await runHidden(args);
      expect(code).toBe(2);
      const [first] = stderr.split('\n');
      expect(first).toMatch(
        /^store-api-mock: --validation prism \(validation: 'prism', formerly --strict\) needs Prism/,
      );
      expect(first?.endsWith(`install it with: ${COMMAND}`)).toBe(true);
    },
  );
});

describe('the CommonJS entry', () => {
  // startMock in prism mode from require('@store-api/mock'), then one invalid request, printed as JSON.
  const script = `const { startMock } = require('./dist/index.cjs');
startMock({ validation: 'prism' }).then(
  async (mock) => {
    const answer = await fetch(mock.url + '${PATHS.syncStore}', { method: 'POST', headers: ${JSON.stringify(HEADERS)}, body: '{}' });
    console.log(JSON.stringify({ status: answer.status }));
    await mock.close();
  },
  (error) => console.log(JSON.stringify({ name: error.name, message: error.message })),
);`;

  it("loads Prism in prism mode through require(): Prism's own 422 for an empty body", async () => {
    const { stdout } = await exec(process.execPath, ['-e', script], { cwd: PACKAGE });
    expect(JSON.parse(stdout)).toEqual({ status: 422 });
  });

  it('without Prism, rejects with PrismNotInstalledError naming the mode and the command', async () => {
    const { stdout } = await exec(process.execPath, ['--import', HIDE_PRISM, '-e', script], { cwd: PACKAGE });
    const { name, message } = JSON.parse(stdout) as { name: string; message: string };
    expect(name).toBe('PrismNotInstalledError');
    expect(message.startsWith(PRISM_MODE)).toBe(true);
    expect(message).toMatch(/Cannot find (package|module) '@not-installed\/prism-core'/);
    expect(message.endsWith(`install it with: ${COMMAND}`)).toBe(true);
  });
});
