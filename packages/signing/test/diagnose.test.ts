// Each way a signed message goes wrong is named from what was signed: every case below is signed by a real
// signer (this package's, or node:crypto for the schemes it never uses) and then changed, as a partner's code or
// the way to the gateway would change it.
import {
  constants,
  createHash,
  generateKeyPairSync,
  sign as nodeSign,
  privateEncrypt,
  publicDecrypt,
  webcrypto,
} from 'node:crypto';
import { generateRsaKeyPair } from '@store-api/test-support';
import { describe, expect, it } from 'vitest';
import {
  buildStringToSign,
  createSignatureHeader,
  diagnoseSignature,
  keyFingerprint,
  type SignatureCause,
  type SignedMessage,
} from '../src/index.js';
import { openSignature, readRsaPublicKey } from '../src/open.js';

const keys = generateRsaKeyPair();
const HOST = 'open-sea-global.alipayplus.com';
const received: SignedMessage = {
  method: 'POST',
  uri: '/v2/pos/syncStore',
  clientId: 'TEST_5X00000000000000',
  time: '2026-11-24T07:01:38+00:00',
  body: '{ "requestId": "r1", "posAccountId": "a1", "store": { "posStoreId": "ร้าน 🍜" } }',
};
const fingerprint = await keyFingerprint(keys.publicKey);
const REGISTERED = `the public key registered for "TEST_5X00000000000000" (${fingerprint})`;

/** The repo's signer, over `received` changed by `variant`. */
const signedWith = (variant: Partial<SignedMessage>, privateKey = keys.privateKey) =>
  createSignatureHeader({ ...received, ...variant }, privateKey, 1);
/** node:crypto over a literal string, with any hash, padding or key: the base64 signature, not yet URL-encoded. */
const rawSignature = (
  text: string,
  options: { hash?: string; key?: string; padding?: number; saltLength?: number } = {},
) =>
  nodeSign(options.hash ?? 'sha256', Buffer.from(text), {
    key: options.key ?? keys.privateKey,
    ...(options.padding === undefined ? {} : { padding: options.padding, saltLength: options.saltLength }),
  }).toString('base64');
const header = (value: string) => `algorithm=RSA256,keyVersion=1,signature=${value}`;
/** A signature of `received` with a given time whose base64 holds a +, as half the fixes for encoding need. */
function withPlus(): { message: SignedMessage; base64: string } {
  for (let second = 0; second < 60; second++) {
    const message = { ...received, time: `2026-11-24T07:01:${String(second).padStart(2, '0')}+00:00` };
    const base64 = rawSignature(buildStringToSign(message));
    if (base64.includes('+')) return { message, base64 };
  }
  throw new Error('no signature with a + in 60 tries');
}

interface Case {
  readonly given: string;
  /** The Signature header received, and the message if not `received`. */
  readonly sent: () =>
    | Promise<{ header: string | undefined; message?: SignedMessage }>
    | { header: string | undefined; message?: SignedMessage };
  readonly publicKey?: string | undefined;
  readonly cause: SignatureCause;
  readonly reason: string | RegExp;
}

