// The mock's memory under large inputs, in one process with its defaults (the built @store-api/mock): 1,000
// updateStores of about 900 KB each (a long `description`, which the contract does not bound; each a new storeId),
// then 1,000 scripts of about 64 KiB each through the admin API (the per-script bound; `scriptBytes` refuses most).
// Heap and RSS before, after the updates and after the scripts (after a full GC when run with --expose-gc; the
// client's side of each request is in this process too). Also: how long reading every store through the paged
// GET /__admin/stores takes, and whether small syncStores were answered meanwhile.
//   node --expose-gc scripts/bench-memory.ts [--updates 1000] [--scripts 1000] [--update-bytes 900000]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startMock } from '@store-api/mock';

const { values } = parseArgs({
  options: {
    updates: { type: 'string', default: '1000' },
    scripts: { type: 'string', default: '1000' },
    'update-bytes': { type: 'string', default: '900000' },
  },
});
const UPDATES = Number(values.updates);
const SCRIPTS = Number(values.scripts);
const UPDATE_BYTES = Number(values['update-bytes']);
const SCRIPT_BYTES = 65_536;
const HEADERS = {
  'content-type': 'application/json; charset=UTF-8',
  'client-id': 'TEST_5X00000000000000',
  'request-time': '2023-08-28T22:16:07+08:00',
  signature: 'algorithm=RSA256,keyVersion=1,signature=bm90LWEtcmVhbC1zaWduYXR1cmU%3D',
};
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc;

function memory(): { heapUsed: number; rss: number } {
  gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

/** A JSON body of exactly `bytes` bytes: `base`, with `set` putting a padding long enough to fill the rest. */
function padded(base: Record<string, unknown>, set: (o: Record<string, unknown>, pad: string) => void, bytes: number) {
  const probe = structuredClone(base);
  set(probe, '');
  const pad = 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(JSON.stringify(probe))));
  set(base, pad);
  return JSON.stringify(base);
}

const mock = await startMock();
const figures: [string, string][] = [];
const memoryAt: [string, { heapUsed: number; rss: number }][] = [['before', memory()]];
console.log(
  `mock at ${mock.url}, defaults; ${gc ? 'a full GC before each reading' : 'no --expose-gc: readings without a GC'}`,
);

const codes = new Map<string, number>();
let started = performance.now();
for (let i = 0; i < UPDATES; i++) {
  const body = padded(
    { storeId: `bench-${i}`, name: `Bench ${i}` },
    (o, pad) => Object.assign(o, { description: pad }),
    UPDATE_BYTES,
  );
  const answer = await fetch(`${mock.url}/v2/pds/store/updateStore`, { method: 'POST', headers: HEADERS, body });
  const code = answer.ok
    ? ((await answer.json()) as { result: { resultCode: string } }).result.resultCode
    : `HTTP ${answer.status}`;
  codes.set(code, (codes.get(code) ?? 0) + 1);
}
figures.push([
  `${UPDATES} updateStores of ${UPDATE_BYTES.toLocaleString('en')} bytes`,
  `${[...codes].map(([code, n]) => `${n} ${code}`).join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
]);
memoryAt.push(['after the updateStores', memory()]);

// Every store through the paged admin API, while small syncStores go on; the loop delay shows any stall.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let reading = true;
const small: number[] = [];
const others = (async () => {
  for (let i = 0; reading; i++) {
    const sent = performance.now();
    const answer = await fetch(`${mock.url}/v2/pos/syncStore`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({
        requestId: `meanwhile-${i}`,
        posAccountId: 'a',
        store: { posStoreId: 'meanwhile', name: 'n', status: 'OPEN' },
      }),
    });
    await answer.arrayBuffer();
    small.push(performance.now() - sent);
  }
})();
started = performance.now();
let next: string | undefined = '/__admin/stores?limit=1000';
let bytes = 0;
let total = '';
const pages: string[] = [];
let slowest = 0;
// The pages are read as bytes, not parsed: this process's own JSON.parse would stall the loop it measures.
while (next !== undefined) {
  const sent = performance.now();
  const answer: Response = await fetch(`${mock.url}${next}`);
  bytes += (await answer.arrayBuffer()).byteLength;
  slowest = Math.max(slowest, performance.now() - sent);
  pages.push(String(answer.status));
  total = answer.headers.get('x-mock-total-count') ?? '';
  next = /^<([^>]+)>; rel="next"$/.exec(answer.headers.get('link') ?? '')?.[1];
}
const readMs = performance.now() - started;
reading = false;
await others;
delay.disable();
figures.push(
  ['stores held (maxStoreBytes 64 MiB; + 1 from the syncStores)', `${total} (x-mock-total-count)`],
  [
    'GET /__admin/stores, every page',
    `${readMs.toFixed(0)} ms, ${pages.length} pages (HTTP ${[...new Set(pages)].join(', ')}), ${MB(bytes)}, slowest page ${slowest.toFixed(0)} ms`,
  ],
  [
    'syncStores answered meanwhile',
    `${small.length}, slowest ${Math.max(...small).toFixed(0)} ms; longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms`,
  ],
);

let kept = 0;
const refusals = new Map<string, number>();
started = performance.now();
for (let i = 0; i < SCRIPTS; i++) {
  const body = padded(
    { operationId: 'syncStore', steps: ['PROCESS_FAIL'], match: { requestId: `script-${i}-` } },
    (o, pad) => Object.assign(o, { match: { requestId: `script-${i}-${pad}` } }),
    SCRIPT_BYTES - 16,
  );
  const answer = await fetch(`${mock.adminUrl}/scripts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await answer.text();
  if (answer.status === 201) kept++;
  else {
    const detail = `${answer.status}: ${(JSON.parse(text) as { detail?: string }).detail}`;
    refusals.set(detail, (refusals.get(detail) ?? 0) + 1);
  }
}
const scriptMs = performance.now() - started;
memoryAt.push(['after the scripts', memory()]);
figures.push(
  [
    `${SCRIPTS} scripts of ${(SCRIPT_BYTES - 16).toLocaleString('en')} bytes`,
    `${kept} kept (201), ${SCRIPTS - kept} refused, in ${(scriptMs / 1000).toFixed(1)} s; in force: ${mock.scripts().length}`,
  ],
  ...[...refusals].map(([detail, n]): [string, string] => [`  refused ×${n}`, detail]),
);
started = performance.now();
const after = await fetch(`${mock.url}/v2/pos/syncStore`, {
  method: 'POST',
  headers: HEADERS,
  body: JSON.stringify({
    requestId: 'after-scripts',
    posAccountId: 'a',
    store: { posStoreId: 'p', name: 'n', status: 'OPEN' },
  }),
});
const afterCode = ((await after.json()) as { result: { resultCode: string } }).result.resultCode;
figures.push([
  'one syncStore after the scripts (no script matches it)',
  `${afterCode} in ${(performance.now() - started).toFixed(0)} ms`,
]);
figures.push(['errors the mock hit', String(mock.errors.length)]);
await mock.close();

const width = Math.max(...[...figures, ...memoryAt].map(([name]) => name.length));
console.log(`\n${'memory'.padEnd(width)}  heapUsed    rss`);
for (const [name, m] of memoryAt)
  console.log(`${name.padEnd(width)}  ${MB(m.heapUsed).padStart(8)}  ${MB(m.rss).padStart(8)}`);
console.log('');
for (const [name, value] of figures) console.log(`${name.padEnd(width)}  ${value}`);
