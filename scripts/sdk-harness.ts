// Runs the vendor's own SDK clients (Java, Python, PHP, Go; unmodified, from trees you give it) against the mock in
// each of its modes, records the exact bytes each SDK sends, and prints whether each call succeeded.
//
//   node scripts/sdk-harness.ts --sdks DIR [--only java,go] [--no-write]
//
// DIR holds clones of github.com/alipay/global-open-sdk-{java,python,php,go} as java/, python/, php/, go/ (or under
// their repository names). The harness builds each one in a temporary folder (never in the repo), writes a partner
// key pair made for this run, and for each mode starts packages/mock/dist/bin.js (build it first) with a recording
// relay in front. Recordings (requests as bytes, the partner's PUBLIC key, never a private one) go to
// packages/mock/test/fixtures/sdk-recordings/, which test/sdk-replay.test.ts replays in CI without any SDK.

import { execFile, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, type MockProcess, startMockProcess } from './sdk-harness/mock-process.ts';
import { type Relay, startRelay } from './sdk-harness/relay.ts';
import { type BuiltSdk, buildSdk, SDK_IDS, type SdkId, SdkUnavailable } from './sdk-harness/sdks.ts';

const ROOT = resolve(import.meta.dirname, '..');
const MOCK_BIN = join(ROOT, 'packages/mock/dist/bin.js');
const RECORDINGS = join(ROOT, 'packages/mock/test/fixtures/sdk-recordings');
const CLIENT_ID = 'TEST_5X00000000000000';
const PATHS = { syncStore: '/v2/pos/syncStore', updateStore: '/v2/pds/store/updateStore' } as const;
type Operation = keyof typeof PATHS;
const OPERATIONS = Object.keys(PATHS) as Operation[];
const DRIVER_TIMEOUT_MS = 90_000;

