// Every benchmark in one run, one table: each figure beside its baseline measured in this same run, as a ratio.
//   npm run bench [-- --seconds 3 --repeats 3]   (writes .bench/results.json too)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatSpread, type Spread } from './lib/spread.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '3' }, repeats: { type: 'string', default: '3' } },
});
const require = createRequire(import.meta.url);
const quiet = {
  encoding: 'utf8' as const,
  stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'],
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', TURBO_TELEMETRY_DISABLED: '1' },
};
const node = (args: string[], cwd = '.') => execFileSync(process.execPath, args, { ...quiet, cwd });
const seconds = (started: number) => (performance.now() - started) / 1000;

interface Row {
  readonly area: string;
  readonly measure: string;
  readonly value: string;
  readonly baseline: string;
  readonly ratio: number;
  readonly goal: string;
  /** Whether the goal is met; undefined where the row only reports. */
  readonly met: boolean | undefined;
  /** The ratio's spread over repeats, `median (min–max)`, where the figure was repeated. */
  readonly spread?: string;
}
const rows: Row[] = [];
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

// Build: a cold turbo build (no cache read) against a warm one (nothing changed), same cache folder.
console.log('bench: build (cold, then warm)…');
const cache = mkdtempSync(join(tmpdir(), 'store-api-bench-cache-'));
const turbo = (extra: string[]) =>
  execFileSync('npx', ['turbo', 'run', 'build', '--cache-dir', cache, '--output-logs=none', ...extra], quiet);
let started = performance.now();
turbo(['--force']);
const cold = seconds(started);
started = performance.now();
turbo([]);
const warm = seconds(started);
rmSync(cache, { recursive: true, force: true });
rows.push({
  area: 'build',
  measure: 'warm build (nothing changed)',
  value: `${warm.toFixed(2)} s`,
  baseline: `cold ${cold.toFixed(2)} s`,
  ratio: round(warm / cold),
  goal: 'all tasks from cache',
  met: warm < cold / 2,
});

// Docs: this repo's page build against a plain `redocly build-docs` of the same bundle.
console.log('bench: docs…');
const redocly = join(require.resolve('@redocly/cli/package.json'), '../bin/cli.js');
const bundle = require.resolve('@store-api/spec/openapi.yaml');
const plainPage = join(tmpdir(), `store-api-plain-${process.pid}.html`);
started = performance.now();
node([redocly, 'build-docs', bundle, '--inlineBundle', '--output', plainPage]);
const plainTime = seconds(started);
started = performance.now();
node(['src/build.ts'], 'apps/docs');
const docsTime = seconds(started);
const pageSize = statSync('apps/docs/dist/index.html').size;
const plainSize = statSync(plainPage).size;
rmSync(plainPage, { force: true });
rows.push({
  area: 'docs',
  measure: 'page build',
  value: `${docsTime.toFixed(2)} s`,
  baseline: `plain build-docs ${plainTime.toFixed(2)} s`,
  ratio: round(docsTime / plainTime),
  goal: '—',
  met: undefined,
});
rows.push({
  area: 'docs',
  measure: 'page size',
  value: `${(pageSize / 1024).toFixed(0)} KiB`,
  baseline: `plain page ${(plainSize / 1024).toFixed(0)} KiB`,
  ratio: round(pageSize / plainSize),
  goal: 'self-contained',
  met: undefined,
});

console.log('bench: client…');
const client = JSON.parse(node(['scripts/bench-client.ts', '--json'])) as {
  rawSignedFetchMicros: number;
  clientMicros: number;
  overheadRatio: number;
  openapiFetchGzipBytes: number;
  clientGzipBytes: number;
  rawChunkGzipBytes: number;
  addedGzipBytes: number;
};
rows.push({
  area: 'client',
  measure: 'per request',
  value: `${client.clientMicros} µs`,
  baseline: `hand-signed fetch ${client.rawSignedFetchMicros} µs`,
  ratio: client.overheadRatio,
  goal: '≤ 1.15',
  met: client.overheadRatio <= 1.15,
});
rows.push({
  area: 'client',
  measure: 'min+gzip size, loaded by import',
  value: `${client.clientGzipBytes} B (+${client.addedGzipBytes} B; client.raw's first use +${client.rawChunkGzipBytes} B)`,
  baseline: `openapi-fetch ${client.openapiFetchGzipBytes} B`,
  ratio: round(client.clientGzipBytes / client.openapiFetchGzipBytes),
  goal: '≤ +4096 B',
  met: client.addedGzipBytes <= 4096,
});

