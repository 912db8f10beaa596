// Client overhead, measured against its floor in one process: a raw fetch signed by hand (node:crypto, the RSA
// signature no client can avoid) vs createStoreClient().syncStore, same local server, same body, interleaved
// rounds; and the client's bundled size (min + gzip) beside openapi-fetch's own.
//   node scripts/bench-client.ts [--requests 400] [--rounds 5] [--json]

import { fork, spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createStoreClient } from '@store-api/client';
import { bundleSize } from './lib/bundle-size.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(values.requests);
const ROUNDS = Number(values.rounds);

// The server runs in its own process: in this one, its work would pad both variants and flatter the ratio.
const SERVER = `
  const RESPONSE = JSON.stringify({ result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' } });
  const server = require('node:http').createServer((req, res) => {
    req.resume();
    req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(RESPONSE); });
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  process.on('disconnect', () => process.exit(0));
`;
const serverProcess = fork('-e', [SERVER], { execArgv: ['-e', SERVER], stdio: 'ignore' });
// One core each for the server and this process (where taskset exists): less scheduling noise between runs.
const pin = (pid: number | undefined, core: number) => {
  if (pid !== undefined) spawnSync('taskset', ['-cp', String(core), String(pid)], { stdio: 'ignore' });
};
pin(serverProcess.pid, 1);
pin(process.pid, 0);
const port = await new Promise<number>((resolve) => serverProcess.once('message', (m) => resolve(Number(m))));
const baseUrl = `http://127.0.0.1:${port}`;

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const clientId = 'TEST_5X00000000000000';
const keyObject = createPrivateKey(privateKey); // parsed once, as the client caches its imported key
const body = {
  requestId: '20231220bsefibb334',
  posAccountId: 'pos_account_id_001',
  store: { posStoreId: 'pos_store_id_001', status: 'OPEN' as const },
};

async function rawSigned(): Promise<void> {
  const bytes = JSON.stringify(body);
  const time = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const signature = sign('sha256', Buffer.from(`POST /v2/pos/syncStore\n${clientId}.${time}.${bytes}`), keyObject);
  const response = await fetch(`${baseUrl}/v2/pos/syncStore`, {
    method: 'POST',
    body: bytes,
    headers: {
      'Content-Type': 'application/json; charset=UTF-8',
      'Client-Id': clientId,
      'Request-Time': time,
      Signature: `algorithm=RSA256,keyVersion=1,signature=${encodeURIComponent(signature.toString('base64'))}`,
    },
  });
  const result = (await response.json()) as { result: { resultStatus: string } };
  if (result.result.resultStatus !== 'S') throw new Error('baseline call failed');
}

const client = createStoreClient({ baseUrl, clientId, privateKey, keyVersion: 1 });
async function viaClient(): Promise<void> {
  const outcome = await client.syncStore(body);
  if (outcome.status !== 'S') throw new Error('client call failed');
}

/** Per-request µs of each variant in one round, alternating blocks of 10 so drift (GC, the other core) hits both. */
async function round(): Promise<[number, number]> {
  const totals = [0, 0];
  for (let done = 0; done < REQUESTS; done += 10) {
    for (const [index, run] of [rawSigned, viaClient].entries()) {
      const started = performance.now();
      for (let i = 0; i < 10; i++) await run();
      totals[index] = (totals[index] ?? 0) + performance.now() - started;
    }
  }
  return [((totals[0] ?? 0) * 1000) / REQUESTS, ((totals[1] ?? 0) * 1000) / REQUESTS];
}

for (let i = 0; i < 50; i++) await Promise.all([rawSigned(), viaClient()]); // warm up both paths
const raw: number[] = [];
const wrapped: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const [rawMicros, clientMicros] = await round();
  raw.push(rawMicros);
  wrapped.push(clientMicros);
}
serverProcess.disconnect();
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const clientChunks = await bundleSize("export * from '@store-api/client';", process.cwd());
const fetchSize = (await bundleSize("export { default } from 'openapi-fetch';", process.cwd())).first;
const clientSize = clientChunks.first;

const report = {
  requests: REQUESTS * ROUNDS,
  rawSignedFetchMicros: Math.round(median(raw)),
  clientMicros: Math.round(median(wrapped)),
  // The median of the rounds' own ratios: each round's two variants ran interleaved, under the same conditions.
  overheadRatio: Number(median(wrapped.map((w, i) => w / (raw[i] ?? Number.NaN))).toFixed(3)),
  openapiFetchGzipBytes: fetchSize,
  // What importing the client loads; then the chunk `client.raw` loads on its first use (openapi-fetch inside).
  clientGzipBytes: clientSize,
  rawChunkGzipBytes: clientChunks.later,
  addedGzipBytes: clientSize - fetchSize,
};
if (values.json) console.log(JSON.stringify(report));
else {
  console.log(
    `client benchmark: ${ROUNDS} rounds × ${REQUESTS} sequential syncStore calls each, interleaved in blocks of 10, medians of rounds`,
  );
  console.log(`  raw fetch, signed by hand   ${report.rawSignedFetchMicros} µs/request (the floor)`);
  console.log(`  createStoreClient           ${report.clientMicros} µs/request`);
  console.log(`  ratio                       ${report.overheadRatio}× (goal < 1.15×)`);
  console.log(`  openapi-fetch, min+gzip     ${fetchSize} B`);
  console.log(`  client, min+gzip            ${clientSize} B, +${report.addedGzipBytes} B on top (goal < 4096 B)`);
  console.log(
    `  + client.raw, on first use  ${clientChunks.later} B more (openapi-fetch and the raw client's adapter)`,
  );
}
