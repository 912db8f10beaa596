// The rules a partner's test relies on when it drives the mock over HTTP: replays are kept per Client-Id, a queued
// script answers before a replay, a body differing only in key order or spacing is the same request, reset() leaves
// nothing in force, a script answers only its own operation, and a second syncStore merges into the store.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMock } from '../src/index.js';
import { PATHS, post } from './support/http.js';

const sync = (requestId: string, store: Record<string, unknown> = { name: 'Store A', status: 'OPEN' }) => ({
  requestId,
  posAccountId: 'acc-1',
  store: { posStoreId: 'p-1', ...store },
});
/** The same JSON text with its keys in reverse order at every depth, and spaces after the separators. */
const reordered = (value: unknown): string => {
  if (Array.isArray(value)) return `[ ${value.map(reordered).join(', ')} ]`;
  if (typeof value === 'object' && value !== null)
    return `{ ${Object.entries(value)
      .reverse()
      .map(([key, item]) => `${JSON.stringify(key)}: ${reordered(item)}`)
      .join(', ')} }`;
  return JSON.stringify(value);
};

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterEach(() => mock.reset());
afterAll(() => mock.close());

const code = (answer: { body: { result: { resultCode: string } } }) => answer.body.result.resultCode;
const sources = () => mock.requests().map((entry) => entry.outcome.source);

describe('replays', () => {
  it('are kept per Client-Id: another partner’s request with the same requestId is its own', async () => {
    const first = await post(mock.url, PATHS.syncStore, sync('r-1'), {
      headers: { 'Client-Id': 'PARTNER_A', Prefer: 'example=PROCESS_FAIL' },
    });
    expect(code(first)).toBe('PROCESS_FAIL');
    const other = await post(mock.url, PATHS.syncStore, sync('r-1'), { headers: { 'Client-Id': 'PARTNER_B' } });
    expect(code(other)).toBe('SUCCESS');
    expect(other.headers.get('x-mock-idempotent-replay')).toBeNull();
    const again = await post(mock.url, PATHS.syncStore, sync('r-1'), { headers: { 'Client-Id': 'PARTNER_A' } });
    expect(code(again)).toBe('PROCESS_FAIL');
    expect(again.headers.get('x-mock-idempotent-replay')).toBe('true');
    expect(sources()).toEqual(['prefer', 'default', 'replay']);
  });

  it('answer a body differing only in key order and spacing as the same request, without a warning', async () => {
    const body = sync('r-2', { name: 'Store A', status: 'OPEN', mobileNo: '123' });
    await post(mock.url, PATHS.syncStore, body, { headers: { Prefer: 'example=PROCESS_FAIL' } });
    const again = await post(mock.url, PATHS.syncStore, undefined, { raw: reordered(body) });
    expect(code(again)).toBe('PROCESS_FAIL');
    expect(again.headers.get('x-mock-idempotent-replay')).toBe('true');
    expect(again.headers.get('x-mock-warnings')).toBeNull();
  });

  it('answer a long body (kept as a digest) differing only in key order as the same request, without a warning', async () => {
    const body = sync('r-3', { name: 'Store A', status: 'OPEN', fullAddress: 'a'.repeat(600) });
    await post(mock.url, PATHS.syncStore, body, { headers: { Prefer: 'example=PROCESS_FAIL' } });
    const again = await post(mock.url, PATHS.syncStore, undefined, { raw: reordered(body) });
    expect(code(again)).toBe('PROCESS_FAIL');
    expect(again.headers.get('x-mock-warnings')).toBeNull();
  });

  it.each([
    ['short', 'Street B'],
    ['long', 'b'.repeat(600)],
  ])('replay the first result to a %s body changed under the same requestId, and warn', async (_size, fullAddress) => {
    const first = 'a'.repeat(fullAddress.length);
    await post(mock.url, PATHS.syncStore, sync('r-4', { status: 'OPEN', fullAddress: first }));
    const changed = await post(mock.url, PATHS.syncStore, sync('r-4', { status: 'OPEN', fullAddress }));
    expect(code(changed)).toBe('SUCCESS');
    expect(changed.headers.get('x-mock-idempotent-replay')).toBe('true');
    expect(JSON.parse(changed.headers.get('x-mock-warnings') ?? '[]')).toEqual([
      'requestId "r-4" was first used with another body: its first result is replayed and this change is not applied',
    ]);
    expect(mock.store('acc-1/p-1')?.document.fullAddress).toBe(first);
  });

  it('give way to a queued script, which says so; the request after it is replayed again', async () => {
    await post(mock.url, PATHS.syncStore, sync('r-5'));
    const script = mock.script('syncStore', ['UNKNOWN_EXCEPTION']);
    const scripted = await post(mock.url, PATHS.syncStore, sync('r-5'));
    expect(code(scripted)).toBe('UNKNOWN_EXCEPTION');
    expect(scripted.headers.get('x-mock-idempotent-replay')).toBeNull();
    expect(JSON.parse(scripted.headers.get('x-mock-warnings') ?? '[]')).toEqual([
      `script ${script.id} overrides the replay: requestId "r-5" first settled as SUCCESS, which later requests without a script still get`,
    ]);
    const after = await post(mock.url, PATHS.syncStore, sync('r-5'));
    expect(code(after)).toBe('SUCCESS');
    expect(sources()).toEqual(['default', 'script', 'replay']);
  });

  it('are not taken by a script matching another requestId', async () => {
    await post(mock.url, PATHS.syncStore, sync('r-6'));
    mock.script('syncStore', ['PROCESS_FAIL'], { match: { requestId: 'r-other' } });
    expect(code(await post(mock.url, PATHS.syncStore, sync('r-6')))).toBe('SUCCESS');
    expect(code(await post(mock.url, PATHS.syncStore, sync('r-other')))).toBe('PROCESS_FAIL');
    expect(sources()).toEqual(['default', 'replay', 'script']);
  });
});

