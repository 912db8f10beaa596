// The mock's performance goals, each a same-run ratio with its baseline and its spread over repeats:
//   1. signed by default at unsigned speed: the default mode (answers signed) against --unsigned-responses and against
//      a bare node:http server; the verifying mode (--client ID=public.pem, every request really signed) against bare;
//   2. server CPU per request, read from inside each server process (scripts/lib/cpu-probe.cjs, loaded with
//      `node --require`: process.cpuUsage before and after the load, over the requests answered), for every mode
//      and peer. On a shared 2-core machine this is the figure that holds: requests/s against a bare server
//      measures the load generator (autocannon, in this process) as much as the server;
//   3. large bodies: CPU µs per KB over valid syncStore bodies of 1 KB to 1 MB (padded in fields the contract
//      leaves open), the slope of CPU per request over body size, beside bare node's and beside the JSON floor
//      (decoding and JSON.parse of the same bodies in this process, as CPU time: what any server reading JSON pays);
//   6. peers on the same bundle and request mix: plain Prism, Mockoon (@mockoon/cli on the bundle) and MSW behind
//      node:http, installed into a scratch folder at bench time; one invalid body to each says which validate;
//   7. the RSA floor (2048-bit signatures per CPU-second, one thread) sampled before every signing run, as CPU time.
// Every server runs in its own process, spawned afresh for each run; autocannon runs here. Repeats run in
// alternating order (A B C … C B A) and every figure prints as median (min–max) over them.
// With --baseline <main.js of another build>, that build (its default mode) runs in the rotation too.
//   node scripts/bench-mock.ts [--seconds 3] [--repeats 3] [--connections 10,100] [--sizes 1,16,256,1000]
//                              [--no-peers] [--json] [--baseline path/to/apps/mock/dist/main.js]
import { type ChildProcess, spawn } from 'node:child_process';
import { sign as cryptoSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildStringToSign, formatSignatureHeader } from '@store-api/signing';
import { freePort } from '@store-api/test-support';
import autocannon from 'autocannon';
import { installPeers } from './lib/bench-peers.ts';
import { type CpuTime, PROBE_FLAGS, PROBE_STDIO, serverCpu } from './lib/cpu-probe.ts';
import { formatSpread, type Spread, slope, spread } from './lib/spread.ts';