console.log('bench: mock…');
interface MockRow {
  server: string;
  connections: number;
  startupMs: number;
  requestsPerSecond: number;
  failed: number;
}
interface MockGoal {
  measure: string;
  value: string;
  baseline: string;
  ratio: number;
  ratioSpread: string;
  goal: string;
  met: boolean | undefined;
}
// Its progress (a line a run) goes to stderr, shown: the mock bench is most of this bench's time.
const mockJson = execFileSync(
  process.execPath,
  ['scripts/bench-mock.ts', '--json', '--seconds', values.seconds, '--repeats', values.repeats],
  { ...quiet, stdio: ['ignore', 'pipe', 'inherit'] },
);
const mock = JSON.parse(mockJson) as {
  byConnections: {
    connections: number;
    prism: MockRow | undefined;
    mock: MockRow | undefined;
    bare: MockRow | undefined;
    signing: MockRow | undefined;
  }[];
  rsaSignaturesPerSecond: number;
  goals: MockGoal[];
  notRun: { server: string; reason: string }[];
};
for (const { connections, prism, mock: ours, bare, signing } of mock.byConnections) {
  if (prism === undefined || ours === undefined || bare === undefined || signing === undefined) continue;
  rows.push({
    area: 'mock',
    measure: `requests/s, ${connections} connections (validation on)`,
    value: `${ours.requestsPerSecond} (${ours.failed} failed)`,
    baseline: `plain prism ${prism.requestsPerSecond}`,
    ratio: round(ours.requestsPerSecond / prism.requestsPerSecond, 2),
    goal: '≥ 10',
    met: ours.failed === 0 && ours.requestsPerSecond >= 10 * prism.requestsPerSecond,
  });
  rows.push({
    area: 'mock',
    measure: `requests/s against the ceiling, ${connections} connections`,
    value: `${ours.requestsPerSecond}`,
    baseline: `bare node:http ${bare.requestsPerSecond}`,
    ratio: round(ours.requestsPerSecond / bare.requestsPerSecond),
    goal: '≥ 0.5',
    met: ours.requestsPerSecond >= 0.5 * bare.requestsPerSecond,
  });
  rows.push({
    area: 'mock',
    measure: `requests/s signing every response, ${connections} connections`,
    value: `${signing.requestsPerSecond} (${signing.failed} failed)`,
    baseline: `RSA floor ${mock.rsaSignaturesPerSecond} signatures per CPU-second`,
    ratio: round(signing.requestsPerSecond / mock.rsaSignaturesPerSecond),
    goal: 'report',
    met: undefined,
  });
}
// The mock's goals (issue 25), each with its same-run baseline and its spread over repeats.
for (const goal of mock.goals)
  rows.push({
    area: 'mock',
    measure: goal.measure,
    value: goal.value,
    baseline: goal.baseline,
    ratio: goal.ratio,
    goal: goal.goal,
    met: goal.met,
    ...(goal.ratioSpread === '' ? {} : { spread: goal.ratioSpread }),
  });
// Admin reads under load (issue 25, goal 4): the longest event-loop stall while the paged admin API reads a
// 50,000-entry journal and its stores, against the same load with no reads.
console.log('bench: admin reads under load…');
const admin = JSON.parse(
  execFileSync(process.execPath, ['scripts/bench-admin.ts', '--json', '--repeats', values.repeats], quiet),
) as {
  entries: number;
  goalMs: number;
  baselineStallMs: Spread;
  worstStallMs: number;
  worstStallByRepeatMs: Spread;
  worstPageCpuMs: number;
  unpagedStallMs: number;
  met: boolean;
};
rows.push({
  area: 'mock',
  measure: `longest event-loop stall, paged admin reads of ${admin.entries.toLocaleString('en')} entries under load`,
  value: `${admin.worstStallMs.toFixed(1)} ms (slowest page ${admin.worstPageCpuMs.toFixed(1)} ms CPU)`,
  baseline: `load alone ${admin.baselineStallMs.median.toFixed(1)} ms; one unpaged read ${admin.unpagedStallMs.toFixed(0)} ms`,
  ratio: round(admin.worstStallMs / admin.baselineStallMs.median, 2),
  goal: `≤ ${admin.goalMs} ms`,
  met: admin.met,
  spread: formatSpread(admin.worstStallByRepeatMs, 1),
});
for (const { server, reason } of mock.notRun)
  rows.push({
    area: 'mock',
    measure: `${server}: not run`,
    value: reason,
    baseline: '—',
    ratio: 0,
    goal: '—',
    met: undefined,
  });
const spawned = mock.byConnections[0];
if (spawned?.mock !== undefined && spawned.prism !== undefined && spawned.bare !== undefined)
  rows.push({
    area: 'mock',
    measure: 'start-up, spawned (node apps/mock/dist/main.js → first answer)',
    value: `${spawned.mock.startupMs} ms`,
    baseline: `plain prism ${spawned.prism.startupMs} ms; bare node:http ${spawned.bare.startupMs} ms`,
    ratio: round(spawned.mock.startupMs / spawned.prism.startupMs),
    goal: '≤ 300 ms',
    met: spawned.mock.startupMs <= 300,
  });

console.log('bench: mock start-up in process, and a 40-file partner suite…');
const startup = JSON.parse(node(['scripts/bench-startup.ts', '--json'])) as {
  inProcessMs: number;
  bareInProcessMs: number;
  ownMs: number;
  sharedMs: number;
  files: number;
};
rows.push({
  area: 'mock',
  measure: 'start-up in process (import → startMock() → first answer)',
  value: `${startup.inProcessMs} ms`,
  baseline: `bare node:http ${startup.bareInProcessMs} ms`,
  ratio: round(startup.inProcessMs / startup.bareInProcessMs, 2),
  goal: '≤ 150 ms',
  met: startup.inProcessMs <= 150,
});
rows.push({
  area: 'mock',
  measure: `${startup.files} vitest files, a mock each`,
  value: `${(startup.ownMs / 1000).toFixed(1)} s`,
  baseline: `one shared mock ${(startup.sharedMs / 1000).toFixed(1)} s`,
  ratio: round(startup.ownMs / startup.sharedMs, 2),
  goal: '≤ 2',
  met: startup.ownMs <= 2 * startup.sharedMs,
});

console.log('\n| area | measure | value | baseline (same run) | ratio | goal | met |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const mark = (met: boolean | undefined) => (met === undefined ? '—' : met ? 'met' : 'NOT MET');
for (const row of rows)
  console.log(
    `| ${row.area} | ${row.measure} | ${row.value} | ${row.baseline} | ${row.spread ?? row.ratio} | ${row.goal} | ${mark(row.met)} |`,
  );
mkdirSync('.bench', { recursive: true });
writeFileSync(
  '.bench/results.json',
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
);
console.log('\nbench: wrote .bench/results.json');
