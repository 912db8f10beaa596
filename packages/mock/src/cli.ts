// store-api-mock: serve the contract's mock on 127.0.0.1, or check a real API through a contract proxy.
//   store-api-mock [--port 4010] [--tls] [--validation gateway|prism] [--warnings-as-errors] [--client ID=public-key.pem ...]
//                  [--platform-key private-key.pem | --unsigned-responses] [--unknown-stores accept|fail]
//                  [--cors local|any|off|<origin>|null,...]
//   store-api-mock proxy <upstream-url> [--port 4010]
// The package's bin runs it; the repo's `npm start` runs it with the path of the built docs.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type CorsOption, GRACE_MS } from './http.js';
import { type ContractProxy, startProxy } from './proxy.js';
import { type MockServer, startMock } from './server.js';

const USAGE = `usage:
  store-api-mock [--port N] [--tls] [--validation gateway|prism] [--warnings-as-errors] [--client ID=public-key.pem ...]
                 [--platform-key private-key.pem | --unsigned-responses] [--unknown-stores accept|fail]
                 [--cors local|any|off|<origin>|null,...] [--allow-host NAME ...] [--admin-token TOKEN]
  store-api-mock proxy <upstream-url> [--port N]
The port defaults to $PORT, else 4010. Answers are signed with the published mock platform key (a PUBLIC TEST KEY,
served at /__admin/platform-key) unless --platform-key or --unsigned-responses says otherwise. --validation gateway
(the default) answers invalid requests as the real API does, prism with Prism's 401/422 (--strict is its old name).`;

export interface CliOptions {
  /** Where the reference docs are, printed at start. */
  readonly docs?: string;
}

function fail(message: string): never {
  console.error(`store-api-mock: ${message}\n${USAGE}`);
  process.exit(2);
}

function corsOption(text: string | undefined): CorsOption | undefined {
  if (text === undefined || text === 'local') return undefined;
  if (text === 'any') return true;
  if (text === 'off') return false;
  // A list may name `local` (this machine's pages) and `null` (pages opened from a file: the store API only).
  const origins = text.split(',').map((o) => o.trim());
  for (const origin of origins)
    if (origin !== 'local' && origin !== 'null' && !/^https?:\/\/[^/\s]+$/.test(origin))
      fail(
        `--cors takes local, any, off, or a list of origins like http://localhost:3000, local and null (file pages, the store API only) (got ${JSON.stringify(origin)})`,
      );
  return origins;
}

/** The most a key file may hold: a 4096-bit RSA key in PEM is about 3.3 KB. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/** A key file's text, or exit naming the flag, the file and what is wrong with it. */
function readKeyFile(flag: string, path: string): string {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (error) {
    return fail(`${flag}: cannot read ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code}`);
  }
  if (stat.isDirectory()) fail(`${flag}: ${JSON.stringify(path)} is a directory, not a key file`);
  if (stat.size > MAX_KEY_FILE_BYTES)
    fail(`${flag}: ${JSON.stringify(path)} is ${stat.size} bytes, over the ${MAX_KEY_FILE_BYTES} a key file may be`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`${flag}: cannot read ${JSON.stringify(path)}: ${(error as NodeJS.ErrnoException).code}`);
  }
}

/** Undefined when the text is an RSA public key (PEM); else what it is instead. */
function publicKeyProblem(text: string): string | undefined {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    return 'is a private key: give the public key (keep the private one to yourself)';
  try {
    const key = createPublicKey(text);
    return key.asymmetricKeyType === 'rsa' ? undefined : `is a ${key.asymmetricKeyType} key, not an RSA public key`;
  } catch {
    return 'is not a public key in PEM (-----BEGIN PUBLIC KEY-----)';
  }
}

/** Undefined when the text is an RSA private key (PEM); else what it is instead. */
function privateKeyProblem(text: string): string | undefined {
  if (/-----BEGIN [A-Z ]*PUBLIC KEY-----/.test(text))
    return "is a public key: give the platform's private key (the mock signs its answers with it)";
  try {
    const key = createPrivateKey(text);
    return key.asymmetricKeyType === 'rsa' ? undefined : `is a ${key.asymmetricKeyType} key, not an RSA private key`;
  } catch {
    return 'is not a private key in PEM (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)';
  }
}

