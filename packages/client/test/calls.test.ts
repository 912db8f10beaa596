// A call from end to end through an injected fetch: where it goes, which fetch sends it, how an abort or a timeout
// is told from a network failure whatever error fetch reports it with, and the raw client's every method.
import { generateRsaKeyPair } from '@store-api/test-support';
import type { Middleware } from 'openapi-fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, createStoreClient, NetworkError, type StoreClientOptions, TimeoutError } from '../src/index.js';
import replies from './fixtures/replies.json' with { type: 'json' };
import { json, type Scripted, scriptedFetch } from './support/fetch.js';

const partner = generateRsaKeyPair();
const body = { requestId: 'req-call', posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' as const } };
const HOUR = 3_600_000;
const credentials = { clientId: 'TEST_5X00000000000000', privateKey: partner.privateKey };

const clientFor = (script: Scripted[], extra: Partial<StoreClientOptions> = {}) => {
  const scripted = scriptedFetch(...script);
  const client = createStoreClient({
    ...credentials,
    baseUrl: 'http://127.0.0.1:4010',
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    fetch: scripted.fetch,
    ...extra,
  });
  return { client, calls: scripted.calls };
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('where a call goes', () => {
  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010/v2/pos/syncStore'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010/v2/pos/syncStore'],
    ['http://127.0.0.1:4010//', 'http://127.0.0.1:4010/v2/pos/syncStore'],
    ['https://gateway.example/prefix/', 'https://gateway.example/prefix/v2/pos/syncStore'],
  ])('baseUrl %s: %s', async (baseUrl, url) => {
    const { client, calls } = clientFor([json(replies.success)], { baseUrl });
    await client.syncStore(body);
    expect(calls.map((c) => c.url)).toEqual([url]);
  });

  it('sends a call’s own headers over the client’s, signed', async () => {
    const { client, calls } = clientFor([json(replies.success)]);
    await client.updateStore({ storeId: '1' }, { headers: { 'Content-Type': 'application/json', Prefer: 'x' } });
    const headers = new Headers(calls[0]?.init.headers);
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('prefer')).toBe('x');
    expect(calls[0]?.url).toBe('http://127.0.0.1:4010/v2/pds/store/updateStore');
  });
});

describe('which fetch sends it', () => {
  it('the platform’s fetch as it is when the call is made, not when the client was', async () => {
    const client = createStoreClient({ ...credentials, baseUrl: 'http://127.0.0.1:4010', retry: false });
    const scripted = scriptedFetch(json(replies.success));
    vi.stubGlobal('fetch', scripted.fetch);
    expect(await client.syncStore(body)).toMatchObject({ status: 'S' });
    expect(scripted.calls).toHaveLength(1);
  });

  it('refuses options that are not an object, naming them', () => {
    for (const options of [null, undefined, 'http://127.0.0.1:4010'])
      expect(() => createStoreClient(options as never)).toThrow(
        expect.objectContaining({
          kind: 'configuration',
          option: 'options',
          message: 'createStoreClient: options must be an object',
        }),
      );
  });
});