const { values } = parseArgs({
  allowNegative: true,
  options: {
    seconds: { type: 'string', default: '3' },
    repeats: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10,100' },
    sizes: { type: 'string', default: '1,16,256,1000' },
    peers: { type: 'boolean', default: true },
    json: { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
function usage(message: string): never {
  console.error(`bench-mock: ${message}`);
  process.exit(2);
}
const positiveList = (flag: string, text: string) =>
  text.split(',').map((part) => {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 1) usage(`--${flag} takes whole numbers ≥ 1, comma-separated (got ${part})`);
    return n;
  });
const SECONDS = Number(values.seconds);
if (!(SECONDS > 0)) usage(`--seconds must be a number > 0 (got ${values.seconds})`);
const REPEATS = positiveList('repeats', values.repeats)[0] as number;
const CONNECTIONS = positiveList('connections', values.connections);
/** Body sizes in KiB; 1000 KiB is the largest that fits the mock's 1 MiB body bound with the request's own fields. */
const SIZES_KB = positiveList('sizes', values.sizes);
if (SIZES_KB.some((kb) => kb > 1000)) usage('--sizes: at most 1000 (KiB): the mock refuses a body over 1 MiB');
if (SIZES_KB.length < 2) usage('--sizes: give two or more, the CPU per KB is the slope between them');
/** Load before each measured run, not measured. */
const WARM_UP_SECONDS = Math.min(1, SECONDS / 3);
/** Connections for the large-body runs: few, so that a loaded machine still answers some 1 MB bodies in a run. */
const LARGE_CONNECTIONS = 4;
/** The least signatures a floor sample makes. */
const FLOOR_SAMPLE = 400;

const log = (line: string) => console.error(`bench:mock ${line}`);
const require = createRequire(import.meta.url);
const root = new URL('../', import.meta.url);
const MAIN = fileURLToPath(new URL('apps/mock/dist/main.js', root));
const BUNDLE = require.resolve('@store-api/spec/openapi.yaml');

const PATH = '/v2/pos/syncStore';
const CLIENT_ID = 'TEST_5X00000000000000';
const REQUEST_TIME = '2023-08-28T22:16:07+08:00';
const HEADERS = {
  'content-type': 'application/json; charset=UTF-8',
  'client-id': CLIENT_ID,
  'request-time': REQUEST_TIME,
  signature: 'algorithm=RSA256,keyVersion=1,signature=bm90LWEtcmVhbC1zaWduYXR1cmU%3D',
};
const SLOT = 'REQUEST_ID_SLOT';

/**
 * A valid syncStore body maker: the request's own fields, then, for a target size, `store.fullAddress` at its longest
 * and the rest in one field of `store`, which the contract leaves open (let through, named in x-mock-warnings).
 */
function bodyMaker(targetBytes = 0, status = 'OPEN'): (requestId: string) => string {
  const store: Record<string, string> = { posStoreId: 'pos_store_id_001', name: 'Store A', status };
  const text = () => JSON.stringify({ requestId: SLOT, posAccountId: 'pos_account_id_001', store });
  const short = Buffer.byteLength(text());
  if (targetBytes > short) store.fullAddress = 'x'.repeat(Math.min(1024, targetBytes - short - 17));
  const withAddress = Buffer.byteLength(text());
  if (targetBytes > withAddress + 20) store.benchPadding = 'x'.repeat(targetBytes - withAddress - 18);
  const [before, after] = text().split(SLOT) as [string, string];
  return (requestId) => before + requestId + after;
}
const plainBody = bodyMaker();

// The partner's key pair for the verifying mode: the mock gets the public key, this bench signs every request.
const keyFolder = mkdtempSync(join(tmpdir(), 'store-api-bench-keys-'));
const partner = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_KEY_FILE = join(keyFolder, 'partner-public.pem');
writeFileSync(PUBLIC_KEY_FILE, partner.publicKey.export({ type: 'spki', format: 'pem' }));
const signatureFor = (body: string) =>
  formatSignatureHeader(
    encodeURIComponent(
      cryptoSign(
        'sha256',
        Buffer.from(buildStringToSign({ method: 'POST', uri: PATH, clientId: CLIENT_ID, time: REQUEST_TIME, body })),
        partner.privateKey,
      ).toString('base64'),
    ),
    1,
  );

/**
 * Signed requests for the verifying mode, each with its own requestId (a repeated one is answered from the
 * idempotency store), made in floor samples: signing them is how the RSA floor is measured, as CPU time.
 */
const signed: { body: string; signature: string }[] = [];
const floorSamples: number[] = [];
function floorSample(count: number): void {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    const body = plainBody(`bench-signed-${signed.length + 1}`);
    signed.push({ body, signature: signatureFor(body) });
  }
  const used = process.cpuUsage(before);
  floorSamples.push(count / ((used.user + used.system) / 1e6));
}

/**
 * The JSON floor for goal 3: the CPU any server that reads a body as JSON spends on it at the least, UTF-8 decoding
 * and JSON.parse in one thread, per body size, sampled here (as CPU time) before each large-body run. Each sample
 * is one repeat's point on the slope printed beside the mock's.
 */
const jsonFloor: { repeat: number; kb: number; micros: number }[] = [];
function jsonFloorSample(kb: number, repeat: number): void {
  const bytes = Buffer.from(bodyMaker(kb * 1024)('bench-floor'));
  const count = Math.max(5, Math.ceil(2000 / kb));
  const before = process.cpuUsage();
  for (let i = 0; i < count; i += 1) JSON.parse(bytes.toString('utf8'));
  const used = process.cpuUsage(before);
  jsonFloor.push({ repeat, kb: bytes.length / 1024, micros: (used.user + used.system) / count });
}

const BARE = `const body = JSON.stringify({ result: { resultStatus: 'S', resultCode: 'SUCCESS', resultMessage: 'success' } });
require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); }); }).listen(Number(process.env.PORT), '127.0.0.1');`;

type Kind = 'ours' | 'bare' | 'peer';
interface Subject {
  readonly key: string;
  readonly name: string;
  readonly kind: Kind;
  readonly args: (port: number) => string[];
  /** Signs every response: a floor sample runs before it. */
  readonly signs?: boolean;
  /** Verifies every request's signature: the load sends really signed requests. */
  readonly verifies?: boolean;
}
const ours = (key: string, name: string, extra: string[], more: Partial<Subject> = {}): Subject => ({
  key,
  name,
  kind: 'ours',
  args: (port) => [MAIN, '--port', String(port), ...extra],
  ...more,
});
const subjects: Subject[] = [
  ours('default', 'store-api mock, default (answers signed)', [], { signs: true }),
  ours('unsigned', 'store-api mock, --unsigned-responses', ['--unsigned-responses']),
  ours('verify', 'store-api mock, verifying (--client ID=key.pem)', ['--client', `${CLIENT_ID}=${PUBLIC_KEY_FILE}`], {
    signs: true,
    verifies: true,
  }),
  { key: 'bare', name: 'bare node:http', kind: 'bare', args: () => ['-e', BARE] },
  {
    key: 'prism',
    name: 'plain Prism (prism mock)',
    kind: 'peer',
    args: (port) => [
      require.resolve('@stoplight/prism-cli/dist/index.js'),
      'mock',
      BUNDLE,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
    ],
  },
];
const unavailable = new Map<string, string>();
if (values.peers) {
  const peers = installPeers(log);
  if ('problem' in peers) {
    unavailable.set('mockoon', peers.problem);
    unavailable.set('msw', peers.problem);
  }
  const folder = 'folder' in peers ? peers.folder : '';
  const mockoonCli = join(folder, 'node_modules/@mockoon/cli/bin/run.js');
  subjects.push(
    {
      key: 'mockoon',
      name: 'Mockoon (@mockoon/cli on the bundle)',
      kind: 'peer',
      args: (port) => [mockoonCli, 'start', '--data', BUNDLE, '--port', String(port), '--hostname', '127.0.0.1', '-X'],
    },
    {
      key: 'msw',
      name: 'MSW behind node:http (getResponse)',
      kind: 'peer',
      args: () => [fileURLToPath(new URL('lib/msw-server.ts', import.meta.url)), folder],
    },
  );
}
const baselineMain = values.baseline;
if (baselineMain !== undefined)
  subjects.push({
    key: 'baseline',
    name: 'store-api mock, baseline build (its default)',
    kind: 'ours',
    args: (port) => [baselineMain, '--port', String(port)],
    signs: true,
  });
const subjectOf = (key: string) => subjects.find((subject) => subject.key === key) as Subject;

interface Answer {
  readonly status: number;
  readonly resultStatus?: string;
  readonly resultCode?: string;
}
async function post(url: string, body: string, signedRequest: boolean): Promise<Answer> {
  const headers = signedRequest ? { ...HEADERS, signature: signatureFor(body) } : HEADERS;
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  try {
    const { result } = JSON.parse(text) as { result?: { resultStatus?: string; resultCode?: string } };
    return { status: response.status, resultStatus: result?.resultStatus, resultCode: result?.resultCode };
  } catch {
    return { status: response.status };
  }
}
const describe = (a: Answer) => `${a.status}${a.resultCode === undefined ? '' : ` ${a.resultStatus} ${a.resultCode}`}`;
const refused = (a: Answer) => a.status >= 400 || (a.resultStatus === 'F' && a.resultCode !== 'SUCCESS');

/** Whether each server refuses an invalid body (store.status "MAYBE"), and what it answers a valid one. */
const verdicts = new Map<string, { valid: string; invalid: string; validates: boolean }>();

/** Milliseconds from spawn until a request is answered. */
async function startUp(child: ChildProcess, url: string, spawnedAt: number, name: string): Promise<number> {
  // A hang guard, not a timing: Prism and Mockoon take a second or two on a loaded machine.
  const giveUpAt = spawnedAt + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before answering`);
    if (performance.now() > giveUpAt) throw new Error(`${name} did not answer within 60 s`);
    try {
      await fetch(url, { method: 'POST', headers: HEADERS, body: plainBody('bench-start') });
      return performance.now() - spawnedAt;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killer);
}

interface Run {
  readonly server: string;
  readonly key: string;
  readonly connections: number;
  readonly repeat: number;
  /** Large-body runs: the body's size in KiB as asked for, and as sent. */
  readonly sizeKb: number | undefined;
  readonly bodyKb: number;
  readonly startupMs: number;
  readonly requestsPerSecond: number;
  readonly answered: number;
  readonly failed: number;
  /** The server's own CPU time (user + system) over the load, per request answered. */
  readonly cpuMicrosPerRequest: number;
  readonly userMicrosPerRequest: number;
  readonly systemMicrosPerRequest: number;
  /** Request bodies made for the run, warm-up included. */
  readonly requestsMade: number;
  /** Verifying mode only: requests sent past the signed ones made (their ids repeat: idempotent replays). */
  readonly replays: number;
}
const runs: Run[] = [];
/** A server that started but answered nothing under this load: its other connection counts still run. */
class NoAnswers extends Error {}

async function measure(subject: Subject, connections: number, repeat: number, sizeKb?: number): Promise<void> {
  const makeBody = sizeKb === undefined ? plainBody : bodyMaker(sizeKb * 1024);
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...PROBE_FLAGS, ...subject.args(port)], {
    env: { ...process.env, PORT: String(port), SCARF_ANALYTICS: 'false' },
    stdio: PROBE_STDIO,
  });
  try {
    const url = `http://127.0.0.1:${port}${PATH}`;
    const startupMs = await startUp(child, url, spawnedAt, subject.name);
    if (!verdicts.has(subject.key)) {
      const verifies = subject.verifies === true;
      const valid = await post(url, plainBody('bench-check-valid'), verifies);
      const invalid = await post(url, bodyMaker(0, 'MAYBE')('bench-check-invalid'), verifies);
      if (subject.kind === 'ours' && valid.resultCode !== 'SUCCESS')
        throw new Error(`${subject.name} answered a valid request ${describe(valid)}, not SUCCESS: the bench is wrong`);
      if (verifies) {
        // The placeholder signature must be refused, or this mode verifies nothing and its figures mean nothing.
        const forged = await post(url, plainBody('bench-check-forged'), false);
        if (forged.resultCode !== 'INVALID_SIGNATURE')
          throw new Error(`${subject.name} answered a wrong signature ${describe(forged)}: it does not verify`);
      }
      verdicts.set(subject.key, { valid: describe(valid), invalid: describe(invalid), validates: refused(invalid) });
    }
    let sequence = 0;
    const setupRequest = subject.verifies
      ? (request: object) => {
          const entry = signed[sequence++ % signed.length] as (typeof signed)[number];
          return { ...request, body: entry.body, headers: { ...HEADERS, signature: entry.signature } };
        }
      : (request: object) => ({ ...request, body: makeBody(`bench-${++sequence}`) });
    const load = (duration: number) =>
      autocannon({ url, method: 'POST', headers: HEADERS, connections, duration, requests: [{ setupRequest }] });
    // Not measured: the first requests compile the server's hot paths (and fill Prism's and Mockoon's caches).
    await load(WARM_UP_SECONDS);
    const before: CpuTime = await serverCpu(child);
    const result = await load(SECONDS);
    const after: CpuTime = await serverCpu(child);
    const answered = result.requests.total;
    // No CPU per request without requests: a peer that answers none is left out at this many connections.
    if (answered === 0)
      throw new NoAnswers(`${subject.name} answered no request in ${SECONDS} s at ${connections} connections`);
    const user = (after.user - before.user) / answered;
    const system = (after.system - before.system) / answered;
    runs.push({
      server: subject.name,
      key: subject.key,
      connections,
      repeat,
      sizeKb,
      bodyKb: Buffer.byteLength(makeBody('bench-1')) / 1024,
      startupMs: Math.round(startupMs),
      requestsPerSecond: Math.round(result.requests.total / result.duration),
      answered: result.requests.total,
      failed: result.errors + result.timeouts + result.non2xx,
      cpuMicrosPerRequest: user + system,
      userMicrosPerRequest: user,
      systemMicrosPerRequest: system,
      requestsMade: sequence,
      replays: subject.verifies ? Math.max(0, sequence - signed.length) : 0,
    });
  } finally {
    await stop(child);
  }
}

/** Enough signed requests for the next verifying run: a quarter more than any so far answered. */
let signedNeeded = Math.ceil(SECONDS * 3000);
async function runThroughput(subject: Subject, connections: number, repeat: number): Promise<void> {
  const combination = `${subject.key} at ${connections} connections`;
  if (unavailable.has(subject.key) || unavailable.has(combination)) return;
  if (subject.signs) floorSample(Math.max(FLOOR_SAMPLE, signedNeeded - signed.length));
  try {
    await measure(subject, connections, repeat);
  } catch (error) {
    if (subject.kind !== 'peer') throw error;
    unavailable.set(error instanceof NoAnswers ? combination : subject.key, (error as Error).message);
    log(`${subject.name}: left out, ${(error as Error).message}`);
    return;
  }
  const last = runs[runs.length - 1] as Run;
  if (subject.verifies) signedNeeded = Math.max(signedNeeded, Math.ceil(last.requestsMade * 1.25));
  log(
    `${subject.name}, ${connections} connections: ${last.requestsPerSecond} req/s, ${last.cpuMicrosPerRequest.toFixed(1)} µs CPU/request`,
  );
}

const started = performance.now();
try {
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const order = repeat % 2 === 0 ? subjects : [...subjects].reverse();
    for (const connections of CONNECTIONS)
      for (const subject of order) await runThroughput(subject, connections, repeat);
  }
  const largeSubjects = [subjectOf('default'), subjectOf('bare')];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const forward = repeat % 2 === 0;
    for (const kb of forward ? SIZES_KB : [...SIZES_KB].reverse()) {
      jsonFloorSample(kb, repeat);
      for (const subject of forward ? largeSubjects : [...largeSubjects].reverse()) {
        try {
          await measure(subject, LARGE_CONNECTIONS, repeat, kb);
        } catch (error) {
          // On a loaded machine a 1 MB body can take longer than a run: that point is left out of the slope.
          if (!(error instanceof NoAnswers)) throw error;
          unavailable.set(`${subject.key} with ${kb} KiB bodies, repeat ${repeat + 1}`, error.message);
          log(`left out: ${error.message}`);
          continue;
        }
        const last = runs[runs.length - 1] as Run;
        log(`${subject.name}, ${kb} KiB bodies: ${last.cpuMicrosPerRequest.toFixed(0)} µs CPU/request`);
      }
    }
  }
} finally {
  rmSync(keyFolder, { recursive: true, force: true });
}
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

