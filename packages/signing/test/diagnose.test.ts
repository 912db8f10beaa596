// Each way a signed message goes wrong is named from what was signed: every case below is signed by a real
// signer (this package's, or node:crypto for the schemes it never uses) and then changed, as a partner's code or
// the way to the gateway would change it.
import {
  constants,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
  privateEncrypt,
  publicDecrypt,
  webcrypto,
} from 'node:crypto';
import { generateRsaKeyPair } from '@store-api/test-support';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Diagnose from '../src/diagnose.js';
import {
  buildStringToSign,
  createSignatureHeader,
  keyFingerprint,
  type SignatureCause,
  type SignedMessage,
} from '../src/index.js';
import { openSignature, readRsaPublicKey } from '../src/open.js';

// Each test loads the diagnosis afresh, so its module-level tables (the unset values, the bound on bytes hashed)
// are part of what each test checks, not only the copy loaded before the test began.
let diagnoseSignature: typeof Diagnose.diagnoseSignature;
beforeEach(async () => {
  vi.resetModules();
  ({ diagnoseSignature } = await import('../src/diagnose.js'));
});

const keys = generateRsaKeyPair();
/** A 1024-bit key registered, for a signature made with a 2048-bit one. */
const small = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
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
const REGISTERED_SMALL = `the public key registered for "TEST_5X00000000000000" (${await keyFingerprint(small.publicKey)})`;

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
    given: 'an empty Signature header',
    sent: () => ({ header: '' }),
    cause: 'missing',
    reason: 'the request carries no Signature header: send algorithm=RSA256,signature=<value>',
  },
  {
    given: 'a signature value that is not base64',
    sent: () => ({ header: header('!!!!') }),
    cause: 'malformed',
    reason:
      'the signature value decodes to nothing (it is not base64), not the 256 bytes of an RSA 2048 signature: send the whole value, base64 then URL-encoded',
  },
  {
    given: 'a hexadecimal value with an odd number of digits',
    sent: () => ({
      header: header(`${Buffer.from(rawSignature(buildStringToSign(received)), 'base64').toString('hex')}0`),
    }),
    cause: 'malformed',
    reason:
      'the signature value decodes to nothing (it is not base64), not the 256 bytes of an RSA 2048 signature: send the whole value, base64 then URL-encoded',
  },
  {
    given: 'a value cut short with a bare +, read both ways',
    sent: () => ({ header: header(`${'A'.repeat(299)}+`) }),
    cause: 'malformed',
    reason:
      'the signature value decodes to 224 or 225 bytes, not the 256 bytes of an RSA 2048 signature: send the whole value, base64 then URL-encoded',
  },
  {
    given: 'a signature by a larger key than the registered 1024-bit one',
    sent: async () => ({ header: await signedWith({}) }),
    publicKey: small.publicKey,
    cause: 'key',
    reason: `the signature is 256 bytes, made with a 2048-bit key, not ${REGISTERED_SMALL}, which is 1024-bit: sign with the private key of the registered public key`,
  },
  {
    given: 'a registered key that is not PEM',
    sent: async () => ({ header: await signedWith({}) }),
    publicKey: 'not a key!',
    cause: 'key',
    reason: `no usual mistake explains it, and the key cannot be read to tell the key from the content: check that you signed with the private key of the public key registered for "TEST_5X00000000000000" (not a PEM key), and compare your string to sign's bytes and SHA-256`,
  },
  {
    given: 'MD5withRSA over the right string (a hash WebCrypto cannot compute)',
    sent: () => ({ header: header(encodeURIComponent(rawSignature(buildStringToSign(received), { hash: 'md5' }))) }),
    cause: 'algorithm',
    reason: 'the signature is MD5withRSA; the gateway verifies SHA256withRSA: sign with SHA-256',
  },
  {
    given: 'SHA224withRSA over the right string (a hash WebCrypto cannot compute)',
    sent: () => ({
      header: header(encodeURIComponent(rawSignature(buildStringToSign(received), { hash: 'sha224' }))),
    }),
    cause: 'algorithm',
    reason: 'the signature is SHA224withRSA; the gateway verifies SHA256withRSA: sign with SHA-256',
  },
  {
    given: 'a field of the body changed, with a Request-Time that is not a time',
    sent: () => {
      const message = { ...received, time: 'yesterday' };
      return {
        message,
        header: header(encodeURIComponent(rawSignature(buildStringToSign({ ...message, body: '{}x' })))),
      };
    },
    cause: 'content',
    reason: `the key is right (the signature opens with ${REGISTERED}) but it covers another string to sign: the method, URI, Client-Id, Request-Time or body you signed is not the one sent, in a way no usual mistake explains; print your string to sign and compare its bytes and SHA-256 with these`,
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
  {
    given: 'an empty string signed (the string to sign left unset), which no usual mistake makes',
    sent: () => ({ header: header(encodeURIComponent(rawSignature(''))) }),
    cause: 'content',
    reason: `the key is right (the signature opens with ${REGISTERED}) but it covers another string to sign: the method, URI, Client-Id, Request-Time or body you signed is not the one sent, in a way no usual mistake explains; print your string to sign and compare its bytes and SHA-256 with these`,
  },
];

