// Where node:crypto is not there (browsers, Deno, Bun, workers), PEM keys sign and verify through WebCrypto: the
// signatures are the same bytes node:crypto makes. The module is loaded afresh with Node's version hidden, as it
// would load in a browser.
import { createHash, createPublicKey, sign as nodeSign } from 'node:crypto';
import { generateRsaKeyPair } from '@store-api/test-support';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Signature from '../src/signature.js';

const keys = generateRsaKeyPair();
const other = generateRsaKeyPair();
const message = {
  method: 'POST',
  uri: '/v2/pos/syncStore',
  clientId: 'TEST_5X00000000000000',
  time: '2026-11-24T07:01:38+00:00',
  body: '{"requestId":"r1","posAccountId":"a1","store":{"posStoreId":"ร้าน 🍜"}}',
};
const stringToSign = `POST /v2/pos/syncStore\nTEST_5X00000000000000.2026-11-24T07:01:38+00:00.${message.body}`;
/** node:crypto's signature of the string to sign, as the header carries it. */
const expected = (privateKey: string) =>
  encodeURIComponent(nodeSign('sha256', Buffer.from(stringToSign), privateKey).toString('base64'));

let signing: typeof Signature;
beforeEach(async () => {
  const versions = Object.getOwnPropertyDescriptor(process, 'versions');
  Object.defineProperty(process, 'versions', { value: { ...process.versions, node: undefined }, configurable: true });
  try {
    vi.resetModules();
    signing = await import('../src/signature.js');
  } finally {
    if (versions !== undefined) Object.defineProperty(process, 'versions', versions);
  }
});

describe('without node:crypto, with WebCrypto only', () => {
  it('signs with a PEM private key to the bytes node:crypto makes, again with the key already imported', async () => {
    expect(await signing.sign(message, keys.privateKey)).toBe(expected(keys.privateKey));
    expect(await signing.sign(message, keys.privateKey)).toBe(expected(keys.privateKey));
    expect(await signing.sign(message, other.privateKey)).toBe(expected(other.privateKey));
  });

  it('verifies with a PEM public key, and refuses another key or a changed body', async () => {
    const header = `algorithm=RSA256,keyVersion=1,signature=${expected(keys.privateKey)}`;
    expect(await signing.verify(message, header, keys.publicKey)).toBe(true);
    expect(await signing.verify(message, header, keys.publicKey)).toBe(true);
    expect(await signing.verify(message, header, other.publicKey)).toBe(false);
    expect(await signing.verify({ ...message, body: `${message.body} ` }, header, keys.publicKey)).toBe(false);
  });

  it('refuses to sign with a public key, or to verify with a private key, as WebCrypto does', async () => {
    await expect(signing.sign(message, keys.publicKey)).rejects.toThrow();
    const header = `algorithm=RSA256,signature=${expected(keys.privateKey)}`;
    await expect(signing.verify(message, header, keys.privateKey)).rejects.toThrow();
  });

  it('fingerprints a public key as the SHA-256 of its DER (SPKI) bytes', async () => {
    const der = createPublicKey(keys.publicKey).export({ type: 'spki', format: 'der' });
    expect(await signing.keyFingerprint(keys.publicKey)).toBe(
      `sha256:${createHash('sha256').update(der).digest('hex')}`,
    );
  });
});
