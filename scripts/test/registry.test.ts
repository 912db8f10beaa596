// A real release into a real registry, installed by name: Verdaccio on 127.0.0.1 (its upstream this machine's
// registry, read at run time); `npm run version` and `npm run release` in a scratch clone of the last commit publish
// every public package; an empty partner project whose .npmrc names the registry installs all seven by name, and on
// Node 20, 22 and 24 runs the CLI, the mock's command and a signed client call from ESM, CommonJS and strict
// TypeScript (compiled to each). A second release (a patch changeset) reaches it through `npm update`. The published
// tarballs hold nothing private or test-only. The mock installs without Prism (an optional peer); --validation prism
// names the command that installs it, which the partner runs, and that install honours SCARF_ANALYTICS=false (Prism
// brings scarf).
// It installs Node binaries and every dependency: it runs under CI=true (or STORE_API_REGISTRY=1).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateRsaKeyPair } from '@store-api/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Registry, startRegistry } from './support/verdaccio.ts';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const enabled = process.env.CI === 'true' || process.env.STORE_API_REGISTRY === '1';
if (!enabled)
  console.log(
    'skipped: the registry test publishes every package to a local Verdaccio and installs them by name on Node 20, 22 and 24; CI=true or STORE_API_REGISTRY=1 runs it',
  );
const VERSIONS = ['20', '22', '24'] as const;
const PACKAGES = ['client', 'mock', 'cli', 'types', 'signing', 'validator', 'spec'].map((name) => `@store-api/${name}`);
const CLIENT_ID = 'TEST_5X00000000000000';
// What a published tarball must not hold: tests and their fixtures, sources, build leftovers, key and env files.
const TEST_ONLY_DIR = /(^|\/)(test|tests|__tests__|fixtures?|src|coverage|\.turbo)\//;
const TEST_OR_PRIVATE_FILE =
  /\.(test|spec|test-d)\.[cm]?[jt]s$|\.map$|\.tsbuildinfo$|\.(pem|key|p12|pfx|crt)$|(^|\/)\.(env|npmrc)/;
// A PEM private key (in a file or a JSON string), or the bare base64 of one (PKCS#8 or PKCS#1, RSA 2048) as the
// vendor's SDKs take it; allowed only in a file that says PUBLIC TEST KEY.
const PRIVATE_KEY = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----(\\r)?(\\n|\r?\n)[A-Za-z0-9+/]{16}/,
  /MIIE[A-Za-z0-9+/]{2}IBA(DANBgkqhkiG9w0BAQEFAASC|AKCAQEA)/,
];
// Verdaccio wants Node 22 or later: it runs on the workspace's pinned Node, whatever the machine has.
const PINNED_NODE = join(ROOT, 'node_modules/.bin/node');

let scratch: string;
let repo: string;
let partner: string;
let registry: Registry | undefined;
let recorder: Server | undefined;
let releasedVersion = '';
const scarfReports: string[] = [];
const nodes: Record<string, string> = {};
const timings: string[] = [];

/**
 * The environment a partner's shell has: none of the npm_* variables `npm test` passes down (an inherited
 * npm_config_registry would outrank every .npmrc) and no workspace bins on PATH; `node` first on PATH when given.
 */
function cleanEnv(extra: Record<string, string | undefined> = {}, node?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !/^(npm_|init_cwd$)/i.test(key)) env[key] = value;
  const path = (env.PATH ?? '').split(':').filter((dir) => !/node_modules[/\\]\.bin|node-gyp-bin/.test(dir));
  env.PATH = [...(node === undefined ? [] : [dirname(node)]), ...path].join(':');
  Object.assign(env, {
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    NO_PROXY: '127.0.0.1,localhost',
    npm_config_noproxy: '127.0.0.1,localhost',
  });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

