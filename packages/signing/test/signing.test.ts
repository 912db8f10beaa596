import { execFileSync } from 'node:child_process';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bundle from '@store-api/spec/openapi.json' with { type: 'json' };
import { generateRsaKeyPair, toolsPresent } from '@store-api/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildStringToSign,
  createSignatureHeader,
  formatTime,
  parseSignatureHeader,
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
});

describe('Signature header parsing', () => {
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
