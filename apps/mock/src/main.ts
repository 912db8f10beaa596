#!/usr/bin/env node
// store-api-mock: serve the contract's mock on 127.0.0.1, or check a real API through a contract proxy.
//   store-api-mock [--port 4010] [--strict] [--warnings-as-errors] [--sign-responses] [--client CLIENT_ID=public-key.pem ...]
//   store-api-mock proxy <upstream-url> [--port 4010]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type MockServer, startMock, startProxy } from '@store-api/mock';
import { docsLocation } from './docs.js';

const USAGE = `usage:
  store-api-mock [--port N] [--strict] [--warnings-as-errors] [--sign-responses] [--client CLIENT_ID=public-key.pem ...]
  store-api-mock proxy <upstream-url> [--port N]
The port defaults to $PORT, else 4010.`;

function fail(message: string): never {
  console.error(`store-api-mock: ${message}\n${USAGE}`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        strict: { type: 'boolean', default: false },
        'warnings-as-errors': { type: 'boolean', default: false },
        'sign-responses': { type: 'boolean', default: false },
        client: { type: 'string', multiple: true, default: [] },
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
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  fail(`--port must be a whole number from 0 to 65535 (got ${JSON.stringify(portText)})`);

async function serveMock(): Promise<{ close(): Promise<void> }> {
  const clients: Record<string, string> = {};
  for (const entry of values.client) {
    const at = entry.indexOf('=');
    if (at < 1) fail(`--client must be CLIENT_ID=path/to/public-key.pem (got ${JSON.stringify(entry)})`);
    clients[entry.slice(0, at)] = readFileSync(entry.slice(at + 1), 'utf8');
  }
  const mock: MockServer = await startMock({
    port,
    validation: values.strict ? 'strict' : 'gateway',
    signResponses: values['sign-responses'],
    warningsAsErrors: values['warnings-as-errors'],
    ...(values.client.length > 0 ? { clients } : {}),
  });
  console.log(`Store API mock listening on ${mock.url}`);
  console.log(`  POST ${mock.url}/v2/pos/syncStore        outcomes: ${mock.outcomes.syncStore?.join(', ')}`);
  console.log(`  POST ${mock.url}/v2/pds/store/updateStore outcomes: ${mock.outcomes.updateStore?.join(', ')}`);
  console.log('  choose an outcome with the header  Prefer: example=<outcome>  (default SUCCESS)');
  console.log(
    `  invalid requests: ${values.strict ? "Prism's 401/422 problem documents (--strict)" : 'HTTP 200 with PARAM_ILLEGAL or INVALID_SIGNATURE, as the real API'}`,
  );
  console.log(
    `  unknown fields in objects the vendor leaves open: ${values['warnings-as-errors'] ? 'PARAM_ILLEGAL (--warnings-as-errors)' : 'let through, named in the x-mock-warnings header'}`,
  );
  console.log(
    `  signatures: ${values.client.length > 0 ? `verified for ${Object.keys(clients).join(', ')}` : 'presence checked, not verified (--client ID=key.pem to verify)'}`,
  );
  if (mock.platformPublicKey !== undefined)
    console.log(`  responses signed; platform public key:\n${mock.platformPublicKey}`);
  console.log(`  docs: ${docsLocation()}`);
  return mock;
}

async function serveProxy(upstream: string | undefined): Promise<{ close(): Promise<void> }> {
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