const { values } = parseArgs({
  options: {
    sdks: { type: 'string' },
    only: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const HOW =
  'node scripts/sdk-harness.ts --sdks DIR (DIR: clones of github.com/alipay/global-open-sdk-{java,python,php,go} as java/ python/ php/ go/; build the mock first: npx turbo run build)';
if (values.help) {
  console.log(`usage: ${HOW}`);
  process.exit(0);
}

function treeOf(dir: string, id: SdkId): string | undefined {
  return [join(dir, id), join(dir, `global-open-sdk-${id}`)].find((d) => existsSync(d));
}
const wanted = values.only === undefined ? SDK_IDS : (values.only.split(',') as SdkId[]);
const trees = new Map<SdkId, string>();
if (values.sdks !== undefined)
  for (const id of wanted) {
    const tree = treeOf(resolve(values.sdks), id);
    if (tree !== undefined) trees.set(id, tree);
  }
if (trees.size === 0) {
  console.log(
    `sdk-harness: skipped: no SDK trees given (the replay test still runs the recorded requests). Run: ${HOW}`,
  );
  process.exit(0);
}
if (!existsSync(MOCK_BIN)) {
  console.error(`sdk-harness: ${MOCK_BIN} is missing: build the mock first (npx turbo run build)`);
  process.exit(1);
}

// ---- the modes, as the mock's command line names them -------------------------------------------------------------
const help = spawnSync(process.execPath, [MOCK_BIN, '--help'], { encoding: 'utf8' });
const modernCli = `${help.stdout}${help.stderr}`.includes('--unsigned-responses');
type ModeId = 'default' | 'client' | 'tls' | 'unsigned' | 'wrong-key';
interface Mode {
  readonly id: ModeId;
  readonly args: (partnerPem: string) => string[] | undefined;
  readonly tls: boolean;
  readonly signed: boolean;
  /** The SDKs are given a platform key the mock does not sign with: a pass elsewhere is then a verification. */
  readonly wrongPlatformKey?: true;
}
// A mock from before responses were signed by default needs --sign-responses and has no --tls.
const MODES: readonly Mode[] = [
  { id: 'default', args: () => (modernCli ? [] : ['--sign-responses']), tls: false, signed: true },
  {
    id: 'client',
    args: (pem) => [...(modernCli ? [] : ['--sign-responses']), '--client', `${CLIENT_ID}=${pem}`],
    tls: false,
    signed: true,
  },
  { id: 'tls', args: () => (modernCli ? ['--tls'] : undefined), tls: true, signed: true },
  { id: 'unsigned', args: () => (modernCli ? ['--unsigned-responses'] : []), tls: false, signed: false },
  {
    id: 'wrong-key',
    args: () => (modernCli ? [] : ['--sign-responses']),
    tls: false,
    signed: true,
    wrongPlatformKey: true,
  },
];
const RECORDED_MODE: ModeId = 'client'; // the requests kept are those the mock verified

/** What the vendor's code says each SDK does with an unsigned answer (reference/vendor-sdks-and-complete-docs.md). */
const NEEDS_SIGNED_ANSWER: Record<SdkId, boolean> = { java: false, python: true, php: false, go: true };
const expected = (sdk: SdkId, mode: Mode) =>
  mode.wrongPlatformKey || (!mode.signed && NEEDS_SIGNED_ANSWER[sdk]) ? 'fail' : 'pass';

/** Names a failure by the vendor fact behind it, where one is known. */
function vendorFact(sdk: SdkId, error: string): string | undefined {
  if (sdk === 'python' && /signature not exist/.test(error))
    return 'Python needs a signed answer ("signature not exist")';
  if (sdk === 'go' && /empty notify signature/.test(error))
    return 'Go needs a signed answer ("empty notify signature")';
  if (/verif(y|ication) fail|check signature fail/i.test(error)) return 'refuses an answer signed with another key';
  return undefined;
}

// ---- keys and certificates made for this run ---------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'sdk-harness-'));
const partner = generateKeyPairSync('rsa', { modulusLength: 2048 });
const partnerPublicPem = partner.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const bare = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
const partnerPemFile = join(work, 'partner-public.pem');
writeFileSync(partnerPemFile, partnerPublicPem);
// A key no answer is signed with, for SDKs that insist on one when the mock signs nothing.
const unusedPlatform = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
  type: 'spki',
  format: 'pem',
});
const keys = {
  partnerPkcs8Base64: bare(partner.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  partnerPkcs1Base64: bare(partner.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
};

/** The relay's own certificate for 127.0.0.1 (Java and Python dial only https://, and do not check it). */
function relayCertificate(): { key: string; cert: string } | undefined {
  const key = join(work, 'relay-key.pem');
  const cert = join(work, 'relay-cert.pem');
  const r = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  return r.status === 0 ? { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') } : undefined;
}
const relayTls = relayCertificate();

// ---- build ----------------------------------------------------------------------------------------------------------
const built = new Map<SdkId, BuiltSdk>();
const unavailable = new Map<SdkId, string>();
for (const [id, tree] of trees) {
  const started = Date.now();
  try {
    const sdk = buildSdk(id, tree, join(work, id));
    built.set(id, sdk);
    console.log(`built ${sdk.name} ${sdk.version} (${sdk.commit.slice(0, 12)}) in ${Date.now() - started} ms`);
    for (const note of sdk.buildNotes) console.log(`  note: ${note}`);
  } catch (error) {
    const reason =
      error instanceof SdkUnavailable
        ? error.message
        : `build failed: ${String((error as { stderr?: Buffer }).stderr ?? error).slice(0, 2000)}`;
    unavailable.set(id, reason);
    console.log(`not built: ${id}: ${reason}`);
  }
}

// ---- run ------------------------------------------------------------------------------------------------------------
interface DriverLine {
  operation: Operation;
  ok: boolean;
  result?: { resultCode?: string; resultStatus?: string };
  error?: string;
}
interface Cell {
  sdk: SdkId;
  operation: Operation;
  mode: ModeId;
  expected: 'pass' | 'fail';
  outcome: 'pass' | 'fail' | 'not run';
  detail: string;
  route: string;
}
const cells: Cell[] = [];
const recorded = new Map<string, { bytes: Buffer; route: string }>();

function runDriver(sdk: BuiltSdk, jobFile: string, env: Record<string, string>) {
  const command = sdk.command(jobFile);
  return new Promise<{ lines: DriverLine[]; stderr: string }>((done) => {
    execFile(
      command.file,
      command.args,
      {
        timeout: DRIVER_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, ...command.env, ...env },
      },
      (error, stdout, stderr) => {
        const lines = stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as DriverLine);
        done({ lines, stderr: `${stderr}${error && lines.length === 0 ? ` (${error.message})` : ''}` });
      },
    );
  });
}

const bodies = (sdk: SdkId, mode: ModeId, run: string) => ({
  // Thai, emoji and Chinese text: the signature covers the UTF-8 bytes (PHP sends \u escapes).
  syncStore: {
    requestId: `sdk-harness-${sdk}-${mode}-${run}`,
    posAccountId: 'pos_account_id_001',
    store: { posStoreId: `pos-store-${sdk}`, name: 'ร้านอาหาร 🍜', status: 'OPEN' },
  },
  updateStore: {
    storeId: `store-${sdk}`,
    name: 'MOM FOOD',
    multiLanguageDetails: [{ language: 'zh-CN', name: '妈妈美食' }],
  },
});

const runId = new Date()
  .toISOString()
  .replace(/[^0-9]/g, '')
  .slice(0, 14);
const isRoot = process.getuid?.() === 0;

for (const mode of MODES) {
  const args = mode.args(partnerPemFile);
  const sdks = [...built.values()];
  const notRun = (sdk: BuiltSdk, why: string) => {
    for (const operation of OPERATIONS)
      cells.push({
        sdk: sdk.id,
        operation,
        mode: mode.id,
        expected: expected(sdk.id, mode),
        outcome: 'not run',
        detail: why,
        route: '',
      });
  };
  if (args === undefined) {
    for (const sdk of sdks) notRun(sdk, 'this mock has no --tls yet');
    continue;
  }
  // Under --tls the SDKs dial the mock itself; Python dials port 443 whatever the URL says.
  const port443 = mode.tls && built.has('python') && isRoot;
  let mock: MockProcess;
  try {
    mock = await startMockProcess(MOCK_BIN, args, { port: port443 ? 443 : await freePort(), tls: mode.tls });
  } catch (error) {
    for (const sdk of sdks) notRun(sdk, `mock did not start: ${String(error).slice(0, 200)}`);
    continue;
  }
  console.log(`mode ${mode.id}: node packages/mock/dist/bin.js --port ${mock.port} ${args.join(' ')}`);
  try {
    const certFile = join(work, `mock-cert-${mode.id}.pem`);
    if (mock.tlsCertificatePem !== undefined) writeFileSync(certFile, mock.tlsCertificatePem);
    for (const sdk of sdks) {
      let relay: Relay | undefined;
      let gateway: string;
      let route: string;
      if (mode.tls) {
        if (sdk.fixedPort !== undefined && sdk.fixedPort !== mock.port) {
          notRun(sdk, `dials port ${sdk.fixedPort} only: run the harness as root`);
          continue;
        }
        gateway = `https://127.0.0.1${mock.port === 443 ? '' : `:${mock.port}`}`;
        route = `TLS to the mock itself${mock.port === 443 ? ' on port 443' : ''}`;
      } else {
        const front = sdk.httpsOnly ? relayTls : undefined;
        if (sdk.httpsOnly && front === undefined) {
          notRun(sdk, 'dials only https://: the relay needs openssl for its certificate');
          continue;
        }
        if (sdk.fixedPort !== undefined && !isRoot) {
          notRun(sdk, `dials port ${sdk.fixedPort} only: run the harness as root`);
          continue;
        }
        try {
          relay = await startRelay({
            port: sdk.fixedPort ?? 0,
            ...(front === undefined ? {} : { tls: front }),
            upstream: { port: mock.port, tls: false },
          });
        } catch (error) {
          notRun(sdk, `relay could not listen: ${String(error)}`);
          continue;
        }
        const scheme = front === undefined ? 'http' : 'https';
        gateway = `${scheme}://127.0.0.1${relay.port === 443 ? '' : `:${relay.port}`}`;
        route =
          front === undefined
            ? 'plain HTTP through the recording relay'
            : `TLS to the recording relay${relay.port === 443 ? ' on port 443' : ''} (the SDK dials only https://), plain HTTP to the mock`;
      }
      const job = join(work, `job-${sdk.id}-${mode.id}.json`);
      const body = bodies(sdk.id, mode.id, runId);
      writeFileSync(
        job,
        JSON.stringify({
          gatewayUrl: gateway,
          clientId: CLIENT_ID,
          keys: {
            ...keys,
            ...(mode.wrongPlatformKey || mock.platformPublicKeyPem === undefined
              ? { platformPublicKeyPem: unusedPlatform, platformPublicKeyBase64: bare(unusedPlatform.toString()) }
              : {
                  platformPublicKeyPem: mock.platformPublicKeyPem,
                  platformPublicKeyBase64: mock.platformPublicKeyBase64,
                }),
          },
          calls: OPERATIONS.map((operation) => ({ operation, path: PATHS[operation], body: body[operation] })),
        }),
      );
      const env: Record<string, string> = sdk.id === 'go' && mode.tls ? { SSL_CERT_FILE: certFile } : {};
      const { lines, stderr } = await runDriver(sdk, job, env);
      await relay?.close();
      for (const operation of OPERATIONS) {
        const line = lines.find((l) => l.operation === operation);
        const ok = line?.ok === true && line.result?.resultCode === 'SUCCESS';
        const detail =
          line === undefined
            ? `no answer from the driver: ${stderr.trim().slice(0, 300)}`
            : line.ok
              ? `${line.result?.resultStatus} ${line.result?.resultCode}`
              : (line.error ?? 'failed');
        cells.push({
          sdk: sdk.id,
          operation,
          mode: mode.id,
          expected: expected(sdk.id, mode),
          outcome: ok ? 'pass' : 'fail',
          detail,
          route,
        });
        const bytes = relay?.requests.find((r) => r.subarray(0, 200).toString('latin1').includes(PATHS[operation]));
        if (mode.id === RECORDED_MODE && bytes !== undefined) recorded.set(`${sdk.id}.${operation}`, { bytes, route });
      }
    }
  } finally {
    await mock.stop();
  }
}

// ---- recordings -----------------------------------------------------------------------------------------------------
if (!values['no-write']) {
  mkdirSync(RECORDINGS, { recursive: true });
  for (const [key, { bytes, route }] of recorded) {
    const [id, operation] = key.split('.') as [SdkId, Operation];
    const sdk = built.get(id);
    const text = bytes.toString('utf8');
    if (sdk === undefined || !Buffer.from(text, 'utf8').equals(bytes)) continue; // kept only if the text is the bytes
    const cell = cells.find((c) => c.sdk === id && c.operation === operation && c.mode === RECORDED_MODE);
    const recording = {
      sdk: id,
      sdkName: sdk.name,
      sdkVersion: sdk.version,
      sdkCommit: sdk.commit,
      buildNotes: sdk.buildNotes,
      operation,
      recordedAt: new Date().toISOString(),
      recordedInMode: RECORDED_MODE,
      route,
      liveOutcome: cell === undefined ? undefined : { outcome: cell.outcome, detail: cell.detail },
      clientId: CLIENT_ID,
      partnerPublicKey: partnerPublicPem,
      requestSha256: createHash('sha256').update(bytes).digest('hex'),
      request: text,
    };
    writeFileSync(join(RECORDINGS, `${id}.${operation}.json`), `${JSON.stringify(recording, null, 2)}\n`);
  }
  // An SDK left out of this run (--only) keeps its cells and its name, version and commit from the last run, as it
  // keeps its recordings.
  const resultsFile = join(RECORDINGS, 'live-results.json');
  const earlier: { sdks?: { sdk: SdkId }[]; cells?: Cell[] } = existsSync(resultsFile)
    ? JSON.parse(readFileSync(resultsFile, 'utf8'))
    : {};
  const leftOut = (sdk: SdkId) => !built.has(sdk) && !unavailable.has(sdk);
  const kept = [...cells, ...(earlier.cells ?? []).filter((c) => leftOut(c.sdk))];
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        ranAt: new Date().toISOString(),
        mockCli: modernCli ? 'signs by default' : 'before signing by default (--sign-responses passed)',
        sdks: [
          ...[...built.values()].map((s) => ({ sdk: s.id, name: s.name, version: s.version, commit: s.commit })),
          ...(earlier.sdks ?? []).filter((s) => leftOut(s.sdk)),
        ],
        unavailable: Object.fromEntries(unavailable),
        cells: kept,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${recorded.size} recordings and live-results.json to ${RECORDINGS}`);
}

// ---- the table ------------------------------------------------------------------------------------------------------
const show = (c: Cell | undefined) => {
  if (c === undefined) return '—';
  if (c.outcome === 'not run') return `not run: ${c.detail}`;
  if (c.outcome === 'pass') return c.expected === 'pass' ? 'pass' : 'pass (UNEXPECTED: vendor facts say it fails)';
  const fact = vendorFact(c.sdk, c.detail);
  return c.expected === 'fail' && fact !== undefined ? `fails as expected: ${fact}` : `FAIL (UNEXPECTED): ${c.detail}`;
};
console.log(`\n| SDK | operation | ${MODES.map((m) => m.id).join(' | ')} |`);
console.log(`| --- | --- | ${MODES.map(() => '---').join(' | ')} |`);
for (const sdk of [...built.values()])
  for (const operation of OPERATIONS)
    console.log(
      `| ${sdk.name} ${sdk.version} | ${operation} | ${MODES.map((m) => show(cells.find((c) => c.sdk === sdk.id && c.operation === operation && c.mode === m.id))).join(' | ')} |`,
    );
for (const [id, reason] of unavailable) console.log(`| ${id} | both | not built: ${reason} |`);
const routes = new Set(cells.filter((c) => c.route !== '').map((c) => `${c.sdk} (${c.mode}): ${c.route}`));
console.log(`\nroutes:\n  ${[...routes].join('\n  ')}`);
const surprises = cells.filter((c) => c.outcome !== 'not run' && c.outcome !== c.expected);
rmSync(work, { recursive: true, force: true });
console.log(
  `\nsdk-harness: ${cells.filter((c) => c.outcome === c.expected).length} cells as the vendor facts say, ${surprises.length} not, ${cells.filter((c) => c.outcome === 'not run').length} not run`,
);
process.exit(surprises.length > 0 ? 1 : 0);
