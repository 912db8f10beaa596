// Mock start-up and throughput, three servers measured in one run on this machine:
//   (a) plain `prism mock` on the bundle, (b) this mock (store-api-mock, gateway validation on),
//   (c) a bare node:http server answering a fixed body (the ceiling).
// Start-up: spawn to first answered request. Throughput: autocannon, 10 connections, a valid signed-shape
// syncStore request. Every server runs in its own process; autocannon runs here.
// With --baseline <main.js of another build> (e.g. a clone of an earlier commit, built), that build runs in the same
// run too, and the report gives this mock's ratio to it: how a change costs, measured on the same machine and load.
//   node scripts/bench-mock.ts [--seconds 5] [--json] [--baseline path/to/apps/mock/dist/main.js]
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '@store-api/test-support';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const require = createRequire(import.meta.url);
const root = new URL('../', import.meta.url);

const PATH = '/v2/pos/syncStore';
const bodyFor = (requestId: string) =>
  JSON.stringify({
    requestId,
    posAccountId: 'pos_account_id_001',
    store: { posStoreId: 'pos_store_id_001', name: 'Store A', status: 'OPEN' },
  });
const BODY = bodyFor('bench-start');
const HEADERS = {
  'content-type': 'application/json; charset=UTF-8',
  'client-id': 'TEST_5X00000000000000',
  'request-time': '2023-08-28T22:16:07+08:00',
  signature: 'algorithm=RSA256,keyVersion=1,signature=bm90LWEtcmVhbC1zaWduYXR1cmU%3D',
};
const BARE = `const body = JSON.stringify({ result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' } });
require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); }); }).listen(Number(process.env.PORT), '127.0.0.1');`;

interface Subject {
  readonly name: string;
  readonly command: (port: number) => string[];
}
const subjects: Subject[] = [
  {
    name: 'prism mock (plain)',
    command: (port) => [
      require.resolve('@stoplight/prism-cli/dist/index.js'),
      'mock',
      require.resolve('@store-api/spec/openapi.yaml'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
  },
  {
    name: 'store-api mock',
    command: (port) => [fileURLToPath(new URL('apps/mock/dist/main.js', root)), '--port', String(port)],
  },
  { name: 'bare node:http', command: () => ['-e', BARE] },
];
const baseline = values.baseline;
// With a baseline, this mock and the baseline run twice each, in the order A B B A, and each is averaged: a server
// run later in the sequence measured a few per cent faster (the same build against itself read 0.96-0.97×).
const mockSubject = subjects[1] as Subject;
if (baseline !== undefined) {
  const base = {
    name: 'store-api mock (baseline build)',
    command: (port: number) => [baseline, '--port', String(port)],
  };
  subjects.push(base, base, mockSubject);
}

/** Milliseconds from spawn until a request is answered. */
async function startUp(child: ChildProcess, url: string, spawnedAt: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: 'POST', headers: HEADERS, body: BODY });
      return performance.now() - spawnedAt;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

interface Row {
  readonly server: string;
  readonly startupMs: number;
  readonly requestsPerSecond: number;
  readonly failed: number;
}

const rows: Row[] = [];
for (const subject of subjects) {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, subject.command(port), {
    env: { ...process.env, PORT: String(port), SCARF_ANALYTICS: 'false' },
    stdio: 'ignore',
  });
  try {
    const url = `http://127.0.0.1:${port}${PATH}`;
    const startupMs = await startUp(child, url, spawnedAt);
    // A new requestId per request: a repeated one would be answered from the mock's idempotency store.
    let sequence = 0;
    const result = await autocannon({
      url,
      method: 'POST',
      headers: HEADERS,
      connections: 10,
      duration: SECONDS,
      requests: [{ setupRequest: (request: object) => ({ ...request, body: bodyFor(`bench-${++sequence}`) }) }],
    });
    rows.push({
      server: subject.name,
      startupMs: Math.round(startupMs),
      requestsPerSecond: Math.round(result.requests.average),
      failed: result.errors + result.timeouts + result.non2xx,
    });
  } finally {
    child.kill('SIGTERM');
  }
}

/** One row per server: the runs of a server measured twice averaged. */
function merged(name: string): Row | undefined {
  const runs = rows.filter((row) => row.server === name);
  if (runs.length === 0) return undefined;
  const mean = (pick: (row: Row) => number) => Math.round(runs.reduce((sum, row) => sum + pick(row), 0) / runs.length);
  return {
    server: name,
    startupMs: mean((row) => row.startupMs),
    requestsPerSecond: mean((row) => row.requestsPerSecond),
    failed: runs.reduce((sum, row) => sum + row.failed, 0),
  };
}
const prism = merged('prism mock (plain)');
const mock = merged('store-api mock');
const bare = merged('bare node:http');
const base = merged('store-api mock (baseline build)');
const report = {
  seconds: SECONDS,
  connections: 10,
  rows,
  mockOverPrism: Number(((mock?.requestsPerSecond ?? 0) / (prism?.requestsPerSecond ?? 1)).toFixed(2)),
  mockOverBare: Number(((mock?.requestsPerSecond ?? 0) / (bare?.requestsPerSecond ?? 1)).toFixed(3)),
  ...(base === undefined
    ? {}
    : {
        mockOverBaseline: Number(((mock?.requestsPerSecond ?? 0) / base.requestsPerSecond).toFixed(2)),
        baselineOverPrism: Number((base.requestsPerSecond / (prism?.requestsPerSecond ?? 1)).toFixed(2)),
      }),
};
if (values.json) console.log(JSON.stringify(report));
else {
  console.log(`mock benchmark: autocannon, 10 connections, ${SECONDS} s per server, POST ${PATH}`);
  console.log('| server | start-up (spawn → first answer) | requests/s | failed |');
  console.log('| --- | --- | --- | --- |');
  for (const row of [prism, mock, bare, base])
    if (row !== undefined)
      console.log(`| ${row.server} | ${row.startupMs} ms | ${row.requestsPerSecond} | ${row.failed} |`);
  console.log(
    `store-api mock / plain prism: ${report.mockOverPrism}× (goal ≥ 2×); / bare node: ${report.mockOverBare}×`,
  );
  if (report.mockOverBaseline !== undefined)
    console.log(
      `store-api mock / baseline build: ${report.mockOverBaseline}× (baseline / plain prism: ${report.baselineOverPrism}×)`,
    );
}
