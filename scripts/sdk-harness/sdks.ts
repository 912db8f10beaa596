// The four vendor SDKs: where each one's client code sits in its tree, how to build it from Debian's toolchains
// and jars (no Maven Central, PyPI or Go proxy), how to run this repo's driver for it, and what it needs on the wire.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type SdkId = 'java' | 'python' | 'php' | 'go';
export const SDK_IDS: readonly SdkId[] = ['java', 'python', 'php', 'go'];

const DRIVERS = resolve(import.meta.dirname, 'drivers');

export interface BuiltSdk {
  readonly id: SdkId;
  readonly name: string;
  readonly version: string;
  readonly commit: string;
  /** The command that runs the driver on a job file, and its extra environment. */
  command(jobFile: string): { file: string; args: string[]; env: Record<string, string> };
  /** Dials only https:// (Java, Python): the harness puts a TLS front before a plain mock. */
  readonly httpsOnly: boolean;
  /** Always dials this port whatever the URL says (Python: 443). */
  readonly fixedPort?: number;
  /** What had to be done differently from the SDK's own build, said in the table's notes. */
  readonly buildNotes: readonly string[];
}

export class SdkUnavailable extends Error {
  readonly kind = 'sdk-unavailable';
}

const has = (file: string, args: string[]) => spawnSync(file, args, { stdio: 'ignore' }).status === 0;
const commitOf = (dir: string) => {
  const r = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown (not a git clone)';
};
const match = (file: string, pattern: RegExp) => pattern.exec(readFileSync(file, 'utf8'))?.[1] ?? 'unknown';

function listJava(dir: string, skip: (path: string) => boolean, into: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) listJava(path, skip, into);
    else if (path.endsWith('.java') && !skip(path)) into.push(path);
  }
  return into;
}

// Debian's packages for the Java SDK's Maven dependencies (fastjson has none: see drivers/java/fastjson-stand-in).
const JAVA_JARS = [
  'commons-lang3',
  'commons-codec',
  'jackson-databind',
  'jackson-core',
  'jackson-annotations',
  'httpclient5',
  'httpcore5',
  'httpcore5-h2',
  'bcprov',
  'geronimo-validation-1.1-spec',
  'lombok',
].map((name) => `/usr/share/java/${name}.jar`);