// ---- figures ----
const throughputRuns = (key: string, connections: number) =>
  runs.filter((run) => run.key === key && run.connections === connections && run.sizeKb === undefined);
const has = (key: string, connections: number) => throughputRuns(key, connections).length > 0;
const figure = (key: string, connections: number, pick: (run: Run) => number) =>
  spread(throughputRuns(key, connections).map(pick));
/** The ratio a / b per repeat (both measured in it), spread over repeats. */
function pairedRatio(a: Run[], b: Run[], pick: (run: Run) => number): Spread {
  const ratios: number[] = [];
  for (const run of a) {
    const other = b.find((candidate) => candidate.repeat === run.repeat);
    if (other !== undefined) ratios.push(pick(run) / pick(other));
  }
  return spread(ratios);
}
const rps = (run: Run) => run.requestsPerSecond;
const cpu = (run: Run) => run.cpuMicrosPerRequest;

/** CPU µs per KB: per repeat, the slope of CPU per request over body size. */
function perKb(key: string): Spread | undefined {
  const slopes: number[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const points = runs.filter((run) => run.key === key && run.repeat === repeat && run.sizeKb !== undefined);
    if (points.length >= 2)
      slopes.push(
        slope(
          points.map((run) => run.bodyKb),
          points.map(cpu),
        ),
      );
  }
  return slopes.length === 0 ? undefined : spread(slopes);
}

