// A real `prism mock` process over the bundled spec, on a free 127.0.0.1 port, for end-to-end tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { freePort } from '@store-api/test-support';

const require = createRequire(import.meta.url);
const BUNDLE = require.resolve('@store-api/spec/openapi.yaml');
const PRISM = require.resolve('@stoplight/prism-cli/dist/index.js');

export interface PrismProcess {
  readonly url: string;
  close(): Promise<void>;
}

export async function startPrism(): Promise<PrismProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [PRISM, 'mock', BUNDLE, '--host', '127.0.0.1', '--port', String(port)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SCARF_ANALYTICS: 'false' },
    },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`prism exited with ${code} before listening:\n${output}`)));
    setTimeout(() => reject(new Error(`prism did not start within 30 s:\n${output}`)), 30_000).unref();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
