// The mock as a test double, as a partner's test suite drives it: scripts the test queues (outcomes and faults),
// the request journal, the stores merged by the partial-update rules, the admin HTTP API that does the same for a
// test in any language, and CORS for browser pages.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createValidator } from '@store-api/validator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PREFIX, applyPartialUpdate, type MockServer, startMock } from '../src/index.js';
import { CLIENT_ID, generateRsaKeyPair, PATHS, post } from './support/http.js';

const { operations } = createValidator();
const example = (operationId: string, name: string) =>
  structuredClone(
    operations.find((op) => op.operationId === operationId)?.request.examples.find((e) => e.name === name)?.value,
  ) as Record<string, unknown>;
const sync = (requestId: string, posStoreId = 'pos_store_id_001', status = 'OPEN') => ({
  requestId,
  posAccountId: 'pos_account_id_001',
  store: { posStoreId, name: 'Store A', status },
});

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterEach(() => mock.reset());
afterAll(() => mock.close());

describe('scripts', () => {
  it('answers U, U, then S to one request retried, and then replays the S', async () => {
    mock.script('syncStore', ['UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION', 'SUCCESS']);
    const codes: string[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await post(mock.url, PATHS.syncStore, sync('retry-1'))).body.result.resultCode);
    expect(codes).toEqual(['UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION', 'SUCCESS', 'SUCCESS']);
    expect(mock.requests().map((r) => r.outcome.source)).toEqual(['script', 'script', 'script', 'replay']);
    expect(mock.scripts()[0]).toMatchObject({ used: 3, active: false });
  });

  it('answers only the requests that match, as many times as asked, or always', async () => {
    mock.script('updateStore', ['SYSTEM_ERROR'], { match: { storeId: 'flaky' }, times: 2 });
    mock.script('updateStore', ['BIZ_ERROR_NO_RETRY'], { match: { storeId: 'gone' }, times: 'always' });
    const code = async (storeId: string) =>
      (await post(mock.url, PATHS.updateStore, { storeId, name: 'x' })).body.result.resultCode;
    expect(await code('other')).toBe('SUCCESS');
    expect([await code('flaky'), await code('flaky'), await code('flaky')]).toEqual([
      'SYSTEM_ERROR',
      'SYSTEM_ERROR',
      'SUCCESS',
    ]);
    for (let i = 0; i < 5; i++) expect(await code('gone')).toBe('BIZ_ERROR_NO_RETRY');
  });

  it('comes before Prefer, which comes before the replay', async () => {
    await post(mock.url, PATHS.syncStore, sync('order-1'));
    mock.script('syncStore', ['PROCESS_FAIL']);
    const scripted = await post(mock.url, PATHS.syncStore, sync('order-1'), {
      headers: { Prefer: 'example=ACCESS_DENIED' },
    });
    expect(scripted.body.result.resultCode).toBe('PROCESS_FAIL');
    expect(scripted.headers.get('x-mock-warnings')).toContain('script s');
    const preferred = await post(mock.url, PATHS.syncStore, sync('order-1'), {
      headers: { Prefer: 'example=ACCESS_DENIED' },
    });
    expect(preferred.body.result.resultCode).toBe('ACCESS_DENIED');
    expect((await post(mock.url, PATHS.syncStore, sync('order-1'))).body.result.resultCode).toBe('SUCCESS');
  });

  it('lets the gateway refuse an invalid request first: a scripted outcome waits for a valid one', async () => {
    mock.script('syncStore', ['PROCESS_FAIL']);
    expect((await post(mock.url, PATHS.syncStore, { requestId: 'x' })).body.result.resultCode).toBe('PARAM_ILLEGAL');
    expect((await post(mock.url, PATHS.syncStore, sync('valid'))).body.result.resultCode).toBe('PROCESS_FAIL');
  });

  it.each([
    [{ operationId: 'deleteStore', steps: ['SUCCESS'] }, 'script.operationId must be one of syncStore, updateStore'],
    [
      { operationId: 'syncStore', steps: ['SYSTEM_ERROR'] },
      'script.steps[0]: "SYSTEM_ERROR" is not an outcome of syncStore',
    ],
    [{ operationId: 'syncStore', steps: [] }, 'script.steps must be a list of 1 to 100 steps'],
    [
      { operationId: 'syncStore', steps: [{ fault: { kind: 'explode' } }] },
      'script.steps[0].fault.kind must be one of',
    ],
    [{ operationId: 'syncStore', steps: [{ fault: { kind: 'http', status: 500 } }] }, 'status must be 429, 502 or 503'],
    [{ operationId: 'syncStore', steps: ['SUCCESS'], times: 0 }, 'script.times must be a whole number from 1'],
    [{ operationId: 'syncStore', steps: ['SUCCESS'], when: {} }, 'script.when is not a script field'],
  ])('refuses a bad script, naming the field and the rule: %j', (input, message) => {
    const { operationId, steps, ...rest } = input as { operationId: string; steps: string[] };
    expect(() => mock.script(operationId, steps, rest)).toThrow(message);
  });
});