interface Goal {
  readonly measure: string;
  readonly value: string;
  readonly baseline: string;
  /** The median of the per-repeat ratios, and their spread. */
  readonly ratio: number;
  readonly ratioSpread: string;
  readonly goal: string;
  readonly met: boolean | undefined;
}
const goals: Goal[] = [];
const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const fmt = (s: Spread, digits = 0) => formatSpread(s, digits);
function ratioGoal(
  measure: string,
  a: string,
  b: string,
  connections: number,
  pick: (run: Run) => number,
  unit: string,
  goal: { text: string; test?: (ratio: number) => boolean },
  digits = 0,
): void {
  if (!has(a, connections) || !has(b, connections)) return;
  const ratio = pairedRatio(throughputRuns(a, connections), throughputRuns(b, connections), pick);
  goals.push({
    measure,
    value: `${fmt(figure(a, connections, pick), digits)} ${unit}`,
    baseline: `${subjectOf(b).name} ${fmt(figure(b, connections, pick), digits)} ${unit}`,
    ratio: round(ratio.median),
    ratioSpread: fmt(ratio, 2),
    goal: goal.text,
    met: goal.test?.(ratio.median),
  });
}
const atLeast = (x: number) => ({ text: `≥ ${x}×`, test: (r: number) => r >= x });
const atMost = (x: number) => ({ text: `≤ ${x}×`, test: (r: number) => r <= x });
for (const c of CONNECTIONS) {
  ratioGoal(`1. default (signed) req/s, ${c} conn.`, 'default', 'unsigned', c, rps, 'req/s', atLeast(0.8));
  ratioGoal(`1. default (signed) req/s, ${c} conn.`, 'default', 'bare', c, rps, 'req/s', atLeast(0.6));
  ratioGoal(`1. verifying req/s, ${c} conn.`, 'verify', 'bare', c, rps, 'req/s', atLeast(0.4));
}
for (const c of CONNECTIONS)
  ratioGoal(`2. server CPU per request, default, ${c} conn.`, 'default', 'bare', c, cpu, 'µs', atMost(1.5), 1);
