// A key or option that cannot work is refused by createStoreClient, naming it, before anything is sent; and only
// fetch's own failures are network errors (a JWK given as privateKey was once retried 3 times as one, 0 requests sent).
import { createPrivateKey, webcrypto } from 'node:crypto';
import { generateRsaKeyPair } from '@store-api/test-support';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createStoreClient, NetworkError, type StoreClientOptions } from '../src/index.js';
import bad from './fixtures/bad-options.json' with { type: 'json' };
import replies from './fixtures/replies.json' with { type: 'json' };

const partner = generateRsaKeyPair();
const body = { requestId: 'req-0001', posAccountId: 'pos_account_id_001', store: { posStoreId: 'pos_store_id_001' } };
const good = { baseUrl: 'http://127.0.0.1:1', clientId: 'TEST_5X00000000000000', privateKey: partner.privateKey };

const made: Record<string, unknown> = {
  $jwk: createPrivateKey(partner.privateKey).export({ format: 'jwk' }),
  $publicKey: partner.publicKey,
  $privateKey: partner.privateKey,
  $keyObject: createPrivateKey(partner.privateKey),
  $publicCryptoKey: await webcrypto.subtle.importKey(
    'spki',
    Buffer.from(partner.publicKey.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  ),
  $ecPrivateCryptoKey: (
    await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
  ).privateKey,
  $infinity: Number.POSITIVE_INFINITY,
  $undefined: undefined,
};
const resolve = (options: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(options).map(([name, value]) => [
      name,
      typeof value === 'string' && value in made ? made[value] : value,
    ]),
  );

/** A fetch that counts the requests it was asked to send and answers SUCCESS. */
function countingFetch() {
  const counted = { requests: 0 };
  const fetch = async () => {
    counted.requests++;
    return Response.json(replies.success);
  };
  return { counted, fetch };
}

describe('a bad key or option fails at createStoreClient, naming the option', () => {
  it.each(bad.cases)('refuses $rule', ({ options, option, message }) => {
    const { counted, fetch } = countingFetch();
    const create = () => createStoreClient({ ...good, fetch, ...resolve(options) } as StoreClientOptions);
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(message);
    try {
      create();
    } catch (error) {
      expect(error).toMatchObject({ name: 'ConfigurationError', kind: 'configuration', option, message });
    }
    expect(counted.requests).toBe(0);
  });

  // From plain JavaScript: a key read from a config file that lacks it, or an object only shaped like a CryptoKey.
  it.each([
    { option: 'privateKey', key: null },
    { option: 'platformPublicKey', key: null },
    { option: 'privateKey', key: { type: 'private' } },
    { option: 'platformPublicKey', key: { type: 'public', algorithm: null } },
  ])('refuses $key as $option, naming it', ({ option, key }) => {
    const create = () => createStoreClient({ ...good, [option]: key } as unknown as StoreClientOptions);
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(`createStoreClient: ${option} must be`);
    expect(create).toThrow(expect.objectContaining({ option }));
  });

  it('never quotes the key it refuses', () => {
    const bodyOf = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
    for (const [option, key] of [
      ['privateKey', partner.publicKey],
      ['platformPublicKey', partner.privateKey],
    ] as const) {
      const message = (() => {
        try {
          createStoreClient({ ...good, [option]: key });
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(message).toMatch(/^createStoreClient: /);
      expect(message).not.toContain(bodyOf(key).slice(0, 40));
    }
  });

  it('refuses a bad retry policy given to a call, naming the call and the option', async () => {
    const { counted, fetch } = countingFetch();
    await expect(
      createStoreClient({ ...good, fetch }).syncStore(body, { retry: { attempts: -1 } }),
    ).rejects.toMatchObject({
      kind: 'configuration',
      option: 'retry.attempts',
      message: 'syncStore: retry.attempts must be a number >= 1 (got -1)',
    });
    expect(counted.requests).toBe(0);
  });
});

describe("only the fetch call's own failures are network errors", () => {
  it('rethrows a TypeError raised outside fetch at once, unretried, with no request sent', async () => {
    const { counted, fetch } = countingFetch();
    const outside = new TypeError('a hook failed');
    const client = createStoreClient({
      ...good,
      fetch,
      onRequest: () => {
        throw outside;
      },
    });
    await expect(client.syncStore(body)).rejects.toBe(outside);
    expect(counted.requests).toBe(0);
  });

  it('rethrows a key that fails to sign (a PEM with a broken body) at once, with no request sent', async () => {
    const { counted, fetch } = countingFetch();
    const broken = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n';
    const failure = await createStoreClient({ ...good, privateKey: broken, fetch })
      .syncStore(body)
      .catch((error: unknown) => error);
    expect(failure).not.toBeInstanceOf(NetworkError);
    expect(failure).toBeInstanceOf(Error);
    expect(counted.requests).toBe(0);
  });

  it("counts fetch's own TypeError as a NetworkError, and retries it", async () => {
    let calls = 0;
    const client = createStoreClient({
      ...good,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      fetch: async () => {
        calls++;
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        });
      },
    });
    await expect(client.syncStore(body)).rejects.toMatchObject({
      kind: 'network',
      attempts: 3,
      headers: undefined,
      message: 'the request got no response: connect ECONNREFUSED',
    });
    expect(calls).toBe(3);
  });

  it("counts a reset while the body is read (fetch's stream) as a NetworkError", async () => {
    const client = createStoreClient({
      ...good,
      retry: false,
      fetch: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.error(new TypeError('terminated', { cause: { code: 'UND_ERR_SOCKET' } }));
            },
          }),
          { status: 200, headers: { 'x-request-id': 'r-1' } },
        ),
    });
    const failure = await client.syncStore(body).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NetworkError);
    expect((failure as NetworkError).headers?.get('x-request-id')).toBe('r-1');
  });
});
