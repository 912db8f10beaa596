// What a partner sees of each exchange: every outcome and error carries the answer's headers, the mock's
// x-mock-warnings arrive parsed, and onRequest/onResponse see each attempt without ever seeing a credential.
import { generateRsaKeyPair } from '@store-api/test-support';
import { describe, expect, it, vi } from 'vitest';
import { createStoreClient, HttpStatusError, type RequestEvent, type ResponseEvent } from '../src/index.js';
import answers from './fixtures/answers.json' with { type: 'json' };
import replies from './fixtures/replies.json' with { type: 'json' };

const partner = generateRsaKeyPair();
const body = { requestId: 'req-0001', posAccountId: 'pos_account_id_001', store: { posStoreId: 'pos_store_id_001' } };
const options = {
  baseUrl: 'http://127.0.0.1:4010',
  clientId: 'TEST_5X00000000000000',
  privateKey: partner.privateKey,
  retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
  now: () => new Date('2024-01-02T03:04:05Z'),
};
const answering =
  (...queue: (() => Response)[]) =>
  async () =>
    (queue.length > 1 ? queue.shift() : queue[0])?.() ?? Response.error();

describe('headers and warnings', () => {
  it('gives every outcome the answer’s headers', async () => {
    const client = createStoreClient({
      ...options,
      fetch: answering(() => Response.json(replies.success, { headers: { 'x-request-id': 'r-1' } })),
    });
    const outcome = await client.syncStore(body);
    expect(outcome.headers.get('x-request-id')).toBe('r-1');
    expect(outcome.warnings).toEqual([]);
  });

  it('parses x-mock-warnings as JSON into outcome.warnings (escaped letters and all)', async () => {
    const { headers, warnings } = answers.withWarnings;
    const client = createStoreClient({
      ...options,
      fetch: answering(() => Response.json(replies.success, { headers })),
    });
    const outcome = await client.syncStore(body);
    expect(outcome.warnings).toEqual(warnings);
    expect(outcome.headers.get('x-mock-journal-id')).toBe('j-42');
  });

  it('keeps an x-mock-warnings that is not a JSON array of strings as one warning', async () => {
    const { headers, warnings } = answers.notJson;
    const client = createStoreClient({
      ...options,
      fetch: answering(() => Response.json(replies.success, { headers })),
    });
    expect((await client.syncStore(body)).warnings).toEqual(warnings);
  });

  it('gives an error the last answer’s headers', async () => {
    const { status, headers, body: text } = answers.throttled;
    const client = createStoreClient({ ...options, fetch: answering(() => new Response(text, { status, headers })) });
    const failure = await client.syncStore(body).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpStatusError);
    expect(failure).toMatchObject({ status: 503, attempts: 2 });
    expect((failure as HttpStatusError).headers?.get('retry-after')).toBe('2');
  });

  it('gives the headers of the attempt that answered, after a retry', async () => {
    const client = createStoreClient({
      ...options,
      fetch: answering(
        () => Response.json(replies.unknown, { headers: { 'x-request-id': 'r-1' } }),
        () => Response.json(replies.success, { headers: { 'x-request-id': 'r-2' } }),
      ),
    });
    const outcome = await client.syncStore(body);
    expect(outcome).toMatchObject({ status: 'S', attempts: 2 });
    expect(outcome.headers.get('x-request-id')).toBe('r-2');
  });
});

describe('onRequest and onResponse', () => {
  it('sees each attempt as sent and as answered', async () => {
    const requests: RequestEvent[] = [];
    const responses: ResponseEvent[] = [];
    const client = createStoreClient({
      ...options,
      agentToken: 'agent-secret',
      fetch: answering(
        () => Response.json(replies.unknown),
        () => Response.json(replies.success, { headers: { 'x-request-id': 'r-2' } }),
      ),
      onRequest: (event) => requests.push(event),
      onResponse: (event) => responses.push(event),
    });
    await client.syncStore(body, { headers: { Prefer: 'example=SUCCESS' } });
    const sent = {
      method: 'POST',
      url: 'http://127.0.0.1:4010/v2/pos/syncStore',
      body: JSON.stringify(body),
      headers: {
        'agent-token': '[redacted]',
        'client-id': 'TEST_5X00000000000000',
        'content-type': 'application/json; charset=UTF-8',
        prefer: 'example=SUCCESS',
        'request-time': '2024-01-02T03:04:05+00:00',
        signature: '[redacted]',
      },
    };
    expect(requests).toEqual([
      { ...sent, attempt: 1 },
      { ...sent, attempt: 2 },
    ]);
    expect(responses.map(({ durationMs, ...event }) => event)).toEqual([
      {
        ...sent,
        attempt: 1,
        status: 200,
        responseHeaders: { 'content-type': 'application/json' },
        responseBody: JSON.stringify(replies.unknown),
      },
      {
        ...sent,
        attempt: 2,
        status: 200,
        responseHeaders: { 'content-type': 'application/json', 'x-request-id': 'r-2' },
        responseBody: JSON.stringify(replies.success),
      },
    ]);
  });

  it('never logs the private key, the signature or the agent token', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    let sentSignature = '';
    const client = createStoreClient({
      ...options,
      agentToken: 'agent-secret',
      fetch: async (_url, init) => {
        sentSignature = new Headers(init.headers).get('signature') ?? '';
        return Response.json(replies.success);
      },
      onRequest: (event) => console.log('request', event),
      onResponse: (event) => console.log('response', JSON.stringify(event)),
    });
    await client.syncStore(body);
    console.log(client);
    const output = log.mock.calls
      .map((args) => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '))
      .join('\n');
    log.mockRestore();
    const pemBody = partner.privateKey.replace(/-----[^-]+-----/g, '').trim();
    const base64 = pemBody.replace(/\s/g, '');
    const value = decodeURIComponent(/signature=([^,]+)/.exec(sentSignature)?.[1] ?? '');
    expect(output).toContain('request');
    expect(value.length).toBeGreaterThan(300);
    for (const secret of [pemBody, base64, base64.slice(64, 128), value, value.slice(0, 64), 'agent-secret'])
      expect(output).not.toContain(secret);
  });
});