for (const key of ['unsigned', 'verify', 'prism', 'mockoon', 'msw', 'baseline'])
  for (const c of CONNECTIONS)
    ratioGoal(`2. server CPU per request, ${key}, ${c} conn.`, key, 'bare', c, cpu, 'µs', { text: 'report' }, 1);
const defaultPerKb = perKb('default');
const barePerKb = perKb('bare');
const floorSlopes: number[] = [];
for (let repeat = 0; repeat < REPEATS; repeat += 1) {
  const points = jsonFloor.filter((point) => point.repeat === repeat);
  if (points.length >= 2)
    floorSlopes.push(
      slope(
        points.map((point) => point.kb),
        points.map((point) => point.micros),
      ),
    );
}
const floorPerKb = floorSlopes.length === 0 ? undefined : spread(floorSlopes);
const perKbText = (s: Spread | undefined) =>
  s === undefined ? 'not measured (under two sizes answered)' : `${fmt(s, 2)} µs/KB`;
goals.push({
  measure: `3. large bodies: CPU per KB, the slope over ${SIZES_KB.join(', ')} KiB`,
  value: perKbText(defaultPerKb),
  baseline: `bare node:http ${perKbText(barePerKb)}; the JSON floor (UTF-8 decoding and JSON.parse, one thread, no server) ${perKbText(floorPerKb)}`,
  ratio: defaultPerKb === undefined || barePerKb === undefined ? 0 : round(defaultPerKb.median / barePerKb.median),
  ratioSpread: '',
  goal: '≤ 3 µs/KB',
  met: defaultPerKb !== undefined && defaultPerKb.median <= 3,
});
for (const key of ['prism', 'mockoon', 'msw', 'baseline'])
  for (const c of CONNECTIONS) {
    if (!has(key, c) || !has('default', c)) continue;
    const verdict = verdicts.get(key);
    const ratio = pairedRatio(throughputRuns(key, c), throughputRuns('default', c), rps);
    goals.push({
      measure: `6. ${subjectOf(key).name}, ${c} conn.`,
      value: `${fmt(figure(key, c, rps))} req/s, ${fmt(figure(key, c, cpu), 1)} µs CPU/req; validates: ${verdict?.validates ? 'yes' : 'no'} (invalid → ${verdict?.invalid})`,
      baseline: `default mode ${fmt(figure('default', c, rps))} req/s, ${fmt(figure('default', c, cpu), 1)} µs`,
      ratio: round(ratio.median, 3),
      ratioSpread: fmt(ratio, 3),
      goal: 'report',
      met: undefined,
    });
  }
