// How a 200 answer becomes an outcome, or an error a partner can act on: which bodies hold a result, the advice for
// codes the contract does not document, the mock's warnings, and the messages of the errors. Through an injected fetch.
import { generateRsaKeyPair } from '@store-api/test-support';
import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  createStoreClient,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  SignatureError,
  TimeoutError,
} from '../src/index.js';
import { scriptedFetch } from './support/fetch.js';

const partner = generateRsaKeyPair();
const body = { requestId: 'req-outcome', posAccountId: 'a1', store: { posStoreId: 's1', status: 'OPEN' as const } };

const answering = (response: Response) =>
  createStoreClient({
    baseUrl: 'http://127.0.0.1:4010',
    clientId: 'TEST_5X00000000000000',
    privateKey: partner.privateKey,
    retry: false,
    fetch: scriptedFetch(response).fetch,
  });
const result = (resultStatus: unknown, resultCode: unknown) => ({ result: { resultStatus, resultCode } });

describe('which 200 bodies hold a result', () => {
  it.each([
    { what: 'S with a code', text: JSON.stringify(result('S', 'SUCCESS')), status: 'S' },
    { what: 'F with a code', text: JSON.stringify(result('F', 'PARAM_ILLEGAL')), status: 'F' },
    { what: 'U with a code', text: JSON.stringify(result('U', 'UNKNOWN_EXCEPTION')), status: 'U' },
    { what: 'another status', text: JSON.stringify(result('X', 'SUCCESS')) },
    { what: 'a lower-case status', text: JSON.stringify(result('s', 'SUCCESS')) },
    { what: 'a numeric code', text: JSON.stringify(result('S', 200)) },
    { what: 'no code', text: JSON.stringify({ result: { resultStatus: 'S' } }) },
    { what: 'a null result', text: '{"result":null}' },
    { what: 'a string result', text: '{"result":"S"}' },
    { what: 'null', text: 'null' },
  ])('$what: $status', async ({ text, status }) => {
    const outcome = answering(new Response(text))
      .syncStore(body)
      .catch((e: unknown) => e);
    if (status !== undefined) return expect(await outcome).toMatchObject({ status });
    await expect(outcome).resolves.toMatchObject({
      kind: 'invalid-response',
      reason: 'result.resultStatus or result.resultCode is missing',
      body: text,
      message: 'the response is not a valid result: result.resultStatus or result.resultCode is missing',
    });
  });
});

describe('advice for a code the contract does not document, by its status', () => {
  it.each([
    { status: 'S', advice: 'Done.' },
    { status: 'F', advice: 'The request failed: do not retry it unchanged; fix its cause first.' },
    {
      status: 'U',
      advice: 'The outcome is unknown: retry with the same parameters (the same requestId) until the status is S or F.',
    },
  ])('$status: $advice', async ({ status, advice }) => {
    const outcome = await answering(Response.json(result(status, 'NEW_IN_A_LATER_RELEASE'))).syncStore(body);
    expect(outcome).toMatchObject({ status, code: 'NEW_IN_A_LATER_RELEASE', known: false, advice });
  });

  it('does not take a code named like an Object property for a documented one', async () => {
    const outcome = await answering(Response.json(result('F', 'constructor'))).syncStore(body);
    expect(outcome).toMatchObject({ known: false, advice: expect.stringMatching(/^The request failed/) });
  });
});

describe('x-mock-warnings', () => {
  it.each([
    { header: undefined, warnings: [] },
    { header: '[]', warnings: [] },
    { header: '["a","b"]', warnings: ['a', 'b'] },
    { header: '["a",1]', warnings: ['["a",1]'] },
    { header: '{"a":"b"}', warnings: ['{"a":"b"}'] },
    { header: '"a"', warnings: ['"a"'] },
    { header: 'store.name: too long', warnings: ['store.name: too long'] },
  ])('$header: $warnings', async ({ header, warnings }) => {
    const headers: Record<string, string> = header === undefined ? {} : { 'x-mock-warnings': header };
    const outcome = await answering(Response.json(result('S', 'SUCCESS'), { headers })).syncStore(body);
    expect(outcome.warnings).toEqual(warnings);
  });
});

describe('what the errors say', () => {
  it.each([
    { error: new HttpStatusError(500, ''), message: 'HTTP 500 instead of 200' },
    { error: new HttpStatusError(502, 'bad gateway'), message: 'HTTP 502 instead of 200: bad gateway' },
    { error: new HttpStatusError(503, 'x'.repeat(400)), message: `HTTP 503 instead of 200: ${'x'.repeat(300)}` },
    {
      error: new SignatureError('invalid'),
      message: "the response's signature does not verify with the platform public key",
    },
    { error: new NetworkError('socket hang up'), message: 'the request got no response: socket hang up' },
    { error: new TimeoutError('attempt', 20), message: 'no response within 20 ms' },
    { error: new TimeoutError('deadline', 30), message: 'no result within the 30 ms retry deadline' },
    { error: new RedirectError(302, null), message: 'HTTP 302 redirect, not followed' },
    {
      error: new ResponseTooLargeError(10, 'body'),
      message: 'the response body grew past maxResponseBytes (10 bytes); reading stopped there',
    },
    {
      error: new InvalidResponseError('the body is not JSON', '<html>'),
      message: 'the response is not a valid result: the body is not JSON',
    },
    { error: new AbortedError(new Error('user gave up')), message: 'the call was aborted' },
  ])('$message', ({ error, message }) => {
    expect(error.message).toBe(message);
    expect(error.name).toBe(error.constructor.name);
    expect(String(error)).toBe(`${error.constructor.name}: ${message}`);
    expect(error.attempts).toBe(1);
    expect(error.headers).toBeUndefined();
  });
});