async function run(command: string, args: readonly string[], cwd: string, env: Record<string, string>) {
  return exec(command, [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }).catch(
    (error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    },
  );
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work();
  timings.push(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** The scratch clone's npm: Verdaccio and its token, set in the environment, which outranks every .npmrc. */
const releaseEnv = () =>
  cleanEnv({
    npm_config_userconfig: join(scratch, 'release.npmrc'),
    npm_config_registry: registry?.url,
    'npm_config_@store-api:registry': registry?.url,
    npm_config_cache: join(scratch, 'npm-cache'),
    GIT_AUTHOR_NAME: 'registry test',
    GIT_AUTHOR_EMAIL: 'registry-test@127.0.0.1',
    GIT_COMMITTER_NAME: 'registry test',
    GIT_COMMITTER_EMAIL: 'registry-test@127.0.0.1',
  });

/** A partner's npm: its registry comes from the project's .npmrc only; scarf, if it reported, would report to us. */
const partnerEnv = (extra: Record<string, string | undefined> = {}, node?: string) =>
  cleanEnv(
    {
      npm_config_userconfig: join(scratch, 'partner-user.npmrc'),
      npm_config_cache: join(scratch, 'npm-cache'),
      SCARF_ANALYTICS: 'false',
      SCARF_LOCAL_PORT: String((recorder?.address() as AddressInfo | null)?.port ?? 1),
      ...extra,
    },
    node,
  );

/** A clone of the repository's last commit, as CI checks it out, with the work tree's installed dependencies. */
async function cloneRepo(to: string) {
  const env = releaseEnv();
  await run('git', ['clone', '-q', ROOT, to], scratch, env);
  // Workspace links in node_modules are relative: in the clone they point at the clone's packages. cp -a, not
  // hard links: nothing the release runs may write into the work tree's node_modules.
  await exec('cp', ['-a', join(ROOT, 'node_modules'), join(to, 'node_modules')]);
}

async function release(label: string) {
  const env = releaseEnv();
  // Never trust a publish to the environment: this must name Verdaccio, or nothing is published.
  const { stdout: target } = await run('npm', ['config', 'get', '@store-api:registry'], repo, env);
  if (target.trim() !== registry?.url) throw new Error(`refusing to publish to ${target.trim()}`);
  await timed(`${label}: npm run version`, () => run('npm', ['run', 'version'], repo, env));
  await run('git', ['add', '-A'], repo, env);
  await run('git', ['commit', '-q', '-m', `${label}: version`], repo, env);
  await timed(`${label}: npm run release`, () => run('npm', ['run', 'release'], repo, env));
  releasedVersion = (JSON.parse(readFileSync(join(repo, 'spec/package.json'), 'utf8')) as { version: string }).version;
}

const installedVersions = () =>
  Object.fromEntries(
    PACKAGES.map((name) => [
      name,
      (JSON.parse(readFileSync(join(partner, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
        .version,
    ]),
  );

beforeAll(async () => {
  if (!enabled) return;
  scratch = mkdtempSync(join(tmpdir(), 'store-api-registry-'));
  repo = join(scratch, 'repo');
  partner = join(scratch, 'partner');
  writeFileSync(join(scratch, 'partner-user.npmrc'), '');
  // The machine's registry, as this machine's npm is configured: Verdaccio's upstream and where Node comes from.
  const { stdout: upstream } = await run('npm', ['config', 'get', 'registry'], ROOT, cleanEnv());
  recorder = createServer((request, response) => {
    scarfReports.push(`${request.method} ${request.url}`);
    request.resume();
    response.end('{}');
  });
  await new Promise<void>((resolve) => recorder?.listen(0, '127.0.0.1', resolve));
  registry = await timed('verdaccio start', () =>
    startRegistry({
      dir: join(scratch, 'verdaccio'),
      upstream: upstream.trim(),
      node: PINNED_NODE,
      verdaccio: join(ROOT, 'node_modules/verdaccio'),
    }),
  );
  const host = registry.url.replace(/^http:/, '');
  writeFileSync(join(scratch, 'release.npmrc'), `${host}:_authToken=${registry.token}\n`);

  const nodesInstalled = timed('Node 20, 22 and 24 from the node package', () =>
    Promise.all(
      VERSIONS.map(async (version) => {
        const dir = join(scratch, `node${version}`);
        mkdirSync(dir);
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `node${version}`, private: true }));
        await run('npm', ['install', `node@${version}`], dir, cleanEnv({ npm_config_registry: upstream.trim() }));
        nodes[version] = join(dir, 'node_modules/.bin/node');
      }),
    ),
  );
  await timed('scratch clone', () => cloneRepo(repo));
  await release('first release');
  await nodesInstalled;

  mkdirSync(partner);
  writeFileSync(join(partner, '.npmrc'), `registry=${registry.url}\n`);
  writeFileSync(join(partner, 'package.json'), JSON.stringify({ name: 'partner', version: '1.0.0', private: true }));
  const start = performance.now();
  await run('npm', ['install', ...PACKAGES], partner, partnerEnv());
  const seconds = (performance.now() - start) / 1000;
  const lock = JSON.parse(readFileSync(join(partner, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const count = Object.keys(lock.packages).filter((key) => key.startsWith('node_modules/')).length;
  const { stdout: du } = await exec('du', ['-sk', join(partner, 'node_modules')]);
  const mb = Number(du.split('\t')[0]) / 1024;
  console.log(
    `registry: the partner project installed ${PACKAGES.join(', ')} at ${releasedVersion} by name: ${count} packages, ${mb.toFixed(1)} MB in node_modules, ${seconds.toFixed(1)} s`,
  );

  const { publicKey, privateKey } = generateRsaKeyPair();
  writeFileSync(join(partner, 'private.pem'), privateKey);
  writeFileSync(join(partner, 'public.pem'), publicKey);
  writePartnerCalls();
  await timed('tsc --strict (the workspace TypeScript) over the partner call', () =>
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', partner], partner, cleanEnv()),
  );
}, 900_000);

afterAll(async () => {
  await registry?.close();
  await new Promise((resolve) => (recorder === undefined ? resolve(undefined) : recorder.close(resolve)));
  if (timings.length > 0) console.log(`registry: timings\n  ${timings.join('\n  ')}`);
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
}, 120_000);

/**
 * The same call four ways (ESM, CommonJS, and TypeScript compiled to each): it signs with the partner's key,
 * verifies the answer with the mock's platform key, and prints the outcome.
 */
function writePartnerCalls() {
  const body = `{ requestId: createRequestId(), posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' } }`;
  const options = `{
  baseUrl: process.argv[2] ?? '',
  clientId: '${CLIENT_ID}',
  privateKey: readFileSync('private.pem', 'utf8'),
  platformPublicKey: readFileSync('platform.pem', 'utf8'),
}`;
  writeFileSync(
    join(partner, 'call.mjs'),
    `import { readFileSync } from 'node:fs';
import { createRequestId, createStoreClient } from '@store-api/client';

const outcome = await createStoreClient(${options}).syncStore(${body});
console.log(JSON.stringify({ status: outcome.status, code: outcome.code }));
`,
  );
  writeFileSync(
    join(partner, 'call.cjs'),
    `const { readFileSync } = require('node:fs');
const { createRequestId, createStoreClient } = require('@store-api/client');

createStoreClient(${options})
  .syncStore(${body})
  .then((outcome) => console.log(JSON.stringify({ status: outcome.status, code: outcome.code })));
`,
  );
  writeFileSync(
    join(partner, 'call.mts'),
    `import { readFileSync } from 'node:fs';
import { createRequestId, createStoreClient, type StoreClientOptions } from '@store-api/client';
import type { SyncStoreRequest } from '@store-api/types';

const options: StoreClientOptions = ${options};
const body: SyncStoreRequest = ${body};
const outcome = await createStoreClient(options).syncStore(body);
console.log(JSON.stringify({ status: outcome.status, code: outcome.code }));
`,
  );
  writeFileSync(
    join(partner, 'call.cts'),
    `import { readFileSync } from 'node:fs';
import { createRequestId, createStoreClient, type StoreClientOptions } from '@store-api/client';
import type { SyncStoreRequest } from '@store-api/types';

const options: StoreClientOptions = ${options};
const body: SyncStoreRequest = ${body};
createStoreClient(options)
  .syncStore(body)
  .then((outcome) => console.log(JSON.stringify({ status: outcome.status, code: outcome.code })));
`,
  );
  writeFileSync(
    join(partner, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        // Node's types from the workspace; everything else from what the partner installed.
        typeRoots: [join(ROOT, 'node_modules/@types')],
        types: ['node'],
        outDir: 'out',
      },
      files: ['call.mts', 'call.cts'],
    }),
  );
}

describe.skipIf(!enabled)('the first release', () => {
  it('publishes every public package at one version, the contract info.version', async () => {
    const published = await Promise.all(
      PACKAGES.map(async (name) => {
        const { stdout } = await run('npm', ['view', name, 'version'], partner, partnerEnv());
        return [name, stdout.trim()];
      }),
    );
    expect(Object.fromEntries(published)).toEqual(Object.fromEntries(PACKAGES.map((name) => [name, releasedVersion])));
    expect(installedVersions()).toEqual(Object.fromEntries(PACKAGES.map((name) => [name, releasedVersion])));
    const bundle = JSON.parse(
      readFileSync(join(partner, 'node_modules/@store-api/spec/dist/openapi.json'), 'utf8'),
    ) as { info: { version: string } };
    expect(bundle.info.version).toBe(releasedVersion);
  }, 60_000);

  it('published tarballs hold no tests, fixtures, sources, .env, key files or private keys but PUBLIC TEST KEYs', async () => {
    const dir = join(scratch, 'published');
    mkdirSync(dir);
    await run('npm', ['pack', ...PACKAGES.map((name) => `${name}@${releasedVersion}`)], dir, {
      ...partnerEnv(),
      npm_config_registry: registry?.url ?? '',
    });
    const problems: string[] = [];
    for (const tarball of readdirSync(dir).filter((name) => name.endsWith('.tgz'))) {
      const out = join(dir, tarball.replace(/\.tgz$/, ''));
      mkdirSync(out);
      await exec('tar', ['-xzf', join(dir, tarball), '-C', out]);
      for (const file of walk(join(out, 'package'))) {
        const path = relative(join(out, 'package'), file);
        if (TEST_ONLY_DIR.test(path) || TEST_OR_PRIVATE_FILE.test(path))
          problems.push(`${tarball}: ${path} is test-only or private`);
        const text = readFileSync(file, 'utf8');
        if (PRIVATE_KEY.some((key) => key.test(text)) && !text.includes('PUBLIC TEST KEY'))
          problems.push(`${tarball}: ${path} holds a private key not labelled PUBLIC TEST KEY`);
      }
      const manifest = JSON.parse(readFileSync(join(out, 'package/package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
        scripts?: Record<string, string>;
      };
      for (const script of ['preinstall', 'install', 'postinstall', 'prepare'])
        if (manifest.scripts?.[script] !== undefined) problems.push(`${tarball}: runs a ${script} script`);
      for (const [name, range] of Object.entries(manifest.dependencies ?? {}))
        if (name === '@store-api/test-support' || /^(workspace|file|link):/.test(range))
          problems.push(`${tarball}: depends on ${name}@${range}, which a partner cannot install`);
    }
    expect(readdirSync(dir).filter((name) => name.endsWith('.tgz'))).toHaveLength(PACKAGES.length);
    expect(problems).toEqual([]);
  }, 120_000);
});

describe.skipIf(!enabled)('Prism, an optional peer of the mock', () => {
  let refusal = '';
  let installed = '';
  beforeAll(async () => {
    // The default install holds none of it; a partner who asks for Prism's validation is told what to install.
    installed = Object.keys(
      (JSON.parse(readFileSync(join(partner, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> })
        .packages,
    )
      .filter((path) => /node_modules\/@(stoplight|scarf)\//.test(path))
      .join(', ');
    refusal = await run('npx', ['store-api-mock', '--validation', 'prism', '--port', '0'], partner, partnerEnv()).then(
      () => 'started',
      (error: Error) => error.message,
    );
    const command = /install it with: (npm install [^\n]+)/.exec(refusal)?.[1];
    if (command === undefined) return;
    const [npm = 'npm', ...args] = command.split(' ');
    await timed('partner: Prism, with the command the mock named', () => run(npm, args, partner, partnerEnv()));
  }, 300_000);

  it('the partner install holds no @stoplight or @scarf package', () => {
    expect(installed).toBe('');
  });

  it('--validation prism without Prism refuses to start, naming the mode and the command that installs it', () => {
    expect(refusal).toMatch(
      /store-api-mock: --validation prism \(validation: 'prism', formerly --strict\) needs Prism, an optional peer dependency of @store-api\/mock .*; install it with: npm install --save-dev @stoplight\/prism-core@\S+ @stoplight\/prism-http@\S+ @stoplight\/prism-http-server@\S+\n/,
    );
  });

  it("with that command run, validation: 'prism' answers an empty syncStore body with Prism's 422", async () => {
    const script = `const { startMock } = await import('@store-api/mock');
const mock = await startMock({ validation: 'prism' });
const headers = { 'content-type': 'application/json', 'client-id': 'X', 'request-time': '2023-08-28T22:16:07+08:00', signature: 'algorithm=RSA256,signature=abc' };
const answer = await fetch(mock.url + '/v2/pos/syncStore', { method: 'POST', headers, body: '{}' });
console.log(answer.status);
await mock.close();`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], partner, partnerEnv());
    expect(stdout.trim()).toBe('422');
  }, 60_000);
});

describe.skipIf(!enabled)('install-time telemetry (@scarf/scarf, through Prism)', () => {
  const noOptOut = { SCARF_ANALYTICS: undefined, SCARF_NO_ANALYTICS: undefined, DO_NOT_TRACK: undefined };
  const RAN = /> @scarf\/scarf@[^\n]* postinstall/;
  const OPTED_OUT = /Error: (User has opted out|Scarf has been disabled via a package\.json)/;

  /**
   * Runs scarf's postinstall again (`npm rebuild`), verbose, and says what it did: not run, opted out, or reported.
   * Scarf gives up silently when its own `npm ls` takes over 3 s (a loaded machine), which would pass every opt-out
   * case below for the wrong reason and fail the control: such a run is tried again, at most ATTEMPTS times (with
   * Prism's tree installed and two busy loops beside CI, 3 tries all ran past scarf's 3 s).
   */
  const ATTEMPTS = 8;
  async function rebuildScarf(args: string[], env: Record<string, string | undefined>) {
    let log = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      scarfReports.length = 0;
      const { stdout, stderr } = await run(
        'npm',
        ['rebuild', '@scarf/scarf', '--foreground-scripts', ...args],
        partner,
        partnerEnv({ ...env, SCARF_VERBOSE: 'true' }),
      );
      log = `${stdout}\n${stderr}`;
      const ran = RAN.test(log);
      if (!ran) return { ran, optedOut: false, reports: [...scarfReports], log };
      if (OPTED_OUT.test(log) || scarfReports.length > 0)
        return { ran, optedOut: OPTED_OUT.test(log), reports: [...scarfReports], log };
    }
    throw new Error(`scarf neither reported nor opted out in ${ATTEMPTS} runs (its npm ls over 3 s?):\n${log}`);
  }

  // On a fresh install scarf 1.4 also stays silent by itself ("the package depending on Scarf is the root package
  // being installed"): the cases below run its postinstall again with `npm rebuild`, where the control reports.
  it('the partner install, SCARF_ANALYTICS=false: scarf installed, nothing reported', () => {
    expect(existsSync(join(partner, 'node_modules/@scarf/scarf/report.js'))).toBe(true);
    expect(scarfReports).toEqual([]);
  });

  it('SCARF_ANALYTICS=false: scarf runs, opts out and reports nothing', async () => {
    const scarf = await rebuildScarf([], { ...noOptOut, SCARF_ANALYTICS: 'false' });
    expect(scarf).toMatchObject({ ran: true, optedOut: true, reports: [] });
  }, 120_000);

  it('scarf is the only install script in the tree, so --ignore-scripts costs a partner nothing', () => {
    const lock = JSON.parse(readFileSync(join(partner, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>;
    };
    const scripted = Object.entries(lock.packages).filter(([, entry]) => entry.hasInstallScript === true);
    expect(scripted.map(([path]) => path)).toEqual(['node_modules/@scarf/scarf']);
  });

  it('the control: without an opt-out, scarf reports (here, to a recorder on 127.0.0.1)', async () => {
    const scarf = await rebuildScarf([], noOptOut);
    expect(scarf).toMatchObject({ ran: true, optedOut: false });
    expect(scarf.reports).toContain('POST /package-event/install');
  }, 120_000);

  it('npm --ignore-scripts: scarf never runs', async () => {
    expect(await rebuildScarf(['--ignore-scripts'], noOptOut)).toMatchObject({ ran: false, reports: [] });
  }, 120_000);

  /** Rebuilds scarf with no opt-out in the environment, the project's package.json given `fields` meanwhile. */
  async function rebuildWith(fields: Record<string, unknown>) {
    const file = join(partner, 'package.json');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(original), ...fields }));
    try {
      return await rebuildScarf([], noOptOut);
    } finally {
      writeFileSync(file, original);
    }
  }

  it('"allowScripts": { "@scarf/scarf": false } in the project (npm 11): scarf never runs', async () => {
    expect(await rebuildWith({ allowScripts: { '@scarf/scarf': false } })).toMatchObject({ ran: false, reports: [] });
  }, 120_000);

  it('"scarfSettings": { "enabled": false } in the project: scarf runs, opts out and reports nothing', async () => {
    expect(await rebuildWith({ scarfSettings: { enabled: false } })).toMatchObject({
      ran: true,
      optedOut: true,
      reports: [],
    });
  }, 120_000);
});

describe.skipIf(!enabled).each(VERSIONS)('the partner project on Node %s', (version) => {
  let mock: ChildProcess | undefined;
  let banner = '';
  let mockUrl = '';
  const node = () => nodes[version] ?? '';
  const call = async (args: string[]) => {
    const { stdout } = await run(node(), [...args, mockUrl], partner, partnerEnv({}, node()));
    return JSON.parse(stdout) as unknown;
  };

  beforeAll(async () => {
    // The mock checks every request's signature against the partner's public key.
    mock = spawn('npx', ['store-api-mock', '--port', '0', '--client', `${CLIENT_ID}=public.pem`], {
      cwd: partner,
      env: partnerEnv({}, node()),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    mock.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    mockUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 30 s\n${banner}\n${errors}`)), 30_000);
      mock?.stdout?.on('data', (chunk: Buffer) => {
        banner += chunk.toString();
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
        if (url !== undefined) {
          clearTimeout(timer);
          resolve(url);
        }
      });
      mock?.once('exit', (code) => reject(new Error(`store-api-mock exited with ${code}\n${banner}\n${errors}`)));
    });
    const key = await fetch(`${mockUrl}/__admin/platform-key`);
    writeFileSync(join(partner, 'platform.pem'), await key.text());
  }, 60_000);

  afterAll(async () => {
    if (mock?.pid === undefined || mock.exitCode !== null) return;
    const exited = new Promise((resolve) => mock?.once('exit', resolve));
    process.kill(-mock.pid, 'SIGTERM');
    const timer = setTimeout(() => mock?.pid !== undefined && process.kill(-mock.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }, 20_000);

  it('runs that Node', async () => {
    const { stdout } = await run(node(), ['--version'], partner, partnerEnv({}, node()));
    expect(stdout).toMatch(new RegExp(`^v${version}\\.`));
  });

  it('npx store-api --help prints its commands', async () => {
    const { stdout } = await run('npx', ['store-api', '--help'], partner, partnerEnv({}, node()));
    expect(stdout).toMatch(/keygen/);
    expect(stdout).toMatch(/verify/);
  }, 60_000);

  it('npx store-api-mock serves: its banner names both operations, and its admin API answers', async () => {
    expect(banner).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/v2\/pos\/syncStore/);
    expect(readFileSync(join(partner, 'platform.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('ESM: a signed syncStore gets SUCCESS, its answer verified with the mock platform key', async () => {
    expect(await call(['call.mjs'])).toEqual({ status: 'S', code: 'SUCCESS' });
  }, 60_000);

  it('TypeScript --strict (compiled by the workspace tsc): the same call, typed', async () => {
    expect(await call(['out/call.mjs'])).toEqual({ status: 'S', code: 'SUCCESS' });
  }, 60_000);

  // --no-experimental-require-module: require(esm) would load an ESM-only client on these Nodes; jest's CommonJS
  // loader cannot, so neither may this.
  it('CommonJS (require, require(esm) off): the same call', async () => {
    expect(await call(['--no-experimental-require-module', 'call.cjs'])).toEqual({ status: 'S', code: 'SUCCESS' });
  }, 60_000);

  it('TypeScript --strict, CommonJS (.cts, its types from the require condition): the same call', async () => {
    expect(await call(['--no-experimental-require-module', 'out/call.cjs'])).toEqual({ status: 'S', code: 'SUCCESS' });
  }, 60_000);
});

describe.skipIf(!enabled)('a second release', () => {
  it('a patch changeset, npm run version and npm run release: npm update brings every package to it', async () => {
    const first = releasedVersion;
    writeFileSync(
      join(repo, '.changeset/registry-test-patch.md'),
      "---\n'@store-api/signing': patch\n---\n\nA patch release made by the registry test.\n",
    );
    await release('second release');
    const [major, minor, patch] = first.split('.').map(Number);
    expect(releasedVersion).toBe(`${major}.${minor}.${(patch ?? 0) + 1}`);
    await timed('partner: npm update', () => run('npm', ['update'], partner, partnerEnv()));
    expect(installedVersions()).toEqual(Object.fromEntries(PACKAGES.map((name) => [name, releasedVersion])));
    const { stdout } = await run('npm', ['view', '@store-api/client@latest', 'version'], partner, partnerEnv());
    expect(stdout.trim()).toBe(releasedVersion);
  }, 300_000);
});

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}
