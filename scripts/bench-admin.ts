// Whether admin reads stall the mock: the built @store-api/mock, in a process of its own holding 50,000 journal
// entries (and the stores those syncStores made), answers a steady load of syncStores while the bench reads the
// journal and the stores through the paged admin API. The figure is the mock's longest event-loop stall
// (perf_hooks, measured inside its process and sent over IPC) while the reads go on, beside the same load with no
// admin reads (the baseline, measured in this run), with its longest GC pause and the slowest syncStore meanwhile.
// A wall-clock stall also counts the time the process waited for a core, so each read is run again without load,
// and the mock's main-thread CPU time for its slowest page printed (process.threadCpuUsage: no GC helper threads):
// the stall a page makes on a core of its own. For reference, once: the whole journal in one read
// (`mock.requests()` and JSON.stringify, what GET /__admin/requests answered before it was paged).
//   node scripts/bench-admin.ts [--entries 50000] [--repeats 3] [--connections 8] [--json]

import { fork } from 'node:child_process';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startMock } from '@store-api/mock';
import { formatSpread, type Spread, spread } from './lib/spread.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '50000' },
    repeats: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
    server: { type: 'boolean', default: false },
  },
});
const ENTRIES = Number(values.entries);
const REPEATS = Number(values.repeats);
const CONNECTIONS = Number(values.connections);
const GOAL_MS = 20;
const log = (line: string) => {
  if (!values.json) console.log(line);
};
const HEADERS = {
  'content-type': 'application/json; charset=UTF-8',
  'client-id': 'TEST_5X00000000000000',
  'request-time': '2023-08-28T22:16:07+08:00',
  signature: 'algorithm=RSA256,keyVersion=1,signature=bm90LWEtcmVhbC1zaWduYXR1cmU%3D',
};
const syncStore = (requestId: string, store: string) =>
  JSON.stringify({
    requestId,
    posAccountId: 'bench-account',
    store: {
      posStoreId: store,
      name: `Store ${store}`,
      status: 'OPEN',
      address: { city: 'Sydney', line1: '1 Pitt St' },
    },
  });

type Ask = { id: number; ask: 'start' | 'stop' | 'cpu' | 'unpaged' };

if (values.server) {
  // The mock's process: answers the bench's questions about its own loop, GC and CPU over IPC.
  // Room for every entry: the bound under test is the page's, not the journal's.
  const mock = await startMock({ journalEntries: ENTRIES, journalBytes: 2 ** 30, maxStores: ENTRIES + 1_000 });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs = Math.max(gcMs, entry.duration);
  }).observe({ entryTypes: ['gc'] });
  process.on('message', (message: Ask) => {
    let answer: Record<string, unknown> = {};
    if (message.ask === 'start') {
      delay.reset();
      delay.enable();
      gcMs = 0;
    } else if (message.ask === 'stop') {
      delay.disable();
      answer = { stallMs: delay.max / 1e6, gcMs };
    } else if (message.ask === 'cpu') {
      const { user, system } = process.threadCpuUsage();
      answer = { cpuMs: (user + system) / 1000 };
    } else if (message.ask === 'unpaged') {
      const { user, system } = process.threadCpuUsage();
      const text = JSON.stringify(mock.requests());
      const after = process.threadCpuUsage();
      answer = {
        note: `${(text.length / 2 ** 20).toFixed(1)} MiB in one answer, ${((after.user + after.system - user - system) / 1000).toFixed(0)} ms of CPU`,
      };
    }
    process.send?.({ id: message.id, ...answer });
  });
  process.send?.({ id: 0, url: mock.url, adminUrl: mock.adminUrl });
  await new Promise(() => {});
}

