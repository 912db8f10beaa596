import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { generateRsaKeyPair, toolsPresent } from '@store-api/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildStringToSign,
  createSignatureHeader,
  formatSignatureHeader,
  formatTime,
  keyFingerprint,
  parseSignatureHeader,
  parseTime,
  type SignedMessage,
  sign,
  verify,
} from '../src/index.js';

const keys = generateRsaKeyPair();
const message: SignedMessage = {
  method: 'POST',
  uri: '/v2/pos/syncStore',
  clientId: 'TEST_5X00000000000000',
  time: '2023-08-28T22:16:07+08:00',
  body: '{"requestId":"20231220bsefibb334","posAccountId":"pos_account_id_001","store":{"posStoreId":"pos_store_id_001","status":"OPEN"}}',
};
const decode = (urlEncoded: string) => Buffer.from(decodeURIComponent(urlEncoded), 'base64');
const work = mkdtempSync(join(tmpdir(), 'store-api-signing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the string to sign', () => {
  it('is "<METHOD> <URI>\\n<Client-Id>.<Request-Time>.<body>"', () => {
    expect(buildStringToSign(message)).toBe(
      `POST /v2/pos/syncStore\nTEST_5X00000000000000.2023-08-28T22:16:07+08:00.${message.body}`,
    );
  });

  it('formats Request-Time as the spec’s Request-Time pattern requires', () => {
    const parameter = bundle.components.parameters.RequestTime;
    const time = formatTime(new Date(Date.UTC(2023, 7, 28, 14, 16, 7, 253)));
    expect(time).toBe('2023-08-28T14:16:07+00:00');
    expect(time).toMatch(new RegExp(parameter.schema.pattern));
  });
});

describe('request signatures', () => {
  it('are SHA256withRSA over the string to sign, base64 then URL-encoded, verifiable with node:crypto', async () => {
    const signature = await sign(message, keys.privateKey);
    expect(signature).toMatch(/^[A-Za-z0-9%]+$/);
    expect(signature).not.toMatch(/[+/=]/);
    expect(nodeVerify('sha256', Buffer.from(buildStringToSign(message)), keys.publicKey, decode(signature))).toBe(true);
  });

  it.runIf(toolsPresent(['openssl'], 'the openssl cross-check of request signatures', 'apt-get install -y openssl'))(
    'match an independent computation by openssl dgst -sha256 -sign (golden vector)',
    async () => {
      writeFileSync(join(work, 'key.pem'), keys.privateKey);
      writeFileSync(join(work, 'message.txt'), buildStringToSign(message));
      execFileSync('openssl', [
        'dgst',
        '-sha256',
        '-sign',
        join(work, 'key.pem'),
        '-out',
        join(work, 'sig.bin'),
        join(work, 'message.txt'),
      ]);
      const expected = encodeURIComponent(readFileSync(join(work, 'sig.bin')).toString('base64'));
      expect(await sign(message, keys.privateKey)).toBe(expected);
    },
  );

  it('make the Signature header the spec’s Signature pattern accepts', async () => {
    const pattern = new RegExp(bundle.components.schemas.SignatureHeader.pattern);
    const withVersion = await createSignatureHeader(message, keys.privateKey, 2);
    expect(withVersion).toMatch(/^algorithm=RSA256,keyVersion=2,signature=[A-Za-z0-9%]+$/);
    expect(withVersion).toMatch(pattern);
    expect(await createSignatureHeader(message, keys.privateKey)).toMatch(/^algorithm=RSA256,signature=/);
  });

  it('accept a WebCrypto key as well as a PEM string', async () => {
    const der = createPublicKey(keys.publicKey).export({ type: 'spki', format: 'der' });
    const publicKey = await crypto.subtle.importKey(
      'spki',
      der,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const header = await createSignatureHeader(message, keys.privateKey);
    expect(await verify(message, header, publicKey)).toBe(true);
    expect(await verify({ ...message, body: `${message.body} ` }, header, publicKey)).toBe(false);
  });

  it('sign with a WebCrypto private key to the same signature as with its PEM (PKCS#1 v1.5 is deterministic)', async () => {
    const der = Buffer.from(keys.privateKey.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const privateKey = await crypto.subtle.importKey(
      'pkcs8',
      der,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const signature = await sign(message, privateKey);
    expect(signature).toBe(await sign(message, keys.privateKey));
    expect(await createSignatureHeader(message, privateKey, 1)).toBe(
      `algorithm=RSA256,keyVersion=1,signature=${signature}`,
    );
    expect(nodeVerify('sha256', Buffer.from(buildStringToSign(message)), keys.publicKey, decode(signature))).toBe(true);
  });
});

describe('key fingerprints', () => {
  it("are sha256: and the hex SHA-256 of the public key's DER (SPKI) bytes", async () => {
    const der = createPublicKey(keys.publicKey).export({ type: 'spki', format: 'der' });
    expect(await keyFingerprint(keys.publicKey)).toBe(`sha256:${createHash('sha256').update(der).digest('hex')}`);
  });
});

describe('verification', () => {
  it('accepts the untouched message', async () => {
    expect(await verify(message, await createSignatureHeader(message, keys.privateKey, 1), keys.publicKey)).toBe(true);
  });

  for (const field of ['method', 'uri', 'clientId', 'time', 'body'] as const) {
    it(`fails when any single byte of ${field} changes`, async () => {
      const header = await createSignatureHeader(message, keys.privateKey, 1);
      const original = message[field];
      for (let i = 0; i < original.length; i++) {
        const changed = original.slice(0, i) + (original[i] === 'x' ? 'y' : 'x') + original.slice(i + 1);
        expect(await verify({ ...message, [field]: changed }, header, keys.publicKey)).toBe(false);
      }
    });
  }

  it('fails with another key pair’s public key', async () => {
    const header = await createSignatureHeader(message, keys.privateKey);
    expect(await verify(message, header, generateRsaKeyPair().publicKey)).toBe(false);
  });

  it('fails on a malformed header or another algorithm', async () => {
    const signature = await sign(message, keys.privateKey);
    for (const header of ['', 'garbage', `algorithm=ECC224,signature=${signature}`, 'algorithm=RSA256,signature=%%%']) {
      expect(await verify(message, header, keys.publicKey)).toBe(false);
    }
  });

  it('reads the algorithm case-insensitively', async () => {
    const signature = await sign(message, keys.privateKey);
    expect(await verify(message, `algorithm=rsa256,signature=${signature}`, keys.publicKey)).toBe(true);
  });

  it('reads the value as the gateway does: URL-decoded, so a + sent bare reads as a space and fails', async () => {
    for (let second = 10; second < 70; second++) {
      const signed = { ...message, time: `2023-08-28T22:16:${second}+08:00` };
      const base64 = decodeURIComponent(await sign(signed, keys.privateKey));
      if (!base64.includes('+')) continue;
      expect(await verify(signed, `algorithm=RSA256,signature=${encodeURIComponent(base64)}`, keys.publicKey)).toBe(
        true,
      );
      expect(await verify(signed, `algorithm=RSA256,signature=${base64}`, keys.publicKey)).toBe(false);
      return;
    }
    throw new Error('no signature with a + in 60 tries');
  });

  it('fails on a signature cut short or not base64', async () => {
    const signature = await sign(message, keys.privateKey);
    expect(await verify(message, `algorithm=RSA256,signature=${signature.slice(0, -8)}`, keys.publicKey)).toBe(false);
    expect(await verify(message, 'algorithm=RSA256,signature=%E0%A4%A', keys.publicKey)).toBe(false);
  });
});

describe('Request-Time and Response-Time parsing', () => {
  const instant = Date.UTC(2023, 7, 28, 14, 16, 7);
  it.each([
    { given: '2023-08-28T14:16:07+00:00', want: instant },
    { given: '2023-08-28T14:16:07Z', want: instant },
    { given: '2023-08-28T22:16:07+08:00', want: instant },
    { given: '2023-08-28T22:16:07+0800', want: instant },
    { given: '2023-08-28T08:16:07-0600', want: instant },
    { given: '2023-08-28T19:46:07+0530', want: instant },
    { given: '2023-08-28T14:16:07.253Z', want: instant + 253 },
    { given: '2023-08-28T22:16:07.5+0800', want: instant + 500 },
    { given: '1693232167000', want: instant },
    { given: '1693232167253', want: instant + 253 },
  ])('reads $given as epoch milliseconds $want', ({ given, want }) => {
    expect(parseTime(given)).toBe(want);
  });

  it.each([
    { given: '', why: 'empty' },
    { given: '1693232167', why: 'epoch seconds (10 digits)' },
    { given: '169323216700', why: '12 digits' },
    { given: '16932321670000', why: '14 digits' },
    { given: ' 1693232167000', why: 'epoch milliseconds after a space' },
    { given: '1693232167000 ', why: 'epoch milliseconds before a space' },
    { given: '2023-08-28T14:16:07', why: 'no offset' },
    { given: '2023-08-28 14:16:07Z', why: 'a space for the T' },
    { given: '2023-08-28T14:16Z', why: 'no seconds' },
    { given: '2023-08-28T22:16:07+08', why: 'an offset in hours only' },
    { given: '2023-08-28T22:16:07+080', why: 'an offset of three digits' },
    { given: '2023-08-28T14:16:07.Z', why: 'a point with no fraction' },
    { given: '2023-08-28T22:16:07 +0800', why: 'a space before the offset' },
    { given: 'Mon, 28 Aug 2023 14:16:07 GMT', why: 'an HTTP date' },
    { given: '+002023-08-28T14:16:07Z', why: 'an expanded six-digit year, which Date.parse reads' },
  ])('refuses $given ($why) with NaN', ({ given }) => {
    expect(parseTime(given)).toBeNaN();
  });

  it('reads back what formatTime writes', () => {
    expect(parseTime(formatTime(new Date(instant + 999)))).toBe(instant);
  });
});

describe('Signature header writing', () => {
  it.each([
    { signature: 'ab%2Bc', keyVersion: undefined, want: 'algorithm=RSA256,signature=ab%2Bc' },
    { signature: 'ab%2Bc', keyVersion: 1, want: 'algorithm=RSA256,keyVersion=1,signature=ab%2Bc' },
    { signature: 'ab%2Bc', keyVersion: '2', want: 'algorithm=RSA256,keyVersion=2,signature=ab%2Bc' },
    { signature: 'ab%2Bc', keyVersion: 0, want: 'algorithm=RSA256,keyVersion=0,signature=ab%2Bc' },
  ])('writes keyVersion $keyVersion as $want, which reads back', ({ signature, keyVersion, want }) => {
    expect(formatSignatureHeader(signature, keyVersion)).toBe(want);
    expect(parseSignatureHeader(want)).toEqual({
      algorithm: 'RSA256',
      keyVersion: keyVersion === undefined ? undefined : String(keyVersion),
      signature,
    });
  });
});

describe('Signature header parsing', () => {
  it.each([
    { given: 'algorithm=RSA256,signature=', why: 'an empty signature' },
    { given: 'signature=abc', why: 'no algorithm' },
    { given: '=RSA256,signature=abc', why: 'a field with no name' },
    { given: 'algorithm,signature', why: 'fields with no values' },
  ])('reads $given ($why) as malformed', ({ given }) => {
    expect(parseSignatureHeader(given)).toBeUndefined();
  });

  it.each([
    { given: 'algorithm=RSA256,keyVersion2,signature=abc', why: 'keyVersion with no =' },
    { given: 'algorithm=RSA256,signature=abc,signaturex', why: 'a trailing word with no =' },
  ])('ignores a field without = in $given ($why)', ({ given }) => {
    expect(parseSignatureHeader(given)).toEqual({ algorithm: 'RSA256', keyVersion: undefined, signature: 'abc' });
  });

  it('keeps an = inside a value, and takes the last of a repeated field', () => {
    expect(parseSignatureHeader('algorithm=RSA256,signature=abc%3D=,signature=def')).toEqual({
      algorithm: 'RSA256',
      keyVersion: undefined,
      signature: 'def',
    });
    expect(parseSignatureHeader('algorithm = RSA256 ,signature=abc==')).toEqual({
      algorithm: 'RSA256',
      keyVersion: undefined,
      signature: 'abc==',
    });
  });

  it('reads keys case-insensitively, with or without spaces, keyVersion optional', () => {
    expect(parseSignatureHeader('Algorithm=RSA256, KeyVersion=3, Signature=ab%2Bc')).toEqual({
      algorithm: 'RSA256',
      keyVersion: '3',
      signature: 'ab%2Bc',
    });
    expect(parseSignatureHeader('algorithm=RSA256,signature=abc')).toEqual({
      algorithm: 'RSA256',
      keyVersion: undefined,
      signature: 'abc',
    });
    expect(parseSignatureHeader('algorithm=RSA256')).toBeUndefined();
  });
});