const floor = spread(floorSamples);
const firstDefault = CONNECTIONS.find((c) => has('default', c));
if (firstDefault !== undefined) {
  // Requests the default mode answers per second of its own CPU, against signatures per CPU-second.
  const perCpuSecond = figure('default', firstDefault, (run) => 1e6 / run.cpuMicrosPerRequest);
  goals.push({
    measure: `7. RSA floor (2048-bit signatures per CPU-second, ${floorSamples.length} samples between runs)`,
    value: `${fmt(floor)} signatures/CPU-s`,
    baseline: `default mode ${fmt(perCpuSecond)} requests/CPU-s (${firstDefault} conn.)`,
    ratio: round(perCpuSecond.median / floor.median),
    ratioSpread: '',
    goal: 'report',
    met: undefined,
  });
}
const notRun = [...unavailable].map(([key, reason]) => ({ server: key, reason }));

/** One row per server and connection count, medians over repeats: the shape bench.ts reads. */
function medianRow(key: string, connections: number) {
  if (!has(key, connections)) return undefined;
  const list = throughputRuns(key, connections);
  return {
    server: subjectOf(key).name,
    connections,
    startupMs: Math.round(figure(key, connections, (run) => run.startupMs).median),
    requestsPerSecond: Math.round(figure(key, connections, rps).median),
    cpuMicrosPerRequest: round(figure(key, connections, cpu).median, 1),
    failed: list.reduce((sum, run) => sum + run.failed, 0),
  };
}
const ratioOf = (a: { requestsPerSecond: number } | undefined, b: { requestsPerSecond: number } | undefined) =>
  a === undefined || b === undefined ? undefined : round(a.requestsPerSecond / b.requestsPerSecond, 3);
