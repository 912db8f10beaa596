// The client's one way onto the network, through an injected fetch: what fetch is given, which statuses are
// redirects, the byte limit at its exact edge, the body read whole in any chunking, which failures are network
// failures, and what the hooks see.
import { generateRsaKeyPair } from '@store-api/test-support';
import { describe, expect, it } from 'vitest';
import {
  createStoreClient,
  type DispatcherLike,
  HttpStatusError,
  NetworkError,
  RedirectError,
  type RequestEvent,
  type ResponseEvent,
  ResponseTooLargeError,
  type StoreClientOptions,
} from '../src/index.js';
import replies from './fixtures/replies.json' with { type: 'json' };
import { json, type Scripted, scriptedFetch } from './support/fetch.js';

const partner = generateRsaKeyPair();
const body = { requestId: 'req-wire', posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' as const } };
const SUCCESS = JSON.stringify(replies.success);

const clientFor = (script: Scripted[], extra: Partial<StoreClientOptions> = {}) => {
  const scripted = scriptedFetch(...script);
  const client = createStoreClient({
    baseUrl: 'http://127.0.0.1:4010',
    clientId: 'TEST_5X00000000000000',
    privateKey: partner.privateKey,
    retry: false,
    fetch: scripted.fetch,
    ...extra,
  });
  return { client, calls: scripted.calls };
};

/** A body delivered in the given chunks, which records whether the client cancelled it. */
function chunked(chunks: (string | Uint8Array)[]) {
  const state = { cancelled: false, pulled: 0 };
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[state.pulled++];
        if (next === undefined) controller.close();
        else controller.enqueue(typeof next === 'string' ? encoder.encode(next) : next);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    // Nothing is pulled before the client reads.
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe('what fetch is given', () => {
  it('the URL, POST, the signed headers, the exact bytes, the dispatcher and redirects off', async () => {
    const dispatcher: DispatcherLike = { dispatch: () => true };
    const { client, calls } = clientFor([json(replies.success)], { dispatcher });
    await client.syncStore(body);
    const [call] = calls;
    expect(call?.url).toBe('http://127.0.0.1:4010/v2/pos/syncStore');
    expect(call?.init).toMatchObject({ method: 'POST', redirect: 'manual', body: JSON.stringify(body), dispatcher });
    expect(call?.init.signal).toBeInstanceOf(AbortSignal);
    expect(new Headers(call?.init.headers).get('signature')).toMatch(/^algorithm=RSA256,signature=/);
  });

  it('no dispatcher when none is given', async () => {
    const { client, calls } = clientFor([json(replies.success)]);
    await client.syncStore(body);
    expect(calls[0]?.init).not.toHaveProperty('dispatcher');
  });
});

describe('statuses', () => {
  it.each([
    { status: 299, kind: 'http-status' },
    { status: 300, kind: 'redirect' },
    { status: 302, kind: 'redirect' },
    { status: 399, kind: 'redirect' },
    { status: 400, kind: 'http-status' },
  ])('HTTP $status is a $kind error, the answer’s headers on it', async ({ status, kind }) => {
    const { stream, state } = chunked(['moved']);
    const headers = { location: 'https://elsewhere.example/steal', 'x-request-id': 'r-9' };
    const { client } = clientFor([() => new Response(stream, { status, headers })]);
    const error = await client.syncStore(body).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind, status, attempts: 1 });
    expect((error as HttpStatusError).headers?.get('x-request-id')).toBe('r-9');
    if (kind === 'redirect') {
      expect(error).toBeInstanceOf(RedirectError);
      expect(error).toMatchObject({
        location: headers.location,
        message: `HTTP ${status} redirect to ${headers.location}, not followed`,
      });
      expect(state.cancelled).toBe(true); // its body is never read
    } else {
      expect(error).toBeInstanceOf(HttpStatusError);
      expect(error).toMatchObject({ body: 'moved', message: `HTTP ${status} instead of 200: moved` });
    }
  });

  it('names no location when a redirect gives none', async () => {
    const { client } = clientFor([new Response(null, { status: 301 })]);
    await expect(client.syncStore(body)).rejects.toMatchObject({
      kind: 'redirect',
      location: null,
      message: 'HTTP 301 redirect, not followed',
    });
  });
});

