// Signed by default: every answer carries a signature made with the published mock platform key (a PUBLIC TEST
// KEY), served at /__admin/platform-key as PEM and as the bare base64 the vendor's Java, PHP and Go SDKs take.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verify } from '@store-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, MockStartError, startMock } from '../src/index.js';
import { MOCK_PLATFORM_PUBLIC_KEY } from '../src/platform-test-key.js';
import { CLIENT_ID, generateRsaKeyPair, PATHS, post } from './support/http.js';

const sync = (requestId: string) => ({
  requestId,
  posAccountId: 'pos-1',
  store: { posStoreId: 'p-1', name: 'MOM FOOD', status: 'OPEN' },
});

/** Whether an answer's signature verifies with `publicKey`, over the request's method and path. */
async function signedBy(
  answer: { headers: Headers; body: unknown },
  path: string,
  publicKey: string,
): Promise<boolean> {
  const message = {
    method: 'POST',
    uri: path,
    clientId: answer.headers.get('client-id') ?? '',
    time: answer.headers.get('response-time') ?? '',
    body: JSON.stringify(answer.body),
  };
  return verify(message, answer.headers.get('signature') ?? '', publicKey);
}

describe('the mock as it starts by default', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.close());

  it('signs a SUCCESS with the published mock platform key', async () => {
    expect(mock.platformPublicKey).toBe(MOCK_PLATFORM_PUBLIC_KEY);
    const answer = await post(mock.url, PATHS.syncStore, sync('pk-1'));
    expect(answer.body.result.resultCode).toBe('SUCCESS');
    expect(await signedBy(answer, PATHS.syncStore, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
  });

  it('serves its public key as PEM at /__admin/platform-key, and the answer verifies with it', async () => {
    const served = await fetch(`${mock.adminUrl}/platform-key`);
    expect(served.headers.get('content-type')).toBe('application/x-pem-file');
    const pem = await served.text();
    expect(pem).toBe(MOCK_PLATFORM_PUBLIC_KEY);
    const answer = await post(mock.url, PATHS.updateStore, { storeId: 'pk-2' });
    expect(await signedBy(answer, PATHS.updateStore, pem)).toBe(true);
  });

  it('serves the bare base64 of the same key with ?format=base64 (the Java, PHP and Go SDKs take it so)', async () => {
    const served = await fetch(`${mock.adminUrl}/platform-key?format=base64`);
    const base64 = await served.text();
    expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const key = createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
    expect(key.export({ type: 'spki', format: 'pem' })).toBe(MOCK_PLATFORM_PUBLIC_KEY);
  });

  it('shows that same key in the admin document, as both examples', async () => {
    const document = readFileSync(new URL('../admin-openapi.yaml', import.meta.url), 'utf8');
    const base64 = await (await fetch(`${mock.adminUrl}/platform-key?format=base64`)).text();
    expect(document).toContain(`example: ${base64}\n`);
    const pemLines = MOCK_PLATFORM_PUBLIC_KEY.trim().split('\n');
    for (const line of pemLines) expect(document).toContain(`                ${line}\n`);
  });

  it('refuses a platform-key format it does not have, naming the parameter', async () => {
    const served = await fetch(`${mock.adminUrl}/platform-key?format=der`);
    expect(served.status).toBe(400);
    expect((await served.json()).detail).toBe('format must be pem or base64 (got "der")');
  });

  it('signs the gateway refusals too: PARAM_ILLEGAL, a scripted U, a Prefer F', async () => {
    const illegal = await post(mock.url, PATHS.syncStore, { requestId: 'pk-3' });
    expect(illegal.body.result.resultCode).toBe('PARAM_ILLEGAL');
    expect(await signedBy(illegal, PATHS.syncStore, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
    mock.script('syncStore', ['UNKNOWN_EXCEPTION']);
    const unknown = await post(mock.url, PATHS.syncStore, sync('pk-4'));
    expect(unknown.body.result.resultStatus).toBe('U');
    expect(await signedBy(unknown, PATHS.syncStore, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
    const failed = await post(
      mock.url,
      PATHS.updateStore,
      { storeId: '1' },
      { headers: { Prefer: 'example=BIZ_ERROR_NO_RETRY' } },
    );
    expect(await signedBy(failed, PATHS.updateStore, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
  });

  it('signs a replay with the time it is sent at', async () => {
    const first = await post(mock.url, PATHS.syncStore, sync('pk-5'));
    const again = await post(mock.url, PATHS.syncStore, sync('pk-5'));
    expect(again.headers.get('x-mock-idempotent-replay')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await signedBy(again, PATHS.syncStore, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
  });
});

describe('INVALID_SIGNATURE with --client', () => {
  it('is signed, so the Python and Go SDKs read it as INVALID_SIGNATURE rather than a missing signature', async () => {
    const partner = generateRsaKeyPair();
    const mock = await startMock({ clients: { [CLIENT_ID]: partner.publicKey } });
    try {
      const answer = await post(
        mock.url,
        PATHS.updateStore,
        { storeId: '1' },
        { privateKey: generateRsaKeyPair().privateKey },
      );
      expect(answer.body.result.resultCode).toBe('INVALID_SIGNATURE');
      expect(await signedBy(answer, PATHS.updateStore, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
    } finally {
      await mock.close();
    }
  });
});

describe('a platform key of its own', () => {
  it('signs with the key it is given and serves that key’s public half', async () => {
    const pair = generateRsaKeyPair();
    const mock = await startMock({ platformPrivateKey: pair.privateKey });
    try {
      expect(mock.platformPublicKey).toBe(pair.publicKey);
      expect(await (await fetch(`${mock.adminUrl}/platform-key`)).text()).toBe(pair.publicKey);
      const answer = await post(mock.url, PATHS.updateStore, { storeId: '1' });
      expect(await signedBy(answer, PATHS.updateStore, pair.publicKey)).toBe(true);
      expect(await signedBy(answer, PATHS.updateStore, MOCK_PLATFORM_PUBLIC_KEY)).toBe(false);
    } finally {
      await mock.close();
    }
  });

  it('refuses to start with a key that is not an RSA private key, saying what it is', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    await expect(startMock({ platformPrivateKey: ecPem })).rejects.toThrow(
      new MockStartError(
        'platformPrivateKey must be an RSA private key (PKCS#8 or PKCS#1 PEM): it is a private ec key',
      ),
    );
    await expect(startMock({ platformPrivateKey: MOCK_PLATFORM_PUBLIC_KEY })).rejects.toThrow(
      /^platformPrivateKey must be an RSA private key \(PKCS#8 or PKCS#1 PEM\): /,
    );
  });
});

describe('unsigned answers (signResponses: false, --unsigned-responses)', () => {
  it('sends no signature and has no platform key to serve', async () => {
    const mock = await startMock({ signResponses: false });
    try {
      expect(mock.platformPublicKey).toBeUndefined();
      const answer = await post(mock.url, PATHS.updateStore, { storeId: '1' });
      expect(answer.headers.get('signature')).toBeNull();
      expect(answer.headers.get('response-time')).not.toBeNull();
      const served = await fetch(`${mock.adminUrl}/platform-key`);
      expect(served.status).toBe(404);
      expect((await served.json()).detail).toMatch(/--unsigned-responses/);
    } finally {
      await mock.close();
    }
  });
});
