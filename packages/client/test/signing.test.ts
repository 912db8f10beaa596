// The signer a partner relies on, with an injected clock: what each request carries, and which answers are trusted
// (the skew window at its edges, a time that is not one, the messages that say why). Through an injected fetch.
import { createPrivateKey } from 'node:crypto';
import { generateRsaKeyPair } from '@store-api/test-support';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import {
  createSignatureHeader,
  createSigningMiddleware,
  createStoreClient,
  formatTime,
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
const SYNC = '/v2/pos/syncStore';
const SUCCESS = JSON.stringify(replies.success);
const body = { requestId: 'req-sign', posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' as const } };

/** The platform's answer, signed over the request it answers, stamped `time`. */
const signedAnswer =
  (time: string, { clientId = CLIENT_ID } = {}): Scripted =>
  async (init, url) => {
    const message = { method: String(init.method), uri: new URL(url).pathname, clientId, time, body: SUCCESS };
    const signature = await createSignatureHeader(message, platform.privateKey, 1);
    return new Response(SUCCESS, { headers: { 'client-id': clientId, 'response-time': time, signature } });
  };

const clientFor = (script: Scripted[], extra: Partial<StoreClientOptions> = {}) => {
  const scripted = scriptedFetch(...script);
  const client = createStoreClient({
    baseUrl: 'http://127.0.0.1:4010',
    clientId: CLIENT_ID,
    privateKey: partner.privateKey,
    platformPublicKey: platform.publicKey,
    now: () => NOW,
    retry: false,
    fetch: scripted.fetch,
    ...extra,
  });
  return { client, calls: scripted.calls };
};

const at = (offsetMs: number) => formatTime(new Date(NOW.getTime() + offsetMs));

describe('each request', () => {
  it('carries client-id, request-time from the clock, and a signature over them with keyVersion', async () => {
    const { client, calls } = clientFor([Response.json(replies.success)], {
      platformPublicKey: undefined,
      keyVersion: 7,
    });
    await client.syncStore(body);
    const headers = new Headers(calls[0]?.init.headers);
    expect(headers.get('client-id')).toBe(CLIENT_ID);
    expect(headers.get('request-time')).toBe('2024-01-02T03:04:05+00:00');
    const signature = String(headers.get('signature'));
    expect(signature).toMatch(/^algorithm=RSA256,keyVersion=7,signature=/);
    const message = {
      method: 'POST',
      uri: SYNC,
      clientId: CLIENT_ID,
      time: formatTime(NOW),
      body: JSON.stringify(body),
    };
    expect(await verify(message, signature, partner.publicKey)).toBe(true);
  });
});

describe('the keys a partner may sign with', () => {
  const pkcs1 = createPrivateKey(partner.privateKey).export({ type: 'pkcs1', format: 'pem' }).toString();
  it.each([
    ['a PKCS#8 PEM', async () => partner.privateKey],
    ['a PKCS#1 PEM (BEGIN RSA PRIVATE KEY)', async () => pkcs1],
    // As read from an environment variable or a file edited by hand: whitespace around the PEM is no part of it.
    ['a PKCS#8 PEM after blank lines, without its last newline', async () => `\n\n${partner.privateKey.trim()}`],
    ['a PKCS#8 PEM followed by blank lines', async () => `${partner.privateKey}\n\n`],
    [
      'a private RSASSA-PKCS1-v1_5 CryptoKey',
      async () =>
        crypto.subtle.importKey(
          'pkcs8',
          createPrivateKey(partner.privateKey).export({ type: 'pkcs8', format: 'der' }),
          { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
          false,
          ['sign'],
        ),
    ],
  ])('%s', async (_what, key) => {
    const { client, calls } = clientFor([Response.json(replies.success)], {
      privateKey: await key(),
      platformPublicKey: undefined,
    });
    await client.syncStore(body);
    const headers = new Headers(calls[0]?.init.headers);
    const message = { method: 'POST', uri: SYNC, clientId: CLIENT_ID, time: at(0), body: JSON.stringify(body) };
    expect(await verify(message, String(headers.get('signature')), partner.publicKey)).toBe(true);
    expect(headers.has('agent-token')).toBe(false);
  });
});

describe('the response-time window', () => {
  it.each([
    { skew: undefined, offset: 300_000, trusted: true },
    { skew: undefined, offset: -300_000, trusted: true },
    { skew: undefined, offset: 301_000, trusted: false, off: '301 s off; responseTimeSkewMs is 300000' },
    { skew: undefined, offset: -301_000, trusted: false, off: '-301 s off; responseTimeSkewMs is 300000' },
    { skew: 60_000, offset: 60_000, trusted: true },
    { skew: 60_000, offset: 61_000, trusted: false, off: '61 s off; responseTimeSkewMs is 60000' },
    { skew: 0, offset: 0, trusted: true },
    { skew: 0, offset: -1_000, trusted: false, off: '-1 s off; responseTimeSkewMs is 0' },
  ])('skew $skew, an answer $offset ms from the clock: trusted $trusted', async ({ skew, offset, trusted, off }) => {
    const time = at(offset);
    const { client } = clientFor([signedAnswer(time)], skew === undefined ? {} : { responseTimeSkewMs: skew });
    const result = await client.syncStore(body).catch((e: unknown) => e);
    if (trusted) {
      expect(result).toMatchObject({ status: 'S' });
      return;
    }
    expect(result).toBeInstanceOf(SignatureError);
    expect(result).toMatchObject({
      reason: 'response-time',
      message: `the response's response-time is outside the allowed skew from your clock (${time}, ${off})`,
    });
  });

  it('says how far off the answer is to the nearest second', async () => {
    const time = '2024-01-02T03:05:07+00:00'; // 61.6 s after the clock below
    const { client } = clientFor([signedAnswer(time)], {
      now: () => new Date('2024-01-02T03:04:05.400Z'),
      responseTimeSkewMs: 60_000,
    });
    await expect(client.syncStore(body)).rejects.toMatchObject({
      message: expect.stringContaining(`(${time}, 62 s off; responseTimeSkewMs is 60000)`),
    });
  });

  it('refuses a signed response-time that is not a time, saying so', async () => {
    const { client } = clientFor([signedAnswer('yesterday')]);
    await expect(client.syncStore(body)).rejects.toMatchObject({
      reason: 'response-time',
      message:
        "the response's response-time is outside the allowed skew from your clock (yesterday, not a time; responseTimeSkewMs is 300000)",
    });
  });
});

describe('why an answer is not trusted', () => {
  it.each([
    {
      reason: 'missing',
      answer: (): Scripted => Response.json(replies.success),
      message: 'the response carries no signature header (or no client-id/response-time to check it with)',
    },
    {
      reason: 'client-id',
      answer: () => signedAnswer(at(0), { clientId: 'SOMEONE_ELSE' }),
      message: `the response's client-id is not yours: it answers another exchange ("SOMEONE_ELSE", not "${CLIENT_ID}")`,
    },
  ])('$reason: $message', async ({ reason, answer, message }) => {
    const { client, calls } = clientFor([answer()], { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(client.syncStore(body)).rejects.toMatchObject({ kind: 'signature', reason, message, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('an unsigned answer is taken as it is without platformPublicKey', async () => {
    const { client } = clientFor([Response.json(replies.success)], { platformPublicKey: undefined });
    expect(await client.syncStore(body)).toMatchObject({ status: 'S' });
  });
});

describe('createSigningMiddleware on an openapi-fetch client of your own', () => {
  const ownClient = (script: Scripted[]) => {
    const scripted = scriptedFetch(...script);
    const raw = createClient({
      baseUrl: 'http://127.0.0.1:4010',
      fetch: (request) => scripted.fetch(request.url, request),
    });
    raw.use(
      createSigningMiddleware({
        clientId: CLIENT_ID,
        privateKey: partner.privateKey,
        platformPublicKey: platform.publicKey,
        now: () => NOW,
      }),
    );
    return { raw, calls: scripted.calls };
  };

  it('signs the request and accepts an answer signed for it', async () => {
    const { raw, calls } = ownClient([signedAnswer(at(0))]);
    const { data } = await raw.POST(SYNC as never, { body } as never);
    expect(data).toEqual(replies.success);
    const request = calls[0]?.init as Request;
    const message = { method: 'POST', uri: SYNC, clientId: CLIENT_ID, time: at(0), body: JSON.stringify(body) };
    expect(await verify(message, String(request.headers.get('signature')), partner.publicKey)).toBe(true);
  });

  it('refuses an unsigned answer', async () => {
    const { raw } = ownClient([Response.json(replies.success)]);
    await expect(raw.POST(SYNC as never, { body } as never)).rejects.toMatchObject({ reason: 'missing' });
  });
});