describe('maxResponseBytes, at its edge', () => {
  const limit = 100;
  /** The success body padded with trailing spaces (still the same JSON) to `size` bytes. */
  const sized = (size: number) => SUCCESS.padEnd(size, ' ');

  it.each([
    { declared: limit, outcome: 'read' },
    { declared: limit + 1, outcome: 'refused unread' },
  ])('a declared content-length of $declared bytes is $outcome', async ({ declared }) => {
    const { stream, state } = chunked([sized(declared)]);
    const { client } = clientFor(
      [() => new Response(stream, { headers: { 'content-length': String(declared), 'x-request-id': 'r-1' } })],
      { maxResponseBytes: limit },
    );
    const result = await client.syncStore(body).catch((e: unknown) => e);
    if (declared <= limit) {
      expect(result).toMatchObject({ status: 'S' });
      expect(state.cancelled).toBe(false);
      return;
    }
    expect(result).toBeInstanceOf(ResponseTooLargeError);
    expect(result).toMatchObject({
      kind: 'response-too-large',
      limit,
      where: 'content-length',
      message: `the response declares more than maxResponseBytes (${limit} bytes); it was not read`,
    });
    expect((result as ResponseTooLargeError).headers?.get('x-request-id')).toBe('r-1');
    expect(state.pulled).toBe(0);
    expect(state.cancelled).toBe(true);
  });

  it('refuses a declared length past the limit even when no body follows', async () => {
    const declared = new Response(null, { headers: { 'content-length': String(limit + 1) } });
    const { client } = clientFor([declared], { maxResponseBytes: limit });
    await expect(client.syncStore(body)).rejects.toMatchObject({ kind: 'response-too-large', where: 'content-length' });
  });

  it.each([
    { size: limit, chunks: 1 },
    { size: limit, chunks: 4 },
    { size: limit + 1, chunks: 1 },
    { size: limit + 1, chunks: 4 },
  ])('an undeclared body of $size bytes in $chunks chunks is counted as read', async ({ size, chunks }) => {
    const text = sized(size);
    const step = Math.ceil(size / chunks);
    const parts = Array.from({ length: chunks }, (_, i) => text.slice(i * step, (i + 1) * step));
    const { stream, state } = chunked(size > limit ? [...parts, 'never read'] : parts);
    const { client } = clientFor([() => new Response(stream)], { maxResponseBytes: limit });
    const result = await client.syncStore(body).catch((e: unknown) => e);
    if (size <= limit) {
      expect(result).toMatchObject({ status: 'S' });
      return;
    }
    expect(result).toMatchObject({
      kind: 'response-too-large',
      limit,
      where: 'body',
      message: `the response body grew past maxResponseBytes (${limit} bytes); reading stopped there`,
    });
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBe(chunks);
  });
});