function buildJava(tree: string, work: string): BuiltSdk {
  if (!has('javac', ['-version']) || !has('java', ['-version']))
    throw new SdkUnavailable('needs javac and java (apt-get install openjdk-17-jdk-headless)');
  const missing = JAVA_JARS.filter((jar) => !existsSync(jar));
  if (missing.length > 0)
    throw new SdkUnavailable(
      `needs ${missing.join(', ')} (apt-get install libcommons-lang3-java libcommons-codec-java libjackson2-databind-java libhttpclient5-java libhttpcore5-java libbcprov-java libgeronimo-validation-1.1-spec-java liblombok-java)`,
    );
  const src = join(tree, 'src/main/java');
  const classes = join(work, 'classes');
  mkdirSync(classes, { recursive: true });
  // Every source named on the command line (javac runs lombok only on those), but the examples and the one class
  // Debian's httpclient5 5.2 cannot compile, replaced by drivers/java/http2-stand-in.
  const sources = [
    ...listJava(src, (p) => p.includes('/example/') || p.endsWith('/Http2JsonTransport.java')),
    ...listJava(join(DRIVERS, 'java'), () => false),
  ];
  writeFileSync(join(work, 'sources.txt'), sources.join('\n'));
  const classpath = JAVA_JARS.join(':');
  execFileSync(
    'javac',
    ['-nowarn', '-encoding', 'UTF-8', '-d', classes, '-cp', classpath, `@${join(work, 'sources.txt')}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const version = match(
    join(tree, 'pom.xml'),
    /<artifactId>global-open-sdk-java<\/artifactId>[\s\S]*?<version>([^<]+)/,
  );
  // Maven's resource filtering, which puts the version into the SDK's User-Agent.
  const properties = join(classes, 'com/alipay/global/api/tools');
  mkdirSync(properties, { recursive: true });
  writeFileSync(join(properties, 'sdk-version.properties'), `sdk.version=${version}\n`);
  return {
    id: 'java',
    name: 'global-open-sdk-java',
    version,
    commit: commitOf(tree),
    httpsOnly: true,
    buildNotes: [
      'fastjson is not in Debian: its 3 calls are served by our Jackson-backed stand-in (fastjson defaults: properties sorted, nulls left out), so the body bytes are the stand-in’s',
      'Http2JsonTransport (meter/uploadEvent over HTTP/2 only) replaced by a stand-in: Debian’s httpclient5 5.2 lacks disableContentCompression',
    ],
    command: (job) => ({ file: 'java', args: ['-cp', `${classes}:${classpath}`, 'StoreDriver', job], env: {} }),
  };
}

function buildPython(tree: string): BuiltSdk {
  // Debian's python3 with python3-cryptography and python3-rsa; `python3` on the PATH may be another interpreter.
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  if (!has(python, ['-c', 'import cryptography, rsa']))
    throw new SdkUnavailable(
      'needs python3 with cryptography and rsa (apt-get install python3-cryptography python3-rsa)',
    );
  return {
    id: 'python',
    name: 'global-open-sdk-python',
    version: match(join(tree, 'com/alipay/ams/api/_version.py'), /VERSION = "([^"]+)"/),
    commit: commitOf(tree),
    httpsOnly: true,
    fixedPort: 443,
    buildNotes: [],
    command: (job) => ({ file: python, args: [join(DRIVERS, 'python/driver.py'), job], env: { PYTHONPATH: tree } }),
  };
}

function buildPhp(tree: string): BuiltSdk {
  if (!has('php', ['-r', 'exit(function_exists("curl_init") && function_exists("openssl_sign") ? 0 : 1);']))
    throw new SdkUnavailable('needs php with curl and openssl (apt-get install php-cli php-curl)');
  return {
    id: 'php',
    name: 'global-open-sdk-php',
    version: match(join(tree, 'client/SdkVersion.php'), /VERSION = '([^']+)'/),
    commit: commitOf(tree),
    httpsOnly: false,
    buildNotes: [],
    command: (job) => ({ file: 'php', args: [join(DRIVERS, 'php/driver.php'), tree, job], env: {} }),
  };
}

/** A Go of at least 1.22 (the SDK's go.mod says 1.22.5): the PATH's, or Debian's golang-1.2x from backports. */
function findGo(): string | undefined {
  const candidates = ['go', ...['1.25', '1.24', '1.23', '1.22'].map((v) => `/usr/lib/go-${v}/bin/go`)];
  for (const go of candidates) {
    const r = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
    const [, minor] = /^go1\.(\d+)/.exec(r.stdout ?? '') ?? [];
    if (r.status === 0 && Number(minor) >= 22) return go;
  }
  return undefined;
}

function buildGo(tree: string, work: string): BuiltSdk {
  const go = findGo();
  if (go === undefined)
    throw new SdkUnavailable(
      'needs Go 1.22 or later (bookworm-backports: apt-get install -t bookworm-backports golang-1.23-go)',
    );
  // The SDK's only module dependency (google/uuid, used by its examples) from Debian's source package.
  const uuid = '/usr/share/gocode/src/github.com/google/uuid';
  if (!existsSync(join(uuid, 'go.mod')))
    throw new SdkUnavailable('needs github.com/google/uuid (apt-get install golang-github-google-uuid-dev)');
  const dir = join(work, 'go');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.go'), readFileSync(join(DRIVERS, 'go/main.go')));
  writeFileSync(
    join(dir, 'go.mod'),
    `module sdkharness\n\ngo 1.22.5\n\nrequire github.com/alipay/global-open-sdk-go v0.0.0\n\n` +
      `replace github.com/alipay/global-open-sdk-go => ${tree}\n\nreplace github.com/google/uuid => ${uuid}\n`,
  );
  const binary = join(dir, 'driver');
  execFileSync(go, ['build', '-o', binary, '.'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      GOFLAGS: '-mod=mod',
      GOPROXY: 'off',
      GOSUMDB: 'off',
      GOTOOLCHAIN: 'local',
      GOCACHE: join(tmpdir(), 'sdk-harness-gocache'), // kept between runs: a cold build takes about 40 s
      GOPATH: join(work, 'gopath'),
    },
  });
  return {
    id: 'go',
    name: 'global-open-sdk-go',
    version: match(join(tree, 'com/alipay/api/sdk_version.go'), /SDKVersion = "([^"]+)"/),
    commit: commitOf(tree),
    httpsOnly: false,
    buildNotes: [],
    command: (job) => ({ file: binary, args: [job], env: {} }),
  };
}

export function buildSdk(id: SdkId, tree: string, work: string): BuiltSdk {
  mkdirSync(work, { recursive: true });
  switch (id) {
    case 'java':
      return buildJava(tree, work);
    case 'python':
      return buildPython(tree);
    case 'php':
      return buildPhp(tree);
    case 'go':
      return buildGo(tree, work);
  }
}