const unexportable = () =>
  webcrypto.subtle.importKey(
    'spki',
    Buffer.from(keys.publicKey.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  ) as Promise<CryptoKey>;
const NOTHING_EXPLAINS = `no usual mistake explains it, and the key cannot be read to tell the key from the content: check that you signed with the private key of the public key registered for "TEST_5X00000000000000" (a CryptoKey), and compare your string to sign's bytes and SHA-256`;

describe('diagnoseSignature', () => {
  it('says a good signature verifies, with the string, its bytes and SHA-256, and the key fingerprint', async () => {
    const result = await diagnoseSignature({
      message: received,
      signatureHeader: await signedWith({}),
      publicKey: keys.publicKey,
    });
    expect(result).toMatchObject({
      valid: true,
      cause: undefined,
      reason: 'the signature verifies',
      stringToSign: buildStringToSign(received),
    });
    expect(result.bytes).toBe(new TextEncoder().encode(buildStringToSign(received)).byteLength);
    expect(result.sha256).toBe(createHash('sha256').update(buildStringToSign(received)).digest('hex'));
    expect(result.keyFingerprint).toBe(fingerprint);
  });

  it.each(cases)('names $cause for $given', async ({ sent, cause, reason, ...rest }) => {
    const { header: signatureHeader, message = received } = await sent();
    const publicKey = 'publicKey' in rest ? rest.publicKey : keys.publicKey;
    const result = await diagnoseSignature({ message, signatureHeader, publicKey, host: HOST });
    expect(result.sha256).toBe(createHash('sha256').update(buildStringToSign(message)).digest('hex'));
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

  it.each([
    {
      given: 'a value sent without URL-encoding',
      sent: () => {
        const { message, base64 } = withPlus();
        return { message, header: header(base64) };
      },
      cause: 'encoding',
      reason:
        'the signature value is not URL-encoded: its base64 + / = must be sent as %2B %2F %3D (a bare + reads as a space)',
    },
    {
      given: 'another private key',
      sent: async () => ({ message: received, header: await signedWith({}, generateRsaKeyPair().privateKey) }),
      cause: 'key',
      reason: NOTHING_EXPLAINS,
    },
  ])('without a key it can open, names $cause for $given', async ({ sent, cause, reason }) => {
    const { message, header: signatureHeader } = await sent();
    const result = await diagnoseSignature({ message, signatureHeader, publicKey: await unexportable(), host: HOST });
    expect({ cause: result.cause, reason: result.reason }).toEqual({ cause, reason });
  });
});

describe('diagnoseSignature with a registered key that cannot verify SHA256withRSA', () => {
  const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  it.each([
    {
      given: 'a private key',
      key: () =>
        webcrypto.subtle.importKey(
          'pkcs8',
          der(keys.privateKey),
          { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
          false,
          ['sign'],
        ),
    },
    {
      given: 'a public key imported for RSA-PSS',
      key: () =>
        webcrypto.subtle.importKey('spki', der(keys.publicKey), { name: 'RSA-PSS', hash: 'SHA-256' }, false, [
          'verify',
        ]),
    },
  ])(
    'with $given registered, names the key, not the encoding of a value sent without URL-encoding',
    async ({ key }) => {
      const { message, base64 } = withPlus();
      const result = await diagnoseSignature({
        message,
        signatureHeader: header(base64),
        publicKey: (await key()) as CryptoKey,
        host: HOST,
      });
      expect({ cause: result.cause, reason: result.reason }).toEqual({ cause: 'key', reason: NOTHING_EXPLAINS });
    },
  );
});

describe('diagnoseSignature bounds the bytes it hashes trying usual mistakes', () => {
  const body = 'x'.repeat(2 * 1024 * 1024);
  const bodyReason =
    'the body signed is not the body sent: the body signed ends with a line end the body sent does not have; sign the exact bytes you send, and send the bytes you signed';

  it('names a mistake late in the list when the strings are small', async () => {
    const message = { ...received, body: 'x' };
    const signatureHeader = header(encodeURIComponent(rawSignature(buildStringToSign({ ...message, body: 'x\n' }))));
    const result = await diagnoseSignature({ message, signatureHeader, publicKey: keys.publicKey });
    expect(result.reason).toBe(bodyReason);
  });

  it('stops after 64 MiB of candidate strings: a 2 MiB body signed with a line end is left as content', async () => {
    const message = { ...received, body };
    const signatureHeader = header(
      encodeURIComponent(rawSignature(buildStringToSign({ ...message, body: `${body}\n` }))),
    );
    const result = await diagnoseSignature({ message, signatureHeader, publicKey: keys.publicKey });
    expect(result.cause).toBe('content');
  });

  it('stops after 64 KiB when each mistake costs a verification (a key it cannot open)', async () => {
    const message = { ...received, body: 'x'.repeat(40_000) };
    const signed = { ...message, body: `${message.body}\n` };
    const signatureHeader = header(encodeURIComponent(rawSignature(buildStringToSign(signed))));
    const result = await diagnoseSignature({ message, signatureHeader, publicKey: await unexportable() });
    expect({ cause: result.cause, reason: result.reason }).toEqual({ cause: 'key', reason: NOTHING_EXPLAINS });
    const small = { ...received, body: 'x' };
    const smallHeader = header(encodeURIComponent(rawSignature(buildStringToSign({ ...small, body: 'x\n' }))));
    const named = await diagnoseSignature({
      message: small,
      signatureHeader: smallHeader,
      publicKey: await unexportable(),
    });
    expect(named.reason).toBe(bodyReason);
  });

  it('stops after 64 KiB with a key it cannot open, even before the mistake tried sixth (the method in small letters)', async () => {
    const methodReason = 'the method signed was "post", not "POST": sign the method as sent, in capitals';
    const diagnose = async (body: string) => {
      const message = { ...received, body };
      const signatureHeader = header(
        encodeURIComponent(rawSignature(buildStringToSign(message).replace('POST', 'post'))),
      );
      const result = await diagnoseSignature({ message, signatureHeader, publicKey: await unexportable() });
      return { cause: result.cause, reason: result.reason };
    };
    expect(await diagnose('x'.repeat(40_000))).toEqual({ cause: 'key', reason: NOTHING_EXPLAINS });
    expect(await diagnose('x')).toEqual({ cause: 'method', reason: methodReason });
  });
});

/** Every usual mistake, each signed by the repo's signer over the string the mistake makes, named with its fix. */
interface Mistake {
  readonly given: string;
  /** The message as received, if not `received`. */
  readonly sent?: Partial<SignedMessage>;
  /** What was signed instead: other fields, or the whole string to sign. */
  readonly signed: Partial<SignedMessage> | string;
  /** The host the request went to, if not HOST (undefined: not known). */
  readonly host?: string | undefined;
  readonly cause: SignatureCause;
  readonly reason: string;
}
const ID = received.clientId;
const TIME = received.time;
const sameInstant = (t: string, time = TIME) =>
  `the time signed was "${t}", the same instant as the Request-Time header's "${time}" in another form: sign the header's exact text`;
const takenTwice = (t: string, offset: string, time: string) =>
  `the time signed was "${t}", ${offset} the Request-Time header's "${time}": the time was taken twice; take it once, sign it and send that text`;
const bodyReason = (what: string) =>
  `the body signed is not the body sent: ${what}; sign the exact bytes you send, and send the bytes you signed`;
const uriReason = (uri: string, fix: string, sent = received.uri) =>
  `the URI signed was "${uri}", not the request's "${sent}": ${fix}`;
const lineBreak = (what: string) =>
  `the string signed has ${what} between the URI and the Client-Id: put a single \\n (line feed) there`;
const clientId = (id: string) =>
  `the Client-Id signed was ${JSON.stringify(id)}, not the header's "${ID}": sign the Client-Id exactly as you send it (no spaces or line end)`;
const value = JSON.parse(received.body);
const sortedValue = { posAccountId: 'a1', requestId: 'r1', store: { posStoreId: value.store.posStoreId } };
const FULL_URL = 'sign the path (and query) only, without scheme or host';

const mistakeCases: readonly Mistake[] = [
  {
    given: 'nothing after the URI',
    signed: buildStringToSign(received).replace('\n', ''),
    cause: 'line-break',
    reason: lineBreak('nothing'),
  },
  {
    given: 'a space after the URI',
    signed: buildStringToSign(received).replace('\n', ' '),
    cause: 'line-break',
    reason: lineBreak('a space'),
  },
  {
    given: 'an escaped \\n written out',
    signed: buildStringToSign(received).replace('\n', '\\n'),
    cause: 'line-break',
    reason: lineBreak('a backslash and n (an escaped \\n written out)'),
  },
  {
    given: 'two line feeds',
    signed: buildStringToSign(received).replace('\n', '\n\n'),
    cause: 'line-break',
    reason: lineBreak('two \\n'),
  },
  {
    given: 'GET signed',
    signed: { method: 'GET' },
    cause: 'method',
    reason: 'the method signed was "GET", not "POST": sign the method as sent, in capitals',
  },
  {
    given: 'no method signed',
    signed: { method: '' },
    cause: 'method',
    reason: 'the method signed was "", not "POST": sign the method as sent, in capitals',
  },
  {
    given: 'the URI with http and the host',
    signed: { uri: `http://${HOST}${received.uri}` },
    cause: 'uri',
    reason: uriReason(`http://${HOST}${received.uri}`, FULL_URL),
  },
  {
    given: 'the URI with the bare host',
    signed: { uri: `${HOST}${received.uri}` },
    cause: 'uri',
    reason: uriReason(`${HOST}${received.uri}`, FULL_URL),
  },
  {
    given: 'the URI with //host',
    signed: { uri: `//${HOST}${received.uri}` },
    cause: 'uri',
    reason: uriReason(`//${HOST}${received.uri}`, FULL_URL),
  },
  {
    given: 'the URI with the other gateway host',
    signed: { uri: `https://open-na-global.alipayplus.com${received.uri}` },
    cause: 'uri',
    reason: uriReason(`https://open-na-global.alipayplus.com${received.uri}`, FULL_URL),
  },
  {
    given: 'the URI with the host the request went to',
    signed: { uri: `https://api.example.com${received.uri}` },
    host: 'api.example.com',
    cause: 'uri',
    reason: uriReason(`https://api.example.com${received.uri}`, FULL_URL),
  },
  {
    given: 'the URI with a gateway host, the host not known',
    signed: { uri: `https://open-sea-global.alipayplus.com${received.uri}` },
    host: undefined,
    cause: 'uri',
    reason: uriReason(`https://open-sea-global.alipayplus.com${received.uri}`, FULL_URL),
  },
  {
    given: 'the query signed percent-decoded',
    sent: { uri: '/v2/pos/syncStore?name=a%20b' },
    signed: { uri: '/v2/pos/syncStore?name=a b' },
    cause: 'uri',
    reason: uriReason(
      '/v2/pos/syncStore?name=a b',
      'sign the query exactly as sent, still percent-encoded',
      '/v2/pos/syncStore?name=a%20b',
    ),
  },
  {
    given: 'a trailing slash sent and not signed',
    sent: { uri: '/v2/pos/syncStore/?a=1' },
    signed: { uri: '/v2/pos/syncStore?a=1' },
    cause: 'uri',
    reason: uriReason(
      '/v2/pos/syncStore?a=1',
      'sign the path exactly as sent, with its trailing slash',
      '/v2/pos/syncStore/?a=1',
    ),
  },
  {
    given: 'the path without its leading slash',
    signed: { uri: 'v2/pos/syncStore' },
    cause: 'uri',
    reason: uriReason('v2/pos/syncStore', 'sign the path with its leading slash'),
  },
  {
    given: 'the path in lower case',
    signed: { uri: '/v2/pos/syncstore' },
    cause: 'uri',
    reason: uriReason('/v2/pos/syncstore', 'sign the path with its letters as sent (it is case-sensitive)'),
  },
  {
    given: 'an unset URI',
    signed: { uri: 'undefined' },
    cause: 'uri',
    reason: uriReason('undefined', 'sign the request URI (the path and query as sent)'),
  },
  {
    given: 'the Client-Id with a CRLF',
    signed: { clientId: `${ID}\r\n` },
    cause: 'client-id',
    reason: clientId(`${ID}\r\n`),
  },
  {
    given: 'the Client-Id after a space',
    signed: { clientId: ` ${ID}` },
    cause: 'client-id',
    reason: clientId(` ${ID}`),
  },
  {
    given: 'the Client-Id before a space',
    signed: { clientId: `${ID} ` },
    cause: 'client-id',
    reason: clientId(`${ID} `),
  },
  {
    given: 'the Client-Id in lower case',
    signed: { clientId: ID.toLowerCase() },
    cause: 'client-id',
    reason: clientId(ID.toLowerCase()),
  },
  {
    given: 'the Client-Id trimmed, sent with spaces',
    sent: { clientId: ` ${ID} ` },
    signed: { clientId: ID },
    cause: 'client-id',
    reason: `the Client-Id signed was "${ID}", not the header's " ${ID} ": sign the Client-Id exactly as you send it (no spaces or line end)`,
  },
  {
    given: 'the Client-Id in upper case',
    sent: { clientId: 'Test_5x00000000000000' },
    signed: { clientId: 'TEST_5X00000000000000' },
    cause: 'client-id',
    reason: `the Client-Id signed was "TEST_5X00000000000000", not the header's "Test_5x00000000000000": sign the Client-Id exactly as you send it (no spaces or line end)`,
  },
  { given: 'a null Client-Id', signed: { clientId: 'null' }, cause: 'client-id', reason: clientId('null') },
  {
    given: 'the time in Z',
    signed: { time: '2026-11-24T07:01:38Z' },
    cause: 'time',
    reason: sameInstant('2026-11-24T07:01:38Z'),
  },
  {
    given: 'the time at +0000',
    signed: { time: '2026-11-24T07:01:38+0000' },
    cause: 'time',
    reason: sameInstant('2026-11-24T07:01:38+0000'),
  },
  {
    given: 'the time with milliseconds',
    signed: { time: '2026-11-24T07:01:38.000Z' },
    cause: 'time',
    reason: sameInstant('2026-11-24T07:01:38.000Z'),
  },
  {
    given: 'the time with milliseconds at +00:00',
    signed: { time: '2026-11-24T07:01:38.000+00:00' },
    cause: 'time',
    reason: sameInstant('2026-11-24T07:01:38.000+00:00'),
  },
  {
    given: 'the time in epoch seconds rounded down',
    sent: { time: '2026-11-24T07:01:38.600Z' },
    signed: { time: '1795503698' },
    cause: 'time',
    reason: sameInstant('1795503698', '2026-11-24T07:01:38.600Z'),
  },
  {
    given: 'the time in epoch seconds rounded to the nearest',
    sent: { time: '2026-11-24T07:01:38.600Z' },
    signed: { time: '1795503699' },
    cause: 'time',
    reason: sameInstant('1795503699', '2026-11-24T07:01:38.600Z'),
  },
  {
    given: 'the time at -03:30, sent at -0330',
    sent: { time: '2026-11-24T03:31:38-0330' },
    signed: { time: '2026-11-24T03:31:38-03:30' },
    cause: 'time',
    reason: sameInstant('2026-11-24T03:31:38-03:30', '2026-11-24T03:31:38-0330'),
  },
  {
    given: 'the time taken twice, 300 s apart (the farthest tried)',
    signed: { time: '2026-11-24T07:06:38+00:00' },
    cause: 'time',
    reason: takenTwice('2026-11-24T07:06:38+00:00', '300 s after', TIME),
  },
  {
    given: 'the time taken twice with tenths of a second',
    sent: { time: '2026-11-24T07:01:38.5Z' },
    signed: { time: '2026-11-24T07:01:38.7Z' },
    cause: 'time',
    reason: takenTwice('2026-11-24T07:01:38.7Z', '200 ms after', '2026-11-24T07:01:38.5Z'),
  },
  {
    given: 'the time taken twice with microseconds',
    sent: { time: '2026-11-24T07:01:38.120000Z' },
    signed: { time: '2026-11-24T07:01:38.125000Z' },
    cause: 'time',
    reason: takenTwice('2026-11-24T07:01:38.125000Z', '5 ms after', '2026-11-24T07:01:38.120000Z'),
  },
  {
    given: 'the time in epoch seconds',
    signed: { time: '1795503698' },
    cause: 'time',
    reason: sameInstant('1795503698'),
  },
  {
    given: 'the time at +08:00',
    signed: { time: '2026-11-24T15:01:38+08:00' },
    cause: 'time',
    reason: sameInstant('2026-11-24T15:01:38+08:00'),
  },
  {
    given: 'the time at +0800',
    signed: { time: '2026-11-24T15:01:38+0800' },
    cause: 'time',
    reason: sameInstant('2026-11-24T15:01:38+0800'),
  },
  {
    given: 'the time at -05:00',
    signed: { time: '2026-11-24T02:01:38-05:00' },
    cause: 'time',
    reason: sameInstant('2026-11-24T02:01:38-05:00'),
  },
  {
    given: 'the time at +05:30',
    signed: { time: '2026-11-24T12:31:38+05:30' },
    cause: 'time',
    reason: sameInstant('2026-11-24T12:31:38+05:30'),
  },
  {
    given: 'the time in UTC, sent at +0800',
    sent: { time: '2026-11-24T15:01:38+0800' },
    signed: { time: TIME },
    cause: 'time',
    reason: sameInstant(TIME, '2026-11-24T15:01:38+0800'),
  },
  {
    given: 'the time at +09:00, sent at -0330',
    sent: { time: '2026-11-24T03:31:38-0330' },
    signed: { time: '2026-11-24T16:01:38+09:00' },
    cause: 'time',
    reason: sameInstant('2026-11-24T16:01:38+09:00', '2026-11-24T03:31:38-0330'),
  },
  {
    given: 'an unset time',
    signed: { time: 'None' },
    cause: 'time',
    reason: `the time signed was "None", not the Request-Time header's "${TIME}": sign the header's exact text`,
  },
  {
    given: 'the time taken twice at +0800',
    sent: { time: '2026-11-24T15:01:38+0800' },
    signed: { time: '2026-11-24T15:01:41+0800' },
    cause: 'time',
    reason: takenTwice('2026-11-24T15:01:41+0800', '3 s after', '2026-11-24T15:01:38+0800'),
  },
  {
    given: 'the time taken twice in epoch milliseconds',
    sent: { time: '1795503698000' },
    signed: { time: '1795503697750' },
    cause: 'time',
    reason: takenTwice('1795503697750', '250 ms before', '1795503698000'),
  },
  {
    given: 'the time taken twice with milliseconds',
    sent: { time: '2026-11-24T07:01:38.120Z' },
    signed: { time: '2026-11-24T07:01:38.125Z' },
    cause: 'time',
    reason: takenTwice('2026-11-24T07:01:38.125Z', '5 ms after', '2026-11-24T07:01:38.120Z'),
  },
  {
    given: 'the body pretty-printed',
    signed: { body: JSON.stringify(value, null, 2) },
    cause: 'body',
    reason: bodyReason('it was signed pretty-printed and sent otherwise (serialised again after signing)'),
  },
  {
    given: 'the body pretty-printed with four spaces',
    signed: { body: JSON.stringify(value, null, 4) },
    cause: 'body',
    reason: bodyReason('it was signed pretty-printed and sent otherwise (serialised again after signing)'),
  },
  {
    given: 'the body pretty-printed with tabs',
    signed: { body: JSON.stringify(value, null, '\t') },
    cause: 'body',
    reason: bodyReason('it was signed pretty-printed and sent otherwise (serialised again after signing)'),
  },
  {
    given: 'a body holding arrays and null, signed with its keys sorted',
    sent: { body: '{"b":[{"d":null,"c":2}],"a":1}' },
    signed: { body: '{"a":1,"b":[{"c":2,"d":null}]}' },
    cause: 'body',
    reason: bodyReason('it was signed with its keys sorted (serialised again after signing)'),
  },
  {
    given: "a body holding arrays and null, signed as Python's json.dumps writes it",
    sent: { body: '{"b":[1,{"d":null}],"a":"x"}' },
    signed: { body: '{"b": [1, {"d": null}], "a": "x"}' },
    cause: 'body',
    reason: bodyReason('it was signed as Python\'s json.dumps writes it (", " and ": ", non-ASCII as \\u escapes)'),
  },
  {
    given: 'the body with its keys sorted',
    signed: { body: JSON.stringify(sortedValue) },
    cause: 'body',
    reason: bodyReason('it was signed with its keys sorted (serialised again after signing)'),
  },
  {
    given: 'the body sorted and pretty-printed',
    signed: { body: JSON.stringify(sortedValue, null, 2) },
    cause: 'body',
    reason: bodyReason('it was signed with its keys sorted and pretty-printed'),
  },
  {
    given: "the body as Python's json.dumps(sort_keys=True)",
    signed: {
      body: '{"posAccountId": "a1", "requestId": "r1", "store": {"posStoreId": "\\u0e23\\u0e49\\u0e32\\u0e19 \\ud83c\\udf5c"}}',
    },
    cause: 'body',
    reason: bodyReason("it was signed as Python's json.dumps(sort_keys=True) writes it"),
  },
  {
    given: 'the body with \\u escapes',
    signed: {
      body: '{"requestId":"r1","posAccountId":"a1","store":{"posStoreId":"\\u0e23\\u0e49\\u0e32\\u0e19 \\ud83c\\udf5c"}}',
    },
    cause: 'body',
    reason: bodyReason('it was signed with non-ASCII characters as \\u escapes and sent as UTF-8'),
  },
  {
    given: 'the body serialised twice',
    signed: { body: JSON.stringify(received.body) },
    cause: 'body',
    reason: bodyReason('it was signed as a JSON string holding the body (serialised twice)'),
  },
  {
    given: 'the body sent serialised twice',
    sent: { body: JSON.stringify(received.body) },
    signed: { body: received.body },
    cause: 'body',
    reason: bodyReason('the body sent is a JSON string holding the body signed (serialised twice)'),
  },
  {
    given: '[object Object] signed',
    signed: { body: '[object Object]' },
    cause: 'body',
    reason: bodyReason('an object was signed as text ("[object Object]"): sign the JSON text you send'),
  },
  { given: '{} signed', signed: { body: '{}' }, cause: 'body', reason: bodyReason('an empty object was signed') },
  {
    given: 'the body signed with a line end',
    signed: { body: `${received.body}\n` },
    cause: 'body',
    reason: bodyReason('the body signed ends with a line end the body sent does not have'),
  },
  {
    given: 'the body signed with a CRLF line end',
    signed: { body: `${received.body}\r\n` },
    cause: 'body',
    reason: bodyReason('the body signed ends with a line end the body sent does not have'),
  },
  {
    given: 'a body of two lines sent with an LF line end',
    sent: { body: '{\n"a": 1}\n' },
    signed: { body: '{\n"a": 1}' },
    cause: 'body',
    reason: bodyReason('the body sent ends with a line end the body signed does not have'),
  },
  {
    given: 'the body sent with a line end',
    sent: { body: `${received.body}\r\n` },
    signed: { body: received.body },
    cause: 'body',
    reason: bodyReason('the body sent ends with a line end the body signed does not have'),
  },
  {
    given: 'the body sent with spaces around it',
    sent: { body: ` ${received.body}\t` },
    signed: { body: received.body },
    cause: 'body',
    reason: bodyReason('the body sent has white space at its ends that the body signed does not'),
  },
  {
    given: 'the body sent with a byte order mark',
    sent: { body: `\uFEFF${received.body}` },
    signed: { body: received.body },
    cause: 'body',
    reason: bodyReason('the body sent starts with a byte order mark the body signed does not have'),
  },
  {
    given: 'the body signed with a byte order mark',
    signed: { body: `\uFEFF${received.body}` },
    cause: 'body',
    reason: bodyReason('the body signed starts with a byte order mark the body sent does not have'),
  },
  {
    given: 'the body sent with CRLF, signed with LF',
    sent: { body: '{\r\n"a": 1,\r\n"b": 2}' },
    signed: { body: '{\n"a": 1,\n"b": 2}' },
    cause: 'body',
    reason: bodyReason('the body sent has CRLF line ends where the body signed has LF'),
  },
  {
    given: 'the body sent with LF, signed with CRLF',
    sent: { body: '{\n"a": 1,\n"b": 2}' },
    signed: { body: '{\r\n"a": 1,\r\n"b": 2}' },
    cause: 'body',
    reason: bodyReason('the body sent has LF line ends where the body signed has CRLF'),
  },
  {
    given: 'a nil body',
    signed: { body: 'nil' },
    cause: 'body',
    reason: bodyReason('the body signed was "nil": sign the body you send'),
  },
];

describe('diagnoseSignature names every usual mistake', () => {
  it.each(mistakeCases)('$cause: $given', async ({ sent, signed, cause, reason, ...rest }) => {
    const message = { ...received, ...sent };
    const text = typeof signed === 'string' ? signed : buildStringToSign({ ...message, ...signed });
    const signatureHeader = header(encodeURIComponent(rawSignature(text)));
    const host = 'host' in rest ? rest.host : HOST;
    const result = await diagnoseSignature({ message, signatureHeader, publicKey: keys.publicKey, host });
    expect({ cause: result.cause, reason: result.reason }).toEqual({ cause, reason });
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

describe('readRsaPublicKey', () => {
  it('reads the modulus, the exponent and the length of a signature in bytes', async () => {
    const jwk = createPublicKey(keys.publicKey).export({ format: 'jwk' });
    const key = await readRsaPublicKey(keys.publicKey);
    expect(key).toEqual({
      n: BigInt(`0x${Buffer.from(jwk.n ?? '', 'base64url').toString('hex')}`),
      e: 65537n,
      bytes: 256,
    });
  });

  it('reads a modulus exported with a leading zero octet (RFC 7518 6.3.1.1: some libraries add one) as the same key', async () => {
    const subtle = globalThis.crypto.subtle;
    const exportKey = subtle.exportKey.bind(subtle);
    const padded = async (format: string, key: CryptoKey) => {
      if (format !== 'jwk') throw new Error(`only jwk is stubbed, not ${format}`);
      const jwk = await exportKey('jwk', key);
      return {
        ...jwk,
        n: Buffer.concat([Buffer.from([0]), Buffer.from(jwk.n ?? '', 'base64url')]).toString('base64url'),
      };
    };
    const spy = vi.spyOn(subtle, 'exportKey').mockImplementation(padded as typeof subtle.exportKey);
    try {
      const key = await readRsaPublicKey(keys.publicKey);
      const jwk = createPublicKey(keys.publicKey).export({ format: 'jwk' });
      expect(key).toEqual({
        n: BigInt(`0x${Buffer.from(jwk.n ?? '', 'base64url').toString('hex')}`),
        e: 65537n,
        bytes: 256,
      });
      if (key === undefined) return;
      const signature = Buffer.from(rawSignature(buildStringToSign(received)), 'base64');
      expect(await openSignature(signature, key)).toMatchObject({ kind: 'pkcs1', hash: 'SHA-256' });
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    {
      given: 'a private CryptoKey',
      key: () =>
        webcrypto.subtle.importKey(
          'pkcs8',
          Buffer.from(keys.privateKey.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
          { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
          true,
          ['sign'],
        ),
    },
    {
      given: 'a public CryptoKey that cannot be exported',
      key: () =>
        webcrypto.subtle.importKey(
          'spki',
          Buffer.from(keys.publicKey.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
          { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
          false,
          ['verify'],
        ),
    },
    {
      given: 'an EC public CryptoKey',
      key: async () =>
        (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']))
          .publicKey,
    },
    {
      given: 'an EC public key in PEM',
      key: () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  ])('reads nothing from $given', async ({ key }) => {
    expect(await readRsaPublicKey((await key()) as CryptoKey | string)).toBeUndefined();
  });
});

describe('openSignature reads the block a signature opens to', () => {
  const digestOf = (hash: string) => createHash(hash).update(buildStringToSign(received)).digest('hex');
  /** The RSA primitive alone over a 256-byte block of our making, so any padding can be tried. */
  const rawBlock = (block: Uint8Array) =>
    privateEncrypt({ key: keys.privateKey, padding: constants.RSA_NO_PADDING }, block);
  const type1 = (payload: Uint8Array, head = [0x00, 0x01], separator = 0x00) =>
    Uint8Array.from([...head, ...new Array(256 - head.length - 1 - payload.length).fill(0xff), separator, ...payload]);
  const open = async (signature: Uint8Array) => {
    const key = await readRsaPublicKey(keys.publicKey);
    if (key === undefined) throw new Error('the key did not read');
    return openSignature(signature, key);
  };

  it.each([
    { hash: 'md5', want: 'MD5' },
    { hash: 'sha1', want: 'SHA-1' },
    { hash: 'sha224', want: 'SHA-224' },
    { hash: 'sha256', want: 'SHA-256' },
    { hash: 'sha384', want: 'SHA-384' },
    { hash: 'sha512', want: 'SHA-512' },
  ])('names $want in a $hash WithRSA signature, with the digest of what was signed', async ({ hash, want }) => {
    const opened = await open(Buffer.from(rawSignature(buildStringToSign(received), { hash }), 'base64'));
    expect(opened).toMatchObject({ kind: 'pkcs1', hash: want });
    if (opened.kind === 'pkcs1') expect(Buffer.from(opened.digest).toString('hex')).toBe(digestOf(hash));
  });

  it('names SHA-256 in a DigestInfo written without its NULL parameters', async () => {
    const digest = Buffer.from(digestOf('sha256'), 'hex');
    const info = Buffer.concat([
      Buffer.from('302f300b0609608648016503040201', 'hex'),
      Buffer.from([0x04, 0x20]),
      digest,
    ]);
    const opened = await open(rawBlock(type1(info)));
    expect(opened).toMatchObject({ kind: 'pkcs1', hash: 'SHA-256' });
    if (opened.kind === 'pkcs1') expect(Buffer.from(opened.digest).toString('hex')).toBe(digestOf('sha256'));
  });

  it.each([16, 20, 28, 32, 48, 64])('reads a bare %i-byte digest as one, with no hash named', async (length) => {
    const digest = new Uint8Array(length).fill(7);
    expect(await open(rawBlock(type1(digest)))).toEqual({ kind: 'pkcs1', hash: undefined, digest });
  });

  it.each([
    { given: 'a first byte other than 00', block: type1(new Uint8Array(32), [0x01, 0x01]) },
    { given: 'block type 2 (encryption padding)', block: type1(new Uint8Array(32), [0x00, 0x02]) },
    { given: 'no 00 after the FF padding', block: type1(new Uint8Array(32), [0x00, 0x01], 0x01) },
    { given: 'a 33-byte payload, neither a DigestInfo nor a digest', block: type1(new Uint8Array(33)) },
    {
      given: 'a DigestInfo with an unknown hash',
      block: type1(Buffer.from(`302f300b0609${'2a'.repeat(9)}0420${'00'.repeat(32)}`, 'hex')),
    },
    {
      given: 'a DigestInfo whose digest length is wrong',
      block: type1(Buffer.from(`302f300b06096086480165030402010421${'00'.repeat(32)}`, 'hex')),
    },
  ])('opens nothing from $given', async ({ block }) => {
    expect(await open(rawBlock(block))).toEqual({ kind: 'none' });
  });

  it('opens nothing from a signature one byte short, or from one as large as the modulus', async () => {
    const signature = Buffer.from(rawSignature(buildStringToSign(received)), 'base64');
    expect(await open(signature.subarray(1))).toEqual({ kind: 'none' });
    expect(await open(new Uint8Array(256).fill(0xff))).toEqual({ kind: 'none' });
  });

  it.each([0, 20, 32, 222])('reads RSA-PSS with a %i-byte salt', async (saltLength) => {
    const signature = rawSignature(buildStringToSign(received), {
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength,
    });
    expect(await open(Buffer.from(signature, 'base64'))).toEqual({ kind: 'pss' });
  });
});