describe('faults', () => {
  const call = (signal?: AbortSignal) =>
    fetch(`${mock.url}${PATHS.syncStore}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'client-id': CLIENT_ID,
        'request-time': '2023-08-28T22:16:07+08:00',
        signature: 'algorithm=RSA256,keyVersion=1,signature=abc',
      },
      body: JSON.stringify(sync('fault-1')),
      ...(signal === undefined ? {} : { signal }),
    });
  const causeCode = (error: unknown) => {
    let cause: unknown = error;
    for (let i = 0; i < 4 && cause instanceof Error; i++) {
      const code = (cause as { code?: string }).code;
      if (code !== undefined) return code;
      cause = cause.cause;
    }
    return String(error);
  };

  it('delays the answer by at least the time asked, then answers', async () => {
    mock.script('syncStore', [{ fault: { kind: 'delay', ms: 300 }, outcome: 'PROCESS_FAIL' }]);
    const started = performance.now();
    const response = await call();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect((await response.json()).result.resultCode).toBe('PROCESS_FAIL');
  });

  it('hangs until the client gives up', async () => {
    mock.script('syncStore', [{ fault: { kind: 'hang' } }]);
    await expect(call(AbortSignal.timeout(200))).rejects.toThrow(/aborted|timeout/i);
    expect(mock.requests()[0]?.outcome).toMatchObject({ source: 'fault', name: 'hang' });
  });

  it('resets the connection', async () => {
    mock.script('syncStore', [{ fault: { kind: 'reset' } }]);
    expect(causeCode(await call().catch((e: unknown) => e))).toBe('ECONNRESET');
  });

  it('closes the connection with nothing sent (an empty reply)', async () => {
    mock.script('syncStore', [{ fault: { kind: 'empty' } }]);
    expect(causeCode(await call().catch((e: unknown) => e))).toMatch(/UND_ERR_SOCKET|ECONNRESET/);
  });

  it('sends half the body, then closes', async () => {
    mock.script('syncStore', [{ fault: { kind: 'truncated' } }]);
    const response = await call();
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it.each([429, 502, 503] as const)('answers HTTP %i with a proxy page and no Result', async (status) => {
    mock.script('syncStore', [{ fault: { kind: 'http', status } }]);
    const response = await call();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(response.headers.get('signature')).toBeNull();
    expect(await response.text()).not.toContain('resultCode');
  });
});

describe('the request journal', () => {
  it('records what was sent, what the mock made of it and what it answered', async () => {
    const answer = await post(mock.url, PATHS.updateStore, { storeId: 's-1', description: '', colour: 'red' });
    const [entry] = mock.requests();
    expect(answer.headers.get('x-mock-journal-id')).toBe(String(entry?.id));
    expect(entry).toMatchObject({
      method: 'POST',
      url: PATHS.updateStore,
      operationId: 'updateStore',
      body: { storeId: 's-1', description: '', colour: 'red' },
      signature: { checked: false, valid: true },
      outcome: { source: 'gateway', name: 'PARAM_ILLEGAL' },
      response: { status: 200 },
    });
    expect(entry?.headers['client-id']).toBe(CLIENT_ID);
    expect(entry?.rawBody).toBe('{"storeId":"s-1","description":"","colour":"red"}');
    expect(entry?.violations.join('\n')).toContain('colour');
    expect(JSON.parse(entry?.response.body ?? '{}').result.resultCode).toBe('PARAM_ILLEGAL');
  });

  it('is queried by operation, outcome and body fields, newest last, and cleared', async () => {
    await post(mock.url, PATHS.syncStore, sync('q-1', 'a'));
    await post(mock.url, PATHS.syncStore, sync('q-2', 'b'), { headers: { Prefer: 'example=PROCESS_FAIL' } });
    await post(mock.url, PATHS.updateStore, { storeId: 'b', name: 'B' });
    expect(mock.requests({ operationId: 'syncStore' }).map((r) => r.body)).toHaveLength(2);
    expect(mock.requests({ outcome: 'PROCESS_FAIL' })[0]?.outcome.source).toBe('prefer');
    expect(
      mock.requests({ match: { 'store.posStoreId': 'b' } }).map((r) => (r.body as { requestId: string }).requestId),
    ).toEqual(['q-2']);
    expect(mock.requests({ limit: 1 })[0]?.operationId).toBe('updateStore');
    mock.clearRequests();
    expect(mock.requests()).toEqual([]);
  });

  it('keeps the signature verdict and its diagnosis', async () => {
    const registered = generateRsaKeyPair();
    const other = generateRsaKeyPair();
    const verifying = await startMock({ clients: { [CLIENT_ID]: registered.publicKey } });
    try {
      await post(verifying.url, PATHS.syncStore, sync('sig-1'), { privateKey: registered.privateKey });
      await post(verifying.url, PATHS.syncStore, sync('sig-2'), { privateKey: other.privateKey });
      const [good, bad] = verifying.requests();
      expect(good?.signature).toEqual({ checked: true, valid: true });
      expect(bad?.signature).toMatchObject({ checked: true, valid: false, diagnosis: { cause: 'key' } });
      expect(bad?.outcome.name).toBe('INVALID_SIGNATURE');
    } finally {
      await verifying.close();
    }
  });

  it('is bounded by entries and by bytes, the oldest forgotten first', async () => {
    const few = await startMock({ journalEntries: 3 });
    // A 20,000-character body costs about 42 KB (UTF-16, with its answer and headers): two fit in 100 KiB, not three.
    const small = await startMock({ journalBytes: 100 * 1024 });
    try {
      for (let i = 1; i <= 5; i++) await post(few.url, PATHS.syncStore, sync(`b-${i}`));
      expect(few.requests().map((r) => (r.body as { requestId: string }).requestId)).toEqual(['b-3', 'b-4', 'b-5']);
      const big = (id: string) => ({ ...sync(id), store: { ...sync(id).store, name: 'n'.repeat(20_000) } });
      for (const id of ['c-1', 'c-2', 'c-3']) await post(small.url, PATHS.syncStore, big(id));
      expect(small.requests().map((r) => (r.body as { requestId: string }).requestId)).toEqual(['c-2', 'c-3']);
    } finally {
      await Promise.all([few.close(), small.close()]);
    }
  });
});

describe('stores', () => {
  it('holds the store syncStore created, and changes it on the next sync', async () => {
    await post(mock.url, PATHS.syncStore, sync('st-1', 'p-1', 'OPEN'));
    await post(mock.url, PATHS.syncStore, sync('st-2', 'p-1', 'CLOSED'));
    expect(mock.store('pos_account_id_001/p-1')).toMatchObject({
      operation: 'syncStore',
      origin: 'created',
      changes: 2,
      document: { posStoreId: 'p-1', name: 'Store A', status: 'CLOSED' },
    });
  });

  it('does not change a store on a failed, refused or replayed call', async () => {
    await post(mock.url, PATHS.syncStore, sync('st-3', 'p-2'), { headers: { Prefer: 'example=PROCESS_FAIL' } });
    await post(mock.url, PATHS.updateStore, { storeId: 'u-1', storeType: 'NOT_A_TYPE' });
    expect(mock.stores()).toEqual([]);
    await post(mock.url, PATHS.syncStore, sync('st-4', 'p-3', 'OPEN'));
    await post(mock.url, PATHS.syncStore, sync('st-4', 'p-3', 'CLOSED')); // replayed: not applied
    expect(mock.store('pos_account_id_001/p-3')?.document.status).toBe('OPEN');
  });

  it('merges updateStore by the partial-update rules, as the spec’s examples show', async () => {
    mock.seedStore('000000032', example('updateStore', 'editStore'));
    await post(mock.url, PATHS.updateStore, example('updateStore', 'deleteFields'));
    const record = mock.store('000000032');
    expect(record).toMatchObject({ origin: 'seeded', changes: 1, deleted: false });
    for (const field of ['storeType', 'timeZone', 'location', 'banners'])
      expect(record?.document).not.toHaveProperty(field);
    expect(record?.document.name).toBe(example('updateStore', 'editStore').name);
    await post(mock.url, PATHS.updateStore, example('updateStore', 'deleteStore'));
    expect(mock.store('000000032')?.deleted).toBe(true);
  });

  it('answers an update of a store it does not hold, warns, and holds it from then on', async () => {
    const answer = await post(mock.url, PATHS.updateStore, { storeId: 'new-1', name: 'N' });
    expect(answer.body.result.resultCode).toBe('SUCCESS');
    expect(answer.headers.get('x-mock-warnings')).toContain('was not held by the mock');
    expect(mock.store('new-1')).toMatchObject({ origin: 'first-update', document: { storeId: 'new-1', name: 'N' } });
  });

  it('with unknownStores: fail, answers BIZ_ERROR_NO_RETRY for a store never synchronised or deleted', async () => {
    const strict = await startMock({ unknownStores: 'fail' });
    try {
      const unknown = await post(strict.url, PATHS.updateStore, { storeId: 'nope', name: 'N' });
      expect(unknown.body.result).toMatchObject({ resultCode: 'BIZ_ERROR_NO_RETRY', resultStatus: 'F' });
      expect(unknown.body.result.resultMessage).toContain('"nope" is not held by the mock');
      strict.seedStore('kept', { storeId: 'kept', name: 'K' });
      expect((await post(strict.url, PATHS.updateStore, { storeId: 'kept', name: 'L' })).body.result.resultCode).toBe(
        'SUCCESS',
      );
      await post(strict.url, PATHS.updateStore, { storeId: 'kept', isDeleted: 'DELETED' });
      const after = await post(strict.url, PATHS.updateStore, { storeId: 'kept', name: 'M' });
      expect(after.body.result.resultMessage).toContain('is deleted');
    } finally {
      await strict.close();
    }
  });
});

describe('the partial-update rules', () => {
  const base = {
    storeId: 's',
    name: 'A',
    description: 'd',
    location: { latitude: '1', longitude: '2', postCode: '9' },
    images: ['a', 'b'],
    multiLanguageDetails: [
      { language: 'zh', name: '甲' },
      { language: 'ms', name: 'A-ms' },
    ],
  };
  it.each([
    ['a field left out is not changed', { storeId: 's' }, base],
    ['a new value replaces the old', { name: 'B' }, { ...base, name: 'B' }],
    ['"" deletes a string', { description: '' }, (({ description: _d, ...rest }) => rest)(base)],
    ['{} deletes an object', { location: {} }, (({ location: _l, ...rest }) => rest)(base)],
    ['[] deletes an array', { images: [] }, (({ images: _i, ...rest }) => rest)(base)],
    ['an array is replaced whole', { images: ['c'] }, { ...base, images: ['c'] }],
    [
      'an object sent with some fields changes only those',
      { location: { postCode: '1' } },
      { ...base, location: { ...base.location, postCode: '1' } },
    ],
    [
      'multiLanguageDetails entries merge by language',
      {
        multiLanguageDetails: [
          { language: 'zh', name: '乙' },
          { language: 'ta', name: 'A-ta' },
        ],
      },
      {
        ...base,
        multiLanguageDetails: [
          { language: 'zh', name: '乙' },
          { language: 'ms', name: 'A-ms' },
          { language: 'ta', name: 'A-ta' },
        ],
      },
    ],
    ['appId and isDeleted are not fields of the store', { appId: '1', isDeleted: 'NO' }, base],
  ])('%s', (_rule, update, expected) => {
    expect(applyPartialUpdate(base, update)).toEqual(expected);
  });
});

describe('the admin HTTP API', () => {
  const admin = (path: string, init: RequestInit = {}) => fetch(`${mock.adminUrl}${path}`, init);
  const send = (method: string, path: string, body: unknown) =>
    admin(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('serves under a prefix no contract path can take', () => {
    expect(mock.adminUrl).toBe(`${mock.url}${ADMIN_PREFIX}`);
    for (const op of operations) expect(op.path.startsWith(ADMIN_PREFIX)).toBe(false);
  });

  it('scripts, reads the journal, seeds and reads stores, and resets, as the in-process API does', async () => {
    const created = await send('POST', '/scripts', { operationId: 'syncStore', steps: ['UNKNOWN_EXCEPTION'] });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: expect.any(String), used: 0, active: true });
    expect((await post(mock.url, PATHS.syncStore, sync('adm-1'))).body.result.resultCode).toBe('UNKNOWN_EXCEPTION');
    const journal = await (await admin('/requests?operationId=syncStore&match.requestId=%22adm-1%22')).json();
    expect(journal).toHaveLength(1);
    expect(journal[0].outcome).toMatchObject({ source: 'script', name: 'UNKNOWN_EXCEPTION' });
    expect((await send('PUT', '/stores/000000032', { storeId: '000000032', name: 'D' })).status).toBe(200);
    await post(mock.url, PATHS.updateStore, { storeId: '000000032', name: 'E' });
    expect(await (await admin('/stores/000000032')).json()).toMatchObject({ document: { name: 'E' }, changes: 1 });
    expect((await admin('/outcomes').then((r) => r.json())).syncStore).toContain('SUCCESS');
    expect((await admin('/reset', { method: 'POST' })).status).toBe(204);
    expect(await (await admin('/requests')).json()).toEqual([]);
    expect((await admin('/stores/000000032')).status).toBe(404);
  });

  it('answers a bad request with 400 naming the field and the rule, and an unknown endpoint with 404', async () => {
    const bad = await send('POST', '/scripts', { operationId: 'syncStore', steps: ['NOPE'] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).detail).toContain('script.steps[0]: "NOPE" is not an outcome of syncStore');
    const notJson = await admin('/scripts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect((await notJson.json()).detail).toBe('the script must be a JSON document');
    expect((await admin('/requests?colour=red')).status).toBe(400);
    const badKey = await admin('/stores/%E0%A4%A');
    expect(badKey.status).toBe(400);
    expect((await badKey.json()).detail).toBe(
      'the store key in the path must be percent-encoded UTF-8 (got "%E0%A4%A")',
    );
    expect((await admin('/outcomes')).status).toBe(200);
    expect((await admin('/nothing')).status).toBe(404);
  });

  it('is described by an OpenAPI document that lints clean with recommended-strict', async () => {
    const require = createRequire(import.meta.url);
    const { bin } = require('@redocly/cli/package.json') as { bin: Record<string, string> };
    const cli = new URL(bin.redocly ?? '', `file://${require.resolve('@redocly/cli/package.json')}`);
    const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [fileURLToPath(cli), 'lint', here('../admin-openapi.yaml'), '--config', here('../redocly.yaml')],
      { env: { ...process.env, REDOCLY_TELEMETRY: 'off' } },
    );
    expect(`${stdout}${stderr}`).toContain('Your API description is valid');
  }, 30_000);

  it('serves its own OpenAPI document', async () => {
    const response = await admin('/openapi.yaml');
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^openapi: 3\.1\.0\ninfo:\n {2}title: Store API mock, admin API/);
  });

  it('does not record its own calls in the journal', async () => {
    await admin('/outcomes');
    expect(mock.requests()).toEqual([]);
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}${PATHS.syncStore}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'signature' },
    });

  it('lets a page on this machine call the mock and read its headers', async () => {
    const response = await preflight(mock.url, 'http://localhost:3000');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-allow-headers')).toContain('signature');
    const answer = await post(mock.url, PATHS.syncStore, sync('cors-1'), {
      headers: { Origin: 'http://127.0.0.1:5173' },
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-mock-violations');
  });

  it('refuses other origins by default, and follows the cors option', async () => {
    const refused = await preflight(mock.url, 'https://partner.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const listed = await startMock({ cors: ['https://partner.example'] });
    const off = await startMock({ cors: false });
    try {
      expect((await preflight(listed.url, 'https://partner.example')).status).toBe(204);
      expect((await preflight(listed.url, 'http://localhost:3000')).status).toBe(403);
      expect((await preflight(off.url, 'http://localhost:3000')).status).toBe(403);
    } finally {
      await Promise.all([listed.close(), off.close()]);
    }
  });
});
