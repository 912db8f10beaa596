// The mock as partners use it: a real server on 127.0.0.1, called over HTTP.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createStoreClient, verify } from '@store-api/client';
import { createValidator, type OperationId } from '@store-api/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../src/http.js';
import { type MockServer, MockStartError, startMock } from '../src/index.js';
import { CLIENT_ID, generateRsaKeyPair, PATHS, post } from './support/http.js';

const { operations } = createValidator();
// The invalid bodies of the contract tests, each with the violations the contract reports.
const errata = JSON.parse(
  readFileSync(new URL('../../../spec/test/fixtures/errata.json', import.meta.url), 'utf8'),
) as { rule: string; operation: OperationId; body: unknown; violations: { message: string }[] }[];

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock.close());

describe('documented samples and outcomes', () => {
  for (const op of operations) {
    const path = PATHS[op.operationId as OperationId];
    it.each(op.request.examples.map((e) => [e.name, e] as const))(
      `${op.operationId} accepts the %s sample`,
      async (_n, example) => {
        const answer = await post(mock.url, path, example.value);
        expect(answer.status).toBe(200);
        expect(answer.body.result).toMatchObject({ resultStatus: 'S', resultCode: 'SUCCESS' });
      },
    );

    it.each((op.responses['200']?.examples ?? []).map((e) => [e.name, e] as const))(
      `${op.operationId} reaches %s with Prefer: example=…`,
      async (name, example) => {
        const body = {
          ...(op.request.examples[0]?.value as object),
          ...(op.idempotencyKey ? { [op.idempotencyKey]: `outcome-${name}` } : {}),
        };
        const answer = await post(mock.url, path, body, { headers: { Prefer: `example=${name}` } });
        expect(answer.body).toEqual(example.value);
      },
    );
  }

  it('lists each operation’s outcomes', () => {
    expect(mock.outcomes.syncStore).toContain('UNKNOWN_EXCEPTION');
    expect(mock.outcomes.updateStore).toContain('BIZ_ERROR_NEED_RETRY');
  });
});

