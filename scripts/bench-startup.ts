// Mock start-up as partners' test files meet it, in one run:
//   in-process: a fresh Node process imports @store-api/mock, calls startMock() and gets its first answer (the
//   median of --runs), beside the same for a bare node:http server (the floor);
//   a partner suite: 40 vitest test files, each starting its own mock the documented way (startMock() in
//   beforeAll, close() in afterAll), against the same 40 files calling one shared mock started in globalSetup.
//   node scripts/bench-startup.ts [--runs 5] [--files 40] [--json]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    files: { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
  },
});
const root = new URL('../', import.meta.url);
const RUNS = Number(values.runs);
const FILES = Number(values.files);
// Inside the repo, so `@store-api/mock` and vitest resolve from its node_modules.
const work = fileURLToPath(new URL('.bench/startup/', root));
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const CALL = `await (await fetch(url + '/v2/pos/syncStore', { method: 'POST', headers: { 'content-type': 'application/json', 'client-id': 'TEST_5X00000000000000', 'request-time': '2023-08-28T22:16:07+08:00', signature: 'algorithm=RSA256,keyVersion=1,signature=bm90' }, body: JSON.stringify({ requestId: 'r-' + Math.random(), posAccountId: 'p', store: { posStoreId: 's', name: 'A', status: 'OPEN' } }) })).json()`;
const probes = {
  mock: `const t = performance.now(); const { startMock } = await import('@store-api/mock'); const mock = await startMock(); const url = mock.url; const answer = ${CALL}; if (answer.result.resultCode !== 'SUCCESS') throw new Error('no SUCCESS'); console.log(performance.now() - t); await mock.close();`,
  bare: `const t = performance.now(); const { createServer } = await import('node:http'); const server = createServer((q, s) => { q.resume(); q.on('end', () => s.end('{"result":{"resultCode":"SUCCESS"}}')); }); await new Promise((r) => server.listen(0, '127.0.0.1', r)); const url = 'http://127.0.0.1:' + server.address().port; ${CALL}; console.log(performance.now() - t); server.close();`,
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const inProcess = Object.fromEntries(
  Object.entries(probes).map(([name, code]) => {
    writeFileSync(`${work}${name}.mjs`, code);
    const times = Array.from({ length: RUNS }, () =>
      Number(execFileSync(process.execPath, [`${work}${name}.mjs`], { encoding: 'utf8', cwd: work }).trim()),
    );
    return [name, Math.round(median(times))];
  }),
) as { mock: number; bare: number };

// The partner suite, both ways.
const own = `import { startMock } from '@store-api/mock';
import { afterAll, beforeAll, expect, it } from 'vitest';
let mock; beforeAll(async () => { mock = await startMock(); }); afterAll(() => mock.close());
it('syncs a store', async () => { const url = mock.url; expect((${CALL}).result.resultCode).toBe('SUCCESS'); });
`;
const shared = `import { expect, inject, it } from 'vitest';
it('syncs a store', async () => { const url = inject('mockUrl'); expect((${CALL}).result.resultCode).toBe('SUCCESS'); });
`;
const setup = `import { startMock } from '@store-api/mock';
let mock; export async function setup({ provide }) { mock = await startMock(); provide('mockUrl', mock.url); }
export async function teardown() { await mock.close(); }
`;
function suite(kind: 'own' | 'shared'): number {
  const dir = `${work}${kind}/`;
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(`${dir}file-${i}.test.mjs`, kind === 'own' ? own : shared);
  writeFileSync(`${dir}setup.mjs`, setup);
  writeFileSync(
    `${dir}vitest.config.mjs`,
    `export default { test: { include: ['*.test.mjs'], ${kind === 'shared' ? "globalSetup: ['./setup.mjs']," : ''} reporters: ['dot'] } };`,
  );
  const vitest = fileURLToPath(new URL('node_modules/vitest/vitest.mjs', root));
  const started = performance.now();
  execFileSync(process.execPath, [vitest, 'run', '--root', dir], { stdio: 'ignore', cwd: dir });
  return Math.round(performance.now() - started);
}
const ownMs = suite('own');
const sharedMs = suite('shared');
rmSync(work, { recursive: true, force: true });

const report = {
  runs: RUNS,
  files: FILES,
  inProcessMs: inProcess.mock,
  bareInProcessMs: inProcess.bare,
  ownMs,
  sharedMs,
};
if (values.json) console.log(JSON.stringify(report));
else {
  console.log(
    `in-process import → startMock() → first answer: ${report.inProcessMs} ms (bare node:http ${report.bareInProcessMs} ms; goal ≤ 150 ms)`,
  );
  console.log(
    `${FILES} vitest files, a mock each: ${ownMs} ms; one shared mock: ${sharedMs} ms; ${(ownMs / sharedMs).toFixed(2)}× (goal ≤ 2×)`,
  );
}
