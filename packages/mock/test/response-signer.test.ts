// The response signer remembers a second's signatures: the same answer to the same caller in the same second signs
// the same string, so it is signed once. Bounded in entries and characters, forgotten when the second changes.
import { verify } from '@store-api/signing';
import { describe, expect, it } from 'vitest';
import { MOCK_PLATFORM_PRIVATE_KEY, MOCK_PLATFORM_PUBLIC_KEY } from '../src/platform-test-key.js';
import { ResponseSigner } from '../src/response-signer.js';

const T1 = '2026-12-03T19:00:01+00:00';
const T2 = '2026-12-03T19:00:02+00:00';
const answer = (time: string, body = '{"result":{}}', clientId = 'C1') =>
  ['POST', '/v2/pos/syncStore', clientId, time, body] as const;
const message = (time: string, body = '{"result":{}}', clientId = 'C1') => ({
  method: 'POST',
  uri: '/v2/pos/syncStore',
  clientId,
  time,
  body,
});

describe('ResponseSigner', () => {
  it('gives a signature header that verifies with the platform public key', async () => {
    const header = await new ResponseSigner(MOCK_PLATFORM_PRIVATE_KEY).header(...answer(T1));
    expect(header).toMatch(/^algorithm=RSA256,keyVersion=1,signature=[A-Za-z0-9%]+$/);
    expect(await verify(message(T1), header, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
  });

  it('signs the same answer in the same second once, and another caller, body or second afresh', async () => {
    const signer = new ResponseSigner(MOCK_PLATFORM_PRIVATE_KEY);
    const first = await signer.header(...answer(T1));
    expect(await signer.header(...answer(T1))).toBe(first);
    expect(signer.size).toBe(1);
    const otherCaller = await signer.header(...answer(T1, '{"result":{}}', 'C2'));
    expect(await verify(message(T1, '{"result":{}}', 'C2'), otherCaller, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
    const otherBody = await signer.header(...answer(T1, '{"result":{"x":1}}'));
    expect(await verify(message(T1, '{"result":{"x":1}}'), otherBody, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
    expect(signer.size).toBe(3);
    const later = await signer.header(...answer(T2));
    expect(await verify(message(T2), later, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
    expect(signer.size).toBe(1);
  });

  it('remembers at most 256 signatures in a second, and still signs past that', async () => {
    const signer = new ResponseSigner(MOCK_PLATFORM_PRIVATE_KEY);
    for (let i = 0; i < 260; i++) await signer.header(...answer(T1, `{"n":${i}}`));
    expect(signer.size).toBe(256);
    const past = await signer.header(...answer(T1, '{"n":300}'));
    expect(await verify(message(T1, '{"n":300}'), past, MOCK_PLATFORM_PUBLIC_KEY)).toBe(true);
  });

  it('does not remember a body that would take it past 1 MiB of signed text', async () => {
    const signer = new ResponseSigner(MOCK_PLATFORM_PRIVATE_KEY);
    const big = `"${'x'.repeat(600 * 1024)}"`;
    await signer.header(...answer(T1, big));
    expect(signer.size).toBe(1);
    await signer.header(...answer(T1, `${big} `));
    expect(signer.size).toBe(1);
  });
});