describe('invalid requests get PARAM_ILLEGAL naming each field, as the real API answers', () => {
  it.each(errata.map((e) => [e.rule, e] as const))('%s', async (_rule, erratum) => {
    const answer = await post(mock.url, PATHS[erratum.operation], erratum.body);
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ resultStatus: 'F', resultCode: 'PARAM_ILLEGAL' });
    expect(JSON.parse(answer.headers.get('x-mock-violations') ?? '[]')).toEqual(
      erratum.violations.map((v) => v.message),
    );
    expect(answer.body.result.resultMessage).toContain(erratum.violations[0]?.message.slice(0, 60));
  });

  it('keeps resultMessage within its 256 characters, saying how many more there are', async () => {
    const body = {
      storeId: '',
      appId: '@',
      storeType: 'SHOP',
      storeStatus: 'SHUT',
      timeZone: 'CET',
      images: ['x'],
      banners: [{}],
      isDeleted: 'YES',
    };
    const answer = await post(mock.url, PATHS.updateStore, body);
    const message = String(answer.body.result.resultMessage);
    expect(message.length).toBeLessThanOrEqual(256);
    expect(message).toMatch(/^appId: must match .*; storeId: must not be empty; .* \(\+\d+ more\)$/);
    expect(JSON.parse(answer.headers.get('x-mock-violations') ?? '[]').length).toBeGreaterThan(5);
  });

  it('names a bad header format', async () => {
    const answer = await post(
      mock.url,
      PATHS.updateStore,
      { storeId: '1' },
      { headers: { 'Request-Time': '28/08/2023 22:16' } },
    );
    expect(answer.body.result.resultCode).toBe('PARAM_ILLEGAL');
    // The accepted forms in words, not the pattern (x-pattern-words in the spec), and the value sent.
    const [violation] = JSON.parse(answer.headers.get('x-mock-violations') ?? '[]') as string[];
    expect(violation).toBe(
      'header Request-Time: must be an ISO 8601 date-time with seconds and a UTC offset (2023-08-28T22:16:07+08:00, 2023-08-28T14:16:07Z, 2023-08-28T22:16:07+0800; fractional seconds allowed) or epoch milliseconds (13 digits, 1795503698224) (got "28/08/2023 22:16")',
    );
  });

  it('answers an empty body with what to send', async () => {
    const answer = await post(mock.url, PATHS.syncStore, undefined, { raw: '' });
    expect(answer.body.result).toMatchObject({
      resultCode: 'PARAM_ILLEGAL',
      resultMessage: '(body): the body is empty: send a JSON object',
    });
  });

  it('warns of a missing or non-JSON Content-Type, naming the header, and answers as usual', async () => {
    // fetch adds text/plain to a string body: the bytes are sent instead, which it leaves untyped.
    const missing = await fetch(`${mock.url}${PATHS.updateStore}`, {
      method: 'POST',
      headers: {
        'client-id': CLIENT_ID,
        'request-time': '2023-08-28T22:16:07+08:00',
        signature: 'algorithm=RSA256,signature=x',
      },
      body: new TextEncoder().encode('{"storeId":"1"}'),
    });
    expect(((await missing.json()) as { result: { resultCode: string } }).result.resultCode).toBe('SUCCESS');
    expect(JSON.parse(missing.headers.get('x-mock-warnings') ?? '[]')).toContain(
      "header Content-Type: missing; send application/json; charset=UTF-8, as the vendor's pages and SDKs do (what the gateway does with another is not published)",
    );
    const text = await post(
      mock.url,
      PATHS.updateStore,
      { storeId: '1' },
      { headers: { 'Content-Type': 'text/plain' } },
    );
    expect(JSON.parse(text.headers.get('x-mock-warnings') ?? '[]')[0]).toMatch(
      /^header Content-Type: "text\/plain" is not JSON; send application\/json; charset=UTF-8/,
    );
    const json = await post(mock.url, PATHS.updateStore, { storeId: '1' });
    expect(json.headers.get('x-mock-warnings') ?? '').not.toMatch(/Content-Type/);
  });

  it('answers a body that is not JSON', async () => {
    const answer = await post(mock.url, PATHS.syncStore, undefined, { raw: '{"requestId":' });
    expect(answer.body.result).toMatchObject({
      resultCode: 'PARAM_ILLEGAL',
      resultMessage: '(body): must be a JSON document',
    });
  });

  it('answers INVALID_SIGNATURE when a signature header is missing', async () => {
    const answer = await post(mock.url, PATHS.syncStore, operations[0]?.request.examples[0]?.value, {
      headers: { Signature: undefined },
    });
    expect(answer.body.result).toMatchObject({
      resultStatus: 'F',
      resultCode: 'INVALID_SIGNATURE',
      resultMessage: 'Signature is invalid: header Signature: is required',
    });
  });

  it.each([
    ['/v2/pos/syncStore?trace=1', 'SUCCESS'],
    ['/v2/pos/../pos/syncStore', 'SUCCESS'],
    ['/v2/pos/sync%53tore', 'INVALID_API'],
    ['/v2/pos/syncStore/', 'INVALID_API'],
  ])('routes the request target %s as a URL parser reads it (%s)', async (target, code) => {
    // node:http sends the target as written (fetch would normalise it first).
    const { request } = await import('node:http');
    const text = JSON.stringify({ requestId: `route-${target}`, posAccountId: 'p', store: { posStoreId: 's' } });
    const answer = await new Promise<string>((resolve, reject) => {
      const sent = request(`${mock.url}${target}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'client-id': CLIENT_ID,
          'request-time': '2023-08-28T22:16:07+08:00',
          signature: 'algorithm=RSA256,keyVersion=1,signature=bm90',
        },
      });
      sent.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve(body));
      });
      sent.on('error', reject);
      sent.end(text);
    });
    expect(JSON.parse(answer).result.resultCode).toBe(code);
  });

  it('answers INVALID_API for a path the contract does not have', async () => {
    const answer = await post(mock.url, '/v2/pos/deleteStore', {});
    expect(answer.body.result).toMatchObject({ resultStatus: 'F', resultCode: 'INVALID_API' });
  });
});

describe('idempotency (syncStore requestId)', () => {
  const body = (requestId: string, name = 'Store A') => ({
    requestId,
    posAccountId: 'pos_account_id_001',
    store: { posStoreId: 'pos_store_id_001', name },
  });

  it('replays the first result for the same requestId and body', async () => {
    const first = await post(mock.url, PATHS.syncStore, body('idem-1'), {
      headers: { Prefer: 'example=PROCESS_FAIL' },
    });
    const again = await post(mock.url, PATHS.syncStore, body('idem-1'));
    expect(first.body.result.resultCode).toBe('PROCESS_FAIL');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('x-mock-idempotent-replay')).toBe('true');
    expect(again.headers.get('x-mock-warnings')).toBeNull();
  });

  it('replays the first result for the same requestId with another body, and warns', async () => {
    const first = await post(mock.url, PATHS.syncStore, body('idem-2'));
    const changed = await post(mock.url, PATHS.syncStore, body('idem-2', 'Store B'));
    expect(changed.body).toEqual(first.body);
    expect(JSON.parse(changed.headers.get('x-mock-warnings') ?? '[]')).toEqual([
      'requestId "idem-2" was first used with another body: its first result is replayed and this change is not applied',
    ]);
  });

  // Bodies up to 512 characters are kept whole, longer ones as a digest of their canonical form: both ways, key
  // order and spacing do not make another body, and a changed character does.
  const sized = (requestId: string, address: string) => ({
    requestId,
    posAccountId: 'pos_account_id_001',
    store: { posStoreId: 'pos_store_id_001', fullAddress: address },
  });
  const reordered = (value: ReturnType<typeof sized>) =>
    `{ "store": { "fullAddress": ${JSON.stringify(value.store.fullAddress)}, "posStoreId": "pos_store_id_001" },\n  "posAccountId": "pos_account_id_001", "requestId": ${JSON.stringify(value.requestId)} }`;

  it.each([
    ['short', 'a'.repeat(10)],
    ['long', 'a'.repeat(900)],
  ])('takes a %s body in another key order and spacing as the same body', async (size, address) => {
    const first = sized(`idem-order-${size}`, address);
    await post(mock.url, PATHS.syncStore, first);
    const again = await post(mock.url, PATHS.syncStore, undefined, { raw: reordered(first) });
    expect(again.headers.get('x-mock-idempotent-replay')).toBe('true');
    expect(again.headers.get('x-mock-warnings')).toBeNull();
  });

  it.each([
    ['short', 'a'.repeat(10)],
    ['long', 'a'.repeat(900)],
  ])('warns of a %s body changed by one character under a replayed requestId', async (size, address) => {
    await post(mock.url, PATHS.syncStore, sized(`idem-changed-${size}`, address));
    const changed = await post(mock.url, PATHS.syncStore, sized(`idem-changed-${size}`, `${address.slice(1)}b`));
    expect(JSON.parse(changed.headers.get('x-mock-warnings') ?? '[]')).toEqual([
      `requestId "idem-changed-${size}" was first used with another body: its first result is replayed and this change is not applied`,
    ]);
  });

  it('lets an explicit Prefer win over a replay, says so, and keeps the first result for later requests', async () => {
    const first = await post(mock.url, PATHS.syncStore, body('idem-6'));
    const preferred = await post(mock.url, PATHS.syncStore, body('idem-6'), {
      headers: { Prefer: 'example=ACCESS_DENIED' },
    });
    const later = await post(mock.url, PATHS.syncStore, body('idem-6'));
    expect(first.body.result.resultCode).toBe('SUCCESS');
    expect(preferred.body.result.resultCode).toBe('ACCESS_DENIED');
    expect(preferred.headers.get('x-mock-idempotent-replay')).toBeNull();
    expect(JSON.parse(preferred.headers.get('x-mock-warnings') ?? '[]')).toEqual([
      'Prefer overrides the replay: requestId "idem-6" first settled as SUCCESS, which later requests without Prefer still get',
    ]);
    expect(later.body).toEqual(first.body);
  });

  it.each(['REQUEST_TRAFFIC_EXCEED_LIMIT', 'UNKNOWN_EXCEPTION', 'PARAM_ILLEGAL', 'INVALID_SIGNATURE', 'INVALID_API'])(
    'does not remember %s: the same request sent again settles',
    async (code) => {
      const requestId = `idem-not-remembered-${code}`;
      const refused = await post(mock.url, PATHS.syncStore, body(requestId), {
        headers: { Prefer: `example=${code}` },
      });
      const again = await post(mock.url, PATHS.syncStore, body(requestId));
      expect(refused.body.result.resultCode).toBe(code);
      expect(again.body.result.resultCode).toBe('SUCCESS');
      expect(again.headers.get('x-mock-idempotent-replay')).toBeNull();
    },
  );

  it('remembers a business failure (PROCESS_FAIL, ACCESS_DENIED)', async () => {
    for (const code of ['PROCESS_FAIL', 'ACCESS_DENIED']) {
      const requestId = `idem-remembered-${code}`;
      await post(mock.url, PATHS.syncStore, body(requestId), { headers: { Prefer: `example=${code}` } });
      const again = await post(mock.url, PATHS.syncStore, body(requestId));
      expect(again.body.result.resultCode).toBe(code);
      expect(again.headers.get('x-mock-idempotent-replay')).toBe('true');
    }
  });

  it('answers a Prefer naming an outcome that does not exist by listing the outcomes that do', async () => {
    const response = await fetch(`${mock.url}${PATHS.updateStore}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'client-id': CLIENT_ID,
        'request-time': '2023-08-28T22:16:07+08:00',
        signature: 'algorithm=RSA256,signature=abc',
        prefer: 'example=PROCESS_FAIL',
      },
      body: '{"storeId":"1"}',
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { detail: string };
    expect(problem.detail).toMatch(
      /^Prefer: example=PROCESS_FAIL is not an outcome of updateStore; its outcomes are SUCCESS, /,
    );
    expect(problem.detail).toContain('ACCESS_FORBIDDEN_CONTRACT_EXPIRED');
  });

  it('does not remember a U: the retry with the same requestId settles', async () => {
    const unknown = await post(mock.url, PATHS.syncStore, body('idem-3'), {
      headers: { Prefer: 'example=UNKNOWN_EXCEPTION' },
    });
    const retry = await post(mock.url, PATHS.syncStore, body('idem-3'));
    expect(unknown.body.result.resultStatus).toBe('U');
    expect(retry.body.result.resultStatus).toBe('S');
  });

  it('keeps different requestIds apart', async () => {
    await post(mock.url, PATHS.syncStore, body('idem-4'), { headers: { Prefer: 'example=PROCESS_FAIL' } });
    expect((await post(mock.url, PATHS.syncStore, body('idem-5'))).body.result.resultCode).toBe('SUCCESS');
  });
});

