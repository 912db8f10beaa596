// The client's behaviour against a local scripted server: outcomes, retries, timeouts, transport errors and
// response verification.

import { freePort, generateRsaKeyPair, type ScriptedServer, startScriptedServer } from '@store-api/test-support';
import type { Middleware } from 'openapi-fetch';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSignatureHeader,
  createStoreClient,
  formatTime,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  SignatureError,
  type StoreClientOptions,
  TimeoutError,
  verify,
} from '../src/index.js';
import replies from './fixtures/replies.json' with { type: 'json' };

const partner = generateRsaKeyPair();
const platform = generateRsaKeyPair();
const CLIENT_ID = 'TEST_5X00000000000000';
const body = {
  requestId: 'req-0001',
  posAccountId: 'pos_account_id_001',
  store: { posStoreId: 'pos_store_id_001', status: 'OPEN' as const },
};
const fastRetry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, deadlineMs: 5_000 };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (url: string, extra: Partial<StoreClientOptions> = {}) =>
  createStoreClient({ baseUrl: url, clientId: CLIENT_ID, privateKey: partner.privateKey, retry: fastRetry, ...extra });

/** Signs a response as the platform would, for the request it answers. */
async function signedReply(
  request: { method: string; url: string },
  payload: object,
  key = platform.privateKey,
  { clientId = CLIENT_ID, time = formatTime(new Date()) } = {},
) {
  const text = JSON.stringify(payload);
  const signature = await createSignatureHeader(
    { method: request.method, uri: request.url, clientId, time, body: text },
    key,
    1,
  );
  return { body: text, headers: { 'client-id': clientId, 'response-time': time, signature } };
}

describe('outcomes', () => {
  it('resolves S with the code, message and the whole body', async () => {
    server = await startScriptedServer([{ body: { ...replies.success, extra: 'added later' } }]);
    const outcome = await clientFor(server.url).syncStore(body);
    expect(outcome).toMatchObject({ status: 'S', code: 'SUCCESS', message: 'success', known: true, attempts: 1 });
    expect(outcome.body).toMatchObject({ extra: 'added later' });
  });

  it('resolves F with the documented advice for the code, and does not retry', async () => {
    server = await startScriptedServer([{ body: replies.paramIllegal }]);
    const outcome = await clientFor(server.url).syncStore(body);
    expect(outcome).toMatchObject({ status: 'F', code: 'PARAM_ILLEGAL', known: true, attempts: 1 });
    expect(outcome.advice).toMatch(/^Do not retry as is/);
    expect(server.received).toHaveLength(1);
  });

  it('falls back on resultStatus for a code the contract does not document', async () => {
    server = await startScriptedServer([{ body: replies.undocumentedFailure }]);
    const outcome = await clientFor(server.url).updateStore({ storeId: '000000032', name: 'MOM FOOD' });
    expect(outcome).toMatchObject({ status: 'F', code: 'STORE_FROZEN', known: false });
    expect(outcome.advice).toMatch(/do not retry/);
    expect(server.received).toHaveLength(1);
  });

  it('rejects a 200 whose body is not JSON, or has no result, as an invalid response', async () => {
    server = await startScriptedServer([{ body: '<html>gateway</html>' }, { body: replies.noResult }]);
    const client = clientFor(server.url);
    await expect(client.syncStore(body)).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(client.syncStore(body)).rejects.toMatchObject({
      kind: 'invalid-response',
      reason: expect.stringMatching(/result/),
    });
  });
});