describe('the body, read whole', () => {
  it('decodes a character split across chunks', async () => {
    const message = 'Thành công 成功';
    const bytes = new TextEncoder().encode(
      JSON.stringify({ result: { ...replies.success.result, resultMessage: message } }),
    );
    const at = bytes.indexOf(0xe6); // the first byte of 成
    const { stream } = chunked([bytes.slice(0, at + 1), bytes.slice(at + 1, at + 2), bytes.slice(at + 2)]);
    const { client } = clientFor([() => new Response(stream)]);
    expect(await client.syncStore(body)).toMatchObject({ status: 'S', message });
  });

  it('reads an answer with no body as empty: not JSON', async () => {
    const { client, calls } = clientFor([new Response(null, { status: 200 })], {
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await expect(client.syncStore(body)).rejects.toMatchObject({
      kind: 'invalid-response',
      reason: 'the body is not JSON',
      body: '',
      attempts: 1,
    });
    expect(calls).toHaveLength(1);
  });
});

describe('network failures: what fetch threw, by name and code, never instanceof', () => {
  const coded = (code: unknown) => Object.assign(new Error('failed'), { code });
  /** `error` wrapped as the cause of `depth` plain errors. */
  const nested = (error: unknown, depth: number): unknown =>
    depth === 0 ? error : new Error(`wrapper ${depth}`, { cause: nested(error, depth - 1) });
  it.each([
    { what: 'a TypeError', error: new TypeError('fetch failed'), network: true },
    { what: 'a FetchError (node-fetch)', error: Object.assign(new Error('x'), { name: 'FetchError' }), network: true },
    { what: 'a system error code', error: coded('ECONNRESET'), network: true },
    { what: 'an undici socket code', error: coded('UND_ERR_SOCKET'), network: true },
    { what: 'an undici code with underscores', error: coded('UND_ERR_CONNECT_TIMEOUT'), network: true },
    { what: 'a lower-case code', error: coded('econnreset'), network: false },
    { what: 'a code with a prefix', error: coded('XECONNRESET'), network: false },
    { what: 'a code with a suffix', error: coded('ECONNRESET1'), network: false },
    { what: 'a bare E', error: coded('E'), network: false },
    { what: 'a numeric code', error: coded(104), network: false },
    { what: 'a code that only prints as one', error: coded(['ECONNRESET']), network: false },
    { what: 'a plain Error', error: new Error('boom'), network: false },
    { what: 'a thrown string', error: 'ECONNRESET', network: false },
    { what: 'a thrown null', error: null, network: false },
    { what: 'a thrown undefined', error: undefined, network: false },
    { what: 'a network failure as the cause', error: nested(coded('ECONNREFUSED'), 1), network: true },
    { what: 'a network failure 8 causes deep', error: nested(coded('ECONNREFUSED'), 8), network: true },
    { what: 'a network failure 9 causes deep', error: nested(coded('ECONNREFUSED'), 9), network: false },
  ])('$what: network $network', async ({ error, network }) => {
    const { client, calls } = clientFor([() => Promise.reject(error)], {
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const failure = await client.syncStore(body).catch((e: unknown) => e);
    if (network) {
      expect(failure).toBeInstanceOf(NetworkError);
      expect(failure).toMatchObject({ kind: 'network', attempts: 2, headers: undefined });
      expect((failure as NetworkError).cause).toBe(error);
    } else expect(failure).toBe(error);
    expect(calls).toHaveLength(network ? 2 : 1);
  });

  it('names the cause’s message, or the thrown value, in the NetworkError', async () => {
    for (const [thrown, message] of [
      [new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND x') }), 'getaddrinfo ENOTFOUND x'],
      [new TypeError('fetch failed'), 'fetch failed'],
    ] as const) {
      const { client } = clientFor([thrown]);
      await expect(client.syncStore(body)).rejects.toMatchObject({
        message: `the request got no response: ${message}`,
      });
    }
  });
});

describe('onRequest and onResponse', () => {
  it('each sees the headers without the other hook given; the answer’s own headers unredacted', async () => {
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const answer = () => json(replies.success, { signature: 'algorithm=RSA256,signature=answer' });
    await clientFor([answer()], { agentToken: 't', onRequest: (e) => requests.push(e) }).client.syncStore(body);
    await clientFor([answer()], { agentToken: 't', onResponse: (e) => responses.push(e) }).client.syncStore(body);
    for (const { headers } of [...requests, ...responses])
      expect(headers).toMatchObject({
        'client-id': 'TEST_5X00000000000000',
        'agent-token': '[redacted]',
        signature: '[redacted]',
      });
    expect(requests).toHaveLength(1);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.responseHeaders.signature).toBe('algorithm=RSA256,signature=answer');
  });

  it('gives the time the attempt took, no longer than the whole call', async () => {
    const responses: ResponseEvent[] = [];
    const { client } = clientFor([json(replies.success)], { onResponse: (e) => responses.push(e) });
    const before = Date.now();
    await client.syncStore(body);
    const call = Date.now() - before;
    expect(responses[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(responses[0]?.durationMs).toBeLessThanOrEqual(call);
  });
});