describe('response headers and signatures', () => {
  it('echoes Client-Id, stamps Response-Time and signs the exact body', async () => {
    const answer = await post(mock.url, PATHS.updateStore, { storeId: '1' });
    const time = answer.headers.get('response-time') ?? '';
    expect(answer.headers.get('client-id')).toBe(CLIENT_ID);
    expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    const message = {
      method: 'POST',
      uri: PATHS.updateStore,
      clientId: CLIENT_ID,
      time,
      body: JSON.stringify(answer.body),
    };
    expect(await verify(message, answer.headers.get('signature') ?? '', mock.platformPublicKey ?? '')).toBe(true);
  });

  it('lets the client verify every response end to end', async () => {
    const partner = generateRsaKeyPair();
    const client = createStoreClient({
      baseUrl: mock.url,
      clientId: CLIENT_ID,
      privateKey: partner.privateKey,
      platformPublicKey: mock.platformPublicKey ?? '',
    });
    expect(await client.updateStore({ storeId: '1', name: 'MOM FOOD' })).toMatchObject({ status: 'S' });
    expect(
      await client.updateStore({ storeId: '1' }, { headers: { Prefer: 'example=BIZ_ERROR_NO_RETRY' } }),
    ).toMatchObject({ status: 'F', code: 'BIZ_ERROR_NO_RETRY' });
  });

  it('stamps Response-Time even when the request names no Client-Id, and then echoes none', async () => {
    const response = await fetch(`${mock.url}${PATHS.updateStore}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"storeId":"1"}',
    });
    expect(await response.json()).toMatchObject({ result: { resultCode: 'INVALID_SIGNATURE' } });
    expect(response.headers.get('response-time')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(response.headers.get('client-id')).toBeNull();
    expect(response.headers.get('signature')).toBeNull();
  });

  it('sends no Signature with signResponses: false (--unsigned-responses)', async () => {
    const unsigned = await startMock({ signResponses: false });
    try {
      const answer = await post(unsigned.url, PATHS.updateStore, { storeId: '1' });
      expect(answer.headers.get('signature')).toBeNull();
      expect(answer.headers.get('response-time')).not.toBeNull();
    } finally {
      await unsigned.close();
    }
  });
});

describe('signature verification', () => {
  const partner = generateRsaKeyPair();
  let verifying: MockServer;
  beforeAll(async () => {
    verifying = await startMock({ clients: { [CLIENT_ID]: partner.publicKey } });
  });
  afterAll(() => verifying.close());

  it('accepts a request signed with the registered key', async () => {
    const answer = await post(verifying.url, PATHS.updateStore, { storeId: '1' }, { privateKey: partner.privateKey });
    expect(answer.body.result.resultCode).toBe('SUCCESS');
  });

  it('rejects a request signed with another key', async () => {
    const answer = await post(
      verifying.url,
      PATHS.updateStore,
      { storeId: '1' },
      { privateKey: generateRsaKeyPair().privateKey },
    );
    expect(answer.body.result).toMatchObject({ resultStatus: 'F', resultCode: 'INVALID_SIGNATURE' });
    expect(answer.body.result.resultMessage).toMatch(
      /^Signature is invalid: the signature does not open with the public key registered for "TEST_5X00000000000000" \(sha256:[0-9a-f]{64}\): it was made with another private key/,
    );
    const diagnosis = JSON.parse(answer.headers.get('x-mock-diagnosis') ?? '{}');
    expect(diagnosis).toMatchObject({
      cause: 'key',
      bytes: expect.any(Number),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(diagnosis.stringToSign).toMatch(/^POST \/v2\/pds\/store\/updateStore\nTEST_5X00000000000000\./);
  });

  it('rejects an unknown Client-Id', async () => {
    const answer = await post(
      verifying.url,
      PATHS.updateStore,
      { storeId: '1' },
      { privateKey: partner.privateKey, headers: { 'Client-Id': 'SOMEONE_ELSE' } },
    );
    expect(answer.body.result.resultMessage).toMatch(/no public key is registered for Client-Id "SOMEONE_ELSE"/);
  });

  it('is off by default: any well-formed signature passes', async () => {
    expect((await post(mock.url, PATHS.updateStore, { storeId: '1' })).body.result.resultCode).toBe('SUCCESS');
  });
});

describe('prism validation (formerly strict) keeps Prism’s problem documents', () => {
  let strict: MockServer;
  beforeAll(async () => {
    strict = await startMock({ validation: 'prism' });
  });
  afterAll(() => strict.close());

  it('answers an invalid body with 422 naming the field', async () => {
    const response = await fetch(`${strict.url}${PATHS.syncStore}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'client-id': CLIENT_ID,
        'request-time': '2023-08-28T22:16:07+08:00',
        signature: 'algorithm=RSA256,signature=abc',
      },
      body: JSON.stringify({ requestId: 'r', posAccountId: 'a', store: { name: 'no posStoreId' } }),
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/posStoreId/);
  });

  it('answers missing signature headers with 401', async () => {
    const response = await fetch(`${strict.url}${PATHS.updateStore}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"storeId":"1"}',
    });
    expect(response.status).toBe(401);
  });
});

describe('lifecycle', () => {
  const portIsFree = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });

  it('starts two mocks in parallel, each on its own port', async () => {
    const [a, b] = await Promise.all([startMock(), startMock()]);
    try {
      expect(a.port).not.toBe(b.port);
      const answers = await Promise.all([a, b].map((m) => post(m.url, PATHS.updateStore, { storeId: '1' })));
      expect(answers.map((x) => x.body.result.resultCode)).toEqual(['SUCCESS', 'SUCCESS']);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('frees the port on close()', async () => {
    const temporary = await startMock();
    await post(temporary.url, PATHS.updateStore, { storeId: '1' });
    expect(await portIsFree(temporary.port)).toBe(false);
    await temporary.close();
    expect(await portIsFree(temporary.port)).toBe(true);
    await expect(fetch(`${temporary.url}${PATHS.updateStore}`, { method: 'POST' })).rejects.toThrow();
  });

  it('reports a port in use instead of hanging', async () => {
    await expect(startMock({ port: mock.port })).rejects.toThrow(MockStartError);
    await expect(startMock({ port: mock.port })).rejects.toThrow(`cannot listen on 127.0.0.1:${mock.port}: EADDRINUSE`);
  });

  it('answers 500 and records the error when the mock itself fails', async () => {
    const broken = await startMock({
      now: () => {
        throw new Error('the clock broke');
      },
    });
    try {
      const response = await fetch(`${broken.url}${PATHS.updateStore}`, {
        method: 'POST',
        headers: { 'client-id': CLIENT_ID },
        body: '{}',
      });
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ detail: 'the clock broke' });
      expect(broken.errors.map((e) => e.message)).toEqual(['the clock broke']);
      // Every answer is in the journal, a 500 included.
      const [entry] = broken.requests();
      expect(entry).toMatchObject({ outcome: { source: 'gateway', name: 'mock error' }, response: { status: 500 } });
      expect(entry?.rawBody).toBe('{}');
    } finally {
      await broken.close();
    }
  });

  it('answers 500 when a handler throws at once instead of rejecting, and goes on serving', async () => {
    let calls = 0;
    const throwing = await listen('127.0.0.1', 0, (() => {
      calls += 1;
      if (calls === 1) throw new Error('thrown at once');
      return Promise.resolve({ status: 200, headers: {}, body: 'fine' });
    }) as Parameters<typeof listen>[2]);
    try {
      const first = await fetch(`${throwing.url}/any`, { method: 'POST', body: '{}' });
      expect(first.status).toBe(500);
      expect(await first.json()).toMatchObject({ detail: 'thrown at once' });
      expect(await (await fetch(`${throwing.url}/any`)).text()).toBe('fine');
      expect(throwing.errors.map((e) => e.message)).toEqual(['thrown at once']);
    } finally {
      await throwing.close();
    }
  });
});

describe('headers stay valid HTTP whatever the body holds', () => {
  it('escapes non-Latin-1 text in the warning of a replay', async () => {
    const body = (name: string) => ({
      requestId: '店-idem',
      posAccountId: 'pos_account_id_001',
      store: { posStoreId: 's1', name },
    });
    await post(mock.url, PATHS.syncStore, body('妈妈美食'));
    const again = await post(mock.url, PATHS.syncStore, body('另一家'));
    expect(again.status).toBe(200);
    // The header is Latin-1 JSON: the requestId's own text is escaped once, the list's JSON escapes it again.
    expect(JSON.parse(again.headers.get('x-mock-warnings') ?? '[]')[0]).toContain(
      'requestId "\\u5e97-idem" was first used with another body',
    );
  });
});