describe('an abort or a timeout, whatever error fetch reports it with', () => {
  /** A fetch that, like some wrappers, reports its request aborted as its own network failure. */
  const reportsAbortAsFailure: Scripted = (init) =>
    new Promise((_resolve, reject) =>
      init.signal?.addEventListener('abort', () => reject(new TypeError('fetch failed')), { once: true }),
    );

  it('is aborted when the caller aborted, and not retried', async () => {
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const onRetry = vi.fn();
    const { client, calls } = clientFor([reportsAbortAsFailure], {
      timeoutMs: HOUR,
      onRequest: () => queueMicrotask(() => controller.abort(reason)),
      onRetry,
    });
    const error = await client.syncStore(body, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ attempts: 1, cause: reason });
    expect(calls).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('is an attempt timeout when the attempt ran out of time, and retried', async () => {
    // Generous: the second attempt must sign and answer within the same timeoutMs, however loaded the machine.
    const { client, calls } = clientFor([reportsAbortAsFailure, json(replies.success)], { timeoutMs: 1_000 });
    expect(await client.syncStore(body)).toMatchObject({ status: 'S', attempts: 2 });
    expect(calls).toHaveLength(2);
  });

  it('is a deadline timeout when the call ran out of time, and not retried', async () => {
    const { client, calls } = clientFor([reportsAbortAsFailure], {
      timeoutMs: HOUR,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 20 },
    });
    const error = await client.syncStore(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ scope: 'deadline', ms: 20, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('is a network failure otherwise', async () => {
    const { client, calls } = clientFor([new TypeError('fetch failed')], { timeoutMs: HOUR });
    await expect(client.syncStore(body)).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toHaveLength(3);
  });

  it('ends at once when the deadline has already passed', async () => {
    const { client, calls } = clientFor(['hang'], {
      timeoutMs: HOUR,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, deadlineMs: 0 },
    });
    await expect(client.syncStore(body)).rejects.toMatchObject({ kind: 'timeout', scope: 'deadline', ms: 0 });
    expect(calls).toHaveLength(1);
  });
});

describe('client.raw', () => {
  it.each(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH'] as const)(
    'forwards %s to openapi-fetch, signed',
    async (method) => {
      const { client, calls } = clientFor([new Response(null, { status: 200 })], { retry: false });
      const call = client.raw[method] as (path: string) => Promise<{ response: Response }>;
      const { response } = await call('/v2/anything');
      expect(response.status).toBe(200);
      expect(calls[0]?.init.method).toBe(method);
      expect(new Headers(calls[0]?.init.headers).get('signature')).toMatch(/^algorithm=RSA256/);
    },
  );

  it('forwards TRACE to openapi-fetch, whose Request refuses it (as fetch does): nothing is sent', async () => {
    const { client, calls } = clientFor([new Response(null, { status: 200 })], { retry: false });
    const trace = client.raw.TRACE as (path: string) => Promise<unknown>;
    await expect(trace('/v2/anything')).rejects.toThrow(/'TRACE' HTTP method is unsupported/);
    expect(calls).toHaveLength(0);
  });

  it('forwards request(method, path)', async () => {
    const { client, calls } = clientFor([new Response(null, { status: 200 })], { retry: false });
    await client.raw.request('put' as never, '/v2/anything' as never);
    expect(calls[0]?.init.method).toBe('PUT');
  });

  it('takes middleware with only onResponse or only onError before it has loaded', async () => {
    const seen: string[] = [];
    const { client } = clientFor([json(replies.success)], { retry: false });
    const onResponse: Middleware = { onResponse: () => void seen.push('response') };
    const onError: Middleware = { onError: () => void seen.push('error') };
    client.raw.use(onResponse, onError);
    await client.raw.POST('/v2/pds/store/updateStore', { body: { storeId: '1' } });
    expect(seen).toEqual(['response']);
  });

  it.each([
    ['null', null],
    ['a function', () => undefined],
    ['an object with none of the three', { onrequest: () => undefined }],
  ])('refuses %s as middleware before it has loaded', (_what, middleware) => {
    const { client } = clientFor([json(replies.success)]);
    expect(() => client.raw.use(middleware as never)).toThrow(
      'raw.use: a middleware is an object with onRequest(), onResponse() or onError()',
    );
  });

  it('ejects what was never registered without a word, before it has loaded as after (as openapi-fetch does)', async () => {
    const { client, calls } = clientFor([json(replies.success)], { retry: false });
    expect(() => client.raw.eject(null as never)).not.toThrow();
    await client.raw.POST('/v2/pds/store/updateStore', { body: { storeId: '1' } });
    expect(() => client.raw.eject(null as never)).not.toThrow();
    expect(calls).toHaveLength(1);
  });

  it('queues up to 100 registrations before it has loaded', () => {
    const { client } = clientFor([json(replies.success)]);
    const middleware: Middleware = { onRequest: () => undefined };
    for (let i = 0; i < 100; i++) client.raw.use(middleware);
    expect(() => client.raw.use(middleware)).toThrow(
      new RangeError('raw.use: more than 100 calls before openapi-fetch loaded'),
    );
  });
});