const byConnections = CONNECTIONS.map((connections) => {
  const prism = medianRow('prism', connections);
  const mock = medianRow('unsigned', connections);
  const bare = medianRow('bare', connections);
  const signing = medianRow('default', connections);
  const base = medianRow('baseline', connections);
  return {
    connections,
    prism,
    mock,
    bare,
    signing,
    base,
    mockOverPrism: ratioOf(mock, prism),
    mockOverBare: ratioOf(mock, bare),
    ...(base === undefined ? {} : { mockOverBaseline: ratioOf(signing, base) }),
  };
});
const first = byConnections[0];
const report = {
  seconds: SECONDS,
  repeats: REPEATS,
  runs,
  verdicts: Object.fromEntries(verdicts),
  notRun,
  goals,
  byConnections,
  rsaSignaturesPerCpuSecond: floor,
  /** Goal 3's floor: UTF-8 decoding and JSON.parse of each large body, CPU µs per request, sampled per repeat. */
  jsonFloor,
  /** The floor's median, as before (bench.ts reads it). */
  rsaSignaturesPerSecond: Math.round(floor.median),
  connections: first?.connections,
  mockOverPrism: first?.mockOverPrism,
  mockOverBare: first?.mockOverBare,
  mockOverBaseline: first?.mockOverBaseline,
};
if (values.json) console.log(JSON.stringify(report));
else {
  console.log(
    `mock benchmark: autocannon, ${SECONDS} s a run, ${REPEATS} repeat(s) in alternating order, POST ${PATH}, a new requestId each; median (min–max)`,
  );
  console.log(
    '\n| server | conn. | requests/s | server CPU µs/request | user / system µs | start-up ms | failed | invalid body answered |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of CONNECTIONS)
    for (const subject of subjects) {
      if (!has(subject.key, c)) continue;
      const list = throughputRuns(subject.key, c);
      const replays = list.reduce((sum, run) => sum + run.replays, 0);
      const verdict = verdicts.get(subject.key);
      console.log(
        `| ${subject.name} | ${c} | ${fmt(figure(subject.key, c, rps))} | ${fmt(figure(subject.key, c, cpu), 1)} | ${fmt(
          figure(subject.key, c, (run) => run.userMicrosPerRequest),
          1,
        )} / ${fmt(
          figure(subject.key, c, (run) => run.systemMicrosPerRequest),
          1,
        )} | ${fmt(figure(subject.key, c, (run) => run.startupMs))} | ${list.reduce((sum, run) => sum + run.failed, 0)}${replays > 0 ? ` (${replays} replays)` : ''} | ${verdict?.invalid}${verdict?.validates ? ' (refused)' : ' (accepted)'} |`,
      );
    }
  console.log(`\nlarge bodies, ${LARGE_CONNECTIONS} connections: server CPU µs per request, and per KB of body`);
  console.log('| server | body | requests/s | CPU µs/request | CPU µs/request ÷ KB |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const subject of [subjectOf('default'), subjectOf('bare')])
    for (const kb of SIZES_KB) {
      const list = runs.filter((run) => run.key === subject.key && run.sizeKb === kb);
      if (list.length === 0) continue;
      console.log(
        `| ${subject.name} | ${kb} KiB | ${fmt(spread(list.map(rps)))} | ${fmt(spread(list.map(cpu)))} | ${fmt(spread(list.map((run) => run.cpuMicrosPerRequest / run.bodyKb)), 2)} |`,
      );
    }
  console.log('\n| goal | value | same-run baseline | ratio | goal | met |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const goal of goals)
    console.log(
      `| ${goal.measure} | ${goal.value} | ${goal.baseline} | ${goal.ratioSpread || goal.ratio} | ${goal.goal} | ${goal.met === undefined ? '—' : goal.met ? 'met' : 'NOT MET'} |`,
    );
  for (const { server, reason } of notRun) console.log(`not run: ${server}: ${reason}`);
}