const child = fork(new URL(import.meta.url).pathname, ['--server', '--entries', String(ENTRIES)], {
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
let asked = 0;
const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
child.on('message', (answer: { id: number } & Record<string, unknown>) => waiting.get(answer.id)?.(answer));
const ask = <T>(what: Ask['ask']) =>
  new Promise<T>((resolve) => {
    const id = ++asked;
    waiting.set(id, (answer) => {
      waiting.delete(id);
      resolve(answer as T);
    });
    child.send({ id, ask: what });
  });
const mock = await new Promise<{ url: string; adminUrl: string }>((resolve) =>
  waiting.set(0, (answer) => resolve(answer as { url: string; adminUrl: string })),
);
const send = async (body: string) => {
  const answer = await fetch(`${mock.url}/v2/pos/syncStore`, { method: 'POST', headers: HEADERS, body });
  await answer.arrayBuffer();
  return answer.status;
};

const started = performance.now();
let filled = 0;
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (filled < ENTRIES) {
      const i = filled++;
      await send(syncStore(`fill-${i}`, `s-${i}`));
    }
  }),
);
const held = (await fetch(`${mock.adminUrl}/requests?limit=1`)).headers.get('x-mock-total-count');
log(
  `mock at ${mock.url}: ${ENTRIES.toLocaleString('en')} syncStores sent in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
    `the journal holds ${held}`,
);

interface Phase {
  readonly gcMs: number;
  readonly stallMs: number;
  readonly slowestMs: number;
  readonly answered: number;
  readonly note: string;
}

/** Keeps CONNECTIONS syncStores in flight while `read` runs; the loop's longest stall and the slowest answer. */
async function underLoad(read: () => Promise<string>): Promise<Phase> {
  let going = true;
  let slowest = 0;
  let answered = 0;
  const load = Array.from({ length: CONNECTIONS }, async (_, c) => {
    for (let i = 0; going; i++) {
      const sent = performance.now();
      await send(syncStore(`load-${c}-${i}`, `load-${c}`));
      slowest = Math.max(slowest, performance.now() - sent);
      answered++;
    }
  });
  // Let the load settle before measuring.
  await new Promise((resolve) => setTimeout(resolve, 200));
  slowest = 0;
  answered = 0;
  await ask('start');
  // The histogram records from the timer's second tick on: a read that blocks at once would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const note = await read();
  // A moment after the read: a stall at its very end is sampled too.
  await new Promise((resolve) => setTimeout(resolve, 10));
  const { stallMs, gcMs } = await ask<{ stallMs: number; gcMs: number }>('stop');
  going = false;
  await Promise.all(load);
  return { gcMs, stallMs, slowestMs: slowest, answered, note };
}

/** The mock's main-thread CPU time, in ms. */
const cpuMs = async () => (await ask<{ cpuMs: number }>('cpu')).cpuMs;

/** Reads the pages from `first` on, `most` of them (as bytes: parsing them here would stall the loop measured). */
async function pages(first: string, most = Number.POSITIVE_INFINITY) {
  let next: string | undefined = first;
  let count = 0;
  let bytes = 0;
  let largest = 0;
  let slowestCpuMs = 0;
  let total = '';
  while (next !== undefined && count < most) {
    const cpu = await cpuMs();
    const answer: Response = await fetch(`${mock.url}${next}`);
    if (answer.status !== 200) throw new Error(`GET ${next}: HTTP ${answer.status}: ${await answer.text()}`);
    const size = (await answer.arrayBuffer()).byteLength;
    slowestCpuMs = Math.max(slowestCpuMs, (await cpuMs()) - cpu);
    bytes += size;
    largest = Math.max(largest, size);
    count++;
    total = answer.headers.get('x-mock-total-count') ?? '';
    next = /^<([^>]+)>; rel="next"$/.exec(answer.headers.get('link') ?? '')?.[1];
  }
  const note = `${count} pages, ${(bytes / 2 ** 20).toFixed(1)} MiB (largest ${(largest / 2 ** 20).toFixed(2)} MiB), total ${total}`;
  return { note, slowestCpuMs };
}

const reads: [string, string, number?][] = [
  ['GET /__admin/requests, every page', '/__admin/requests'],
  ['GET /__admin/requests?limit=10, one page', '/__admin/requests?limit=10', 1],
  ['GET /__admin/requests?operationId=updateStore (none)', '/__admin/requests?operationId=updateStore'],
  ['GET /__admin/requests?match.requestId=nope (parses every body)', '/__admin/requests?match.requestId=nope'],
  ['GET /__admin/requests?match.requestId=fill-7 (the oldest)', '/__admin/requests?match.requestId=fill-7'],
  ['GET /__admin/stores, every page (limit=1000)', '/__admin/stores?limit=1000'],
];
const BASELINE = 'no admin reads (baseline)';
const stalls = new Map<string, number[]>();
const gcs = new Map<string, number[]>();
const slowest = new Map<string, number[]>();
const cpu = new Map<string, number[]>();
const notes = new Map<string, string>();
const push = (map: Map<string, number[]>, name: string, value: number) =>
  map.set(name, [...(map.get(name) ?? []), value]);
for (let repeat = 0; repeat < REPEATS; repeat++) {
  log(`bench-admin: repeat ${repeat + 1} of ${REPEATS}…`);
  const alone = await underLoad(() => new Promise((resolve) => setTimeout(() => resolve('1 s of load alone'), 1_000)));
  push(stalls, BASELINE, alone.stallMs);
  push(gcs, BASELINE, alone.gcMs);
  push(slowest, BASELINE, alone.slowestMs);
  notes.set(BASELINE, `${alone.note}; ${alone.answered} syncStores answered meanwhile`);
  for (const [name, first, most] of reads) {
    const phase = await underLoad(async () => (await pages(first, most)).note);
    push(stalls, name, phase.stallMs);
    push(gcs, name, phase.gcMs);
    push(slowest, name, phase.slowestMs);
    notes.set(name, `${phase.note}; ${phase.answered} syncStores answered meanwhile`);
    push(cpu, name, (await pages(first, most)).slowestCpuMs);
  }
}

// For reference, once: the whole journal in one read, as the admin API answered before it was paged.
const unpaged = await underLoad(async () => (await ask<{ note: string }>('unpaged')).note);
child.kill();

const baseline = spread(stalls.get(BASELINE) ?? []);
const worstStall = Math.max(...reads.flatMap(([name]) => stalls.get(name) ?? []));
/** Each repeat's longest stall over all the reads: the goal's figure, spread over repeats. */
const worstByRepeat = spread(
  Array.from({ length: REPEATS }, (_, r) => Math.max(...reads.map(([name]) => stalls.get(name)?.[r] ?? 0))),
);
const worstCpu = Math.max(...reads.flatMap(([name]) => cpu.get(name) ?? []));
const met = worstStall <= GOAL_MS;
if (values.json) {
  console.log(
    JSON.stringify({
      entries: ENTRIES,
      goalMs: GOAL_MS,
      baselineStallMs: baseline,
      stallMs: Object.fromEntries(reads.map(([name]) => [name, spread(stalls.get(name) ?? [])])),
      slowestPageCpuMs: Object.fromEntries(reads.map(([name]) => [name, spread(cpu.get(name) ?? [])])),
      worstStallMs: worstStall,
      worstStallByRepeatMs: worstByRepeat,
      worstPageCpuMs: worstCpu,
      unpagedStallMs: unpaged.stallMs,
      met,
    }),
  );
} else {
  const width = Math.max(...reads.map(([name]) => name.length), 40);
  const f = (s: Spread) => formatSpread(s, 1);
  const row = (name: string, a: string, b: string, c: string, d: string, note: string) =>
    console.log(`${name.padEnd(width)}  ${a.padEnd(17)}  ${b.padEnd(20)}  ${c.padEnd(19)}  ${d.padEnd(17)}  ${note}`);
  console.log('');
  row(
    `${ENTRIES.toLocaleString('en')} entries held, under load`,
    'longest stall ms',
    'slowest syncStore ms',
    'slowest page CPU ms',
    'longest GC ms',
    '',
  );
  for (const name of [BASELINE, ...reads.map(([name]) => name)])
    row(
      name,
      f(spread(stalls.get(name) ?? [])),
      f(spread(slowest.get(name) ?? [])),
      cpu.has(name) ? f(spread(cpu.get(name) ?? [])) : '—',
      f(spread(gcs.get(name) ?? [])),
      notes.get(name) ?? '',
    );
  row(
    'one unpaged read (reference)',
    unpaged.stallMs.toFixed(1),
    unpaged.slowestMs.toFixed(1),
    '—',
    unpaged.gcMs.toFixed(1),
    unpaged.note,
  );
  console.log(
    `\ngoal: no stall over ${GOAL_MS} ms during paged admin reads: worst ${worstStall.toFixed(1)} ms, ` +
      `(each repeat's worst ${f(worstByRepeat)} ms); baseline (load alone) ${f(baseline)} ms — ${met ? 'met' : 'NOT MET'}` +
      `\n      the slowest page's CPU time (the stall on a core of its own): ${worstCpu.toFixed(1)} ms — ` +
      `${worstCpu <= GOAL_MS ? 'met' : 'NOT MET'}` +
      `\n      (spreads: median (min–max) over ${REPEATS} repeats)`,
  );
}