/** A certificate's SHA-256 fingerprint, as browsers and `openssl x509 -fingerprint` show it. */
function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** Runs the command with these arguments; resolves once the server listens, and stops it on SIGINT or SIGTERM. */
export async function runCli(argv: readonly string[], cli: CliOptions = {}): Promise<void> {
  const { values, positionals } = (() => {
    try {
      return parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
          port: { type: 'string' },
          validation: { type: 'string' },
          // The old name of --validation prism, still taken so older scripts keep working.
          strict: { type: 'boolean', default: false },
          'warnings-as-errors': { type: 'boolean', default: false },
          // Signing is the default now; the flag is still taken so older scripts keep working.
          'sign-responses': { type: 'boolean', default: false },
          'unsigned-responses': { type: 'boolean', default: false },
          'platform-key': { type: 'string' },
          tls: { type: 'boolean', default: false },
          'allow-host': { type: 'string', multiple: true, default: [] },
          'admin-token': { type: 'string' },
          client: { type: 'string', multiple: true, default: [] },
          'unknown-stores': { type: 'string', default: 'accept' },
          cors: { type: 'string' },
          help: { type: 'boolean', default: false },
        },
      });
    } catch (error) {
      return fail((error as Error).message);
    }
  })();
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const portText = values.port ?? process.env.PORT ?? '4010';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65_535)
    fail(`--port must be a whole number from 0 to 65535 (got ${JSON.stringify(portText)})`);
  const unknownStores = values['unknown-stores'];
  if (unknownStores !== 'accept' && unknownStores !== 'fail')
    fail(`--unknown-stores must be accept or fail (got ${JSON.stringify(unknownStores)})`);
  const validationText = values.validation ?? (values.strict ? 'prism' : 'gateway');
  if (validationText !== 'gateway' && validationText !== 'prism')
    fail(`--validation must be gateway or prism (got ${JSON.stringify(validationText)})`);
  const validation: 'gateway' | 'prism' = validationText;
  if (values.strict && values.validation === 'gateway')
    fail('--strict is --validation prism: it cannot be combined with --validation gateway');
  const cors = corsOption(values.cors);
  if (values['unsigned-responses'] && (values['platform-key'] !== undefined || values['sign-responses']))
    fail('--unsigned-responses cannot be combined with --platform-key or --sign-responses');

  async function serveMock(): Promise<MockServer> {
    const clients: Record<string, string> = {};
    for (const entry of values.client) {
      const at = entry.indexOf('=');
      if (at < 1) fail(`--client must be CLIENT_ID=path/to/public-key.pem (got ${JSON.stringify(entry)})`);
      const file = entry.slice(at + 1);
      const text = readKeyFile('--client', file);
      const problem = publicKeyProblem(text);
      if (problem !== undefined) fail(`--client ${entry.slice(0, at)}: ${JSON.stringify(file)} ${problem}`);
      clients[entry.slice(0, at)] = text;
    }
    const keyFile = values['platform-key'];
    const platformPrivateKey = keyFile === undefined ? undefined : readKeyFile('--platform-key', keyFile);
    const keyProblem = platformPrivateKey === undefined ? undefined : privateKeyProblem(platformPrivateKey);
    if (keyProblem !== undefined) fail(`--platform-key: ${JSON.stringify(keyFile)} ${keyProblem}`);
    const token = values['admin-token'];
    if (token !== undefined && !/^[\x21-\x7e]{16,256}$/.test(token))
      fail('--admin-token must be 16 to 256 printable ASCII characters without spaces');
    const mock: MockServer = await startMock({
      port,
      tls: values.tls,
      allowedHosts: values['allow-host'].map((name) => name.toLowerCase()),
      ...(token === undefined ? {} : { adminToken: token }),
      validation,
      signResponses: !values['unsigned-responses'],
      ...(platformPrivateKey === undefined ? {} : { platformPrivateKey }),
      warningsAsErrors: values['warnings-as-errors'],
      unknownStores: unknownStores as 'accept' | 'fail',
      ...(cors === undefined ? {} : { cors }),
      ...(values.client.length > 0 ? { clients } : {}),
    });
    const curlFlag = mock.tlsCertificate === undefined ? '' : ' -k';
    console.log(`Store API mock listening on ${mock.url}`);
    console.log(`  POST ${mock.url}/v2/pos/syncStore        outcomes: ${mock.outcomes.syncStore?.join(', ')}`);
    console.log(`  POST ${mock.url}/v2/pds/store/updateStore outcomes: ${mock.outcomes.updateStore?.join(', ')}`);
    console.log('  choose an outcome with the header  Prefer: example=<outcome>  (default SUCCESS)');
    console.log(
      `  admin API: ${mock.adminUrl} (scripts, request journal, stores, reset, shutdown; ${mock.adminUrl}/openapi.yaml), for this machine's tests${token === undefined ? '' : ' sending authorization: Bearer <--admin-token>'}`,
    );
    console.log(
      `  invalid requests: ${validation === 'prism' ? "Prism's 401/422 problem documents (--validation prism)" : 'HTTP 200 with PARAM_ILLEGAL or INVALID_SIGNATURE, as the real API'}`,
    );
    console.log(
      `  unknown fields in objects the vendor leaves open: ${values['warnings-as-errors'] ? 'PARAM_ILLEGAL (--warnings-as-errors)' : 'let through, named in the x-mock-warnings header'}`,
    );
    console.log(
      `  updateStore of a store the mock does not hold: ${unknownStores === 'fail' ? 'BIZ_ERROR_NO_RETRY (--unknown-stores fail)' : 'accepted with a warning, then held'}`,
    );
    console.log(
      `  signatures: ${values.client.length > 0 ? `verified for ${Object.keys(clients).join(', ')}` : 'presence checked, not verified (--client ID=key.pem to verify)'}`,
    );
    if (mock.platformPublicKey === undefined)
      console.log(
        '  responses: unsigned (--unsigned-responses); the vendor Python and Go SDKs refuse unsigned answers',
      );
    else {
      const which = keyFile === undefined ? 'the published mock platform key (PUBLIC TEST KEY)' : keyFile;
      console.log(`  responses signed with ${which}; its public key, for the SDKs:`);
      console.log(
        `    PEM (the Python SDK's alipay_public_key, @store-api/client's platformPublicKey): curl -s ${mock.adminUrl}/platform-key${curlFlag}`,
      );
      console.log(
        `    bare base64 (the Java, PHP and Go SDKs' alipayPublicKey): curl -s '${mock.adminUrl}/platform-key?format=base64'${curlFlag}`,
      );
    }
    if (mock.tlsCertificate !== undefined)
      console.log(
        `  HTTPS with a certificate made at start for 127.0.0.1, ::1 and localhost (sha256 ${fingerprint(mock.tlsCertificate)}): curl -sk ${mock.adminUrl}/tls-certificate`,
      );
    if (cli.docs !== undefined) console.log(`  docs: ${cli.docs}`);
    return mock;
  }

  async function serveProxy(upstream: string | undefined): Promise<ContractProxy> {
    if (upstream === undefined) fail('proxy needs the upstream URL');
    const proxy = await startProxy({
      upstream,
      port,
      onBreach: (breach) => {
        console.error(`CONTRACT BREACH ${breach.method} ${breach.path} → HTTP ${breach.status}`);
        for (const violation of breach.violations) console.error(`  ${violation}`);
      },
    });
    console.log(`Contract proxy listening on ${proxy.url}, forwarding to ${upstream}; breaches are reported here.`);
    return proxy;
  }

  const [command, ...rest] = positionals;
  const running = await (command === 'proxy'
    ? serveProxy(rest[0])
    : command === undefined
      ? serveMock()
      : fail(`unknown command ${JSON.stringify(command)}`)
  ).catch((error: Error) => fail(error.message));
  // On SIGINT or SIGTERM: stop accepting, let the requests in flight finish (5 s at most), then exit 0.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void running.close({ graceMs: GRACE_MS }).then(() => process.exit(0));
    });
  }
}