describe('requests', () => {
  it('sends Client-Id, Request-Time, a Signature over the exact bytes, and JSON content', async () => {
    server = await startScriptedServer([{ body: replies.success }]);
    await clientFor(server.url, { keyVersion: 1, agentToken: 'agent-1' }).syncStore(body);
    const [request] = server.received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v2/pos/syncStore');
    expect(request?.body).toBe(JSON.stringify(body));
    expect(request?.headers).toMatchObject({
      'client-id': CLIENT_ID,
      'agent-token': 'agent-1',
      'content-type': 'application/json; charset=UTF-8',
    });
    const signed = {
      method: 'POST',
      uri: '/v2/pos/syncStore',
      clientId: CLIENT_ID,
      time: String(request?.headers['request-time']),
      body: String(request?.body),
    };
    expect(String(request?.headers.signature)).toMatch(/^algorithm=RSA256,keyVersion=1,signature=/);
    expect(await verify(signed, String(request?.headers.signature), partner.publicKey)).toBe(true);
  });

  it('signs requests made with the raw openapi-fetch client too', async () => {
    server = await startScriptedServer([{ body: replies.success }]);
    const { data } = await clientFor(server.url).raw.POST('/v2/pds/store/updateStore', { body: { storeId: '1' } });
    expect(data).toEqual(replies.success);
    expect(server.received[0]?.headers).toHaveProperty('signature');
  });

  it('applies middleware registered on the raw client before openapi-fetch has loaded, in order', async () => {
    server = await startScriptedServer([{ body: replies.success }, { body: replies.success }]);
    const raw = clientFor(server.url).raw;
    const tag = (value: string): Middleware => ({
      onRequest: ({ request }) => {
        request.headers.append('x-tag', value);
        return request;
      },
    });
    const first = tag('first');
    const dropped = tag('dropped');
    raw.use(first, dropped);
    raw.use(tag('second'));
    raw.eject(dropped);
    await raw.POST('/v2/pds/store/updateStore', { body: { storeId: '1' } });
    raw.eject(first); // once loaded, straight to openapi-fetch
    await raw.POST('/v2/pds/store/updateStore', { body: { storeId: '1' } });
    expect(server.received.map((r) => r.headers['x-tag'])).toEqual(['first, second', 'second']);
    expect(server.received[0]?.headers).toHaveProperty('signature');
  });

  it('refuses a raw middleware that is not one, at once, and bounds what waits for openapi-fetch', () => {
    const raw = clientFor('http://127.0.0.1:9').raw;
    expect(() => raw.use({} as Middleware)).toThrow(/raw\.use: a middleware is an object with onRequest\(\)/);
    expect(() => {
      for (let i = 0; i < 101; i++) raw.eject({ onRequest: () => undefined });
    }).toThrow(/raw\.eject: more than 100 calls before openapi-fetch loaded/);
  });
});

