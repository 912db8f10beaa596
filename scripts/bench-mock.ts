// Mock start-up and throughput, three servers measured in one run on this machine:
//   (a) plain `prism mock` on the bundle, (b) this mock (store-api-mock, gateway validation on, unsigned),
//   (c) a bare node:http server answering a fixed body (the ceiling).
// Start-up: spawn to first answered request. Throughput: autocannon at 10 and at 100 connections (--connections),
// a valid signed-shape syncStore request, a new requestId each. Every server runs in its own process; autocannon
// runs here; (b) runs with --unsigned-responses, the work besides signing. Also (d) this mock as it starts by
// default, signing every response, and the RSA floor: how many 2048-bit
// RSA-SHA256 signatures per second this machine makes in one thread, the ceiling for a signing mock.
// With --baseline <main.js of another build> (e.g. a clone of an earlier commit, built), that build runs in the same
// run too, and the report gives this mock's ratio to it: how a change costs, measured on the same machine and load.
//   node scripts/bench-mock.ts [--seconds 5] [--connections 10,100] [--json] [--baseline path/to/apps/mock/dist/main.js]
import { type ChildProcess, spawn } from 'node:child_process';
import { sign as cryptoSign, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '@store-api/test-support';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10,100' },
    json: { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = values.connections.split(',').map(Number);
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
/** This mock without signing (the work besides it), and as it starts by default, signing every answer. */
const MOCK = 'store-api mock (unsigned)';
const SIGNING = 'store-api mock (default: signing every response)';
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
    name: MOCK,
    command: (port) => [
      fileURLToPath(new URL('apps/mock/dist/main.js', root)),
      '--port',
      String(port),
      '--unsigned-responses',
    ],
  },
  { name: 'bare node:http', command: () => ['-e', BARE] },
  {
    name: SIGNING,
    command: (port) => [fileURLToPath(new URL('apps/mock/dist/main.js', root)), '--port', String(port)],
  },
];
// The mock and the bare server run a second time each, after the others, in the order mock, bare … bare, mock, and
// each pair is averaged: the ratio between them is the goal, and a server run later in the sequence measured a few
// per cent faster (and a single bare run varied from 35,000 to 40,000 requests/s between runs).
subjects.push(subjects[2] as Subject, subjects[1] as Subject);
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
  readonly connections: number;
  readonly startupMs: number;
  readonly requestsPerSecond: number;
  readonly failed: number;
}

const rows: Row[] = [];
for (const connections of CONNECTIONS)
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
        connections,
        duration: SECONDS,
        requests: [{ setupRequest: (request: object) => ({ ...request, body: bodyFor(`bench-${++sequence}`) }) }],
      });
      rows.push({
        server: subject.name,
        connections,
        startupMs: Math.round(startupMs),
        requestsPerSecond: Math.round(result.requests.average),
        failed: result.errors + result.timeouts + result.non2xx,
      });
    } finally {
      child.kill('SIGTERM');
    }
  }

/** RSA-SHA256 signatures per second, 2048-bit key, one thread, for SECONDS / 2 seconds. */
function rsaFloor(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const data = Buffer.from(BODY);
  const until = performance.now() + (SECONDS * 1000) / 2;
  let count = 0;
  const started = performance.now();
  while (performance.now() < until) {
    cryptoSign('sha256', data, privateKey);
    count += 1;
  }
  return Math.round(count / ((performance.now() - started) / 1000));
}
const rsaSignaturesPerSecond = rsaFloor();

/** One row per server and connection count: the runs of a server measured twice averaged. */
function merged(name: string, connections: number): Row | undefined {
  const runs = rows.filter((row) => row.server === name && row.connections === connections);
  if (runs.length === 0) return undefined;
  const mean = (pick: (row: Row) => number) => Math.round(runs.reduce((sum, row) => sum + pick(row), 0) / runs.length);
  return {
    server: name,
    connections,
    startupMs: mean((row) => row.startupMs),
    requestsPerSecond: mean((row) => row.requestsPerSecond),
    failed: runs.reduce((sum, row) => sum + row.failed, 0),
  };
}
const ratio = (a: Row | undefined, b: Row | undefined, digits = 2) =>
  Number(((a?.requestsPerSecond ?? 0) / (b?.requestsPerSecond ?? 1)).toFixed(digits));
const byConnections = CONNECTIONS.map((connections) => {
  const prism = merged('prism mock (plain)', connections);
  const mock = merged(MOCK, connections);
  const bare = merged('bare node:http', connections);
  const signing = merged(SIGNING, connections);
  const base = merged('store-api mock (baseline build)', connections);
  return {
    connections,
    prism,
    mock,
    bare,
    signing,
    base,
    mockOverPrism: ratio(mock, prism),
    mockOverBare: ratio(mock, bare, 3),
    ...(base === undefined ? {} : { mockOverBaseline: ratio(mock, base), baselineOverPrism: ratio(base, prism) }),
  };
});
const first = byConnections[0];
const report = {
  seconds: SECONDS,
  rows,
  byConnections,
  rsaSignaturesPerSecond,
  // The first connection count's figures, as before (bench.ts reads them).
  connections: first?.connections,
  mockOverPrism: first?.mockOverPrism,
  mockOverBare: first?.mockOverBare,
  mockOverBaseline: first?.mockOverBaseline,
};
if (values.json) console.log(JSON.stringify(report));
else {
  console.log(`mock benchmark: autocannon, ${SECONDS} s per server, POST ${PATH}, a new requestId each`);
  console.log('| server | connections | start-up (spawn → first answer) | requests/s | failed |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const group of byConnections)
    for (const row of [group.prism, group.mock, group.bare, group.signing, group.base])
      if (row !== undefined)
        console.log(
          `| ${row.server} | ${row.connections} | ${row.startupMs} ms | ${row.requestsPerSecond} | ${row.failed} |`,
        );
  for (const group of byConnections) {
    console.log(
      `${group.connections} connections: store-api mock / plain prism ${group.mockOverPrism}× (goal ≥ 10×); / bare node ${group.mockOverBare}× (goal ≥ 0.5×)`,
    );
    if (group.mockOverBaseline !== undefined)
      console.log(`  / baseline build ${group.mockOverBaseline}× (baseline / plain prism ${group.baselineOverPrism}×)`);
  }
  console.log(
    `RSA floor: ${rsaSignaturesPerSecond} signatures/s (2048-bit, one thread): the ceiling for a signing mock`,
  );
}
