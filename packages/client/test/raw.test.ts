// `client.raw`, openapi-fetch over the client's own transport: its answers are verified like the typed calls', its
// requests signed over the exact URI, and it goes where the environment says, through an injected fetch.
import { generateRsaKeyPair } from '@store-api/test-support';
import { describe, expect, it } from 'vitest';
import {
  createSignatureHeader,
  createStoreClient,
  formatTime,
  type RequestEvent,
  SignatureError,
  type StoreClientOptions,
  verify,
} from '../src/index.js';
import replies from './fixtures/replies.json' with { type: 'json' };
import { type Scripted, scriptedFetch } from './support/fetch.js';

const partner = generateRsaKeyPair();
const platform = generateRsaKeyPair();
const CLIENT_ID = 'TEST_5X00000000000000';
const NOW = new Date('2024-01-02T03:04:05Z');
const UPDATE = '/v2/pds/store/updateStore';
const SUCCESS = JSON.stringify(replies.success);

const clientFor = (script: Scripted[], extra: Partial<StoreClientOptions> = {}) => {
  const scripted = scriptedFetch(...script);
  const client = createStoreClient({
    baseUrl: 'http://127.0.0.1:4010',
    clientId: CLIENT_ID,
    privateKey: partner.privateKey,
    platformPublicKey: platform.publicKey,
    now: () => NOW,
    fetch: scripted.fetch,
    ...extra,
  });
  return { client, calls: scripted.calls };
};

/** The platform's answer to the request fetch was given, signed over its method and URI (`key` to forge one). */
const signedAnswer =
  (key = platform.privateKey, text = SUCCESS): Scripted =>
  async (init, url) => {
    const { pathname, search } = new URL(url);
    const time = formatTime(NOW);
    const message = { method: String(init.method), uri: pathname + search, clientId: CLIENT_ID, time, body: text };
    const signature = await createSignatureHeader(message, key, 1);
    return new Response(text, {
      headers: { 'content-type': 'application/json', 'client-id': CLIENT_ID, 'response-time': time, signature },
    });
  };

describe('raw answers are verified, with platformPublicKey', () => {
  it('accepts one signed by the platform for this exchange', async () => {
    const { client } = clientFor([signedAnswer()]);
    const { data, response } = await client.raw.POST(UPDATE, { body: { storeId: '1' } });
    expect(response.status).toBe(200);
    expect(data).toEqual(replies.success);
  });

  it.each([
    { what: 'an unsigned 200', answer: (): Scripted => Response.json(replies.success), reason: 'missing' },
    { what: 'a 200 signed with another key', answer: () => signedAnswer(partner.privateKey), reason: 'invalid' },
  ])('refuses $what with a SignatureError ($reason)', async ({ answer, reason }) => {
    const { client } = clientFor([answer()]);
    const error = await client.raw.POST(UPDATE, { body: { storeId: '1' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignatureError);
    expect(error).toMatchObject({ kind: 'signature', reason });
  });

  it('judges a bare 503 from a proxy by its status, not its signature', async () => {
    const { client } = clientFor([new Response('busy', { status: 503 })]);
    const { data, error, response } = await client.raw.POST(UPDATE, { body: { storeId: '1' } });
    expect(data).toBeUndefined();
    expect(error).toBe('busy');
    expect(response.status).toBe(503);
  });

  it('signs and verifies over the URI with its query string', async () => {
    const { client, calls } = clientFor([signedAnswer()]);
    const { data } = await client.raw.POST(UPDATE, {
      body: { storeId: '1' },
      params: { query: { trace: 'a b' } },
    } as never);
    expect(data).toEqual(replies.success);
    const [call] = calls;
    const headers = new Headers(call?.init.headers);
    expect(call?.url).toBe(`http://127.0.0.1:4010${UPDATE}?trace=a%20b`);
    const signed = {
      method: 'POST',
      uri: `${UPDATE}?trace=a%20b`,
      clientId: CLIENT_ID,
      time: formatTime(NOW),
      body: '{"storeId":"1"}',
    };
    expect(await verify(signed, String(headers.get('signature')), partner.publicKey)).toBe(true);
  });
});

describe('raw requests', () => {
  it('keep the query string on an environment’s server', async () => {
    const { client, calls } = clientFor([Response.json(replies.success)], {
      baseUrl: undefined,
      environment: 'production-sea',
      platformPublicKey: undefined,
    });
    await client.raw.POST(UPDATE, { body: { storeId: '1' }, params: { query: { trace: '1' } } } as never);
    expect(calls[0]?.url).toBe(`https://open-sea.alipayplus.com${UPDATE}?trace=1`);
  });

  it('go to the environment’s first server for a path it does not list', async () => {
    const { client, calls } = clientFor([Response.json(replies.success)], {
      baseUrl: undefined,
      environment: 'local',
      platformPublicKey: undefined,
    });
    await client.raw.GET('/v2/elsewhere' as never);
    expect(calls[0]?.url).toBe('http://127.0.0.1:4010/v2/elsewhere');
  });

  it('send no body when the call has none, as one attempt, seen by onRequest', async () => {
    const events: RequestEvent[] = [];
    const { client, calls } = clientFor([Response.json(replies.success)], {
      platformPublicKey: undefined,
      onRequest: (event) => events.push(event),
    });
    await client.raw.GET('/v2/anything' as never);
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.body).toBeUndefined();
    expect(events).toMatchObject([{ method: 'GET', body: undefined, attempt: 1 }]);
  });

  it.each([204, 205])('answer a %i with no body', async (status) => {
    const { client } = clientFor([new Response(null, { status })], { platformPublicKey: undefined });
    const { data, response } = await client.raw.POST(UPDATE, { body: { storeId: '1' } });
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
  });

  it('stop when the caller aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('user gave up');
    const { client, calls } = clientFor(['hang'], {
      platformPublicKey: undefined,
      onRequest: () => queueMicrotask(() => controller.abort(reason)),
    });
    await expect(client.raw.POST(UPDATE, { body: { storeId: '1' }, signal: controller.signal })).rejects.toBe(reason);
    expect(calls).toHaveLength(1);
  });
});
