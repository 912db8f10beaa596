// `store-api-mock`, the command behind `npm start`, as a real process.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createPublicKey, createVerify, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { request } from 'node:https';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, generateRsaKeyPair } from '@store-api/test-support';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let child: ChildProcess | undefined;
/** Folders the test made (keys among them): removed after it, so no key is left in the machine's temp folder. */
const folders: string[] = [];
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});
/** A fresh folder in the temp folder, removed after the test. */
function scratch(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

function start(args: string[], env: Record<string, string> = {}): Promise<string> {
  child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child?.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('docs:')) resolve(output);
    });
    child?.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child?.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

describe('store-api-mock', () => {
  it('serves on the port from PORT and prints the base URL, both operations, their outcomes and the docs', async () => {
    const port = await freePort();
    const output = await start([], { PORT: String(port) });
    expect(output).toContain(`Store API mock listening on http://127.0.0.1:${port}`);
    expect(output).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/v2\/pos\/syncStore\s+outcomes: SUCCESS, PROCESS_FAIL/);
    expect(output).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/v2\/pds\/store\/updateStore outcomes: SUCCESS/);
    expect(output).toMatch(/docs: /);
    const response = await fetch(`http://127.0.0.1:${port}/v2/pds/store/updateStore`, {
      method: 'POST',
      headers: {
        'client-id': 'X',
        'request-time': '2023-08-28T22:16:07+08:00',
        signature: 'algorithm=RSA256,signature=abc',
        prefer: 'example=SYSTEM_ERROR',
      },
      body: '{"storeId":"1"}',
    });
    expect(await response.json()).toMatchObject({ result: { resultCode: 'SYSTEM_ERROR', resultStatus: 'U' } });
    const exited = new Promise((resolve) => child?.once('exit', (code, signal) => resolve(code ?? signal)));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.each([
    [['--validation', 'prism'], 422],
    [['--strict'], 422], // the old name of --validation prism
    [['--validation', 'gateway'], 200],
    [[], 200],
  ])('with %j answers a body that breaks the contract with HTTP %i', async (args, status) => {
    const port = await freePort();
    const output = await start([...args, '--port', String(port)]);
    expect(output).toContain(
      status === 422 ? "Prism's 401/422 problem documents (--validation prism)" : 'HTTP 200 with PARAM_ILLEGAL',
    );
    const response = await fetch(`http://127.0.0.1:${port}/v2/pos/syncStore`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'client-id': 'X',
        'request-time': '2023-08-28T22:16:07+08:00',
        signature: 'algorithm=RSA256,keyVersion=1,signature=abc',
      },
      body: '{"requestId":"v-1"}',
    });
    expect(response.status).toBe(status);
  });

  it.each([
    [['--validation', 'loose'], '--validation must be gateway or prism (got "loose")'],
    [['--strict', '--validation', 'gateway'], '--strict is --validation prism: it cannot be combined'],
  ])('refuses %j, naming the flag', async (args, message) => {
    const error = await promisify(execFile)(process.execPath, [MAIN, ...args]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain(message);
  });

  it('rejects a bad --port, naming the option and the rule', async () => {
    const error = await promisify(execFile)(process.execPath, [MAIN, '--port', 'abc']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain('--port must be a whole number from 0 to 65535 (got "abc")');
  });

  it('reports a port in use and exits', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const error = await promisify(execFile)(process.execPath, [MAIN, '--port', String(port)]).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(error).toMatchObject({ code: 2 });
      expect((error as { stderr: string }).stderr).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('signs every answer by default, with the key it serves at /__admin/platform-key', async () => {
    const port = await freePort();
    const output = await start(['--port', String(port)]);
    expect(output).toContain('responses signed with the published mock platform key (PUBLIC TEST KEY)');
    expect(output).toContain(`curl -s 'http://127.0.0.1:${port}/__admin/platform-key?format=base64'`);
    const answer = await updateStore(`http://127.0.0.1:${port}`);
    const key = await (await fetch(`http://127.0.0.1:${port}/__admin/platform-key`)).text();
    expect(await verify(answer.message, answer.signature ?? '', key)).toBe(true);
  });

  it('signs with --platform-key FILE, and refuses a file that is not a private key, naming it', async () => {
    const pair = generateRsaKeyPair();
    const dir = scratch('platform-key-');
    writeFileSync(join(dir, 'platform.pem'), pair.privateKey);
    writeFileSync(join(dir, 'public.pem'), pair.publicKey);
    const port = await freePort();
    const output = await start(['--port', String(port), '--platform-key', join(dir, 'platform.pem')]);
    expect(output).toContain(`responses signed with ${join(dir, 'platform.pem')}`);
    const answer = await updateStore(`http://127.0.0.1:${port}`);
    expect(await verify(answer.message, answer.signature ?? '', pair.publicKey)).toBe(true);
    const error = await promisify(execFile)(process.execPath, [MAIN, '--platform-key', join(dir, 'public.pem')]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(
      /^store-api-mock: --platform-key: ".*public\.pem" is a public key: give the platform's private key/m,
    );
  });

  it('answers unsigned with --unsigned-responses, and says which SDKs refuse that', async () => {
    const port = await freePort();
    const output = await start(['--port', String(port), '--unsigned-responses']);
    expect(output).toContain('the vendor Python and Go SDKs refuse unsigned answers');
    const answer = await updateStore(`http://127.0.0.1:${port}`);
    expect(answer.signature).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${port}/__admin/platform-key`)).status).toBe(404);
  });

  it('serves HTTPS with --tls, printing the certificate fingerprint it serves at /__admin/tls-certificate', async () => {
    const port = await freePort();
    const output = await start(['--port', String(port), '--tls']);
    expect(output).toContain(`Store API mock listening on https://127.0.0.1:${port}`);
    const cert = await httpsText(`https://127.0.0.1:${port}/__admin/tls-certificate`, { rejectUnauthorized: false });
    expect(output).toContain(`(sha256 ${new X509Certificate(cert).fingerprint256})`);
    const key = await httpsText(`https://localhost:${port}/__admin/platform-key?format=base64`, { ca: cert });
    expect(createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType).toBe(
      'rsa',
    );
  });

  it.each([
    [
      'a missing --client file',
      (dir: string) => ['--client', `C1=${join(dir, 'nope.pem')}`],
      /^store-api-mock: --client: cannot read ".*nope\.pem": ENOENT$/m,
    ],
    [
      'a directory as --client',
      (dir: string) => ['--client', `C1=${dir}`],
      /^store-api-mock: --client: ".*" is a directory, not a key file$/m,
    ],
    [
      'a --client file over 64 KiB',
      (dir: string) => ['--client', `C1=${join(dir, 'big.pem')}`],
      /^store-api-mock: --client: ".*big\.pem" is 70000 bytes, over the 65536 a key file may be$/m,
    ],
    [
      'a private key as --client',
      (dir: string) => ['--client', `C1=${join(dir, 'private.pem')}`],
      /^store-api-mock: --client C1: ".*private\.pem" is a private key: give the public key/m,
    ],
    [
      'a --client file that is no key',
      (dir: string) => ['--client', `C1=${join(dir, 'text.pem')}`],
      /^store-api-mock: --client C1: ".*text\.pem" is not a public key in PEM/m,
    ],
    [
      'a directory as --platform-key',
      (dir: string) => ['--platform-key', dir],
      /^store-api-mock: --platform-key: ".*" is a directory, not a key file$/m,
    ],
    [
      'a --platform-key file that is no key',
      (dir: string) => ['--platform-key', join(dir, 'text.pem')],
      /^store-api-mock: --platform-key: ".*text\.pem" is not a private key in PEM/m,
    ],
    [
      'an EC private key as --platform-key',
      (dir: string) => ['--platform-key', join(dir, 'ec.pem')],
      /^store-api-mock: --platform-key: ".*ec\.pem" is a ec key, not an RSA private key$/m,
    ],
    [
      'a port out of range',
      () => ['--port', '65536'],
      /^store-api-mock: --port must be a whole number from 0 to 65535 \(got "65536"\)$/m,
    ],
    [
      'an empty --port',
      () => ['--port', ''],
      /^store-api-mock: --port must be a whole number from 0 to 65535 \(got ""\)$/m,
    ],
  ])('stops at start on %s, naming the flag and the problem', async (_name, args, message) => {
    const dir = scratch('bad-config-');
    const pair = generateRsaKeyPair();
    writeFileSync(join(dir, 'big.pem'), 'x'.repeat(70_000));
    writeFileSync(join(dir, 'private.pem'), pair.privateKey);
    writeFileSync(join(dir, 'text.pem'), 'not a key\n');
    writeFileSync(
      join(dir, 'ec.pem'),
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const error = await promisify(execFile)(process.execPath, [MAIN, ...args(dir)]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toMatch(message);
  });

  it('stops at start on PORT set empty, rather than taking a random port', async () => {
    const error = await promisify(execFile)(process.execPath, [MAIN], { env: { ...process.env, PORT: '' } }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain('--port must be a whole number from 0 to 65535 (got "")');
  });

  it('on SIGTERM lets the requests in flight finish, then exits 0', async () => {
    const port = await freePort();
    await start(['--port', String(port)]);
    const admin = `http://127.0.0.1:${port}/__admin`;
    await fetch(`${admin}/scripts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        operationId: 'updateStore',
        steps: [{ fault: { kind: 'delay', ms: 500 }, outcome: 'SUCCESS' }],
        times: 'always',
      }),
    });
    const inFlight = Array.from({ length: 20 }, () =>
      updateStore(`http://127.0.0.1:${port}`).then((a) => a.message.body),
    );
    // Every request has reached the mock (each is journalled before its delay) before the signal.
    for (;;) {
      const held = (await (await fetch(`${admin}/requests?operationId=updateStore`)).json()) as unknown[];
      if (held.length === 20) break;
    }
    const exited = new Promise((resolve) => child?.once('exit', (code, signal) => resolve(code ?? signal)));
    child?.kill('SIGTERM');
    const bodies = await Promise.all(inFlight);
    expect(bodies.every((body) => body.includes('"resultCode":"SUCCESS"'))).toBe(true);
    expect(await exited).toBe(0);
  });

  it('as a proxy, on SIGTERM lets the requests in flight finish, then exits 0', async () => {
    let arrived = 0;
    const upstream = createHttpServer((req, res) => {
      arrived += 1;
      req.resume();
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}');
      }, 500);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      const port = await freePort();
      const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
      child = spawn(process.execPath, [MAIN, 'proxy', target, '--port', String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      await new Promise<void>((resolve) =>
        child?.stdout?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Contract proxy listening')) resolve();
        }),
      );
      const inFlight = Array.from({ length: 10 }, () =>
        fetch(`http://127.0.0.1:${port}/v2/pos/syncStore`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }).then(async (answer) => `${answer.status} ${await answer.text()}`),
      );
      // Every request has reached the upstream through the proxy before the signal.
      while (arrived < 10) await new Promise((resolve) => setTimeout(resolve, 10));
      const exited = new Promise((resolve) => child?.once('exit', (code, signal) => resolve(code ?? signal)));
      child?.kill('SIGTERM');
      const answers = await Promise.all(inFlight);
      expect(answers.every((answer) => answer.startsWith('200 ') && answer.includes('"SUCCESS"'))).toBe(true);
      expect(await exited).toBe(0);
    } finally {
      upstream.closeAllConnections();
      upstream.close();
    }
  });

  it('exits 0 on POST /__admin/shutdown (npx passes no signal on to the mock)', async () => {
    const port = await freePort();
    await start(['--port', String(port)]);
    const exited = new Promise((resolve) => child?.once('exit', (code, signal) => resolve(code ?? signal)));
    expect((await fetch(`http://127.0.0.1:${port}/__admin/shutdown`, { method: 'POST' })).status).toBe(202);
    expect(await exited).toBe(0);
  });

  it('refuses --unsigned-responses with --platform-key', async () => {
    const error = await promisify(execFile)(process.execPath, [
      MAIN,
      '--unsigned-responses',
      '--platform-key',
      'x.pem',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain(
      '--unsigned-responses cannot be combined with --platform-key or --sign-responses',
    );
  });
});

/** The text of an HTTPS GET. */
function httpsText(url: string, options: { ca?: string; rejectUnauthorized?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, options, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

/** SHA256withRSA over the message, as every vendor SDK verifies an answer (the value URL-decoded, then base64). */
async function verify(
  m: { method: string; uri: string; clientId: string; time: string; body: string },
  header: string,
  publicKey: string,
) {
  const value = /signature=([^,]+)/.exec(header)?.[1];
  if (value === undefined) return false;
  return createVerify('RSA-SHA256')
    .update(`${m.method} ${m.uri}\n${m.clientId}.${m.time}.${m.body}`)
    .verify(publicKey, decodeURIComponent(value), 'base64');
}

/** An updateStore as a partner sends it; the answer's signature, and the message it should cover. */
async function updateStore(url: string) {
  const body = '{"storeId":"1"}';
  const response = await fetch(`${url}/v2/pds/store/updateStore`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'client-id': 'C1',
      'request-time': '2023-08-28T22:16:07+08:00',
      signature: 'algorithm=RSA256,keyVersion=1,signature=abc',
    },
    body,
  });
  const text = await response.text();
  const message = {
    method: 'POST',
    uri: '/v2/pds/store/updateStore',
    clientId: response.headers.get('client-id') ?? '',
    time: response.headers.get('response-time') ?? '',
    body: text,
  };
  return { message, signature: response.headers.get('signature') ?? undefined };
}
