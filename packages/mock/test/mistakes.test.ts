// The mock's answers to realistic mistakes (issue 23): each mistake, sent as a partner's code would send it to a
// mock that verifies signatures, gets an answer that names what to fix, in its result message, its warnings or its
// signature diagnosis. The mistakes and what each answer must name: fixtures/mistakes.ts.
import { createSign } from 'node:crypto';
import { formatTime } from '@store-api/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';
import { header, MISTAKES, type Request, SYNC, stringToSign, UPDATE } from './fixtures/mistakes.js';
import { CLIENT_ID, generateRsaKeyPair, PATHS } from './support/http.js';

const partner = generateRsaKeyPair();
const other = generateRsaKeyPair();
let mock: MockServer;
beforeAll(async () => {
  mock = await startMock({ clients: { [CLIENT_ID]: partner.publicKey } });
});
afterAll(() => mock.close());

const signer = (privateKey: string) => (text: string) =>
  createSign('RSA-SHA256').update(text).sign(privateKey, 'base64');

describe('a mistake gets an answer that names what to fix', () => {
  it.each(MISTAKES.map((m) => [m.name, m] as const))('%s', async (_name, mistake) => {
    const operation = mistake.operation ?? 'syncStore';
    const body = mistake.body ?? (operation === 'syncStore' ? SYNC : UPDATE);
    const request: Request = {
      method: 'POST',
      path: PATHS[operation],
      headers: { 'content-type': 'application/json', 'client-id': CLIENT_ID, 'request-time': formatTime(new Date()) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    };
    mistake.beforeSigning?.(request);
    const sign = signer(mistake.otherKey ? other.privateKey : partner.privateKey);
    request.headers.signature = header(sign(stringToSign(request)));
    mistake.afterSigning?.(request, signer(partner.privateKey), mock.url);
    const response = await fetch(`${mock.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      ...(request.method === 'GET' ? {} : { body: request.body }),
    });
    const text = await response.text();
    const result = (() => {
      try {
        return (JSON.parse(text) as { result?: { resultCode: string; resultMessage?: string } }).result;
      } catch {
        return undefined;
      }
    })();
    const said = [
      result?.resultMessage ?? text,
      response.headers.get('x-mock-warnings') ?? '',
      response.headers.get('x-mock-diagnosis') ?? '',
    ].join('\n');
    expect(result?.resultCode ?? response.status).toBe(mistake.answer);
    for (const word of mistake.names)
      expect(said).toMatch(typeof word === 'string' ? new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : word);
  });
});