describe('reset()', () => {
  it('leaves no script, request, store or replay in force', async () => {
    await post(mock.url, PATHS.syncStore, sync('r-7'), { headers: { Prefer: 'example=PROCESS_FAIL' } });
    await post(mock.url, PATHS.syncStore, sync('r-8'));
    mock.script('syncStore', ['UNKNOWN_EXCEPTION'], { times: 'always' });
    mock.reset();
    expect([mock.scripts(), mock.requests(), mock.stores()]).toEqual([[], [], []]);
    expect(code(await post(mock.url, PATHS.syncStore, sync('r-7')))).toBe('SUCCESS');
    expect(sources()).toEqual(['default']);
  });
});

describe('scripts', () => {
  it('answer only their own operation', async () => {
    mock.script('updateStore', ['SYSTEM_ERROR'], { times: 'always' });
    expect(code(await post(mock.url, PATHS.syncStore, sync('r-9')))).toBe('SUCCESS');
    expect(code(await post(mock.url, PATHS.updateStore, { storeId: 's-1', name: 'N' }))).toBe('SYSTEM_ERROR');
    expect(mock.scripts()[0]).toMatchObject({ used: 1, active: true });
  });
});

describe('stores', () => {
  it('merge a second syncStore into the first: the fields it leaves out stay', async () => {
    await post(mock.url, PATHS.syncStore, sync('r-10', { name: 'Store A', status: 'OPEN', mobileNo: '123' }));
    await post(mock.url, PATHS.syncStore, sync('r-11', { status: 'CLOSED' }));
    expect(mock.store('acc-1/p-1')).toMatchObject({
      operation: 'syncStore',
      changes: 2,
      document: { posStoreId: 'p-1', name: 'Store A', status: 'CLOSED', mobileNo: '123' },
    });
  });
});