const cases: readonly Case[] = [
  {
    given: 'no Signature header',
    sent: () => ({ header: undefined }),
    cause: 'missing',
    reason: 'the request carries no Signature header: send algorithm=RSA256,signature=<value>',
  },
  {
    given: 'a header without its fields',
    sent: () => ({ header: 'RSA256 abc' }),
    cause: 'malformed',
    reason: 'the Signature header is not algorithm=RSA256,keyVersion=N,signature=<value>',
  },
  {
    given: 'a signature cut short on the way',
    sent: () => ({ header: header(encodeURIComponent(rawSignature(buildStringToSign(received)).slice(0, 300))) }),
    cause: 'malformed',
    reason:
      'the signature value decodes to 225 bytes, not the 256 bytes of an RSA 2048 signature: send the whole value, base64 then URL-encoded',
  },
  {
    given: 'a Client-Id with no registered key',
    sent: async () => ({ header: await signedWith({}) }),
    publicKey: undefined,
    cause: 'no-key',
    reason:
      'no public key is registered for Client-Id "TEST_5X00000000000000": send the Client-Id your key is registered for',
  },
  {
    given: 'a signature value sent without URL-encoding',
    sent: () => {
      const { message, base64 } = withPlus();
      return { message, header: header(base64) };
    },
    cause: 'encoding',
    reason:
      'the signature value is not URL-encoded: its base64 + / = must be sent as %2B %2F %3D (a bare + reads as a space)',
  },
  {
    given: 'a signature value URL-encoded twice',
    sent: async () => ({
      header: header(
        encodeURIComponent(decodeURIComponent((await signedWith({})).split('signature=')[1] ?? '')).replaceAll(
          '%',
          '%25',
        ),
      ),
    }),
    cause: 'encoding',
    reason: 'the signature value is URL-encoded twice (%252B for +): URL-encode the base64 once',
  },
  {
    given: 'a signature value whose + became spaces on the way',
    sent: () => {
      const { message, base64 } = withPlus();
      return { message, header: header(encodeURIComponent(base64).replaceAll('%2B', '%20')) };
    },
    cause: 'encoding',
    reason:
      "the signature value holds spaces where its base64 has + (URL-decoded on the way, or form-encoded from a value whose + were already spaces): URL-encode the base64 signature's + as %2B",
  },
  {
    given: 'a base64url signature value',
    sent: () => ({
      header: header(Buffer.from(rawSignature(buildStringToSign(received)), 'base64').toString('base64url')),
    }),
    cause: 'encoding',
    reason: 'the signature value is base64url (- and _): send standard base64 (+ and /), URL-encoded',
  },
  {
    given: 'a hexadecimal signature value',
    sent: () => ({ header: header(Buffer.from(rawSignature(buildStringToSign(received)), 'base64').toString('hex')) }),
    cause: 'encoding',
    reason: 'the signature value is hexadecimal: send it base64, then URL-encoded',
  },
  {
    given: 'algorithm=ECC224 in the header',
    sent: () => ({
      header: `algorithm=ECC224,signature=${encodeURIComponent(rawSignature(buildStringToSign(received)))}`,
    }),
    cause: 'algorithm',
    reason:
      'the Signature header says algorithm=ECC224; the gateway verifies RSA256 (SHA256withRSA): sign with SHA256withRSA and send algorithm=RSA256',
  },
  {
    given: 'SHA1withRSA',
    sent: () => ({ header: header(encodeURIComponent(rawSignature(buildStringToSign(received), { hash: 'sha1' }))) }),
    cause: 'algorithm',
    reason:
      'the signature is SHA1withRSA; the gateway verifies SHA256withRSA: sign with SHA-256 (the string signed is right)',
  },
  {
    given: 'SHA512withRSA over another body',
    sent: () => ({
      header: header(
        encodeURIComponent(rawSignature(buildStringToSign({ ...received, body: '{}x' }), { hash: 'sha512' })),
      ),
    }),
    cause: 'algorithm',
    reason: 'the signature is SHA512withRSA; the gateway verifies SHA256withRSA: sign with SHA-256',
  },
  {
    given: 'RSA-PSS',
    sent: () => ({
      header: header(
        encodeURIComponent(
          rawSignature(buildStringToSign(received), { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
        ),
      ),
    }),
    cause: 'algorithm',
    reason:
      'the signature is RSA-PSS; the gateway verifies SHA256withRSA with PKCS#1 v1.5 padding: sign with RSASSA-PKCS1-v1_5 (Java SHA256withRSA, Python padding.PKCS1v15(), not PSS)',
  },
  {
    given: 'the SHA-256 digest encrypted bare (NONEwithRSA)',
    sent: () => {
      const digest = createHash('sha256').update(buildStringToSign(received)).digest();
      const bytes = privateEncrypt({ key: keys.privateKey, padding: constants.RSA_PKCS1_PADDING }, digest);
      return { header: header(encodeURIComponent(bytes.toString('base64'))) };
    },
    cause: 'algorithm',
    reason:
      'the signature holds a bare 32-byte digest without its DigestInfo (NONEwithRSA, or the hash encrypted): sign the string itself with SHA256withRSA',
  },
  {
    given: 'a 1024-bit key',
    sent: () => {
      const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      return { header: header(encodeURIComponent(rawSignature(buildStringToSign(received), { key: small }))) };
    },
    cause: 'algorithm',
    reason:
      'the signature is 128 bytes, made with a 1024-bit key; the gateway takes RSA 2048-bit keys: sign with the 2048-bit private key whose public key is registered (store-api keygen makes one)',
  },
  {
    given: 'another 2048-bit key',
    sent: async () => ({ header: await signedWith({}, generateRsaKeyPair().privateKey) }),
    cause: 'key',
    reason: `the signature does not open with ${REGISTERED}: it was made with another private key (or changed on the way); sign with the private key of the registered public key`,
  },
  {
    given: 'the method signed in lower case',
    sent: () => ({
      header: header(encodeURIComponent(rawSignature(buildStringToSign(received).replace('POST', 'post')))),
    }),
    cause: 'method',
    reason: 'the method signed was "post", not "POST": sign the method as sent, in capitals',
  },
  {
    given: 'the URI signed with the host',
    sent: async () => ({ header: await signedWith({ uri: `https://${HOST}${received.uri}` }) }),
    cause: 'uri',
    reason: `the URI signed was "https://${HOST}/v2/pos/syncStore", not the request's "/v2/pos/syncStore": sign the path (and query) only, without scheme or host`,
  },
  {
    given: 'the URI signed without its query',
    sent: async () => ({ header: await signedWith({}), message: { ...received, uri: `${received.uri}?trace=1` } }),
    cause: 'uri',
    reason:
      'the URI signed was "/v2/pos/syncStore", not the request\'s "/v2/pos/syncStore?trace=1": sign the query too: the URI is the path and the query as sent',
  },
  {
    given: 'the URI signed with a trailing slash',
    sent: async () => ({ header: await signedWith({ uri: `${received.uri}/` }) }),
    cause: 'uri',
    reason:
      'the URI signed was "/v2/pos/syncStore/", not the request\'s "/v2/pos/syncStore": sign the path exactly as sent, without a trailing slash',
  },
  {
    given: 'a CRLF after the URI',
    sent: () => ({
      header: header(encodeURIComponent(rawSignature(buildStringToSign(received).replace('\n', '\r\n')))),
    }),
    cause: 'line-break',
    reason: 'the string signed has \\r\\n between the URI and the Client-Id: put a single \\n (line feed) there',
  },
  {
    given: 'a Client-Id read from a file with its line end',
    sent: async () => ({ header: await signedWith({ clientId: `${received.clientId}\n` }) }),
    cause: 'client-id',
    reason:
      'the Client-Id signed was "TEST_5X00000000000000\\n", not the header\'s "TEST_5X00000000000000": sign the Client-Id exactly as you send it (no spaces or line end)',
  },
  {
    given: 'the time signed as epoch milliseconds, sent as ISO 8601',
    sent: async () => ({ header: await signedWith({ time: String(Date.parse(received.time)) }) }),
    cause: 'time',
    reason:
      'the time signed was "1795503698000", the same instant as the Request-Time header\'s "2026-11-24T07:01:38+00:00" in another form: sign the header\'s exact text',
  },
  {
    given: 'the time taken again for the header, 2 s later',
    sent: async () => ({ header: await signedWith({ time: '2026-11-24T07:01:36+00:00' }) }),
    cause: 'time',
    reason:
      'the time signed was "2026-11-24T07:01:36+00:00", 2 s before the Request-Time header\'s "2026-11-24T07:01:38+00:00": the time was taken twice; take it once, sign it and send that text',
  },
  {
    given: 'the body signed compact and sent formatted',
    sent: async () => ({ header: await signedWith({ body: JSON.stringify(JSON.parse(received.body)) }) }),
    cause: 'body',
    reason:
      'the body signed is not the body sent: it was signed compact and sent formatted (serialised again after signing); sign the exact bytes you send, and send the bytes you signed',
  },
  {
    given: "the body signed as Python's json.dumps writes it",
    sent: async () => ({
      header: await signedWith({
        body: '{"requestId": "r1", "posAccountId": "a1", "store": {"posStoreId": "\\u0e23\\u0e49\\u0e32\\u0e19 \\ud83c\\udf5c"}}',
      }),
    }),
    cause: 'body',
    reason:
      'the body signed is not the body sent: it was signed as Python\'s json.dumps writes it (", " and ": ", non-ASCII as \\u escapes); sign the exact bytes you send, and send the bytes you signed',
  },
  {
    given: 'a field of the body changed after signing',
    sent: async () => ({ header: await signedWith({ body: received.body.replace('"a1"', '"a2"') }) }),
    cause: 'content',
    reason: `the key is right (the signature opens with ${REGISTERED}) but it covers another string to sign: the method, URI, Client-Id, Request-Time or body you signed is not the one sent, in a way no usual mistake explains; print your string to sign and compare its bytes and SHA-256 with these`,
  },
];

describe('diagnoseSignature', () => {
  it('says a good signature verifies, with the string, its bytes and SHA-256, and the key fingerprint', async () => {
    const result = await diagnoseSignature({
      message: received,
      signatureHeader: await signedWith({}),
      publicKey: keys.publicKey,
    });
    expect(result).toMatchObject({ valid: true, cause: undefined, stringToSign: buildStringToSign(received) });
    expect(result.bytes).toBe(new TextEncoder().encode(buildStringToSign(received)).byteLength);
    expect(result.sha256).toBe(createHash('sha256').update(buildStringToSign(received)).digest('hex'));
    expect(result.keyFingerprint).toBe(fingerprint);
  });

  it.each(cases)('names $cause for $given', async ({ sent, cause, reason, ...rest }) => {
    const { header: signatureHeader, message = received } = await sent();
    const publicKey = 'publicKey' in rest ? rest.publicKey : keys.publicKey;
    const result = await diagnoseSignature({ message, signatureHeader, publicKey, host: HOST });
    expect(result.cause).toBe(cause);
    expect(result.valid).toBe(false);
    if (typeof reason === 'string') expect(result.reason).toBe(reason);
    else expect(result.reason).toMatch(reason);
  });

  it('without a key it can open (a CryptoKey it cannot export) still names a mistake it can verify', async () => {
    const publicKey = await webcrypto.subtle.importKey(
      'spki',
      Buffer.from(keys.publicKey.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const result = await diagnoseSignature({
      message: received,
      signatureHeader: await signedWith({ uri: `${received.uri}/` }),
      publicKey: publicKey as CryptoKey,
    });
    expect(result).toMatchObject({ cause: 'uri', keyFingerprint: undefined });
  });
});

describe('openSignature', () => {
  it('recovers the DigestInfo node:crypto publicDecrypt recovers, and the SHA-256 of the string signed', async () => {
    const signature = Buffer.from(rawSignature(buildStringToSign(received)), 'base64');
    const key = await readRsaPublicKey(keys.publicKey);
    if (key === undefined) throw new Error('the key did not read');
    const opened = await openSignature(signature, key);
    const digestInfo = publicDecrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    expect(opened).toMatchObject({ kind: 'pkcs1', hash: 'SHA-256' });
    if (opened.kind !== 'pkcs1') return;
    expect(Buffer.from(opened.digest).toString('hex')).toBe(digestInfo.subarray(-32).toString('hex'));
    expect(Buffer.from(opened.digest).toString('hex')).toBe(
      createHash('sha256').update(buildStringToSign(received)).digest('hex'),
    );
  });

  it('opens nothing from a signature by another key', async () => {
    const key = await readRsaPublicKey(keys.publicKey);
    if (key === undefined) throw new Error('the key did not read');
    const other = Buffer.from(rawSignature('x', { key: generateRsaKeyPair().privateKey }), 'base64');
    expect(await openSignature(other, key)).toEqual({ kind: 'none' });
  });
});
