// `store-api-mock`, the command behind `npm start`, as a real process.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@store-api/test-support';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

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
});
