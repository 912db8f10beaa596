// Environments by name, from the spec's servers: each operation goes to its own server there. And the dispatcher
// (undici's: a proxy, a pool) reaches fetch.
import { readFileSync } from 'node:fs';
import { generateRsaKeyPair, type ScriptedServer, startScriptedServer } from '@store-api/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { ENVIRONMENTS } from '../src/generated/result-codes.js';
import { createStoreClient, type DispatcherLike, type Environment } from '../src/index.js';
import replies from './fixtures/replies.json' with { type: 'json' };

const partner = generateRsaKeyPair();
const syncBody = {
  requestId: 'req-0001',
  posAccountId: 'pos_account_id_001',
  store: { posStoreId: 'pos_store_id_001' },
};
const updateBody = { storeId: '000000032', name: 'MOM FOOD' };
const credentials = { clientId: 'TEST_5X00000000000000', privateKey: partner.privateKey };

/** A client in `environment` whose fetch records the URLs it was asked for. */
function recording(environment: Environment) {
  const urls: string[] = [];
  const client = createStoreClient({
    ...credentials,
    environment,
    retry: false,
    fetch: async (url) => {
      urls.push(url);
      return Response.json(replies.success);
    },
  });
  return { client, urls };
}

describe('environments by name', () => {
  it.each([
    ['production-sea', 'https://open-sea-global.alipayplus.com', 'https://open-sea.alipayplus.com'],
    ['local', 'http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ] as const)('sends each operation to its %s server', async (environment, syncServer, updateServer) => {
    const { client, urls } = recording(environment);
    await client.syncStore(syncBody);
    await client.updateStore(updateBody);
    expect(urls).toEqual([`${syncServer}/v2/pos/syncStore`, `${updateServer}/v2/pds/store/updateStore`]);
  });

  it('sends raw calls to the environment’s server for their path', async () => {
    const { client, urls } = recording('production-sea');
    await client.raw.POST('/v2/pds/store/updateStore', { body: updateBody });
    await client.raw.POST('/v2/pos/syncStore', { body: syncBody });
    expect(urls).toEqual([
      'https://open-sea.alipayplus.com/v2/pds/store/updateStore',
      'https://open-sea-global.alipayplus.com/v2/pos/syncStore',
    ]);
  });

  it('refuses an operation the environment has no server for, naming the option, with no request sent', async () => {
    const { client, urls } = recording('sandbox');
    await expect(client.syncStore(syncBody)).rejects.toMatchObject({
      kind: 'configuration',
      option: 'environment',
      message: 'syncStore: environment sandbox has no syncStore server in the contract; give baseUrl instead',
    });
    await client.updateStore(updateBody);
    expect(urls).toEqual(['https://open-sea-pre.alipayplus.com/v2/pds/store/updateStore']);
  });

  it('holds every server of the bundle, and no other', () => {
    // The oracle: the bundle's own servers, each templated URL at its variables' defaults.
    type Server = { url: string; variables?: Record<string, { default: string }> };
    const bundle: { servers: Server[]; paths: Record<string, { servers?: Server[] }> } = JSON.parse(
      readFileSync(new URL('../../../spec/dist/openapi.json', import.meta.url), 'utf8'),
    );
    const want = new Set<string>();
    for (const [path, item] of Object.entries(bundle.paths))
      for (const { url, variables = {} } of item.servers ?? bundle.servers)
        want.add(`${path} ${url.replace(/\{(\w+)\}/g, (_, name: string) => variables[name]?.default ?? '')}`);
    const have = new Set(
      Object.values(ENVIRONMENTS).flatMap((servers) => Object.entries(servers).map(([path, url]) => `${path} ${url}`)),
    );
    expect(have).toEqual(want);
  });
});

describe('dispatcher', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('gives fetch the dispatcher, on every attempt', async () => {
    const dispatcher: DispatcherLike = { dispatch: () => true };
    const seen: unknown[] = [];
    const client = createStoreClient({
      ...credentials,
      baseUrl: 'http://127.0.0.1:4010',
      dispatcher,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      fetch: async (_url, init) => {
        seen.push((init as { dispatcher?: unknown }).dispatcher);
        return Response.json(seen.length === 1 ? replies.unknown : replies.success);
      },
    });
    await client.syncStore(syncBody);
    expect(seen).toEqual([dispatcher, dispatcher]);
  });

  it("routes Node's own fetch through it", async () => {
    server = await startScriptedServer([{ body: replies.success }]);
    await fetch(server.url).then((r) => r.arrayBuffer()); // Node's fetch makes its global dispatcher on first use
    const global = (globalThis as Record<symbol, { dispatch(...a: unknown[]): boolean }>)[
      Symbol.for('undici.globalDispatcher.1')
    ];
    if (global === undefined) throw new Error("Node's fetch has no global dispatcher to delegate to");
    const dispatched: string[] = [];
    const dispatcher = {
      dispatch(options: { origin: string; path: string }, handler: unknown) {
        dispatched.push(`${options.origin}${options.path}`);
        return global.dispatch(options, handler);
      },
    };
    const client = createStoreClient({ ...credentials, baseUrl: server.url, dispatcher, retry: false });
    expect(await client.syncStore(syncBody)).toMatchObject({ status: 'S' });
    expect(dispatched).toEqual([`${server.url}/v2/pos/syncStore`]);
  });
});
