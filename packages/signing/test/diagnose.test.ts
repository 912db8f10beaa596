// Each usual signing mistake is recognised and named, from the message as the verifier received it.

import { generateRsaKeyPair } from '@store-api/test-support';
import { describe, expect, it } from 'vitest';
import {
  buildStringToSign,
  createSignatureHeader,
  diagnoseSignature,
  formatTime,
  type SignedMessage,
  sign,
} from '../src/index.js';

const keys = generateRsaKeyPair();
const received: SignedMessage = {
  method: 'POST',
  uri: '/v2/pos/syncStore',
  clientId: 'TEST_5X00000000000000',
  time: '2026-11-24T07:01:38+00:00',
  body: '{ "requestId": "r1", "posAccountId": "a1", "store": { "posStoreId": "ร้าน 🍜" } }',
};
const diagnose = (signatureHeader: string | undefined, publicKey: string | undefined = keys.publicKey) =>
  diagnoseSignature({ message: received, signatureHeader, publicKey, host: 'open-sea-global.alipayplus.com' });
const signedWith = async (variant: Partial<SignedMessage>, keyVersion: number | undefined = 1) =>
  createSignatureHeader({ ...received, ...variant }, keys.privateKey, keyVersion);

describe('diagnoseSignature', () => {
  it('says a good signature verifies, with the string, its bytes and SHA-256, and the key fingerprint', async () => {
    const result = await diagnose(await signedWith({}));
    expect(result).toMatchObject({ valid: true, cause: undefined, stringToSign: buildStringToSign(received) });
    expect(result.bytes).toBe(new TextEncoder().encode(buildStringToSign(received)).byteLength);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.keyFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  const cases: readonly (readonly [string, () => Promise<string | undefined>])[] = [
    ['missing', async () => undefined],
    ['malformed', async () => 'RSA256 abc'],
    ['algorithm', async () => 'algorithm=ECC224,signature=abc'],
    ['body', async () => signedWith({ body: JSON.stringify(JSON.parse(received.body)) })],
    ['uri', async () => signedWith({ uri: `https://open-sea-global.alipayplus.com${received.uri}` })],
    ['time', async () => signedWith({ time: String(Date.parse(received.time)) })],
    [
      'method',
      async () =>
        `algorithm=RSA256,signature=${await signString(`post ${received.uri}\n${received.clientId}.${received.time}.${received.body}`)}`,
    ],
    [
      'line-break',
      async () => `algorithm=RSA256,signature=${await signString(buildStringToSign(received).replace('\n', '\r\n'))}`,
    ],
    ['key', async () => createSignatureHeader(received, generateRsaKeyPair().privateKey, 1)],
  ];
  it.each(cases)('names the cause %s', async (cause, header) => {
    const result = await diagnose(await header());
    expect(result).toMatchObject({ valid: false, cause });
    expect(result.reason.length).toBeGreaterThan(20);
  });

  it('names a signature value sent without URL-encoding (when its base64 holds + or /)', async () => {
    // Not every signature holds + or /; try a few times until one does, as the vendor's decoder would break it.
    for (let n = 0; n < 20; n++) {
      const message = { ...received, time: formatTime(new Date(Date.UTC(2026, 10, 24, 7, 1, n))) };
      const raw = decodeURIComponent(await sign(message, keys.privateKey));
      if (!raw.includes('+')) continue;
      const result = await diagnoseSignature({
        message,
        signatureHeader: `algorithm=RSA256,signature=${raw}`,
        publicKey: keys.publicKey,
      });
      expect(result.cause).toBe('not-url-encoded');
      return;
    }
    throw new Error('no signature with a + in 20 tries');
  });

  it('names a Client-Id with no registered key', async () => {
    const result = await diagnoseSignature({
      message: received,
      signatureHeader: await signedWith({}),
      publicKey: undefined,
    });
    expect(result).toMatchObject({ cause: 'no-key', keyFingerprint: undefined });
  });
});

async function signString(text: string): Promise<string> {
  const { sign: nodeSign } = await import('node:crypto');
  return encodeURIComponent(nodeSign('sha256', Buffer.from(text), keys.privateKey).toString('base64'));
}
