// Redocly's own contract tester agrees with the mock: the Arazzo workflow next to this file (generated from the
// bundle, completed by hand) runs under `redocly respect`, which checks each answer's status, content type, body
// and headers against the bundle.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';

const workflow = fileURLToPath(new URL('./fixtures/store-api.arazzo.yaml', import.meta.url));
const redocly = join(
  createRequire(import.meta.url)
    .resolve('@redocly/cli/package.json')
    .replace(/package\.json$/, ''),
  'bin/cli.js',
);
const out = mkdtempSync(join(tmpdir(), 'respect-'));
let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.close();
  rmSync(out, { recursive: true, force: true });
});

it('passes every step of the workflow under redocly respect', async () => {
  const inputs = {
    ClientId: 'TEST_5X00000000000000',
    RequestTime: '2023-08-28T22:16:07+08:00',
    Signature: 'algorithm=RSA256,keyVersion=1,signature=bm90LXZlcmlmaWVk',
  };
  const report = join(out, 'respect.json');
  const args = [
    redocly,
    'respect',
    workflow,
    '-S',
    `openapi=${mock.url}`,
    '--input',
    JSON.stringify(inputs),
    '-J',
    report,
  ];
  const exit = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` }),
    );
  });
  expect(exit.output).toMatch(/Steps: 7 passed, 7 total/);
  expect(exit.code, exit.output.slice(-2000)).toBe(0);
  const json = JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, { totalRequests: number }> };
  expect(Object.values(json.files)[0]?.totalRequests).toBe(7);
}, 90_000);