describe('retries', () => {
  it('retries U with the same bytes and requestId, re-signed, until S', async () => {
    server = await startScriptedServer([{ body: replies.unknown }, { body: replies.success }]);
    let tick = 0;
    const now = () => new Date(Date.UTC(2023, 7, 28, 14, 16, tick++));
    const outcome = await clientFor(server.url, { now }).syncStore(body);
    expect(outcome).toMatchObject({ status: 'S', attempts: 2 });
    const [first, second] = server.received;
    expect(second?.body).toBe(first?.body);
    expect(JSON.parse(String(second?.body)).requestId).toBe('req-0001');
    expect(second?.headers['request-time']).not.toBe(first?.headers['request-time']);
    expect(second?.headers.signature).not.toBe(first?.headers.signature);
  });

  it('retries an undocumented U code by its status, and returns the last U when attempts run out', async () => {
    server = await startScriptedServer([{ body: replies.undocumentedUnknown }]);
    const outcome = await clientFor(server.url).updateStore({ storeId: '1' });
    expect(outcome).toMatchObject({ status: 'U', code: 'GATEWAY_BUSY', known: false, attempts: 3 });
    expect(outcome.advice).toMatch(/retry with the same parameters/);
    expect(server.received).toHaveLength(3);
  });

  it('does not retry when retry is false', async () => {
    server = await startScriptedServer([{ body: replies.unknown }]);
    const outcome = await clientFor(server.url, { retry: false }).syncStore(body);
    expect(outcome).toMatchObject({ status: 'U', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('retries HTTP 5xx but not HTTP 4xx', async () => {
    server = await startScriptedServer([{ status: 502, body: 'bad gateway' }, { body: replies.success }]);
    expect(await clientFor(server.url).syncStore(body)).toMatchObject({ status: 'S', attempts: 2 });
    await server.close();
    server = await startScriptedServer([{ status: 404, body: 'no such API' }]);
    const error = await clientFor(server.url)
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 404, body: 'no such API', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });

  it('gives up on a hanging server with a TimeoutError within the deadline', async () => {
    server = await startScriptedServer(['hang']);
    const client = clientFor(server.url, { timeoutMs: 100, retry: { attempts: 10, baseDelayMs: 1, deadlineMs: 400 } });
    const error = await client.syncStore(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', scope: 'deadline', ms: 400 });
    // The deadline ended it, not the 10 attempts: each attempt waits out its 100 ms, so at most 4 fit in 400 ms
    // however loaded the machine (load only makes them fewer). Counted by the server, not timed.
    const { attempts } = error as TimeoutError;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThanOrEqual(4);
    expect(server.received.length).toBeLessThanOrEqual(attempts);
  });

  it('reports a single attempt’s timeout when retries are off', async () => {
    server = await startScriptedServer(['hang']);
    const error = await clientFor(server.url, { timeoutMs: 50, retry: false })
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'timeout', scope: 'attempt', ms: 50, attempts: 1 });
  });

  it('reports a refused connection as a NetworkError, after retrying', async () => {
    const port = await freePort();
    const error = await clientFor(`http://127.0.0.1:${port}`)
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'network', attempts: 3, message: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    // The caller gives up once the request has arrived (a fixed delay lost that race on a loaded machine).
    server = await startScriptedServer([
      () => {
        controller.abort(new Error('user gave up'));
        return 'hang';
      },
    ]);
    const error = await clientFor(server.url)
      .syncStore(body, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1 });
    expect(server.received).toHaveLength(1);
  });
});

describe('response verification', () => {
  it('accepts a response signed with the platform key', async () => {
    server = await startScriptedServer([(request) => signedReply(request, replies.success)]);
    const outcome = await clientFor(server.url, { platformPublicKey: platform.publicKey }).syncStore(body);
    expect(outcome.status).toBe('S');
  });

  it('rejects a response signed with another key, without retrying', async () => {
    server = await startScriptedServer([(request) => signedReply(request, replies.success, partner.privateKey)]);
    const error = await clientFor(server.url, { platformPublicKey: platform.publicKey })
      .syncStore(body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).toMatchObject({ reason: 'invalid', attempts: 1 });
  });

  it('rejects a response whose body was changed after signing', async () => {
    server = await startScriptedServer([
      async (request) => ({
        ...(await signedReply(request, replies.paramIllegal)),
        body: JSON.stringify(replies.success),
      }),
    ]);
    const client = clientFor(server.url, { platformPublicKey: platform.publicKey });
    await expect(client.syncStore(body)).rejects.toMatchObject({ kind: 'signature', reason: 'invalid' });
  });

  // Each header left out of an otherwise signed answer on its own: a fixture without all three would pass even if
  // only one of them were checked.
  it.each(['signature', 'client-id', 'response-time'])(
    'rejects a signed response without its %s header as missing',
    async (header) => {
      server = await startScriptedServer([
        async (request) => {
          const reply = await signedReply(request, replies.success);
          return {
            ...reply,
            headers: Object.fromEntries(Object.entries(reply.headers).filter(([name]) => name !== header)),
          };
        },
      ]);
      const client = clientFor(server.url, { platformPublicKey: platform.publicKey });
      await expect(client.syncStore(body)).rejects.toMatchObject({ kind: 'signature', reason: 'missing' });
    },
  );
});

describe('options', () => {
  it('names the option and the rule when an option is bad', () => {
    const good = { baseUrl: 'http://127.0.0.1:1', clientId: CLIENT_ID, privateKey: partner.privateKey };
    expect(() => createStoreClient({ ...good, baseUrl: 'not a url' })).toThrow(
      'createStoreClient: baseUrl must be an absolute http(s) URL',
    );
    expect(() => createStoreClient({ ...good, clientId: '' })).toThrow(
      'createStoreClient: clientId must be a non-empty string',
    );
    expect(() => createStoreClient({ ...good, privateKey: '' })).toThrow('createStoreClient: privateKey is required');
    expect(() => createStoreClient({ ...good, timeoutMs: 0 })).toThrow(
      'createStoreClient: timeoutMs must be greater than 0',
    );
    expect(() => createStoreClient({ ...good, retry: { attempts: 0 } })).toThrow(
      'retry.attempts must be a number >= 1 (got 0)',
    );
  });
});
