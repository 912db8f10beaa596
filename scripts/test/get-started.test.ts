// Get started, as written: every command block of the reference's "Get started" runs verbatim, in order, in a fresh
// folder (the release folder from `npm run pack` put in it, as step 1 says), with the mock that step 3 starts; it must
// end in a SUCCESS whose signature the partner verified. And the README's `npm start` serves the mock it describes.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// A partner's shell: none of the npm_* variables `npm test` passes down.
const partnerEnv = (extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))),
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
  ...extra,
});
const bash = (block: string, cwd: string, env: Record<string, string>) =>
  exec('bash', ['-eo', 'pipefail', '-c', block], {
    cwd,
    env: partnerEnv(env),
    maxBuffer: 32 * 1024 * 1024,
    timeout: 300_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });

/** The ```sh blocks of a Markdown section, in order. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((found) => found[1] ?? '');
}

const { info } = JSON.parse(readFileSync(join(ROOT, 'spec/dist/openapi.json'), 'utf8')) as {
  info: { description: string };
};
const getStarted = info.description.split(/^# /m).find((part) => part.startsWith('Get started\n')) ?? '';
const blocks = shellBlocks(getStarted);

/** Starts a long-running command in its own process group; resolves with the URL its banner prints. */
function serve(
  command: string,
  cwd: string,
  env: Record<string, string>,
): { child: ChildProcess; url: Promise<string> } {
  const child = spawn('bash', ['-c', command], { cwd, env: partnerEnv(env), detached: true, stdio: 'pipe' });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-65_536);
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (found) resolve(found[0]);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output = `${output}${chunk.toString()}`.slice(-65_536);
    });
    child.on('exit', (code) => reject(new Error(`${command} exited ${code} before serving:\n${output}`)));
  });
  return { child, url };
}

/** Stops a process group started by serve() and waits for it to be gone. */
async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.on('exit', resolve));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

describe("the reference's Get started, run as written in a fresh folder", () => {
  let scratch: string;
  let mock: ChildProcess | undefined;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'store-api-get-started-'));
    mkdirSync(join(scratch, 'partner'));
    // Step 1's precondition: the release folder, as the repository's `npm run pack` writes it.
    await exec('npm', ['run', 'pack', '--', '--out', join(scratch, 'partner/dist-packages')], {
      cwd: ROOT,
      env: partnerEnv(),
      maxBuffer: 32 * 1024 * 1024,
    });
  }, 300_000);
  afterAll(async () => {
    await stop(mock);
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  it('has its four steps as command blocks: install, keygen, the mock, a verified call', () => {
    expect(blocks).toHaveLength(4);
    expect(blocks[0]).toContain('npm install ./dist-packages/*.tgz');
    expect(blocks[1]).toContain('npx store-api keygen --out keys');
    expect(blocks[2]).toMatch(/^npx store-api-mock --client \S+=keys\/public\.pem\n$/);
    expect(blocks[3]).toContain('node sync.mjs');
  });

  it('ends in S SUCCESS, with the answer signature verified by the key the mock serves', async () => {
    const folder = join(scratch, 'partner');
    const [install = '', keygen = '', startMock = '', call = ''] = blocks;
    await bash(install, folder, {});
    const { stdout: made } = await bash(keygen, folder, {});
    expect(made).toMatch(/keys\/private\.pem/);
    // Step 3 in "a second terminal": in the background, on a free port (PORT, as the step says).
    const served = serve(startMock, folder, { PORT: '0' });
    mock = served.child;
    const url = await served.url;
    const { stdout } = await bash(call, folder, { BASE_URL: url });
    expect(stdout.trim().split('\n').at(-1)).toBe('S SUCCESS, answer signature verified');
    // The mock verified the request against the partner's key: its journal says so.
    const journal = (await (await fetch(`${url}/__admin/requests`)).json()) as {
      operationId?: string;
      signature?: { checked: boolean; valid: boolean };
      outcome: { name: string };
    }[];
    expect(
      journal.map(({ operationId, signature, outcome }) => ({ operationId, signature, outcome: outcome.name })),
    ).toEqual([
      {
        operationId: 'syncStore',
        signature: expect.objectContaining({ checked: true, valid: true }),
        outcome: 'SUCCESS',
      },
    ]);
  }, 300_000);
});

describe("the README's Get started", () => {
  let mock: ChildProcess | undefined;
  afterAll(() => stop(mock));

  it('npm start serves the mock it describes: signed answers, with the key it serves', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.split(/^## /m).find((part) => part.startsWith('Get started\n')) ?? '';
    const lines = (shellBlocks(section)[0] ?? '').split('\n').map((line) => line.replace(/\s+#.*$/, '').trim());
    // `npm install` and `npm test` are what CI runs on a fresh clone (.ci/run); here, the `npm start` of the same line.
    expect(lines).toContain('npm install && npm start');
    expect(lines).toContain('npm test');
    const served = serve('npm start', ROOT, { PORT: '0' });
    mock = served.child;
    const url = await served.url;
    const key = await fetch(`${url}/__admin/platform-key`);
    expect(key.status).toBe(200);
    expect(await key.text()).toContain('-----BEGIN PUBLIC KEY-----');
    const answer = await fetch(`${url}/v2/pos/syncStore`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'client-id': 'TEST_5X00000000000000',
        'request-time': new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00'),
        signature: 'algorithm=RSA256,keyVersion=1,signature=unchecked',
      },
      body: JSON.stringify({
        requestId: 'get-started-readme',
        posAccountId: 'pos_account_id_001',
        store: { posStoreId: 'pos_store_id_001', name: 'Store A', status: 'OPEN' },
      }),
    });
    expect(((await answer.json()) as { result: { resultCode: string } }).result.resultCode).toBe('SUCCESS');
    expect(answer.headers.get('signature')).toMatch(/^algorithm=RSA256,keyVersion=\d+,signature=\S+$/);
  }, 300_000);
});
